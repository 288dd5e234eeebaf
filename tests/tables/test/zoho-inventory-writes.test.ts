import { consentedRedirectUrl, startEmulator } from "@x/emulator";
import * as zohoInventory from "@x/zoho-inventory";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

let em: Awaited<ReturnType<typeof startEmulator>>;
let inv: Awaited<ReturnType<typeof zohoInventory.connect>>;

beforeAll(async () => {
  em = await startEmulator({
    autoApprove: true,
    datasets: { zoho: { items: 20, salesorders: 10, inventoryContacts: 10 } },
  });
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
  await inv?.close();
  await em?.close();
});

describe("Zoho Inventory writes (JSONString, organization_id)", () => {
  test("items and contacts: create, read, update, delete; the listing sees the change", async () => {
    const items = inv.table("items");
    em.resetCounts();
    const { key } = await items.insert({ name: "Widget X", rate: 12.5, sku: "W-X" });
    expect(String(key)).toMatch(/^46\d{13}$/);
    expect(await items.get(String(key))).toMatchObject({ name: "Widget X", rate: 12.5 });
    await items.update(String(key), { rate: 13 });
    expect(await items.get(String(key))).toMatchObject({ name: "Widget X", rate: 13 });
    await items.delete(String(key));
    expect(await items.get(String(key))).toBeUndefined();
    expect(em.count("zoho", "inventory.create")).toBe(1);
    expect(em.count("zoho", "inventory.update")).toBe(1);
    expect(em.count("zoho", "inventory.delete")).toBe(1);

    const contacts = inv.table("contacts");
    const [first] = await contacts.list({ limit: 1 }).toArray();
    const id = String(first?.contact_id);
    await contacts.update(id, { email: "changed@example.test" });
    const listed = await contacts.list().toArray();
    expect(listed.find((c) => c.contact_id === id)?.email).toBe("changed@example.test");
    await contacts.delete(id);
    expect((await contacts.list().toArray()).map((c) => c.contact_id)).not.toContain(id);
  });

  test("sales orders: a customer and line items; Zoho's non-zero codes become typed errors", async () => {
    const orders = inv.table("salesorders");
    const [customer] = await inv.table("contacts").list({ limit: 2 }).toArray();
    const [item] = await inv.table("items").list({ limit: 1 }).toArray();
    const { key } = await orders.insert({
      customer_id: String(customer?.contact_id),
      date: "2026-01-02",
      line_items: [{ item_id: item?.item_id, rate: 10, quantity: 3 }],
    });
    expect(await orders.get(String(key))).toMatchObject({ total: 30, status: "draft" });
    // No line items: Zoho's code 2, named.
    await expect(
      orders.insert({ customer_id: String(customer?.contact_id), date: "2026-01-02" }),
    ).rejects.toMatchObject({ message: expect.stringContaining("line_items") });
    await expect(orders.update("470000999999999", { reference_number: "x" })).rejects.toMatchObject(
      { code: "CONNECTOR_NOT_FOUND" },
    );
    await expect(orders.delete("470000999999999")).rejects.toMatchObject({
      code: "CONNECTOR_NOT_FOUND",
    });
  });
});
