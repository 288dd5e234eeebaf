import { afterAll, beforeAll, describe, expect, expectTypeOf, test } from "vitest";
import { Connection } from "../src/connection.js";
import { ConnectorError } from "../src/errors.js";
import { matches, parseWhere } from "../src/tables/filter.js";
import { Table } from "../src/tables/table.js";
import { CAP, dealsTable, makeDeals, type StoredDeal, startDealsApi } from "./tables-server.js";

let server: Awaited<ReturnType<typeof startDealsApi>>;
let deals: Table<typeof dealsTable.columns>;
const DATA = makeDeals(23);

beforeAll(async () => {
  server = await startDealsApi(DATA);
  deals = new Table(dealsTable, server.api);
});
afterAll(() => server.close());

const code = async (promise: Promise<unknown> | (() => unknown)) => {
  try {
    await (typeof promise === "function" ? promise() : promise);
  } catch (error) {
    // What the user reads: the message, then the hint (kept apart from the message).
    return error instanceof ConnectorError
      ? { code: error.code, said: `${error.message}\n${error.hint ?? ""}` }
      : error;
  }
  throw new Error("expected a ConnectorError");
};

const cols = dealsTable.columns;
const where = (w: unknown) => (row: object) =>
  matches(parseWhere("deals", cols, w), row as Record<string, unknown>, cols);

describe("filter semantics", () => {
  const row = {
    id: 1,
    title: "Acme",
    status: "open",
    value: null,
    owner_id: 42,
    note: "Call BACK",
  };

  test("a comparison with null is false, ne included; NOT negates; isNull and eq null test it", () => {
    expect(where({ value: { gt: 0 } })(row)).toBe(false);
    expect(where({ value: { ne: 5 } })(row)).toBe(false);
    expect(where({ NOT: { value: { gt: 0 } } })(row)).toBe(true);
    expect(where({ value: null })(row)).toBe(true);
    expect(where({ value: { isNull: false } })(row)).toBe(false);
    expect(where({ value: { ne: null } })({ ...row, value: 3 })).toBe(true);
  });

  test("equality is exact, contains and startsWith ignore case", () => {
    expect(where({ title: "acme" })(row)).toBe(false);
    expect(where({ title: "Acme" })(row)).toBe(true);
    expect(where({ note: { contains: "back" } })(row)).toBe(true);
    expect(where({ note: { startsWith: "CALL" } })(row)).toBe(true);
  });

  test("references compare as text, date-times as instants, decimals read from numeric text", () => {
    expect(where({ owner_id: "42" })(row)).toBe(true);
    expect(where({ owner_id: { in: [7, 42] } })(row)).toBe(true);
    const at = { ...row, created_at: "2024-05-01T12:00:00+02:00" };
    expect(where({ created_at: "2024-05-01T10:00:00Z" })(at)).toBe(true);
    expect(where({ created_at: { gt: "2024-05-01T10:00:00.001Z" } })(at)).toBe(false);
    expect(where({ value: { gte: 10 } })({ ...row, value: "12.5" })).toBe(true);
  });

  test("OR and AND combine; several operators on one column all apply", () => {
    const r = { ...row, value: 500 };
    expect(where({ OR: [{ status: "won" }, { value: { gt: 100, lt: 600 } }] })(r)).toBe(true);
    expect(where({ value: { gt: 100, lt: 400 } })(r)).toBe(false);
    expect(where({ AND: [{ status: "open" }, { NOT: { title: "Acme" } }] })(r)).toBe(false);
  });

  test("unknown columns and operators, wrong types: typed errors with the nearest name", async () => {
    expect(await code(() => parseWhere("deals", cols, { vlaue: 3 }))).toMatchObject({
      code: "CONNECTOR_UNKNOWN_COLUMN",
      said: expect.stringContaining('Did you mean "value"'),
    });
    expect(await code(() => parseWhere("deals", cols, { value: { gtt: 3 } }))).toMatchObject({
      code: "CONNECTOR_INVALID_FILTER",
      said: expect.stringContaining('Did you mean "gt"'),
    });
    expect(await code(() => parseWhere("deals", cols, { value: "ten" }))).toMatchObject({
      code: "CONNECTOR_INVALID_FILTER",
      said: expect.stringContaining("where.value"),
    });
    expect(await code(() => parseWhere("deals", cols, { status: "pending" }))).toMatchObject({
      code: "CONNECTOR_INVALID_FILTER",
      said: expect.stringContaining('"open", "won", "lost"'),
    });
    expect(
      await code(() => parseWhere("deals", cols, { status: { contains: "o" } })),
    ).toMatchObject({
      code: "CONNECTOR_INVALID_FILTER",
    });
  });
});

describe("planning and explain", () => {
  test("the provider gets only the conditions it applies with the same meaning", async () => {
    const plan = await deals.explain({
      where: { status: "open", value: { gt: 100 }, OR: [{ note: null }, { title: "x" }] },
      orderBy: ["-value"],
      limit: 3,
    });
    expect(plan.request.query).toEqual({ status: "open", sort: "-value" });
    expect(plan.pushedFilters).toEqual(['status eq "open"']);
    expect(plan.localFilter).toBe('value gt 100 AND (note IS NULL OR title eq "x")');
    expect(plan.pushedOrder).toEqual(["value desc"]);
    expect(plan.filteredCap).toBe(CAP);
    expect(plan.text).toContain("local filter: value gt 100");
  });

  test("a limit lowers the page size only when nothing runs locally", async () => {
    expect((await deals.explain({ where: { status: "won" }, limit: 2 })).request.query).toEqual({
      status: "won",
      limit: "2",
    });
    expect((await deals.explain({ where: { value: 3 }, limit: 2 })).request.query).toEqual({});
    expect((await deals.explain({ orderBy: "title" })).localOrder).toEqual(["title asc"]);
  });

  test("unknown options, select and order columns are refused, never ignored", async () => {
    expect(await code(() => deals.list({ pagesize: 5 } as never))).toMatchObject({
      code: "CONNECTOR_INVALID_OPTION",
      said: expect.stringContaining('"pagesize"'),
    });
    expect(await code(deals.list({ select: ["titel"] }).toArray())).toMatchObject({
      code: "CONNECTOR_UNKNOWN_COLUMN",
      said: expect.stringContaining("select"),
    });
    expect(await code(deals.list({ orderBy: ["-vaule"] }).toArray())).toMatchObject({
      code: "CONNECTOR_UNKNOWN_COLUMN",
    });
  });
});

const local = (w: unknown) => DATA.filter(where(w)).map((d) => d.id);

describe("listing", () => {
  test("pushed-down and local filters give the rows a local scan gives", async () => {
    for (const w of [
      { status: "lost" },
      { status: "open", value: { gte: 300 } },
      { note: { contains: "BACK" } },
      { OR: [{ status: "won" }, { value: null }] },
    ]) {
      const rows = await deals.list({ where: w as never }).toArray();
      expect(rows.map((r) => r.id)).toEqual(local(w));
    }
  });

  test("past the provider's cap on filtered listings, the rest follows without duplicates", async () => {
    const before = server.log.length;
    const rows = await deals.list({ where: { status: "open" } }).toArray();
    expect(local({ status: "open" }).length).toBeGreaterThan(CAP);
    expect(rows.map((r) => r.id)).toEqual(expect.arrayContaining(local({ status: "open" })));
    expect(rows).toHaveLength(local({ status: "open" }).length);
    // The unfiltered listing was read after the capped one.
    expect(server.log.slice(before).some((l) => l === "GET deals")).toBe(true);
  });

  test("a provider-sorted listing that reaches the cap is a typed error, not a short answer", async () => {
    expect(
      await code(deals.list({ where: { status: "open" }, orderBy: ["-value"] }).toArray()),
    ).toMatchObject({ code: "CONNECTOR_PROVIDER_CAP" });
  });

  test("order: the provider's and the local one agree, nulls last both ways", async () => {
    for (const orderBy of [["value"], ["-value"]]) {
      const pushed = await deals.list({ orderBy }).toArray();
      const localRows = await deals
        .list({ where: { NOT: { id: 0 } }, orderBy: [...orderBy, "id"] })
        .toArray();
      expect(pushed.map((r) => r.value)).toEqual(localRows.map((r) => r.value));
      expect(pushed.at(-1)?.value).toBeNull();
    }
  });

  test("select keeps the named columns; limit and take stop reading pages", async () => {
    const before = server.log.length;
    const rows = await deals.list({ select: ["id", "value"], limit: 5 }).toArray();
    expect(rows).toEqual(DATA.slice(0, 5).map((d) => ({ id: d.id, value: d.value })));
    expect(server.log.slice(before)).toEqual(["GET deals?limit=5"]);
    const start = server.log.length;
    const first = await deals.list().take(6);
    expect(first.map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(server.log.length - start).toBe(2);
  });

  test("a cursor resumes after the last row handed out, with no gap and no duplicate", async () => {
    const query = { where: { value: { isNull: false } } } as const;
    const listing = deals.list(query);
    const first = await listing.take(7);
    const cursor = listing.cursor;
    expect(cursor).toEqual(expect.any(String));
    const rest = await deals.list({ ...query, cursor }).toArray();
    expect([...first, ...rest].map((r) => r.id)).toEqual(local(query.where));
    expect(await code(deals.list({ where: { status: "won" }, cursor }).toArray())).toMatchObject({
      code: "CONNECTOR_INVALID_CURSOR",
    });
    // Read to its end, a listing has no cursor.
    const all = deals.list(query);
    await all.toArray();
    expect(all.cursor).toBeUndefined();
  });

  test("an AbortSignal stops the listing", async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const run = (async () => {
      for await (const row of deals.list({ signal: controller.signal })) {
        seen.push(row.id);
        if (seen.length === 2) controller.abort();
      }
    })();
    await expect(run).rejects.toThrow();
    expect(seen.length).toBeLessThanOrEqual(4);
  });

  test("rows are typed from the declaration", async () => {
    const row = await deals.get(2);
    expectTypeOf(row).toMatchTypeOf<
      { id: number; value: number | null; status: "open" | "won" | "lost" } | undefined
    >();
    expect(row).toMatchObject({ id: 2, title: "Deal 2" });
    expect(await deals.get(99_999)).toBeUndefined();
  });
});

describe("writes", () => {
  test("insert, get, update, delete", async () => {
    const { key } = await deals.insert({ title: "New", status: "open", value: 12.5 });
    expect(await deals.get(key as number)).toMatchObject({ title: "New", value: 12.5 });
    await deals.update(key as number, { value: 20, note: null });
    expect(await deals.get(key as number)).toMatchObject({ value: 20, note: null });
    await deals.delete(key as number);
    expect(await deals.get(key as number)).toBeUndefined();
    expect(await code(deals.delete(key as number))).toMatchObject({ code: "CONNECTOR_NOT_FOUND" });
  });

  test("inputs are checked before sending: read-only, required, unknown, types", async () => {
    const before = server.log.length;
    expect(await code(deals.insert({ title: "x", id: 5 } as never))).toMatchObject({
      code: "CONNECTOR_INVALID_RECORD",
      said: expect.stringContaining("deals.id is read-only"),
    });
    expect(await code(deals.insert({ value: 1 } as never))).toMatchObject({
      code: "CONNECTOR_INVALID_RECORD",
      said: expect.stringContaining("required column title"),
    });
    expect(await code(deals.insert({ title: "x", vaule: 1 } as never))).toMatchObject({
      code: "CONNECTOR_UNKNOWN_COLUMN",
      said: expect.stringContaining('Did you mean "value"'),
    });
    expect(await code(deals.update(1, { value: "10" as never }))).toMatchObject({
      code: "CONNECTOR_INVALID_RECORD",
      said: expect.stringContaining("expects a number"),
    });
    expect(await code(deals.update(1, {}))).toMatchObject({ code: "CONNECTOR_INVALID_RECORD" });
    expect(server.log.length).toBe(before);
  });

  test("a write is sent once: a 5xx or a timeout is an unknown outcome, not a retry", async () => {
    for (const fault of [
      { method: "POST", status: 500 },
      { method: "PUT", status: 503 },
      { method: "POST", status: 200, delayMs: 3_000 },
    ]) {
      server.faults.push(fault);
      const before = server.log.length;
      const write =
        fault.method === "POST" ? deals.insert({ title: "once" }) : deals.update(1, { value: 1 });
      expect(await code(write)).toMatchObject({ code: "CONNECTOR_WRITE_OUTCOME_UNKNOWN" });
      expect(server.log.slice(before).filter((l) => l.startsWith(fault.method))).toHaveLength(1);
    }
  });

  test("a 429 (refused before processing) is retried", async () => {
    server.faults.push({ method: "POST", status: 429 });
    const before = server.log.length;
    const { key } = await deals.insert({ title: "after 429" });
    expect(server.log.slice(before)).toEqual(["POST deals", "POST deals"]);
    expect(server.deals.filter((d) => d.title === "after 429").map((d) => d.id)).toEqual([key]);
  });

  test("insertMany: batches of the provider's size, one result per row", async () => {
    const before = server.log.length;
    const rows = [
      { title: "b1" },
      { title: "b2" },
      { value: 3 } as never,
      { title: "refuse me" },
      { title: "b5" },
      { title: "b6" },
    ];
    const results = await deals.insertMany(rows);
    expect(server.log.slice(before)).toEqual(["POST deals/batch", "POST deals/batch"]);
    expect(results.map((r) => [r.index, r.ok])).toEqual([
      [0, true],
      [1, true],
      [2, false],
      [3, false],
      [4, true],
      [5, true],
    ]);
    expect(results[2]).toMatchObject({ sent: false, error: { code: "CONNECTOR_INVALID_RECORD" } });
    expect(results[3]).toMatchObject({
      sent: true,
      error: { message: expect.stringContaining("INVALID_DATA") },
    });
    const keys = results.flatMap((r) => (r.ok ? [r.key] : []));
    const stored = server.deals.filter((d: StoredDeal) => keys.includes(d.id)).map((d) => d.title);
    expect(stored).toEqual(["b1", "b2", "b5", "b6"]);
  });

  test("a table without writes refuses them by name", async () => {
    const readOnly = new Table(
      { ...dealsTable, insert: undefined, update: undefined, delete: undefined },
      server.api,
    );
    expect(await code(readOnly.insert({ title: "x" }))).toMatchObject({
      code: "CONNECTOR_READ_ONLY_TABLE",
    });
  });
});

describe("connection catalog", () => {
  const connection = () =>
    new Connection({
      provider: "Example",
      authScheme: "Token",
      api: server.api,
      whoAmI: async () => ({ id: "1", raw: {} }),
      resources: {},
      tables: {
        deals: {
          ...dealsTable,
          discover: async () => ({ Region__c: { type: "string", nullable: true } }),
        },
      },
    });

  test("tables() lists columns, declared and discovered, with what the provider applies", async () => {
    const [entry] = await connection().tables();
    expect(entry).toMatchObject({
      name: "deals",
      key: "id",
      capabilities: { insert: true, update: true, delete: true, batchInsert: 3 },
      filteredCap: CAP,
    });
    const byName = Object.fromEntries(entry?.columns.map((c) => [c.name, c]) ?? []);
    expect(byName.status).toMatchObject({ origin: "declared", pushdown: ["eq"] });
    expect(byName.value).toMatchObject({ sortable: ["asc", "desc"], pushdown: [] });
    expect(byName.Region__c).toMatchObject({ origin: "discovered", type: "string" });
  });

  test("table() finds names ignoring case and suggests the nearest unknown one", async () => {
    const conn = connection();
    expect(conn.table("DEALS").name).toBe("deals");
    expect(await code(() => conn.table("deal"))).toMatchObject({
      code: "CONNECTOR_UNKNOWN_TABLE",
      said: expect.stringContaining('Did you mean "deals"'),
    });
    // A discovered column can be filtered and selected like a declared one.
    const plan = await conn.table("deals").explain({ where: { Region__c: "EU" } });
    expect(plan.localFilter).toBe('Region__c eq "EU"');
  });
});

describe("pushdown: false", () => {
  test("everything runs locally and gives the same rows", async () => {
    const query = { where: { status: "won", value: { gt: 200 } }, orderBy: ["-value"] } as const;
    expect((await deals.explain(query)).request.query).toEqual({ status: "won", sort: "-value" });
    const plan = await deals.explain({ ...query, pushdown: false });
    expect(plan.pushedFilters).toEqual([]);
    expect(plan.request.query).toEqual({});
    expect(plan.localOrder).toEqual(["value desc"]);
    // Pushed down, the same query is refused past the cap (a provider-sorted, capped listing).
    await expect(deals.list(query).toArray()).rejects.toMatchObject({
      code: "CONNECTOR_PROVIDER_CAP",
    });
    const local = await deals.list({ ...query, pushdown: false }).toArray();
    const pushed = await deals.list({ where: query.where, orderBy: ["-value", "id"] }).toArray();
    expect(local.map((r) => r.id)).toEqual(pushed.map((r) => r.id));
    expect(local.length).toBeGreaterThan(0);
  });
});

describe("README section", () => {
  test("lists every table with its capabilities, pushdown and columns", async () => {
    const { renderTablesMarkdown, replaceTablesSection } = await import(
      "../src/tables/markdown.js"
    );
    const md = renderTablesMarkdown({ deals: dealsTable });
    expect(md).toContain(
      "| `deals` | `id` | yes | yes | yes (batches of 3) | yes | yes | `status` eq |",
    );
    expect(md).toContain("| `status` | enum | `open`, `won`, `lost` |");
    expect(md).toContain("| `id` | integer | read-only |");
    expect(md).toContain("at most 5 rows of a filtered listing");
    const readme = replaceTablesSection("# X\n\nText.\n", md);
    expect(readme).toContain("## Tables");
    // Replacing again keeps one section.
    const again = replaceTablesSection(readme, md);
    expect(again).toBe(readme);
  });
});

describe("superset pushdown", () => {
  test("a condition the provider applies loosely is sent and checked again locally", async () => {
    const loose = new Table(
      { ...dealsTable, filters: { status: { eq: { apply: "status", superset: true } } } },
      server.api,
    );
    const plan = await loose.explain({ where: { status: "lost" } });
    expect(plan.pushedFilters).toEqual(['status eq "lost"']);
    expect(plan.localFilter).toBe('status eq "lost"');
    const rows = await loose.list({ where: { status: "lost" } }).toArray();
    expect(rows.map((r) => r.id)).toEqual(local({ status: "lost" }));
  });
});

describe("child tables", () => {
  // One deal's record as a child listing: the parent key addresses the request path.
  const childTable = () =>
    new Table(
      {
        ...dealsTable,
        name: "deal_record",
        list: {
          request: { path: "deals" },
          pagination: {
            items: (body) => [(body as { data: unknown }).data],
            next: () => undefined,
          },
        },
        parent: { table: "deals", column: "id" },
        filters: { id: { eq: (value, request) => ({ ...request, path: `deals/${value}` }) } },
      },
      server.api,
    );

  test("listing needs the parent key, which is sent even with pushdown: false", async () => {
    const child = childTable();
    await expect(child.list().toArray()).rejects.toMatchObject({
      code: "CONNECTOR_INVALID_FILTER",
      message: expect.stringContaining("needs id equal to one key"),
    });
    const plan = await child.explain({ where: { id: 3, value: { gt: 0 } }, pushdown: false });
    expect(plan.request.path).toBe("deals/3");
    expect(plan.localFilter).toBe("value gt 0");
    expect((await child.list({ where: { id: 3 } }).toArray()).map((r) => r.title)).toEqual([
      "Deal 3",
    ]);
    const described = await child.describe();
    expect(described.parent).toEqual({ table: "deals", column: "id" });
    expect(described.capabilities.get).toBe(true);
  });

  test("a child keyed apart from its parent, with no read by key, says so in describe() and get()", async () => {
    const { get: _get, ...withoutGet } = dealsTable;
    const notes = new Table(
      {
        ...withoutGet,
        name: "deal_notes",
        key: "title",
        list: {
          request: { path: "deals" },
          pagination: {
            items: (body) => [(body as { data: unknown }).data],
            next: () => undefined,
          },
        },
        parent: { table: "deals", column: "id" },
        filters: { id: { eq: (value, request) => ({ ...request, path: `deals/${value}` }) } },
      },
      server.api,
    );
    expect((await notes.describe()).capabilities.get).toBe(false);
    await expect(notes.get("Deal 3")).rejects.toMatchObject({
      code: "CONNECTOR_INVALID_OPTION",
      message: expect.stringContaining("no read by key alone"),
      hint: expect.stringContaining("where: { id: <deals key>"),
    });
  });
});
