import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../src/index.js";
import { zohoTokens } from "./helpers.js";

// COQL (`POST /crm/{version}/coql`): the documented grammar, limits and errors, evaluated on the
// same records the module's listing shows.

let em: Emulator;
let token: string;
beforeAll(async () => {
  em = await startEmulator({ autoApprove: true, datasets: { zoho: { leads: 60 } } });
  token = String(
    (await zohoTokens(em, { scope: "ZohoCRM.modules.ALL,ZohoCRM.coql.READ" })).access_token,
  );
});
afterAll(() => em.close());

type Answer = {
  data?: Record<string, unknown>[];
  info?: { count: number; more_records: boolean };
  code?: string;
  details?: Record<string, unknown>;
};

async function query(select_query: string, version = "v8", auth = token) {
  const r = await fetch(`${em.url}/www.zohoapis.eu/crm/${version}/coql`, {
    method: "POST",
    headers: { authorization: `Zoho-oauthtoken ${auth}`, "content-type": "application/json" },
    body: JSON.stringify({ select_query }),
  });
  return { status: r.status, body: (r.status === 204 ? {} : await r.json()) as Answer };
}

async function leads(): Promise<Record<string, unknown>[]> {
  const r = await fetch(
    `${em.url}/www.zohoapis.eu/crm/v8/Leads?fields=Last_Name,Lead_Source,Annual_Revenue,No_of_Employees,Owner,Email&per_page=200`,
    { headers: { authorization: `Zoho-oauthtoken ${token}` } },
  );
  return ((await r.json()) as Answer).data ?? [];
}

describe("Zoho CRM COQL", () => {
  it("selects fields, filters with bracketed pairs, answers data and info, lookups as { id }", async () => {
    const all = await leads();
    const source = String(all.find((r) => r.Lead_Source)?.Lead_Source);
    const { status, body } = await query(
      `select Last_Name, Lead_Source, Owner from Leads where ((Lead_Source = '${source.toUpperCase()}' or Annual_Revenue > 500000) and No_of_Employees is not null) limit 200`,
    );
    expect(status).toBe(200);
    const expected = all.filter(
      (r) =>
        (String(r.Lead_Source).toLowerCase() === source.toLowerCase() ||
          Number(r.Annual_Revenue) > 500000) &&
        r.No_of_Employees !== null,
    );
    expect(body.data?.map((r) => r.id)).toEqual(expected.map((r) => r.id));
    expect(body.info).toEqual({ count: expected.length, more_records: false });
    expect(Object.keys(body.data?.[0] ?? {}).sort()).toEqual([
      "Last_Name",
      "Lead_Source",
      "Owner",
      "id",
    ]);
    expect(Object.keys(body.data?.[0]?.Owner as object)).toEqual(["id"]);
  });

  it("in / not in, between, like with %, != and is null; a quote doubled inside text", async () => {
    const all = await leads();
    const ids = all.slice(0, 3).map((r) => `'${r.id}'`);
    const inIds = await query(`select Last_Name from Leads where id in (${ids.join(",")})`);
    expect(inIds.body.data?.map((r) => r.id)).toEqual(all.slice(0, 3).map((r) => r.id));
    const between = await query(
      "select Last_Name from Leads where No_of_Employees between 100 and 5000 limit 200",
    );
    expect(between.body.data?.length).toBe(
      all.filter((r) => Number(r.No_of_Employees) >= 100 && Number(r.No_of_Employees) <= 5000)
        .length,
    );
    const name = String(all[0]?.Last_Name);
    const like = await query(
      `select Last_Name from Leads where Last_Name like '%${name.slice(1, 3).toLowerCase()}%' limit 200`,
    );
    expect(
      like.body.data?.every((r) =>
        String(r.Last_Name).toLowerCase().includes(name.slice(1, 3).toLowerCase()),
      ),
    ).toBe(true);
    expect(like.body.data?.map((r) => r.id)).toContain(all[0]?.id);
    const quote = await query("select Last_Name from Leads where Last_Name = 'O''Brien'");
    expect(quote.status).toBe(204);
    const notIn = await query(
      `select Last_Name from Leads where (id not in (${ids.join(",")}) and Email is not null) limit 200`,
    );
    expect(notIn.body.data?.map((r) => r.id)).not.toContain(all[0]?.id);
  });

  it("pages with LIMIT and OFFSET, sorts with ORDER BY, and stops at the version's ceiling", async () => {
    const first = await query("select Last_Name from Leads where id is not null limit 25");
    const second = await query(
      "select Last_Name from Leads where id is not null limit 25 offset 25",
    );
    expect(first.body.info?.more_records).toBe(true);
    const ids = [...(first.body.data ?? []), ...(second.body.data ?? [])].map((r) => String(r.id));
    expect(new Set(ids).size).toBe(50);
    expect(ids).toEqual([...ids].sort());
    const desc = await query(
      "select Last_Name from Leads where id is not null order by id desc limit 5",
    );
    expect(desc.body.data?.map((r) => String(r.id))).toEqual(
      [...(desc.body.data ?? []).map((r) => String(r.id))].sort().reverse(),
    );
    // A listing pages after the last id it read (also past the ceiling).
    const after = await query(
      `select Last_Name from Leads where (id is not null and id > '${ids[9]}') limit 5`,
    );
    expect(after.body.data?.map((r) => String(r.id))).toEqual(ids.slice(10, 15));
    // LIMIT: 2,000 from v4, 200 before; LIMIT + OFFSET: 10,000 before v7, 100,000 from v7.
    expect((await query("select id from Leads limit 2001")).body).toMatchObject({
      code: "LIMIT_EXCEEDED",
      details: { limit: 2000 },
    });
    expect((await query("select id from Leads limit 201", "v2.1")).body.code).toBe(
      "LIMIT_EXCEEDED",
    );
    expect((await query("select id from Leads limit 200", "v2.1")).status).toBe(200);
    expect((await query("select id from Leads limit 2000 offset 8001", "v6")).body).toMatchObject({
      code: "LIMIT_EXCEEDED",
      details: { limit: 10_000 },
    });
    expect((await query("select id from Leads limit 2000 offset 98000", "v8")).status).toBe(204);
  });

  it("refuses unbracketed triples, unknown fields, multi-line criteria and oversized clauses", async () => {
    const triple = await query(
      "select id from Leads where id is not null and Email is not null and Company is not null",
    );
    expect(triple.status).toBe(400);
    expect(triple.body.code).toBe("SYNTAX_ERROR");
    expect((await query("selec id from Leads")).body.code).toBe("SYNTAX_ERROR");
    expect((await query("select Nope from Leads")).body).toMatchObject({
      code: "INVALID_QUERY",
      details: { column_name: "Nope" },
    });
    expect((await query("select id from Leads where Description = 'x'")).body).toMatchObject({
      code: "INVALID_QUERY",
      details: { column_name: "Description" },
    });
    const many = Array.from({ length: 26 }, (_, i) => `No_of_Employees != ${i}`).reduce(
      (acc, c) => `(${acc} and ${c})`,
    );
    expect((await query(`select id from Leads where ${many}`)).body).toMatchObject({
      code: "LIMIT_EXCEEDED",
      details: { clause: "where", limit: 25 },
    });
    const values = Array.from({ length: 51 }, (_, i) => `'${i}'`).join(",");
    expect((await query(`select id from Leads where id in (${values})`)).body.code).toBe(
      "LIMIT_EXCEEDED",
    );
    const fields = Array.from({ length: 51 }, () => "Last_Name").join(",");
    expect((await query(`select ${fields} from Leads`)).body.code).toBe("LIMIT_EXCEEDED");
  });

  it("compares a boolean field with = only; any other comparator is INVALID_QUERY", async () => {
    const all = await query(
      "select Converted__s from Leads where Converted__s = 'false' limit 200",
    );
    expect(all.status).toBe(200);
    expect(all.body.data?.length).toBe(60);
    for (const criteria of [
      "Converted__s != 'true'",
      "Converted__s in ('false')",
      "Converted__s not in ('true')",
      "Converted__s is null",
      "Converted__s is not null",
    ]) {
      expect((await query(`select id from Leads where ${criteria}`)).body).toMatchObject({
        code: "INVALID_QUERY",
        details: { column_name: "Converted__s" },
      });
    }
  });

  it("a field named like a reserved word is quoted; unquoted it is SYNTAX_ERROR", async () => {
    for (const q of [
      "select Order from Projects where id is not null",
      "select Name from Projects where Order > 3",
      "select Name from Projects where id is not null order by Order",
    ]) {
      expect((await query(q)).body.code).toBe("SYNTAX_ERROR");
    }
    const single = await query("select 'Order' from Projects where 'Order' > 38");
    expect(single.status).toBe(200);
    expect(single.body.data?.map((r) => r.Order)).toEqual([39, 40]);
    const double = await query('select Name from Projects where "Order" <= 2 order by "Order"');
    expect(double.body.data).toHaveLength(2);
  });

  it("needs the ZohoCRM.coql.READ scope besides read access to the module", async () => {
    const other = String((await zohoTokens(em, { scope: "ZohoCRM.modules.ALL" })).access_token);
    const r = await query("select id from Leads where id is not null", "v8", other);
    expect(r.status).toBe(401);
    expect(r.body.code).toBe("OAUTH_SCOPE_MISMATCH");
    expect(em.count("zoho", "crm.coql")).toBeGreaterThan(0);
  });
});
