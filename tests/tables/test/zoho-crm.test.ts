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

describe("Zoho CRM tables: search and COQL give the rows the local filter gives", () => {
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

  for (const [name, seed] of [
    ["Leads", 36],
    ["Contacts", 37],
    ["Deals", 38],
  ] as const) {
    test(`${name}: OR, NOT, ne, in, comparisons and null tests through COQL`, async () => {
      em.resetCounts();
      const { checked, pushed, viaQuery } = await checkPushdown(conn.table(name), {
        runs: 30,
        seed,
        logic: { path: "coql" },
      });
      expect(checked).toBe(30);
      expect(pushed).toBeGreaterThan(15);
      expect(viaQuery).toBeGreaterThan(10);
      expect(em.count("zoho", "crm.coql")).toBeGreaterThanOrEqual(viaQuery);
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

describe("Zoho CRM updates and deletes", () => {
  test("create, read, update, delete a lead: each write is one call, and get sees it (Full_Name follows the names)", async () => {
    const leads = conn.table("Leads");
    const { key } = await leads.insert({ Last_Name: "Crud", First_Name: "Ada", City: "Lyon" });
    em.resetCounts();
    await leads.update(String(key), { City: "Nantes", First_Name: "Grace" });
    expect(em.count("zoho", "crm.update")).toBe(1);
    expect(await leads.get(String(key))).toMatchObject({
      City: "Nantes",
      First_Name: "Grace",
      Full_Name: "Grace Crud",
    });
    await leads.delete(String(key));
    expect(em.count("zoho", "crm.delete")).toBe(1);
    expect(await leads.get(String(key))).toBeUndefined();
  });

  test("a generated deal: update shows in the listing and the search; delete removes it from both", async () => {
    const deals = conn.table("Deals");
    const [first] = await deals.list({ limit: 1 }).toArray();
    const id = String(first?.id);
    await deals.update(id, { Deal_Name: "Renamed by the test", Amount: 1234.5 });
    const found = await deals.list({ where: { Deal_Name: "Renamed by the test" } }).toArray();
    expect(found.map((d) => [d.id, d.Amount])).toEqual([[id, 1234.5]]);
    expect((await deals.list({ limit: 1 }).toArray())[0]).toMatchObject({ id, Amount: 1234.5 });
    await deals.delete(id);
    expect(await deals.list({ where: { Deal_Name: "Renamed by the test" } }).toArray()).toEqual([]);
    expect((await deals.list({ limit: 1 }).toArray())[0]?.id).not.toBe(id);
  });

  test("Zoho's per-record errors (in a 202 answer) become typed errors", async () => {
    const contacts = conn.table("Contacts");
    await expect(contacts.update("5725767001999999999", { Title: "x" })).rejects.toMatchObject({
      code: "CONNECTOR_NOT_FOUND",
      message: expect.stringContaining("INVALID_DATA"),
    });
    await expect(contacts.delete("5725767001999999999")).rejects.toMatchObject({
      code: "CONNECTOR_NOT_FOUND",
    });
    const [row] = await contacts.list({ limit: 1 }).toArray();
    // Clearing a mandatory field passes local validation (nullable is not declared for it, so
    // send an empty string) and is refused by Zoho per record.
    await expect(contacts.update(String(row?.id), { Last_Name: "" })).rejects.toMatchObject({
      code: "CONNECTOR_INVALID_RECORD",
      message: expect.stringContaining("MANDATORY_NOT_FOUND"),
    });
  });
});
