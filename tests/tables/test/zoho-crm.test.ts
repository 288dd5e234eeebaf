import { consentedRedirectUrl, startEmulator } from "@x/emulator";
import * as zohoCrm from "@x/zoho-crm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { checkPushdown } from "./pushdown.js";

let em: Awaited<ReturnType<typeof startEmulator>>;
let conn: Awaited<ReturnType<typeof zohoCrm.connect>>;

beforeAll(async () => {
  em = await startEmulator({
    autoApprove: true,
    datasets: { zoho: { leads: 260, contacts: 120, deals: 90 } },
  });
  const { clientId, clientSecret } = em.defaultClient("zoho");
  const app = `EmulatorURL=${em.url};OAuthClientId=${clientId};OAuthClientSecret=${clientSecret}`;
  const auth = await zohoCrm.getAuthorizationUrl(app);
  const tokens = await zohoCrm.getAccessToken(app, {
    verifier: (await consentedRedirectUrl(auth.url)).href,
    state: auth.state,
  });
  conn = await zohoCrm.connect(
    `EmulatorURL=${em.url};Region=EU;OAuthAccessToken=${tokens.accessToken}`,
  );
});
afterAll(async () => {
  await conn?.close();
  await em?.close();
});

describe("Zoho CRM tables: search gives the rows the local filter gives", () => {
  for (const [name, seed] of [
    ["Leads", 26],
    ["Contacts", 27],
    ["Deals", 28],
  ] as const) {
    test(name, async () => {
      const { checked, pushed } = await checkPushdown(conn.table(name), { runs: 20, seed });
      expect(checked).toBe(20);
      expect(pushed).toBe(20);
    });
  }

  test("a filter goes to the search API, and equals is checked again here", async () => {
    const plan = await conn
      .table("Leads")
      .explain({ where: { Last_Name: "Smith", City: { startsWith: "Ber" } } });
    expect(plan.request.path).toBe("Leads/search");
    expect(plan.request.query.criteria).toBe("((Last_Name:equals:Smith)and(City:starts_with:Ber))");
    expect(plan.localFilter).toBe('Last_Name eq "Smith"');
    expect(plan.filteredCap).toBe(2000);
  });
});

describe("Zoho CRM writes", () => {
  test("insertMany: one call per 100 rows, one result per row (a missing Last_Name fails before sending)", async () => {
    const leads = conn.table("Leads");
    em.resetCounts();
    const rows = Array.from({ length: 150 }, (_, i) => ({
      Last_Name: `Batch ${i}`,
      Company: "Tables Ltd",
    }));
    const results = await leads.insertMany([...rows, { Company: "No name" } as never]);
    expect(em.count("zoho", "crm.insert")).toBe(2);
    expect(results.filter((r) => r.ok)).toHaveLength(150);
    expect(results[150]).toMatchObject({
      ok: false,
      sent: false,
      error: { code: "CONNECTOR_INVALID_RECORD" },
    });
    const first = results[0];
    const key = first?.ok ? String(first.key) : "";
    expect(await leads.get(key)).toMatchObject({ Last_Name: "Batch 0", Company: "Tables Ltd" });
    expect(await leads.get("5725767001999999999")).toBeUndefined();
  });

  test("insert validates before sending; read-only columns are refused by name", async () => {
    const leads = conn.table("Leads");
    em.resetCounts();
    await expect(leads.insert({ Last_Name: "x", Full_Name: "y" } as never)).rejects.toMatchObject({
      code: "CONNECTOR_INVALID_RECORD",
      message: expect.stringContaining("Full_Name is read-only"),
    });
    expect(em.count("zoho", "crm.insert")).toBe(0);
    const { key } = await leads.insert({ Last_Name: "Single", Email: "single@example.test" });
    expect(key).toMatch(/^\d{19}$/);
  });
});
