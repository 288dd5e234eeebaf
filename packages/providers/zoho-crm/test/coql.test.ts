import { consentedRedirectUrl, type Emulator, startEmulator } from "@x/emulator";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { connect, getAccessToken, getAuthorizationUrl, oauthProvider } from "../src/index.js";

// Table filters sent as COQL: each shape is one COQL listing whose rows equal the local
// evaluation of the same filter; paging past the version's LIMIT + OFFSET ceiling by id range;
// UseServerSideFiltering=false sends none.

let em: Emulator;
let token: string;
const open = (extra = "") =>
  connect(`EmulatorURL=${em.url};Region=EU;OAuthAccessToken=${token};${extra}`);

/** An access token with the connector's default scopes from the emulator `e`. */
async function tokenOf(e: Emulator): Promise<string> {
  const { clientId, clientSecret } = e.defaultClient("zoho");
  const app = `EmulatorURL=${e.url};OAuthClientId=${clientId};OAuthClientSecret=${clientSecret}`;
  const auth = await getAuthorizationUrl(app);
  expect(new URL(auth.url).searchParams.get("scope")).toContain("ZohoCRM.coql.READ");
  const tokens = await getAccessToken(app, {
    verifier: (await consentedRedirectUrl(auth.url)).href,
    state: auth.state,
  });
  return tokens.accessToken;
}

beforeAll(async () => {
  em = await startEmulator({
    autoApprove: true,
    datasets: { zoho: { deals: 150, leads: 10_500 } },
  });
  token = await tokenOf(em);
});
afterAll(() => em?.close());

const ids = (rows: readonly Record<string, unknown>[]) => rows.map((r) => String(r.id)).sort();

describe("Zoho CRM tables: filters as COQL", () => {
  const shapes: [string, Record<string, unknown>][] = [
    ["or", { OR: [{ Amount: { gt: 50_000 } }, { Probability: { lt: 20 } }] }],
    ["ne", { Probability: { ne: 50 } }],
    ["in", { Probability: { in: [10, 20, 90] } }],
    ["is null", { OR: [{ Closing_Date: { isNull: true } }, { Probability: { lte: 30 } }] }],
    ["is not null on a lookup", { NOT: { Account_Name: null } }],
    ["range", { Amount: { gte: 1000, lte: 60_000 } }],
    ["not", { NOT: { OR: [{ Amount: { gte: 10_000 } }, { Probability: 100 }] } }],
    ["text superset", { Stage: { in: ["Qualification", "Closed Won"] }, Amount: { gt: 1 } }],
    ["contains", { OR: [{ Deal_Name: { contains: "a" } }, { Amount: { lt: 100 } }] }],
  ];
  for (const [name, where] of shapes) {
    test(`${name}: one COQL listing, the rows local evaluation keeps`, async () => {
      const conn = await open();
      try {
        const deals = conn.table("Deals");
        const local = await deals.list({ where, pushdown: false } as never).toArray();
        em.resetCounts();
        const rows = await deals.list({ where } as never).toArray();
        // One COQL page; the lookups (Owner, Account_Name, Contact_Name) by id, 100 a call.
        expect(em.count("zoho", "crm.coql")).toBe(1);
        expect(em.count("zoho", "crm.list")).toBe(Math.ceil(rows.length / 100));
        expect(em.count("zoho", "crm.search")).toBe(0);
        expect(rows.length).toBeGreaterThan(0);
        const byId = (list: readonly Record<string, unknown>[]) =>
          [...list].sort((a, b) => String(a.id).localeCompare(String(b.id)));
        expect(byId(rows)).toEqual(byId(local));
      } finally {
        await conn.close();
      }
    });
  }

  test("explain: the select query, bracketed in pairs; exact filters leave nothing local", async () => {
    const conn = await open();
    try {
      const deals = conn.table("Deals");
      const exact = await deals.explain({
        where: {
          OR: [{ Amount: { gt: 5 } }, { Probability: 10 }],
          Closing_Date: { isNull: false },
        },
        limit: 5,
      });
      expect(exact.request).toMatchObject({ method: "POST", path: "coql" });
      expect((exact.request.json as { select_query: string }).select_query).toMatch(
        /^select Created_Time, Modified_Time, Deal_Name, .* from Deals where \(\(Amount > 5 or Probability = 10\) and Closing_Date is not null\) order by id asc limit 5$/,
      );
      expect(exact.localFilter).toBeNull();
      // Text may compare ignoring case: sent, then checked again here.
      const text = await deals.explain({ where: { OR: [{ Stage: "Closed Won" }, { Amount: 1 }] } });
      expect((text.request.json as { select_query: string }).select_query).toContain(
        "where (Stage = 'Closed Won' or Amount = 1)",
      );
      expect(text.localFilter).toBe('Stage eq "Closed Won" OR Amount eq 1');
      // A negated text condition cannot be said exactly: that part stays local.
      const negated = await deals.explain({
        where: { NOT: { Stage: "Closed Won" }, Probability: { ne: 5 } },
      });
      expect(negated.pushedFilters).toEqual(["Probability ne 5"]);
      expect(negated.localFilter).toContain("NOT");
    } finally {
      await conn.close();
    }
  });

  test("UseServerSideFiltering=false sends no COQL and gives the same rows", async () => {
    const where = { OR: [{ Amount: { gt: 50_000 } }, { Probability: { lt: 20 } }] };
    const on = await open();
    const off = await open("UseServerSideFiltering=false");
    try {
      const expected = await on.table("Deals").list({ where }).toArray();
      em.resetCounts();
      const rows = await off.table("Deals").list({ where }).toArray();
      expect(em.count("zoho", "crm.coql")).toBe(0);
      expect(ids(rows)).toEqual(ids(expected));
      expect(
        (await off.table("Deals").describe()).columns.find((c) => c.name === "Amount")?.pushdown,
      ).toEqual([]);
    } finally {
      await on.close();
      await off.close();
    }
  });

  test("past the ceiling (v6: 10,000 with LIMIT and OFFSET) by id range: every row once", async () => {
    const conn = await open("Schema=v6");
    try {
      const where = { OR: [{ Annual_Revenue: { gte: 0 } }, { Annual_Revenue: { isNull: true } }] };
      em.resetCounts();
      const rows = await conn.table("Leads").list({ where }).toArray();
      // Six calls of up to 2,000, each after the last id read; Owner by id.
      expect(em.count("zoho", "crm.coql")).toBe(6);
      expect(em.count("zoho", "crm.list")).toBe(105);
      expect(rows).toHaveLength(10_500);
      expect(new Set(ids(rows)).size).toBe(10_500);
    } finally {
      await conn.close();
    }
  });

  test("an order with a limit reads whole pages: the order is applied here", async () => {
    const conn = await open();
    try {
      const where = { Amount: { gte: 0 } };
      const all = await conn.table("Deals").list({ where, orderBy: "-Amount" }).toArray();
      em.resetCounts();
      const rows = await conn
        .table("Deals")
        .list({ where, orderBy: "-Amount", limit: 1 })
        .toArray();
      expect(em.count("zoho", "crm.coql")).toBe(1);
      expect(rows.map((r) => r.id)).toEqual([all[0]?.id]);
    } finally {
      await conn.close();
    }
  });

  test("booleans are compared with = only: ne as = of the other value, the rest stays local", async () => {
    const conn = await open();
    try {
      const products = conn.table("Products");
      const some = { OR: [{ Unit_Price: { gt: 2500 } }, { Qty_in_Stock: { lt: 100 } }] };
      const cases: [Record<string, unknown>, string][] = [
        [{ ...some, Product_Active: { ne: true } }, "Product_Active = 'false'"],
        [{ ...some, Product_Active: { in: [true] } }, "Product_Active = 'true'"],
        [{ ...some, Product_Active: { in: [true, false] } }, ""],
        [{ ...some, NOT: { Product_Active: false } }, ""],
        [{ ...some, Product_Active: { isNull: false } }, ""],
      ];
      for (const [where, sent] of cases) {
        const plan = await products.explain({ where } as never);
        const query = (plan.request.json as { select_query: string }).select_query;
        const booleans = query.match(/Product_Active [^)]*/g) ?? [];
        expect(booleans).toEqual(sent ? [sent] : []);
        const local = await products.list({ where, pushdown: false } as never).toArray();
        const rows = await products.list({ where } as never).toArray();
        expect(ids(rows)).toEqual(ids(local));
        expect(rows.length).toBeGreaterThan(0);
      }
    } finally {
      await conn.close();
    }
  });

  test("pages by id, never by offset: a record deleted between two pages skips no row", async () => {
    // Its own emulator: this test deletes a record.
    const own = await startEmulator({ autoApprove: true, datasets: { zoho: { deals: 450 } } });
    const conn = await connect(
      `EmulatorURL=${own.url};Region=EU;OAuthAccessToken=${await tokenOf(own)};Schema=v2.1`,
    );
    try {
      const deals = conn.table("Deals");
      const where = { Probability: { ne: 101 } };
      const all = ids(await deals.list({ where }).toArray());
      expect(all).toHaveLength(450);
      // After the first page of 200, a record read on it is deleted before the next page.
      const seen: string[] = [];
      for await (const row of deals.list({ where })) {
        seen.push(String(row.id));
        if (seen.length === 200) await deals.delete(String(seen[10]));
      }
      expect(seen).toEqual(all);
    } finally {
      await conn.close();
      await own.close();
    }
  });

  test("a field named like a reserved word (a custom Order) is quoted", async () => {
    const conn = await open();
    try {
      const projects = conn.table("Projects");
      const where = { OR: [{ Order: { gt: 38 } }, { Order: { lt: 2 } }] };
      const plan = await projects.explain({ where } as never);
      const query = (plan.request.json as { select_query: string }).select_query;
      expect(query).toContain("where ('Order' > 38 or 'Order' < 2)");
      expect(query).toMatch(/^select [\w ,']*'Order'[\w ,']* from Projects where/);
      const rows = await projects.list({ where } as never).toArray();
      expect(rows.map((r) => r.Order).sort()).toEqual([1, 39, 40]);
      expect(ids(rows)).toEqual(
        ids(await projects.list({ where, pushdown: false } as never).toArray()),
      );
    } finally {
      await conn.close();
    }
  });

  test("v2.1 pages by 200", async () => {
    const conn = await open("Schema=v2.1");
    try {
      const deals = conn.table("Deals");
      const where = { Probability: { ne: 101 } };
      em.resetCounts();
      const rows = await deals.list({ where }).toArray();
      expect(rows.length).toBeGreaterThan(0);
      expect(em.count("zoho", "crm.coql")).toBe(1);
      const plan = await deals.explain({ where });
      expect((plan.request.json as { select_query: string }).select_query).toMatch(
        /order by id asc limit 200$/,
      );
    } finally {
      await conn.close();
    }
  });

  test("the OAuth definition asks for ZohoCRM.coql.READ", () => {
    expect(oauthProvider.scopes.default).toContain("ZohoCRM.coql.READ");
  });
});
