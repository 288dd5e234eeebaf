import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Connection } from "../src/connection.js";
import { renderTablesMarkdown } from "../src/tables/markdown.js";
import { describeTable, Table } from "../src/tables/table.js";
import { batchDealsTable, dealsTable, makeDeals, startDealsApi } from "./tables-server.js";

// Batch writes: updateMany, deleteMany, upsertMany through a batch endpoint (3 per call), one
// result per row, each call sent once. Also tables found at run time, and a listing request made
// from the discovered columns.

let server: Awaited<ReturnType<typeof startDealsApi>>;
let deals: Table<typeof batchDealsTable.columns>;

beforeAll(async () => {
  server = await startDealsApi(makeDeals(30));
  deals = new Table(batchDealsTable, server.api);
});
afterAll(() => server.close());

const since = (before: number) => server.log.slice(before).map((l) => l.replace(/\?.*/, ""));
const stored = (id: number) => server.deals.find((d) => d.id === id);

describe("updateMany", () => {
  test("batches of the provider's size, per-row results, invalid rows never sent", async () => {
    const before = server.log.length;
    const results = await deals.updateMany([
      { key: 1, changes: { value: 11 } },
      { key: 2, changes: { value: "x" as never } },
      { key: "3", changes: { note: "three" } },
      { key: 999, changes: { value: 1 } },
      { key: 4, changes: { title: "refuse me" } },
      { key: 5, changes: { value: 55 } },
    ]);
    expect(since(before)).toEqual(["PUT deals/batch", "PUT deals/batch"]);
    expect(results.map((r) => [r.index, r.key, r.ok])).toEqual([
      [0, 1, true],
      [1, 2, false],
      [2, 3, true],
      [3, 999, false],
      [4, 4, false],
      [5, 5, true],
    ]);
    expect(results[1]).toMatchObject({ sent: false, error: { code: "CONNECTOR_INVALID_RECORD" } });
    expect(results[3]).toMatchObject({ sent: true, error: { code: "CONNECTOR_NOT_FOUND" } });
    expect(results[4]).toMatchObject({
      sent: true,
      error: { code: "CONNECTOR_INVALID_RECORD", message: expect.stringContaining("INVALID_DATA") },
    });
    expect([stored(1)?.value, stored(3)?.note, stored(5)?.value]).toEqual([11, "three", 55]);
    expect(stored(4)?.title).toBe("Deal 4");
  });

  test("without a batch endpoint, one call per row", async () => {
    const plain = new Table(dealsTable, server.api);
    const before = server.log.length;
    const results = await plain.updateMany([
      { key: 6, changes: { value: 6 } },
      { key: 7, changes: { value: 7 } },
    ]);
    expect(since(before)).toEqual(["PUT deals/6", "PUT deals/7"]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect([stored(6)?.value, stored(7)?.value]).toEqual([6, 7]);
  });

  test("an unknown outcome stops the rest: nothing is sent twice or after it", async () => {
    server.faults.push({ method: "PUT", status: 500 });
    const before = server.log.length;
    const rows = [8, 9, 10, 11].map((key) => ({ key, changes: { value: 1 } }));
    const results = await deals.updateMany(rows);
    expect(since(before)).toEqual(["PUT deals/batch"]);
    expect(results.map((r) => (r.ok ? "ok" : `${r.sent}:${r.error.code}`))).toEqual([
      "true:CONNECTOR_WRITE_OUTCOME_UNKNOWN",
      "true:CONNECTOR_WRITE_OUTCOME_UNKNOWN",
      "true:CONNECTOR_WRITE_OUTCOME_UNKNOWN",
      "false:CONNECTOR_ABORTED",
    ]);
  });
});

/** The deals table with its batch delete declared `whole` (refused batches resent key by key). */
function wholeDeletes() {
  const del = batchDealsTable.delete;
  if (!del?.batch) throw new Error("the deals table has a batch delete");
  return new Table(
    { ...batchDealsTable, delete: { ...del, batch: { ...del.batch, whole: true } } },
    server.api,
  );
}

describe("deleteMany", () => {
  test("keys in batches; a missing key is a not-found result, a bad key is not sent", async () => {
    const before = server.log.length;
    const results = await deals.deleteMany([20, 21, "x" as never, 998, 22]);
    expect(server.log.slice(before)).toEqual([
      "DELETE deals/batch?ids=20%2C21%2C998",
      "DELETE deals/batch?ids=22",
    ]);
    expect(results.map((r) => (r.ok ? "ok" : r.error.code))).toEqual([
      "ok",
      "ok",
      "CONNECTOR_INVALID_OPTION",
      "CONNECTOR_NOT_FOUND",
      "ok",
    ]);
    expect(results[2]).toMatchObject({ key: "x", sent: false });
    expect([20, 21, 22].map(stored)).toEqual([undefined, undefined, undefined]);
  });

  test("a batch refused as a whole (4xx) fails every key of it, unless the batch is `whole`", async () => {
    server.faults.push({ method: "DELETE", status: 400 });
    let before = server.log.length;
    const refused = await deals.deleteMany([23, 24]);
    expect(since(before)).toEqual(["DELETE deals/batch"]);
    expect(refused.map((r) => (r.ok ? "ok" : `${r.sent}:${r.error.code}`))).toEqual([
      "true:CONNECTOR_API_ERROR",
      "true:CONNECTOR_API_ERROR",
    ]);
    expect([23, 24].map((id) => stored(id)?.id)).toEqual([23, 24]);

    const whole = wholeDeletes();
    server.faults.push({ method: "DELETE", status: 400 });
    before = server.log.length;
    const each = await whole.deleteMany([23, 997, 24, 25]);
    // The refused batch wrote nothing: each of its keys goes on its own; the next batch as usual.
    expect(since(before)).toEqual([
      "DELETE deals/batch",
      "DELETE deals/23",
      "DELETE deals/997",
      "DELETE deals/24",
      "DELETE deals/batch",
    ]);
    expect(each.map((r) => (r.ok ? "ok" : r.error.code))).toEqual([
      "ok",
      "CONNECTOR_NOT_FOUND",
      "ok",
      "ok",
    ]);
    expect([23, 24, 25].map(stored)).toEqual([undefined, undefined, undefined]);
  });

  test("a whole batch resent one by one stops at an unknown outcome", async () => {
    const whole = wholeDeletes();
    server.faults.push({ method: "DELETE", status: 400 }, { method: "DELETE", status: 500 });
    const before = server.log.length;
    const results = await whole.deleteMany([26, 27, 28, 29]);
    expect(since(before)).toEqual(["DELETE deals/batch", "DELETE deals/26"]);
    expect(results.map((r) => (r.ok ? "ok" : `${r.sent}:${r.error.code}`))).toEqual([
      "true:CONNECTOR_WRITE_OUTCOME_UNKNOWN",
      "false:CONNECTOR_ABORTED",
      "false:CONNECTOR_ABORTED",
      "false:CONNECTOR_ABORTED",
    ]);
  });

  test("refuses what is not an array", async () => {
    await expect(deals.deleteMany(5 as never)).rejects.toMatchObject({
      code: "CONNECTOR_INVALID_OPTION",
    });
  });
});

describe("upsert", () => {
  test("matched rows are updated, others inserted, with the action per row", async () => {
    const before = server.log.length;
    const results = await deals.upsertMany(
      [{ title: "Deal 12", value: 120 }, { title: "fresh", value: 1 }, { value: 2 } as never],
      { match: ["title"] },
    );
    expect(since(before)).toEqual(["POST deals/upsert"]);
    expect(results[0]).toMatchObject({ ok: true, key: 12, action: "update" });
    expect(results[1]).toMatchObject({ ok: true, action: "insert" });
    expect(results[2]).toMatchObject({ ok: false, sent: false });
    expect(stored(12)?.value).toBe(120);
    const key = results[1]?.ok ? results[1].key : undefined;
    expect(stored(key as number)?.title).toBe("fresh");
    expect(await deals.upsert({ title: "fresh", value: 3 })).toEqual({ key, action: "update" });
  });

  test("a match column the table does not have is a typed error, nothing sent", async () => {
    const before = server.log.length;
    await expect(deals.upsert({ title: "x" }, { match: ["titel"] })).rejects.toMatchObject({
      code: "CONNECTOR_UNKNOWN_COLUMN",
      hint: expect.stringContaining('"title"'),
    });
    expect(server.log.length).toBe(before);
  });

  test("a table without upsert says which writes it has", async () => {
    await expect(new Table(dealsTable, server.api).upsert({ title: "x" })).rejects.toMatchObject({
      code: "CONNECTOR_READ_ONLY_TABLE",
      hint: expect.stringContaining("insert, update, delete"),
    });
  });
});

describe("catalog", () => {
  test("capabilities and the README name the batch sizes", () => {
    expect(describeTable(batchDealsTable, batchDealsTable.columns).capabilities).toMatchObject({
      batchUpdate: 3,
      batchDelete: 3,
      upsert: true,
      batchUpsert: 3,
    });
    expect(renderTablesMarkdown({ deals: batchDealsTable })).toContain(
      "| yes (batches of 3); upsert (batches of 3) | yes (batches of 3) | yes (batches of 3) |",
    );
  });
});

describe("run-time discovery", () => {
  test("custom tables join the catalog (names cached) and are declared by name", async () => {
    let lookups = 0;
    const conn = new Connection({
      provider: "Example",
      authScheme: "Token",
      api: server.api,
      whoAmI: async () => ({ id: "1", raw: {} }),
      resources: {},
      tables: { deals: dealsTable },
      customTables: {
        names: async () => {
          lookups += 1;
          return ["custom_deals", "DEALS"];
        },
        declare: (name) => (name === "custom_deals" ? { ...dealsTable, name } : undefined),
      },
    });
    expect((await conn.tables()).map((t) => t.name)).toEqual(["deals", "custom_deals"]);
    await conn.tables();
    expect(lookups).toBe(1);
    const rows = await conn.table("custom_deals").list({ limit: 2 }).toArray();
    expect(rows).toHaveLength(2);
    expect(conn.table("custom_deals")).toBe(conn.table("custom_deals"));
    expect(() => conn.table("other")).toThrow(/no table "other"/);
  });

  test("a listing request made from the columns includes the discovered ones", async () => {
    const table = new Table(
      {
        ...dealsTable,
        list: {
          ...dealsTable.list,
          request: (columns) => ({
            path: "deals",
            searchParams: new URLSearchParams({ fields: Object.keys(columns).join(",") }),
          }),
        },
        discover: async () => ({ Region__c: { type: "string", nullable: true } }),
      },
      server.api,
    );
    const plan = await table.explain({});
    expect(plan.request.query.fields?.split(",")).toContain("Region__c");
    expect(plan.request.query.fields?.split(",")).toContain("title");
  });
});
