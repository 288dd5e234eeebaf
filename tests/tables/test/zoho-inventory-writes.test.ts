import { consentedRedirectUrl, startEmulator } from "@x/emulator";
import * as zohoInventory from "@x/zoho-inventory";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

let em: Awaited<ReturnType<typeof startEmulator>>;
let inv: Awaited<ReturnType<typeof zohoInventory.connect>>;

beforeAll(async () => {
  em = await startEmulator({
    autoApprove: true,
    datasets: {
      zoho: {
        items: 20,
        salesorders: 10,
        inventoryContacts: 10,
        // Packages 1 and 2 are shipped, 3 and 4 not.
        shipments: 2,
        ...Object.fromEntries(
          [
            "itemgroups",
            "contactPersons",
            "invoices",
            "purchaseorders",
            "bills",
            "customerpayments",
            "creditnotes",
            "packages",
            "salesreturns",
            "locations",
            "warehouses",
            "pricebooks",
            "taxes",
            "users",
          ].map((name) => [name, 4]),
        ),
      },
    },
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

/** Ids of existing records other writes refer to. */
async function refs() {
  const [contact] = await inv.table("contacts").list({ limit: 1 }).toArray();
  const [item] = await inv.table("items").list({ limit: 1 }).toArray();
  const [order] = await inv.table("salesorders").list({ limit: 1 }).toArray();
  return {
    contact: String(contact?.contact_id),
    item: String(item?.item_id),
    order: String(order?.salesorder_id),
  };
}

type Refs = Awaited<ReturnType<typeof refs>>;
type Row = Record<string, unknown>;
const lines = (r: Refs) => [{ item_id: r.item, rate: 4, quantity: 5 }];

/** Per writable table: a row to insert, what the insert shows, a change. */
const CRUD: Record<string, { insert: (r: Refs) => Row; shows: Row; change: Row }> = {
  items: {
    insert: () => ({ name: "Crud item", rate: 2 }),
    shows: { name: "Crud item" },
    change: { rate: 9 },
  },
  itemgroups: {
    insert: () => ({ group_name: "Crud group", unit: "pcs" }),
    shows: { group_name: "Crud group", status: "active" },
    change: { brand: "Acme" },
  },
  contacts: {
    insert: () => ({ contact_name: "Crud contact", contact_type: "vendor" }),
    shows: { contact_type: "vendor" },
    change: { email: "crud@example.test" },
  },
  salesorders: {
    insert: (r) => ({ customer_id: r.contact, date: "2026-03-01", line_items: lines(r) }),
    shows: { total: 20, status: "draft" },
    change: { reference_number: "R-1" },
  },
  invoices: {
    insert: (r) => ({ customer_id: r.contact, date: "2026-03-01", line_items: lines(r) }),
    shows: { total: 20, status: "draft" },
    change: { due_date: "2026-04-01" },
  },
  purchaseorders: {
    insert: (r) => ({ vendor_id: r.contact, line_items: lines(r) }),
    shows: { total: 20, status: "draft" },
    change: { delivery_date: "2026-05-01" },
  },
  bills: {
    insert: (r) => ({ vendor_id: r.contact, bill_number: "B-77", line_items: lines(r) }),
    shows: { bill_number: "B-77", total: 20 },
    change: { notes: "checked" },
  },
  customerpayments: {
    insert: (r) => ({
      customer_id: r.contact,
      amount: 12.5,
      date: "2026-03-02",
      payment_mode: "cash",
    }),
    shows: { amount: 12.5 },
    change: { amount: 13 },
  },
  creditnotes: {
    insert: (r) => ({ customer_id: r.contact, line_items: lines(r) }),
    shows: { total: 20, status: "open" },
    change: { reference_number: "CN-R" },
  },
  packages: {
    insert: (r) => ({ salesorder_id: r.order, date: "2026-03-03" }),
    shows: { status: "not_shipped" },
    change: { notes: "fragile" },
  },
  salesreturns: {
    insert: (r) => ({ salesorder_id: r.order, date: "2026-03-04" }),
    shows: { salesreturn_status: "pending" },
    change: { reason: "Damaged" },
  },
  locations: {
    insert: () => ({ location_name: "Crud warehouse" }),
    shows: { type: "general" },
    change: { phone: "+1-555-000" },
  },
  warehouses: {
    insert: () => ({ warehouse_name: "Crud depot", city: "Lyon" }),
    shows: { status: "active", is_primary: false },
    change: { zip: "69001" },
  },
  pricelists: {
    insert: () => ({ name: "Crud prices", pricebook_type: "fixed_percentage" }),
    shows: { status: "active" },
    change: { percentage: 10 },
  },
  taxes: {
    insert: () => ({ tax_name: "Crud tax", tax_percentage: 8 }),
    shows: { tax_type: "tax" },
    change: { tax_percentage: 9 },
  },
  users: {
    insert: () => ({ name: "Crud user", email: "crud.user@example.test" }),
    shows: { user_role: "staff" },
    change: { user_role: "admin" },
  },
};

describe("Zoho Inventory: bulk delete of items", () => {
  const insertItems = async (n: number, name: string) => {
    const made = await inv
      .table("items")
      .insertMany(Array.from({ length: n }, (_, i) => ({ name: `${name} ${i}`, rate: 1 })));
    return made.map((r) => (r.ok ? String(r.key) : ""));
  };

  test("deleteMany sends DELETE items?item_ids= in batches of 100, one result per key", async () => {
    const items = inv.table("items");
    const keys = await insertItems(101, "Bulk");
    em.resetCounts();
    const results = await items.deleteMany(keys);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(em.count("zoho", "inventory.deleteMany")).toBe(2);
    expect(em.count("zoho", "inventory.delete")).toBe(0);
    const left = await items.list({ where: { name: { startsWith: "Bulk " } } }).toArray();
    expect(left).toEqual([]);
  });

  test("a key Zoho does not know: the refused call deleted nothing, each key is resent alone", async () => {
    const items = inv.table("items");
    const [a, b] = await insertItems(2, "Partly");
    const missing = `${String(a).slice(0, 6)}999999999`;
    em.resetCounts();
    const results = await items.deleteMany([a, missing, b]);
    expect(results.map((r) => (r.ok ? "ok" : r.error.code))).toEqual([
      "ok",
      "CONNECTOR_NOT_FOUND",
      "ok",
    ]);
    expect(results[1]).toMatchObject({ key: missing, sent: true });
    expect(em.count("zoho", "inventory.deleteMany")).toBe(1);
    expect(em.count("zoho", "inventory.delete")).toBe(3);
    expect(await items.get(String(a))).toBeUndefined();
    expect(await items.get(String(b))).toBeUndefined();
  });
});

describe("Zoho Inventory: create, read, update, delete on every writable table", () => {
  test("the writable tables are exactly those above, plus contact persons", async () => {
    const writable = (await inv.tables())
      .filter((t) => t.capabilities.insert && t.capabilities.update && t.capabilities.delete)
      .map((t) => t.name);
    expect(writable.sort()).toEqual([...Object.keys(CRUD), "contactpersons"].sort());
  });

  for (const [name, spec] of Object.entries(CRUD)) {
    test(name, async () => {
      const table = inv.table(name);
      const { key: keyColumn } = await table.describe();
      const row = spec.insert(await refs());
      const { key } = await table.insert(row as never);
      const id = String(key);
      expect(id).toMatch(/^\d{15}$/);
      const { line_items: _, ...plain } = row;
      expect(await table.get(id)).toMatchObject({ ...plain, ...spec.shows, [keyColumn]: id });
      expect((await table.list().toArray()).map((r) => r[keyColumn])).toContain(id);
      await table.update(id, spec.change as never);
      expect(await table.get(id)).toMatchObject(spec.change);
      await table.delete(id);
      expect(await table.get(id)).toBeUndefined();
      expect((await table.list().toArray()).map((r) => r[keyColumn])).not.toContain(id);
      await expect(table.update(id, spec.change as never)).rejects.toMatchObject({
        code: "CONNECTOR_NOT_FOUND",
      });
    });
  }

  test("contactpersons: created under a contact, listed there, changed, deleted", async () => {
    const persons = inv.table("contactpersons");
    const { contact } = await refs();
    const { key } = await persons.insert({
      contact_id: contact,
      last_name: "Crud",
      email: "p@x.test",
    });
    const listed = () => persons.list({ where: { contact_id: contact } }).toArray();
    expect((await listed()).find((p) => p.contact_person_id === key)).toMatchObject({
      last_name: "Crud",
      contact_id: contact,
    });
    await persons.update(String(key), { email: "q@x.test" });
    expect((await listed()).find((p) => p.contact_person_id === key)?.email).toBe("q@x.test");
    await persons.delete(String(key));
    expect((await listed()).map((p) => p.contact_person_id)).not.toContain(key);
    // A reference to a contact that does not exist: Zoho's code 2, a typed error.
    await expect(
      persons.insert({ contact_id: "480000999999999", last_name: "Nobody" }),
    ).rejects.toMatchObject({ message: expect.stringContaining("contact_id") });
  });

  test("line items are written through the document and read as its child rows", async () => {
    const r = await refs();
    const invoices = inv.table("invoices");
    const { key } = await invoices.insert({ customer_id: r.contact, line_items: lines(r) });
    const rows = () =>
      inv
        .table("invoice_line_items")
        .list({ where: { invoice_id: String(key) } })
        .toArray();
    expect(await rows()).toMatchObject([{ item_id: r.item, rate: 4, quantity: 5, item_total: 20 }]);
    await invoices.update(String(key), {
      line_items: [
        { item_id: r.item, rate: 1, quantity: 1 },
        { item_id: r.item, rate: 2, quantity: 3 },
      ],
    });
    expect((await rows()).map((l) => l.item_total)).toEqual([1, 6]);
    expect(await invoices.get(String(key))).toMatchObject({ total: 7 });
    // Without line items Zoho refuses the document.
    await expect(invoices.insert({ customer_id: r.contact, line_items: [] })).rejects.toMatchObject(
      {
        message: expect.stringContaining("line_items"),
      },
    );
  });

  test("shipments: created for a sales order's package, listed under the order, read, deleted", async () => {
    const pkg = (await inv.table("packages").list().toArray()).at(-1);
    const order = String(pkg?.salesorder_id);
    const shipments = inv.table("shipments");
    const { key } = await shipments.insert({
      salesorder_id: order,
      package_ids: [String(pkg?.package_id)],
      shipment_number: "SH-CRUD",
      date: "2026-03-05",
      delivery_method: "FedEx",
      tracking_number: "TRK-1",
    });
    const id = String(key);
    expect(await shipments.get(id)).toMatchObject({
      shipment_number: "SH-CRUD",
      salesorder_id: order,
      status: "shipped",
    });
    const listed = () => shipments.list({ where: { salesorder_id: order } }).toArray();
    expect((await listed()).find((s) => s.shipment_id === id)).toMatchObject({
      shipment_number: "SH-CRUD",
      package_ids: [pkg?.package_id],
      tracking_number: "TRK-1",
    });
    // Zoho's update wants the order and packages in the URL: not offered by key.
    await expect(shipments.update(id, { notes: "x" })).rejects.toMatchObject({
      code: "CONNECTOR_READ_ONLY_TABLE",
    });
    await shipments.delete(id);
    expect(await shipments.get(id)).toBeUndefined();
    expect((await listed()).map((s) => s.shipment_id)).not.toContain(id);
    // A package of another sales order is refused (code 2), named.
    const others = await inv.table("packages").list().toArray();
    const foreign = others.find((p) => p.salesorder_id !== order);
    await expect(
      shipments.insert({
        salesorder_id: order,
        package_ids: [String(foreign?.package_id)],
        shipment_number: "SH-BAD",
        date: "2026-03-05",
        delivery_method: "UPS",
        tracking_number: "TRK-2",
      }),
    ).rejects.toMatchObject({ message: expect.stringContaining("package_ids") });
  });
});
