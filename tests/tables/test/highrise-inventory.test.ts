import { consentedRedirectUrl, startEmulator } from "@x/emulator";
import * as highrise from "@x/highrise";
import * as zohoInventory from "@x/zoho-inventory";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

let em: Awaited<ReturnType<typeof startEmulator>>;
let hr: Awaited<ReturnType<typeof highrise.connect>>;
let inv: Awaited<ReturnType<typeof zohoInventory.connect>>;

beforeAll(async () => {
  em = await startEmulator({
    autoApprove: true,
    datasets: {
      highrise: { people: 520, companies: 30, deals: 45 },
      zoho: { items: 230, salesorders: 40, inventoryContacts: 25 },
    },
  });
  hr = await highrise.connect(
    `AuthScheme=APIToken;AccountId=emulated;APIToken=emulator-highrise-api-token;EmulatorURL=${em.url}`,
  );
  const { clientId, clientSecret } = em.defaultClient("zoho");
  const app = `EmulatorURL=${em.url};OAuthClientId=${clientId};OAuthClientSecret=${clientSecret}`;
  const auth = await zohoInventory.getAuthorizationUrl(app);
  const tokens = await zohoInventory.getAccessToken(app, {
    verifier: (await consentedRedirectUrl(auth.url)).href,
    state: auth.state,
  });
  inv = await zohoInventory.connect(
    `EmulatorURL=${em.url};Region=EU;OAuthAccessToken=${tokens.accessToken}`,
  );
});
afterAll(async () => {
  await hr?.close();
  await inv?.close();
  await em?.close();
});

const readable = async (conn: typeof hr | typeof inv, name: string, count: number, key: string) => {
  const table = conn.table(name);
  const rows = await table.list().toArray();
  expect(rows).toHaveLength(count);
  const last = rows.at(-1) as Record<string, unknown>;
  expect(await table.get(last[key] as string)).toEqual(last);
  expect(await table.get(typeof last[key] === "number" ? 99_999_999 : "99999999")).toBeUndefined();
  return rows;
};

describe("Highrise tables (XML, n= offsets)", () => {
  test.each([
    ["people", 520],
    ["companies", 30],
    ["deals", 45],
  ] as const)("%s: every row across pages, one by key", async (name, count) => {
    await readable(hr, name, count, "id");
  });

  test("filters run locally with the language's meaning", async () => {
    const deals = await hr.table("deals").list().toArray();
    const won = await hr
      .table("deals")
      .list({ where: { status: "won", price: { gte: 10_000 } } })
      .toArray();
    expect(won.map((d) => d.id)).toEqual(
      deals.filter((d) => d.status === "won" && (d.price as number) >= 10_000).map((d) => d.id),
    );
    // Deals are writable; the new one takes the next id after the data set.
    expect(await hr.table("deals").insert({ name: "x" } as never)).toEqual({ key: 40_045 });
  });
});

describe("Zoho Inventory tables (organization_id on every call, page_context)", () => {
  test.each([
    ["items", 230, "item_id"],
    ["salesorders", 40, "salesorder_id"],
    ["contacts", 25, "contact_id"],
  ] as const)("%s: every row across pages, one by key", async (name, count, key) => {
    await readable(inv, name, count, key);
  });

  test("a limit lowers per_page and stops after one request", async () => {
    em.resetCounts();
    const rows = await inv
      .table("items")
      .list({ limit: 7, select: ["item_id", "name"] })
      .toArray();
    expect(rows).toHaveLength(7);
    expect(Object.keys(rows[0] ?? {})).toEqual(["item_id", "name"]);
    expect(em.count("zoho", "inventory.list")).toBe(1);
  });
});
