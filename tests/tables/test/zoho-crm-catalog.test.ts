import type { ColumnDescription, TableDescription } from "@x/connector-kit";
import { consentedRedirectUrl, startEmulator } from "@x/emulator";
import * as zohoCrm from "@x/zoho-crm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { checkPushdown } from "./pushdown.js";

// Every Zoho CRM table through the connection against the emulator: read (each one), create /
// read / update / delete (each writable one), batches, line items, and the pushdown property for
// the modules not covered in zoho-crm.test.ts.

let em: Awaited<ReturnType<typeof startEmulator>>;
let conn: Awaited<ReturnType<typeof zohoCrm.connect>>;
let catalog: TableDescription[];

beforeAll(async () => {
  em = await startEmulator({
    autoApprove: true,
    datasets: { zoho: { leads: 40, contacts: 30, deals: 30, accounts: 30, notes: 20 } },
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
  catalog = await conn.tables();
});
afterAll(async () => {
  await conn?.close();
  await em?.close();
});

/** The declared tables, and the emulator's custom module found through `settings/modules`. */
const TABLES = [...Object.keys(zohoCrm.tables), "Projects"];

/** A value fits its column: the declared type, null only where nullable. */
function fits(column: ColumnDescription, value: unknown): boolean {
  if (value === null || value === undefined) return column.nullable === true;
  switch (column.type) {
    case "integer":
      return Number.isInteger(value);
    case "decimal":
      return typeof value === "number";
    case "boolean":
      return typeof value === "boolean";
    case "date":
      return typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value);
    case "datetime":
      return typeof value === "string" && !Number.isNaN(Date.parse(value));
    case "json":
      return typeof value === "object";
    default:
      return typeof value === "string";
  }
}

/** A parent key whose record has child rows (line items always; attachments on some). */
async function parentKey(table: TableDescription): Promise<Record<string, string>> {
  const parent = table.parent?.table as string;
  const rows = await conn.table(parent).list({ limit: 3 }).toArray();
  // Generated record k has k % 3 attachments: the first record has one.
  return { [table.parent?.column as string]: String(rows[0]?.id) };
}

describe("every table is readable, and its rows fit its columns", () => {
  test("the catalog lists every declared table", () => {
    expect(catalog.map((t) => t.name).sort()).toEqual([...TABLES].sort());
    expect(TABLES).toHaveLength(28);
  });

  for (const name of TABLES) {
    test(name, async () => {
      const table = catalog.find((t) => t.name === name) as TableDescription;
      const where = table.parent ? await parentKey(table) : undefined;
      const rows = await conn.table(name).list({ where, limit: 60 }).toArray();
      expect(rows.length, `${name} has rows`).toBeGreaterThan(0);
      for (const row of rows.slice(0, 20)) {
        for (const column of table.columns) {
          const value = (row as Record<string, unknown>)[column.name];
          expect(fits(column, value), `${name}.${column.name} = ${JSON.stringify(value)}`).toBe(
            true,
          );
        }
      }
      if (table.capabilities.get && !table.parent && name !== "Organization") {
        const key = (rows[0] as Record<string, unknown>)[table.key];
        expect(await conn.table(name).get(String(key))).toMatchObject({ [table.key]: key });
      }
    });
  }
});

const account = { id: "5725767004000000001" };
const vendor = { id: "5725767014000000001" };
const items = [{ Product_Name: { id: "5725767008000000002" }, Quantity: 2, List_Price: 10 }];

/** A new row per writable table: its required columns; `change` is updated afterwards. */
const SAMPLES: Record<string, { row: Record<string, unknown>; change: string }> = {
  Leads: { row: { Last_Name: "Crud" }, change: "Last_Name" },
  Contacts: { row: { Last_Name: "Crud" }, change: "Last_Name" },
  Accounts: { row: { Account_Name: "Crud Ltd" }, change: "Account_Name" },
  Deals: { row: { Deal_Name: "Crud deal", Stage: "Qualification" }, change: "Deal_Name" },
  Tasks: { row: { Subject: "Crud task" }, change: "Subject" },
  Events: {
    row: {
      Event_Title: "Crud meeting",
      Start_DateTime: "2026-03-01T10:00:00+00:00",
      End_DateTime: "2026-03-01T11:00:00+00:00",
    },
    change: "Event_Title",
  },
  Calls: {
    row: {
      Subject: "Crud call",
      Call_Type: "Outbound",
      Call_Start_Time: "2026-03-01T10:00:00+00:00",
    },
    change: "Subject",
  },
  Products: { row: { Product_Name: "Crud product" }, change: "Product_Name" },
  Quotes: {
    row: { Subject: "Crud quote", Account_Name: account, Quoted_Items: items },
    change: "Subject",
  },
  Sales_Orders: {
    row: { Subject: "Crud order", Account_Name: account, Ordered_Items: items },
    change: "Subject",
  },
  Purchase_Orders: {
    row: { Subject: "Crud purchase", Vendor_Name: vendor, Ordered_Items: items },
    change: "Subject",
  },
  Invoices: {
    row: { Subject: "Crud invoice", Account_Name: account, Invoiced_Items: items },
    change: "Subject",
  },
  Campaigns: { row: { Campaign_Name: "Crud campaign" }, change: "Campaign_Name" },
  Vendors: { row: { Vendor_Name: "Crud vendor" }, change: "Vendor_Name" },
  Price_Books: { row: { Price_Book_Name: "Crud book" }, change: "Price_Book_Name" },
  Cases: { row: { Subject: "Crud case", Status: "New", Case_Origin: "Web" }, change: "Subject" },
  Solutions: { row: { Solution_Title: "Crud solution" }, change: "Solution_Title" },
  Projects: { row: { Name: "Crud project" }, change: "Name" },
  Notes: {
    row: {
      Note_Content: "Crud note",
      Parent_Id: { id: "5725767001000000001", module: { api_name: "Leads" } },
    },
    change: "Note_Content",
  },
};

describe("create, read, update, delete on every writable table", () => {
  test("the writable tables are the modules", () => {
    const writable = catalog.filter((t) => t.capabilities.insert).map((t) => t.name);
    expect(writable.sort()).toEqual(Object.keys(SAMPLES).sort());
  });

  for (const [name, { row, change }] of Object.entries(SAMPLES)) {
    test(name, async () => {
      const table = conn.table(name);
      const { key } = await table.insert(row);
      expect(key).toMatch(/^\d{19}$/);
      expect(await table.get(String(key))).toMatchObject(row);
      await table.update(String(key), { [change]: `Changed ${name}` });
      expect(await table.get(String(key))).toMatchObject({ [change]: `Changed ${name}` });
      // The listing sees the new record (the emulator keeps writes in its record store).
      const listed = await table.list({ where: { id: String(key) } }).toArray();
      expect(listed.map((r) => r.id)).toEqual([key]);
      const description = catalog.find((t) => t.name === name) as TableDescription;
      if (description.columns.find((c) => c.name === change)?.pushdown.includes("eq")) {
        const found = await table.list({ where: { [change]: `Changed ${name}` } }).toArray();
        expect(found.map((r) => r.id)).toEqual([key]);
      }
      await table.delete(String(key));
      expect(await table.get(String(key))).toBeUndefined();
    });
  }
});

describe("line items and batches", () => {
  test("a quote's line items are a child table, totals computed by Zoho", async () => {
    const { key } = await conn.table("Quotes").insert({
      Subject: "Two lines",
      Account_Name: account,
      Quoted_Items: [
        ...items,
        { Product_Name: { id: "5725767008000000003" }, Quantity: 1, List_Price: 5 },
      ],
    });
    const lines = await conn
      .table("Quotes_Line_Items")
      .list({ where: { Parent_Id: String(key) } })
      .toArray();
    expect(lines.map((l) => [l.Quantity, l.List_Price, l.Total, l.Parent_Id])).toEqual([
      [2, 10, 20, String(key)],
      [1, 5, 5, String(key)],
    ]);
    expect(await conn.table("Quotes").get(String(key))).toMatchObject({ Grand_Total: 25 });
    await expect(conn.table("Quotes_Line_Items").list().toArray()).rejects.toMatchObject({
      code: "CONNECTOR_INVALID_FILTER",
    });
  });

  test("insertMany, updateMany and deleteMany: 100 records a call, a result per record", async () => {
    const accounts = conn.table("Accounts");
    em.resetCounts();
    const inserted = await accounts.insertMany(
      Array.from({ length: 130 }, (_, i) => ({ Account_Name: `Batch ${i}` })),
    );
    expect(em.count("zoho", "crm.insert")).toBe(2);
    const keys = inserted.map((r) => (r.ok ? String(r.key) : ""));
    const updated = await accounts.updateMany([
      ...keys.map((key) => ({ key, changes: { Industry: "Batch" } })),
      { key: "5725767004999999999", changes: { Industry: "x" } },
      { key: keys[0] as string, changes: { Account_Name: "" } },
    ]);
    expect(em.count("zoho", "crm.update")).toBe(2);
    expect(updated.filter((r) => r.ok)).toHaveLength(130);
    expect(updated[130]).toMatchObject({ ok: false, error: { code: "CONNECTOR_NOT_FOUND" } });
    expect(updated[131]).toMatchObject({
      ok: false,
      error: {
        code: "CONNECTOR_INVALID_RECORD",
        message: expect.stringContaining("MANDATORY_NOT_FOUND"),
      },
    });
    expect(await accounts.get(keys[129] as string)).toMatchObject({ Industry: "Batch" });
    const deleted = await accounts.deleteMany([...keys, "5725767004999999999"]);
    expect(em.count("zoho", "crm.delete")).toBe(2);
    expect(deleted.filter((r) => r.ok)).toHaveLength(130);
    expect(deleted[130]).toMatchObject({ ok: false, error: { code: "CONNECTOR_NOT_FOUND" } });
    expect(await accounts.get(keys[0] as string)).toBeUndefined();
  });

  test("a batch where Zoho refuses every record (400) names Zoho's per-record code", async () => {
    // A lookup sent as text passes local validation (a JSON column) and is refused by Zoho.
    const results = await conn.table("Quotes").insertMany([
      { Subject: "bad lookup 1", Account_Name: "not an object", Quoted_Items: items },
      { Subject: "bad lookup 2", Account_Name: "not an object", Quoted_Items: items },
    ] as never);
    expect(results.map((r) => (r.ok ? "ok" : r.sent))).toEqual([true, true]);
    expect(results[0]).toMatchObject({
      ok: false,
      error: {
        code: "CONNECTOR_API_ERROR",
        details: { status: 400, providerCode: "INVALID_DATA" },
      },
    });
  });

  test("upsert matches on duplicate_check_fields: update the match, insert the rest", async () => {
    const vendors = conn.table("Vendors");
    const [first] = await vendors.list({ limit: 1 }).toArray();
    const results = await vendors.upsertMany(
      [
        { Vendor_Name: String(first?.Vendor_Name), City: "Upserted" },
        { Vendor_Name: "Brand new vendor", City: "Upserted" },
      ],
      { match: ["Vendor_Name"] },
    );
    expect(results.map((r) => (r.ok ? r.action : r.error.code))).toEqual(["update", "insert"]);
    expect(results[0]).toMatchObject({ key: first?.id });
    expect(await vendors.get(String(first?.id))).toMatchObject({ City: "Upserted" });
    await expect(
      vendors.upsert({ Vendor_Name: "x" }, { match: ["Vendr_Name"] }),
    ).rejects.toMatchObject({ code: "CONNECTOR_UNKNOWN_COLUMN" });
  });
});

describe("search pushdown gives the rows the local filter gives", () => {
  const seeds: [string, number][] = [
    ["Accounts", 31],
    ["Tasks", 32],
    ["Events", 33],
    ["Calls", 34],
    ["Products", 35],
    ["Quotes", 36],
    ["Sales_Orders", 37],
    ["Purchase_Orders", 38],
    ["Invoices", 39],
    ["Campaigns", 40],
    ["Vendors", 41],
    ["Price_Books", 42],
    ["Cases", 43],
    ["Solutions", 44],
    ["Notes", 45],
    ["Users", 46],
  ];
  for (const [name, seed] of seeds) {
    test(name, async () => {
      const { checked, pushed } = await checkPushdown(conn.table(name), { runs: 8, seed });
      expect(checked).toBe(8);
      expect(pushed).toBe(8);
    });
  }
});

describe("metadata: custom fields as columns, custom modules as tables", () => {
  test("custom fields are discovered columns with Zoho's types mapped", async () => {
    const leads = catalog.find((t) => t.name === "Leads") as TableDescription;
    const byName = Object.fromEntries(leads.columns.map((c) => [c.name, c]));
    expect(byName.Customer_Tier).toMatchObject({
      origin: "discovered",
      type: "enum",
      values: ["Gold", "Silver", "Bronze"],
    });
    expect(byName.Referral_Code).toMatchObject({ origin: "discovered", type: "string" });
    expect(byName.Last_Name).toMatchObject({ origin: "declared" });
    const deals = catalog.find((t) => t.name === "Deals") as TableDescription;
    expect(deals.columns.find((c) => c.name === "Renewal_Date")).toMatchObject({ type: "date" });
    const projects = catalog.find((t) => t.name === "Projects") as TableDescription;
    expect(projects.columns.find((c) => c.name === "Deal")).toMatchObject({
      type: "json",
      references: "Deals",
    });
    expect(projects.columns.find((c) => c.name === "Budget")).toMatchObject({ type: "decimal" });
  });

  test("discovered columns are listed, filtered locally and written", async () => {
    const leads = conn.table("Leads");
    const gold = await leads
      .list({ where: { Customer_Tier: "Gold" }, select: ["id", "Customer_Tier"] })
      .toArray();
    expect(gold.length).toBeGreaterThan(0);
    expect(new Set(gold.map((r) => r.Customer_Tier))).toEqual(new Set(["Gold"]));
    const { key } = await leads.insert({ Last_Name: "Tiered", Customer_Tier: "Silver" });
    expect(await leads.get(String(key))).toMatchObject({ Customer_Tier: "Silver" });
    await expect(leads.insert({ Last_Name: "x", Customer_Tier: "Platinum" })).rejects.toMatchObject(
      {
        code: "CONNECTOR_INVALID_RECORD",
      },
    );
  });

  test("a column the metadata does not know is a typed error naming the nearest", async () => {
    await expect(
      conn
        .table("Leads")
        .list({ select: ["Customer_Teir"] })
        .toArray(),
    ).rejects.toMatchObject({
      code: "CONNECTOR_UNKNOWN_COLUMN",
      hint: expect.stringContaining("Customer_Tier"),
    });
  });

  test("the metadata is read once per table and connection, then cached", async () => {
    em.resetCounts();
    const contacts = conn.table("Contacts");
    await contacts.list({ limit: 1 }).toArray();
    await contacts.list({ limit: 1 }).toArray();
    await conn.tables();
    expect(em.count("zoho", "crm.fields")).toBe(0);
    expect(em.count("zoho", "crm.modules")).toBe(0);
  });

  test("a module the account does not have is an unknown table on first use", async () => {
    await expect(conn.table("Nonexistent_Module").list().toArray()).rejects.toMatchObject({
      code: "CONNECTOR_UNKNOWN_TABLE",
    });
    expect(() => conn.table("no such table")).toThrow(/no table/);
  });
});

describe("modified since: If-Modified-Since", () => {
  test("gte and gt go to Zoho as the header and give the rows the local filter gives", async () => {
    const contacts = conn.table("Contacts");
    const all = await contacts.list({ select: ["id", "Modified_Time"] }).toArray();
    const pivot = String(all[20]?.Modified_Time);
    for (const op of ["gte", "gt"] as const) {
      const where = { Modified_Time: { [op]: pivot } };
      expect((await contacts.explain({ where })).pushedFilters).toEqual([
        `Modified_Time ${op} "${pivot}"`,
      ]);
      const pushed = await contacts.list({ where, select: ["id"] }).toArray();
      const local = await contacts.list({ where, select: ["id"], pushdown: false }).toArray();
      expect(pushed.map((r) => r.id)).toEqual(local.map((r) => r.id));
      expect(pushed.length).toBeGreaterThan(0);
      expect(pushed.length).toBeLessThan(all.length);
    }
    // Nothing modified since: Zoho answers 304, an empty listing.
    const none = await contacts.list({ where: { Modified_Time: { gte: "2099-01-01T00:00:00Z" } } });
    expect(await none.toArray()).toEqual([]);
  });

  test("an update moves a record into the incremental read", async () => {
    const tasks = conn.table("Tasks");
    const since = new Date(Date.now() - 1000).toISOString();
    const [first] = await tasks.list({ limit: 1 }).toArray();
    await tasks.update(String(first?.id), { Status: "Completed" });
    const changed = await tasks.list({ where: { Modified_Time: { gte: since } } }).toArray();
    expect(changed.map((r) => r.id)).toContain(first?.id);
  });
});

describe("more than 50 columns: the fields past the first 50 are read by id", () => {
  test("a Projects listing has every column, with the values get() gives", async () => {
    const projects = catalog.find((t) => t.name === "Projects") as TableDescription;
    const columns = projects.columns.map((c) => c.name);
    expect(columns.length).toBeGreaterThan(51);
    const table = conn.table("Projects");
    em.resetCounts();
    const rows = await table.list().toArray();
    expect(rows).toHaveLength(40);
    // One page of 40 with the first 50 fields, one request by id for the other 5.
    expect(em.count("zoho", "crm.list")).toBe(2);
    for (const row of rows.slice(0, 4)) {
      const one = (await table.get(String(row.id))) as Record<string, unknown>;
      for (const column of columns) expect(row[column], column).toEqual(one[column] ?? null);
    }
    expect(rows.every((r) => typeof r.Milestone_12_Done === "boolean")).toBe(true);
    expect(rows.every((r) => typeof r.Milestone_12_Hours === "number")).toBe(true);
  });

  test("only the selected, filtered and key columns past the first 50 are read by id", async () => {
    const table = conn.table("Projects");
    em.resetCounts();
    const narrow = await table.list({ select: ["id", "Name"] }).toArray();
    expect(narrow).toHaveLength(40);
    expect(em.count("zoho", "crm.list")).toBe(1);
    em.resetCounts();
    const wide = await table.list({ select: ["Name", "Milestone_12_Hours"] }).toArray();
    expect(em.count("zoho", "crm.list")).toBe(2);
    expect(Object.keys(wide[0] ?? {}).sort()).toEqual(["Milestone_12_Hours", "Name"]);
    expect(wide.every((r) => typeof r.Milestone_12_Hours === "number")).toBe(true);
  });

  test("a filter on a column past the first 50 is applied to the completed rows", async () => {
    const table = conn.table("Projects");
    const all = await table.list({ select: ["id", "Milestone_12_Done"] }).toArray();
    const done = await table
      .list({ where: { Milestone_12_Done: true }, select: ["id", "Milestone_12_Done"] })
      .toArray();
    expect(done.length).toBeGreaterThan(0);
    expect(done).toEqual(all.filter((r) => r.Milestone_12_Done === true));
  });
});

describe("more than 50 columns through COQL", () => {
  test("an OR over columns past the first 50 goes to COQL, its rows completed by id", async () => {
    const table = conn.table("Projects");
    const where = { OR: [{ Milestone_12_Done: true }, { Milestone_11_Hours: { lt: 20 } }] };
    const local = await table.list({ where, pushdown: false }).toArray();
    em.resetCounts();
    const rows = await table.list({ where }).toArray();
    // One COQL page without the lookups; one request by id for the lookups and the fields past
    // the first 50 (fewer than 50 together).
    expect(em.count("zoho", "crm.coql")).toBe(1);
    expect(em.count("zoho", "crm.list")).toBe(1);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows).toEqual(local);
  });
});

describe("Users: every user of the organization, type narrowed by status and confirm", () => {
  test("lists all 250 users across two pages, the emulated user first", async () => {
    em.resetCounts();
    const users = await conn.table("Users").list().toArray();
    expect(users).toHaveLength(250);
    expect(new Set(users.map((u) => u.id)).size).toBe(250);
    expect(users[0]).toMatchObject({ email: "ada.lovelace@emulator.example", status: "active" });
    expect(new Set(users.map((u) => u.status))).toEqual(new Set(["active", "disabled"]));
    expect(em.count("zoho", "crm.users")).toBe(2);
    const other = users[100] as { id: string; email: string };
    expect(await conn.table("Users").get(other.id)).toMatchObject({ email: other.email });
  });

  test("status and confirm become Zoho's type, with the rows the local filter gives", async () => {
    const users = conn.table("Users");
    const cases = [
      [{ status: "active" }, "ActiveUsers"],
      [{ status: "disabled" }, "DeactiveUsers"],
      [{ confirm: false }, "NotConfirmedUsers"],
      [{ status: "active", confirm: true }, "ActiveConfirmedUsers"],
    ] as const;
    for (const [where, type] of cases) {
      const plan = await users.explain({ where });
      expect(plan.request.query.type, JSON.stringify(where)).toBe(type);
      const pushed = await users.list({ where, select: ["id"] }).toArray();
      const local = await users.list({ where, select: ["id"], pushdown: false }).toArray();
      expect(pushed).toEqual(local);
      expect(pushed.length).toBeGreaterThan(0);
      expect(pushed.length).toBeLessThan(250);
    }
  });
});
