import type { ColumnDescription } from "@x/connector-kit";
import { consentedRedirectUrl, startEmulator } from "@x/emulator";
import * as zohoInventory from "@x/zoho-inventory";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { checkPushdown } from "./pushdown.js";

// Zoho Inventory: every table read through the connection, the pushed-down filters checked
// against the local ones, custom fields as columns. One emulator for the file.

let em: Awaited<ReturnType<typeof startEmulator>>;
let inv: Awaited<ReturnType<typeof zohoInventory.connect>>;

/** Data-set sizes (the emulator's names); each top-level table lists exactly this many rows. */
const SIZES = {
  items: 30,
  itemgroups: 5,
  inventoryContacts: 12,
  contactPersons: 20,
  salesorders: 15,
  invoices: 15,
  purchaseorders: 8,
  bills: 8,
  customerpayments: 10,
  creditnotes: 6,
  packages: 6,
  shipments: 6,
  salesreturns: 4,
  locations: 2,
  warehouses: 2,
  pricebooks: 3,
  taxes: 3,
  users: 3,
};

beforeAll(async () => {
  em = await startEmulator({ autoApprove: true, datasets: { zoho: SIZES } });
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

/** True when a value read from a row has its column's type. */
function fits(column: ColumnDescription, value: unknown): boolean {
  switch (column.type) {
    case "integer":
      return Number.isInteger(value);
    case "decimal":
      return typeof value === "number" && Number.isFinite(value);
    case "boolean":
      return typeof value === "boolean";
    case "date":
      return typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value);
    case "datetime":
      return typeof value === "string" && !Number.isNaN(Date.parse(value));
    case "enum":
      return (column.values ?? []).includes(value as string);
    case "reference":
      return typeof value === "string" || typeof value === "number";
    case "json":
      return true;
    default:
      return typeof value === "string";
  }
}

/** Rows each top-level table has in the emulator. */
const EXPECTED: Record<string, number> = {
  items: SIZES.items,
  itemgroups: SIZES.itemgroups,
  contacts: SIZES.inventoryContacts,
  salesorders: SIZES.salesorders,
  invoices: SIZES.invoices,
  purchaseorders: SIZES.purchaseorders,
  bills: SIZES.bills,
  customerpayments: SIZES.customerpayments,
  creditnotes: SIZES.creditnotes,
  packages: SIZES.packages,
  salesreturns: SIZES.salesreturns,
  locations: SIZES.locations,
  warehouses: SIZES.warehouses,
  pricelists: SIZES.pricebooks,
  taxes: SIZES.taxes,
  users: SIZES.users,
  organizations: 1,
};

/** The child tables and the parent each is listed under. */
const CHILDREN: Record<string, string> = {
  contactpersons: "contacts",
  salesorder_line_items: "salesorders",
  invoice_line_items: "invoices",
  purchaseorder_line_items: "purchaseorders",
  bill_line_items: "bills",
  creditnote_line_items: "creditnotes",
  shipments: "salesorders",
};

describe("Zoho Inventory: every table is readable through the connection", () => {
  test("the catalog lists every table of the issue", async () => {
    const names = (await inv.tables()).map((t) => t.name).sort();
    expect(names).toEqual([...Object.keys(EXPECTED), ...Object.keys(CHILDREN)].sort());
  });

  for (const [name, count] of Object.entries(EXPECTED)) {
    test(`${name}: ${count} rows, each value of its column's type; get by key`, async () => {
      const table = inv.table(name);
      const { key, columns } = await table.describe();
      const rows = await table.list().toArray();
      expect(rows).toHaveLength(count);
      expect(new Set(rows.map((r) => r[key])).size).toBe(count);
      for (const row of rows) {
        for (const column of columns) {
          const value = row[column.name];
          if (value === null || value === undefined) {
            expect(column.nullable, `${name}.${column.name} is null`).toBe(true);
          } else {
            expect(fits(column, value), `${name}.${column.name}: ${value}`).toBe(true);
          }
        }
      }
      const last = rows[rows.length - 1] as Record<string, unknown>;
      expect(await table.get(last[key] as string)).toMatchObject({ [key]: last[key] });
    });
  }

  for (const [name, parent] of Object.entries(CHILDREN)) {
    test(`${name}: listed per ${parent} row; without the parent key a typed error`, async () => {
      const table = inv.table(name);
      const { parent: declared } = await table.describe();
      expect(declared?.table).toBe(parent);
      const column = declared?.column as string;
      const parents = await inv.table(parent).list().toArray();
      const parentKey = (await inv.table(parent).describe()).key;
      let seen = 0;
      for (const p of parents) {
        const rows = await table.list({ where: { [column]: p[parentKey] } }).toArray();
        for (const row of rows) expect(row[column]).toBe(p[parentKey]);
        seen += rows.length;
      }
      expect(seen).toBeGreaterThan(0);
      await expect(table.list().toArray()).rejects.toMatchObject({
        code: "CONNECTOR_INVALID_FILTER",
      });
    });
  }

  test("line items come from the document: the lines add up to its total", async () => {
    const [order] = await inv.table("invoices").list({ limit: 1 }).toArray();
    const full = await inv.table("invoices").get(String(order?.invoice_id));
    const lines = await inv
      .table("invoice_line_items")
      .list({ where: { invoice_id: String(order?.invoice_id) } })
      .toArray();
    expect(lines.length).toBeGreaterThan(0);
    const sum = lines.reduce((t, l) => t + (l.item_total as number), 0);
    expect(Math.round(sum * 100) / 100).toBe(full?.total);
    // Lists leave the lines out, as Zoho's do.
    expect(order?.line_items).toBeUndefined();
  });
});

describe("Zoho Inventory: the provider's filters give the rows the local filter gives", () => {
  const pushing = [
    ["items", 31],
    ["contacts", 32],
    ["salesorders", 33],
    ["invoices", 34],
    ["purchaseorders", 35],
    ["bills", 36],
    ["customerpayments", 37],
    ["creditnotes", 38],
  ] as const;
  for (const [name, seed] of pushing) {
    test(name, async () => {
      const { checked, pushed } = await checkPushdown(inv.table(name), { runs: 20, seed });
      expect(checked).toBe(20);
      expect(pushed).toBe(20);
    });
  }

  test("every top-level table that pushes anything down is in the property above", async () => {
    // A child table's parent key addresses its listing (it is not a filter of the rows).
    const names = (await inv.tables())
      .filter((t) => t.parent === null && t.columns.some((c) => c.pushdown.length > 0))
      .map((t) => t.name);
    expect(names.sort()).toEqual(pushing.map(([n]) => n).sort());
  });

  test("what goes to Zoho: status, dates and modification time as parameters; the rest stays local", async () => {
    const plan = await inv.table("invoices").explain({
      where: {
        status: "paid",
        date: { gte: "2024-01-01", lt: "2024-02-01" },
        reference_number: { contains: "REF" },
      },
    });
    expect(plan.request).toMatchObject({
      path: "invoices",
      query: { status: "paid", date_start: "2024-01-01", date_before: "2024-02-01" },
    });
    expect(plan.request.query.organization_id).toMatch(/^\d+$/);
    expect(plan.pushedFilters).toHaveLength(3);
    expect(plan.localFilter).toContain("reference_number");
    const items = await inv.table("items").explain({
      where: { status: "active", last_modified_time: { gt: "2024-01-02T00:00:00.000Z" } },
    });
    expect(items.request.query).toMatchObject({
      status: "active",
      last_modified_time: "2024-01-02T00:00:00+0000",
    });
    const contacts = await inv.table("contacts").explain({ where: { status: "inactive" } });
    expect(contacts.request.query.filter_by).toBe("Status.Inactive");
  });

  test("modified since: gt and gte sent as whole seconds Zoho keeps after, checked again locally", async () => {
    const items = inv.table("items");
    const sent = async (op: "gt" | "gte", value: string) => {
      const plan = await items.explain({ where: { last_modified_time: { [op]: value } } });
      expect(plan.pushedFilters).toHaveLength(1);
      // Zoho's "after" may or may not keep the second itself: the rows are checked again.
      expect(plan.localFilter).toContain("last_modified_time");
      return plan.request.query.last_modified_time;
    };
    expect(await sent("gt", "2024-01-02T00:00:00.000Z")).toBe("2024-01-02T00:00:00+0000");
    expect(await sent("gt", "2024-01-02T00:00:00.999Z")).toBe("2024-01-02T00:00:00+0000");
    expect(await sent("gte", "2024-01-02T00:00:00.000Z")).toBe("2024-01-01T23:59:59+0000");
    expect(await sent("gte", "2024-01-02T00:00:00.001Z")).toBe("2024-01-02T00:00:00+0000");
    expect(await sent("gte", "2024-01-02T02:00:00+02:00")).toBe("2024-01-01T23:59:59+0000");
    // At a record's own time, a millisecond either side, and between: the rows local evaluation keeps.
    const all = await items.list({ pushdown: false }).toArray();
    const t = Date.parse(String(all[7]?.last_modified_time));
    for (const ms of [t - 1, t, t + 1, t + 500, t + 999, t + 1000]) {
      for (const op of ["gt", "gte"] as const) {
        const where = { last_modified_time: { [op]: new Date(ms).toISOString() } };
        const pushed = await items.list({ where }).toArray();
        const local = await items.list({ where, pushdown: false }).toArray();
        expect(pushed.length, `${op} ${ms - t}ms`).toBeGreaterThan(0);
        expect(pushed.map((r) => r.item_id)).toEqual(local.map((r) => r.item_id));
      }
    }
  });
});

describe("Zoho Inventory: sort orders Zoho applies", () => {
  for (const [name, orderBy, where] of [
    ["items", ["-rate"], { status: "active" }],
    ["items", ["last_modified_time"], {}],
    ["invoices", ["date"], { status: { in: ["paid", "sent"] } }],
    ["invoices", ["-total"], {}],
  ] as const) {
    test(`${name} by ${orderBy[0]}: sent as sort_column, same rows in the same order as locally`, async () => {
      const table = inv.table(name as string);
      const plan = await table.explain({ orderBy, where });
      expect(plan.pushedOrder).toHaveLength(1);
      expect(plan.localOrder).toEqual([]);
      expect(plan.request.query.sort_column).toBe(orderBy[0].replace("-", ""));
      const key = (await table.describe()).key;
      const pushed = await table.list({ orderBy, where }).toArray();
      const local = await table.list({ orderBy, where, pushdown: false }).toArray();
      expect(pushed.length).toBeGreaterThan(1);
      expect(pushed.map((r) => r[key])).toEqual(local.map((r) => r[key]));
    });
  }
});

describe("Zoho Inventory: custom fields are columns", () => {
  test("discovered from the records, merged with the declared columns, typed", async () => {
    const { columns } = await inv.table("items").describe();
    const colour = columns.find((c) => c.name === "cf_colour");
    const warranty = columns.find((c) => c.name === "cf_warranty_months");
    expect(colour).toMatchObject({ origin: "discovered", type: "string", nullable: true });
    expect(warranty).toMatchObject({ origin: "discovered", type: "decimal" });
    expect(columns.find((c) => c.name === "name")?.origin).toBe("declared");
    const rows = await inv.table("items").list().toArray();
    expect(rows.some((r) => typeof r.cf_colour === "string")).toBe(true);
    // A filter on a custom column runs locally, with the same meaning.
    const red = await inv
      .table("items")
      .list({ where: { cf_colour: "Red" } })
      .toArray();
    expect(red.map((r) => r.item_id)).toEqual(
      rows.filter((r) => r.cf_colour === "Red").map((r) => r.item_id),
    );
  });

  test("written as custom_fields entries, read back as columns; unknown ones refused", async () => {
    // Discovered columns are known at run time only: the declared row types leave them out.
    const items = inv.table("items" as string);
    const { key } = await items.insert({ name: "Custom", rate: 3, cf_colour: "Green" });
    expect(await items.get(String(key))).toMatchObject({ cf_colour: "Green" });
    await items.update(String(key), { cf_warranty_months: 24 });
    expect(await items.get(String(key))).toMatchObject({
      cf_colour: "Green",
      cf_warranty_months: 24,
    });
    await expect(items.insert({ name: "X", rate: 1, cf_nope: "x" })).rejects.toMatchObject({
      code: "CONNECTOR_UNKNOWN_COLUMN",
    });
    await expect(items.update(String(key), { cf_warranty_months: "long" })).rejects.toMatchObject({
      code: "CONNECTOR_INVALID_RECORD",
    });
    await items.delete(String(key));
  });
});
