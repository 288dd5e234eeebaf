import type { Table } from "@x/connector-kit";
import { startEmulator } from "@x/emulator";
import * as pipedrive from "@x/pipedrive";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

let em: Awaited<ReturnType<typeof startEmulator>>;
let conn: Awaited<ReturnType<typeof pipedrive.connect>>;
const CS = "AuthScheme=Basic;APIToken=emulator-pipedrive-api-token;CompanyDomain=emulatedcompany";

const SIZES = {
  deals: 130,
  persons: 70,
  organizations: 25,
  activities: 90,
  products: 30,
  pipelines: 3,
  stages: 15,
  leads: 45,
  notes: 120,
  users: 6,
  files: 20,
  filters: 12,
  currencies: 8,
  activityTypes: 6,
  goals: 10,
  dealProducts: 200,
  dealParticipants: 150,
};

beforeAll(async () => {
  em = await startEmulator({ datasets: { pipedrive: SIZES } });
  conn = await pipedrive.connect(`${CS};EmulatorURL=${em.url}`);
});
afterAll(async () => {
  await conn?.close();
  await em?.close();
});

type Row = Record<string, unknown>;
/** A table looked up by a name from a test table: rows typed loosely. */
const table = (name: string) => conn.table(name as never) as unknown as Table;

/** A raw read of the emulator, to see what went over the wire. */
async function raw(path: string): Promise<Record<string, unknown>> {
  const r = await fetch(`${em.url}/emulatedcompany.pipedrive.com/${path}`, {
    headers: { "x-api-token": "emulator-pipedrive-api-token" },
  });
  expect(r.status).toBe(200);
  return (await r.json()) as Record<string, unknown>;
}

describe("Pipedrive: every table reads through the connection", () => {
  test.each([
    ["deals", SIZES.deals, "cursor"],
    ["persons", SIZES.persons, "cursor"],
    ["organizations", SIZES.organizations, "cursor"],
    ["activities", SIZES.activities, "cursor"],
    ["products", SIZES.products, "cursor"],
    ["pipelines", SIZES.pipelines, "cursor"],
    ["stages", SIZES.stages, "cursor"],
    ["leads", SIZES.leads, "offset"],
    ["notes", SIZES.notes, "offset"],
    ["users", SIZES.users, "all"],
    ["files", SIZES.files, "offset"],
    ["filters", SIZES.filters, "all"],
    ["currencies", SIZES.currencies, "all"],
    ["activity_types", SIZES.activityTypes, "all"],
    ["goals", SIZES.goals, "all"],
  ] as const)("%s: %i rows (%s paging), unique keys, one by key", async (name, size, paging) => {
    const t = conn.table(name);
    const description = await t.describe();
    const rows = (await t.list().toArray()) as Row[];
    expect(rows).toHaveLength(size);
    const keys = rows.map((r) => String(r[description.key]));
    expect(new Set(keys).size).toBe(size);
    // Small pages: the paging of the table's endpoint is followed to the end.
    if (paging !== "all") {
      const few = (await t.list({ limit: 7 }).toArray()) as Row[];
      expect(few.map((r) => String(r[description.key]))).toEqual(keys.slice(0, 7));
    }
    const middle = rows[Math.floor(size / 2)] as Row;
    expect(await t.get(middle[description.key] as never)).toMatchObject(
      Object.fromEntries(
        description.columns
          .filter((c) => c.origin === "declared" && middle[c.name] !== undefined)
          .map((c) => [c.name, middle[c.name]]),
      ),
    );
    // Declared columns are present on every row (a renamed field would show as missing).
    for (const column of description.columns.filter((c) => c.origin === "declared")) {
      expect(
        rows.some((r) => r[column.name] !== undefined),
        `${name}.${column.name}`,
      ).toBe(true);
    }
  });

  test.each([
    ["deal_products", 3],
    ["deal_participants", 3],
  ] as const)("%s: a child table of deals, listed per deal", async (name, deal) => {
    const t = conn.table(name);
    const rows = (await t.list({ where: { deal_id: deal } }).toArray()) as Row[];
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(String(row.deal_id)).toBe(String(deal));
      expect(row.key).toBe(`${deal}:${row.id}`);
    }
    expect(await t.get(rows[0]!.key as string)).toMatchObject({ id: rows[0]!.id });
    await expect(t.list().toArray()).rejects.toMatchObject({ code: "CONNECTOR_INVALID_FILTER" });
    await expect(t.get("nonsense")).rejects.toMatchObject({ code: "CONNECTOR_INVALID_OPTION" });
  });

  test("v1 times read as RFC 3339 instants; stage and pipeline references agree", async () => {
    const [note] = (await conn.table("notes").list({ limit: 1 }).toArray()) as Row[];
    expect(note!.update_time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const stages = (await conn
      .table("stages")
      .list({ where: { pipeline_id: 2 } })
      .toArray()) as Row[];
    expect(stages).toHaveLength(5);
    expect(stages.every((s) => s.pipeline_id === 2)).toBe(true);
  });
});

/** One create-read-update-delete per writable table: inserted, read, changed, seen, deleted. */
const WRITES: {
  name: string;
  insert: Row;
  change: Row;
  /** After delete: gone, or kept inactive (files, activity types). */
  after: "gone" | { column: string; value: unknown };
}[] = [
  {
    name: "deals",
    insert: { title: "CRUD deal", value: 100 },
    change: { value: 250 },
    after: "gone",
  },
  {
    name: "persons",
    insert: { name: "Crud Person" },
    change: { name: "Renamed Person" },
    after: "gone",
  },
  {
    name: "organizations",
    insert: { name: "Crud Org" },
    change: { address: "1 Main St" },
    after: "gone",
  },
  {
    name: "activities",
    insert: { subject: "Call back", type: "call", deal_id: 2 },
    change: { done: true },
    after: "gone",
  },
  { name: "products", insert: { name: "Widget", code: "W-1" }, change: { tax: 19 }, after: "gone" },
  {
    name: "pipelines",
    insert: { name: "Enterprise" },
    change: { name: "Enterprise EU" },
    after: "gone",
  },
  {
    name: "stages",
    insert: { name: "Signed", pipeline_id: 1 },
    change: { deal_probability: 90 },
    after: "gone",
  },
  {
    name: "deal_products",
    insert: { deal_id: 4, product_id: 2, item_price: 10, quantity: 3 },
    change: { quantity: 5 },
    after: "gone",
  },
  {
    name: "leads",
    insert: { title: "Crud lead", person_id: 3 },
    change: { title: "Warm lead" },
    after: "gone",
  },
  {
    name: "notes",
    insert: { content: "<p>hi</p>", deal_id: 5 },
    change: { content: "<p>bye</p>" },
    after: "gone",
  },
  {
    name: "filters",
    insert: { name: "Big deals", type: "deals", conditions: { glue: "and", conditions: [] } },
    change: { name: "Huge deals" },
    after: "gone",
  },
  {
    name: "activity_types",
    insert: { name: "Site visit", icon_key: "flag" },
    change: { color: "FF0000" },
    after: { column: "active_flag", value: false },
  },
  {
    name: "goals",
    insert: {
      title: "Q3 revenue",
      type: { name: "revenue_forecast", params: { pipeline_id: [1] } },
      assignee: { id: 12345678, type: "person" },
      interval: "quarterly",
      duration: { start: "2025-07-01", end: "2025-09-30" },
      expected_outcome: { target: 50000, tracking_metric: "sum", currency_id: 1 },
    },
    change: { title: "Q3 revenue (EU)" },
    after: "gone",
  },
];

describe("Pipedrive writes: create, read, update, delete on every writable table", () => {
  test.each(WRITES.map((w) => [w.name, w] as const))("%s", async (name, w) => {
    const t = table(name);
    const description = await t.describe();
    const { key } = await t.insert(w.insert as never);
    const inserted = (await t.get(key as never)) as Row;
    expect(inserted).toMatchObject(w.insert);
    await t.update(key as never, w.change as never);
    expect(await t.get(key as never)).toMatchObject(w.change);
    const where = description.parent
      ? { [description.parent.column]: w.insert[description.parent.column] }
      : undefined;
    const listed = (await t.list({ where }).toArray()) as Row[];
    expect(listed.find((r) => String(r[description.key]) === String(key))).toMatchObject(w.change);
    await t.delete(key as never);
    if (w.after === "gone") {
      expect(await t.get(key as never)).toBeUndefined();
      await expect(t.delete(key as never)).rejects.toMatchObject({ code: "CONNECTOR_NOT_FOUND" });
    } else {
      expect(await t.get(key as never)).toMatchObject({ [w.after.column]: w.after.value });
    }
  });

  test("deal participants: add and remove (Pipedrive has no update)", async () => {
    const t = conn.table("deal_participants");
    const { key } = await t.insert({ deal_id: 6, person_id: 9 });
    expect(await t.get(key as string)).toMatchObject({ deal_id: 6, person_id: 9 });
    await expect(t.update(key as string, { person_id: 3 } as never)).rejects.toMatchObject({
      code: "CONNECTOR_READ_ONLY_TABLE",
    });
    await t.delete(key as string);
    expect(await t.get(key as string)).toBeUndefined();
  });

  test("files (metadata): renamed, then deleted, which marks them inactive", async () => {
    const files = conn.table("files");
    await files.update(3, { name: "renamed.pdf", description: "Signed copy" });
    expect(await files.get(3)).toMatchObject({ name: "renamed.pdf", description: "Signed copy" });
    await files.delete(3);
    expect(await files.get(3)).toMatchObject({ active_flag: false });
    const listed = await files.list().toArray();
    expect(listed.some((f) => f.id === 3)).toBe(false);
    await expect(files.insert({ name: "x" } as never)).rejects.toMatchObject({
      code: "CONNECTOR_READ_ONLY_TABLE",
    });
  });

  test("users: added by email, then deactivated; currencies are read-only", async () => {
    const users = conn.table("users");
    const { key } = await users.insert({ email: "new.hire@emulator.example" });
    expect(await users.get(key as number)).toMatchObject({
      email: "new.hire@emulator.example",
      active_flag: true,
    });
    await users.update(key as number, { active_flag: false });
    expect(await users.get(key as number)).toMatchObject({ active_flag: false });
    await expect(users.update(key as number, { name: "x" } as never)).rejects.toMatchObject({
      code: "CONNECTOR_INVALID_RECORD",
    });
    await expect(conn.table("currencies").insert({} as never)).rejects.toMatchObject({
      code: "CONNECTOR_READ_ONLY_TABLE",
    });
  });

  test.each([
    // Pipedrive's own validation, as typed errors naming the problem.
    [
      "leads",
      { title: "Orphan lead" },
      /person_id or an organization_id|person or an organization/,
    ],
    ["notes", { content: "<p>about nothing</p>" }, /deal_id, person_id, org_id or lead_id/],
    [
      "deal_products",
      { deal_id: 987654, product_id: 1, item_price: 1, quantity: 1 },
      /Deal not found/,
    ],
  ] as const)(
    "%s: a write Pipedrive refuses is a typed error with its message",
    async (name, row, message) => {
      const error = await table(name)
        .insert(row as never)
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: expect.any(String) });
      expect(String((error as Error).message)).toMatch(message);
    },
  );
});

describe("Pipedrive custom fields: columns by name, typed by field type, hash keys on the wire", () => {
  test("deals: discovered columns with their types, enum options and hash sources", async () => {
    const d = await conn.table("deals").describe();
    const col = (name: string) => d.columns.find((c) => c.name === name);
    expect(col("lead_source")).toMatchObject({
      origin: "discovered",
      type: "enum",
      values: ["Web", "Referral", "Event", "Partner"],
      nullable: true,
    });
    expect(col("lead_source")?.source).toMatch(/^[0-9a-f]{40}$/);
    expect(col("product_interest")).toMatchObject({ type: "json", origin: "discovered" });
    expect(col("renewal_date")).toMatchObject({ type: "date" });
    expect(col("seats")).toMatchObject({ type: "decimal" });
    expect(col("account_manager")).toMatchObject({ type: "reference", references: "users" });
    expect(col("contract_value")).toMatchObject({ type: "json" });
    expect(col("title")).toMatchObject({ origin: "declared" });
    expect(d.columns.some((c) => /^[0-9a-f]{40}$/.test(c.name))).toBe(false);
    const p = await conn.table("persons").describe();
    expect(p.columns.find((c) => c.name === "job_level")).toMatchObject({ type: "enum" });
    const o = await conn.table("organizations").describe();
    expect(o.columns.find((c) => c.name === "industry")).toMatchObject({ type: "enum" });
    const pr = await conn.table("products").describe();
    expect(pr.columns.find((c) => c.name === "warranty_months")).toMatchObject({ type: "decimal" });
  });

  test("rows show option labels where the wire has option ids", async () => {
    const fields = (await raw("api/v1/dealFields?limit=500")).data as {
      key: string;
      name: string;
      options?: { id: number; label: string }[];
    }[];
    const source = fields.find((f) => f.name === "Lead source")!;
    const interest = fields.find((f) => f.name === "Product interest")!;
    const wire = (await raw("api/v2/deals?limit=50")).data as {
      id: number;
      custom_fields: Record<string, unknown>;
    }[];
    const rows = (await conn.table("deals").list({ limit: 50 }).toArray()) as Row[];
    for (const [i, row] of rows.entries()) {
      const id = wire[i]!.custom_fields[source.key];
      const label = id === null ? null : source.options!.find((o) => o.id === id)!.label;
      expect(row.lead_source).toBe(label);
      const ids = (wire[i]!.custom_fields[interest.key] ?? []) as number[];
      expect(row.product_interest ?? []).toEqual(
        ids.map((x) => interest.options!.find((o) => o.id === x)!.label),
      );
      expect(row).not.toHaveProperty("custom_fields");
    }
  });

  test("writes send names as hash keys and labels as option ids; filters on them apply", async () => {
    const deals = conn.table("deals");
    const { key } = await deals.insert({
      title: "Custom deal",
      lead_source: "Partner",
      product_interest: ["CRM", "Training"],
      seats: 12,
      renewal_date: "2026-03-01",
    } as never);
    const fields = (await raw("api/v1/dealFields?limit=500")).data as {
      key: string;
      name: string;
      options?: { id: number; label: string }[];
    }[];
    const byName = (n: string) => fields.find((f) => f.name === n)!;
    const wire = (await raw(`api/v2/deals/${key}`)).data as { custom_fields: Row };
    expect(wire.custom_fields[byName("Lead source").key]).toBe(
      byName("Lead source").options!.find((o) => o.label === "Partner")!.id,
    );
    expect(wire.custom_fields[byName("Seats").key]).toBe(12);
    await deals.update(key as number, { lead_source: "Web", seats: null } as never);
    expect(await deals.get(key as number)).toMatchObject({
      lead_source: "Web",
      seats: null,
      product_interest: ["CRM", "Training"],
      renewal_date: "2026-03-01",
    });
    // v2 lists cannot filter on custom fields: the condition stays local, beside a pushed one.
    const plan = await deals.explain({ where: { lead_source: "Web", status: "open" } as never });
    expect(plan.pushedFilters).toEqual(['status eq "open"']);
    expect(plan.localFilter).toContain("lead_source");
    expect(JSON.stringify(plan.request.query)).not.toMatch(/[0-9a-f]{40}|lead_source/);
    const web = (await deals.list({ where: { lead_source: "Web" } as never }).toArray()) as Row[];
    expect(web.length).toBeGreaterThan(1);
    expect(web.every((r) => r.lead_source === "Web")).toBe(true);
    expect(web.some((r) => r.id === key)).toBe(true);
    await expect(
      deals.insert({ title: "x", lead_source: "Billboard" } as never),
    ).rejects.toMatchObject({
      code: "CONNECTOR_INVALID_RECORD",
    });
    await expect(
      deals.insert({ title: "x", product_interest: ["Nope"] } as never),
    ).rejects.toMatchObject({
      code: "CONNECTOR_INVALID_RECORD",
      message: expect.stringContaining("Nope"),
    });
    await expect(deals.insert({ title: "x", lead_sorce: "Web" } as never)).rejects.toMatchObject({
      code: "CONNECTOR_UNKNOWN_COLUMN",
      hint: expect.stringContaining("lead_source"),
    });
  });
});

describe("Pipedrive incremental reads", () => {
  test.each(["deals", "persons", "activities", "notes"] as const)(
    "%s: updated_since, resumed from a saved cursor with writes between: no gap, no duplicate",
    async (name) => {
      const t = table(name);
      const all = (await t.list().toArray()) as Row[];
      const since = String(all[Math.floor(all.length / 3)]!.update_time);
      const where = { update_time: { gte: since } };
      const plan = await t.explain({ where });
      expect(plan.request.query.updated_since).toBe(new Date(since).toISOString());
      const expected = all.filter((r) => Date.parse(String(r.update_time)) >= Date.parse(since));
      // First read: 8 rows, then stop and keep the cursor.
      const first = t.list({ where });
      const head = await first.take(8);
      const cursor = first.cursor;
      expect(cursor).toBeTypeOf("string");
      // Writes between the two reads: one row already read, one not yet read, one new.
      const readKey = head[2]!.id as number;
      const aheadKey = expected[expected.length - 2]!.id as number;
      const change: Row =
        name === "deals"
          ? { value: 4242 }
          : name === "notes"
            ? { content: "<p>x</p>" }
            : name === "activities"
              ? { done: true }
              : { name: "Changed Between" };
      await t.update(readKey, change as never);
      await t.update(aheadKey, change as never);
      const insert: Row =
        name === "deals"
          ? { title: "Between" }
          : name === "notes"
            ? { content: "<p>n</p>", deal_id: 1 }
            : name === "activities"
              ? { subject: "Between" }
              : { name: "Between" };
      const { key: newKey } = await t.insert(insert as never);
      // Resume: the rest, none of the first read again, the written rows included.
      const rest = (await t.list({ where, cursor }).toArray()) as Row[];
      const ids = [...head, ...rest].map((r) => Number(r.id));
      expect(new Set(ids).size).toBe(ids.length);
      const wanted = [...expected.map((r) => Number(r.id)), Number(newKey)];
      expect([...ids].sort((a, b) => a - b)).toEqual(wanted.sort((a, b) => a - b));
      expect(rest.find((r) => r.id === aheadKey)).toMatchObject(change);
      // The next incremental read, from the first write's time, brings the row changed behind
      // the cursor: nothing is lost between syncs.
      const watermark = String(((await t.get(readKey as never)) as Row).update_time);
      const next = (await t
        .list({ where: { update_time: { gte: watermark } } })
        .toArray()) as Row[];
      expect(next.map((r) => Number(r.id))).toEqual(
        expect.arrayContaining([readKey, aheadKey, Number(newKey)]),
      );
      expect(next.every((r) => Date.parse(String(r.update_time)) >= Date.parse(watermark))).toBe(
        true,
      );
      expect(next.length).toBeLessThan(10);
    },
  );
});
