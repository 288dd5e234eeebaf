import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../src/index.js";
import { zohoTokens } from "./helpers.js";

// Zoho CRM updates and deletes, by id and in batches of up to 100, each record with its result.

let em: Emulator;
beforeAll(async () => {
  em = await startEmulator({ autoApprove: true, datasets: { zoho: { leads: 30 } } });
});
afterAll(() => em.close());
beforeEach(() => em.reset());

const base = () => `${em.url}/www.zohoapis.eu/crm/v8/Leads`;
const LEAD = (n: number) => `5725767001${String(n).padStart(9, "0")}`;

async function headers(scope = "ZohoCRM.modules.ALL") {
  const t = await zohoTokens(em, { scope });
  return { authorization: `Zoho-oauthtoken ${t.access_token}`, "content-type": "application/json" };
}

type Results = { data: { code: string; status: string; details: Record<string, unknown> }[] };

describe("Zoho CRM writes", () => {
  it("PUT /Leads with data[]: 200 when all succeed, 202 with per-record INVALID_DATA otherwise", async () => {
    const h = await headers();
    const put = (data: unknown[]) =>
      fetch(base(), { method: "PUT", headers: h, body: JSON.stringify({ data }) });
    const ok = await put([
      { id: LEAD(1), City: "Oslo" },
      { id: LEAD(2), City: "Bergen" },
    ]);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as Results).data.map((r) => r.code)).toEqual(["SUCCESS", "SUCCESS"]);
    const mixed = await put([{ id: LEAD(3), City: "Tromsø" }, { id: LEAD(999), City: "x" }, {}]);
    expect(mixed.status).toBe(202);
    const answers = ((await mixed.json()) as Results).data;
    expect(answers.map((r) => r.code)).toEqual(["SUCCESS", "INVALID_DATA", "MANDATORY_NOT_FOUND"]);
    const list = (await (
      await fetch(`${base()}?fields=City&per_page=3`, { headers: h })
    ).json()) as {
      data: { City: string }[];
    };
    expect(list.data.map((r) => r.City)).toEqual(["Oslo", "Bergen", "Tromsø"]);
    const tooMany = await put(Array.from({ length: 101 }, (_, i) => ({ id: LEAD(i + 1) })));
    expect(((await tooMany.json()) as { code: string }).code).toBe("LIMIT_EXCEEDED");
  });

  it("DELETE /Leads?ids= removes from get and list; an unknown id is an error entry", async () => {
    const h = await headers();
    const r = await fetch(`${base()}?ids=${LEAD(1)},${LEAD(2)},${LEAD(999)}`, {
      method: "DELETE",
      headers: h,
    });
    expect(r.status).toBe(202);
    expect(((await r.json()) as Results).data.map((x) => x.code)).toEqual([
      "SUCCESS",
      "SUCCESS",
      "INVALID_DATA",
    ]);
    expect((await fetch(`${base()}/${LEAD(1)}`, { headers: h })).status).toBe(204);
    const list = (await (
      await fetch(`${base()}?fields=City&per_page=5`, { headers: h })
    ).json()) as {
      data: { id: string }[];
    };
    expect(list.data.map((x) => x.id)).toEqual([LEAD(3), LEAD(4), LEAD(5)]);
    const one = await fetch(`${base()}/${LEAD(3)}`, { method: "DELETE", headers: h });
    expect(one.status).toBe(200);
    const none = await fetch(base(), { method: "DELETE", headers: h });
    expect(((await none.json()) as { code: string }).code).toBe("REQUIRED_PARAM_MISSING");
  });

  it("a read-only scope cannot write", async () => {
    const h = await headers("ZohoCRM.modules.leads.READ");
    const r = await fetch(`${base()}/${LEAD(1)}`, { method: "DELETE", headers: h });
    expect(r.status).toBe(401);
  });
});
