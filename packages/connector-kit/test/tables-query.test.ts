import { describe, expect, test } from "vitest";
import type { ApiClient, ApiRequest } from "../src/http.js";
import { defineTable, type TableQuery } from "../src/tables/declaration.js";
import { type FilterNode, MATCH_ALL } from "../src/tables/filter.js";
import { Table } from "../src/tables/table.js";

// A table's query language (`query`, Zoho CRM's COQL): chosen only when it sends more of the
// filter than the per-condition mappings, its rows re-checked locally when it is a superset,
// its own paging, and never used with pushdown: false.

const records = [1, 2, 3, 4, 5].map((id) => ({ id, name: `n${id}` }));

function stub() {
  const sent: { method: string; path: string; json?: unknown }[] = [];
  const api = {
    async send(request: ApiRequest) {
      sent.push({ method: request.method ?? "GET", path: request.path, json: request.json });
      let items: unknown[] = records;
      if (request.path === "q") {
        // The toy language returns the ids asked for, and always record 5 (a superset), two a page.
        const { ids, page } = request.json as { ids: number[]; page: number };
        items = records
          .filter((r) => ids.includes(r.id) || r.id === 5)
          .slice(page * 2, page * 2 + 2);
      } else if (request.path === "search") {
        const name = (request.searchParams as Record<string, string>).name;
        items = records.filter((r) => r.name === name);
      }
      return new Response(JSON.stringify({ items }), {
        headers: { "content-type": "application/json" },
      });
    },
  } as unknown as ApiClient;
  return { api, sent };
}

/** Ids in `or` / `in` / `eq` on `id`: anything else is not sayable. */
function ids(node: FilterNode): number[] | undefined {
  if (node.kind === "condition") {
    if (node.column !== "id") return undefined;
    if (node.op === "eq") return [node.value as number];
    return node.op === "in" ? (node.value as number[]) : undefined;
  }
  if (node.kind !== "or") return undefined;
  const parts = node.items.map(ids);
  return parts.every((p) => p !== undefined) ? parts.flat() : undefined;
}

const query: TableQuery = {
  operators: (column) => (column === "id" ? ["eq", "in"] : []),
  plan(filter) {
    const terms = filter.kind === "and" ? filter.items : [filter];
    const sent = terms.filter((t) => ids(t) !== undefined);
    if (sent.length === 0) return undefined;
    return {
      request: {
        method: "POST",
        path: "q",
        json: { ids: sent.flatMap((t) => ids(t) ?? []), page: 0 },
      },
      pagination: {
        items: (body) => (body as { items: unknown[] }).items,
        next: (_body, request, items) => {
          const json = request.json as { ids: number[]; page: number };
          return items.length === 2
            ? { ...request, json: { ...json, page: json.page + 1 } }
            : undefined;
        },
      },
      sent,
      // Record 5 always comes back: the whole filter is checked again.
      local: filter === MATCH_ALL ? MATCH_ALL : filter,
    };
  },
};

/** The table every test here reads: two columns, one page of the stub's items. */
const thingsDeclaration = {
  name: "things",
  key: "id",
  columns: { id: { type: "integer" }, name: { type: "string" } },
  list: {
    request: { path: "things" },
    pagination: {
      items: (body: unknown) => (body as { items: unknown[] }).items,
      next: () => undefined,
    },
  },
} as const;

function table(api: ApiClient) {
  return new Table(
    defineTable({
      ...thingsDeclaration,
      filters: {
        name: {
          eq: (value, request) => ({
            ...request,
            path: "search",
            searchParams: { name: String(value) },
          }),
        },
      },
      query,
    }),
    api,
  );
}

describe("table query language", () => {
  test("an OR the mappings cannot send goes to the query, paged, superset rows removed locally", async () => {
    const { api, sent } = stub();
    const things = table(api);
    const where = { OR: [{ id: 1 }, { id: 3 }, { id: 4 }] };
    const rows = await things.list({ where }).toArray();
    expect(rows.map((r) => r.id)).toEqual([1, 3, 4]);
    expect(sent.map((s) => `${s.method} ${s.path}`)).toEqual(["POST q", "POST q", "POST q"]);
    const plan = await things.explain({ where });
    expect(plan.request).toMatchObject({
      method: "POST",
      path: "q",
      json: { ids: [1, 3, 4], page: 0 },
    });
    expect(plan.pushedFilters).toEqual(["id eq 1 OR id eq 3 OR id eq 4"]);
    expect(plan.filteredCap).toBeNull();
    expect((await things.describe()).columns.find((c) => c.name === "id")?.pushdown).toEqual([
      "eq",
      "in",
    ]);
  });

  test("the per-condition mappings keep what they fully send; pushdown: false sends nothing", async () => {
    const { api, sent } = stub();
    const things = table(api);
    expect((await things.list({ where: { name: "n2" } }).toArray()).map((r) => r.id)).toEqual([2]);
    expect(sent.at(-1)?.path).toBe("search");
    const both = await things.list({ where: { name: "n2", id: { in: [2, 3] } } }).toArray();
    expect(both.map((r) => r.id)).toEqual([2]);
    expect(sent.at(-1)?.path).toBe("search");
    const local = await things
      .list({ where: { OR: [{ id: 1 }, { id: 2 }] }, pushdown: false })
      .toArray();
    expect(local.map((r) => r.id)).toEqual([1, 2]);
    expect(sent.at(-1)?.path).toBe("things");
  });

  test("a query listing resumes from its cursor without repeating rows", async () => {
    const { api } = stub();
    const things = table(api);
    const where = { id: { in: [1, 2, 3, 4] } };
    const first = things.list({ where });
    expect((await first.take(3)).map((r) => r.id)).toEqual([1, 2, 3]);
    const rest = await things.list({ where, cursor: first.cursor }).toArray();
    expect(rest.map((r) => r.id)).toEqual([4]);
  });

  test("an order the listing could sort but the query cannot: the limit does not shrink its pages", async () => {
    const { api, sent } = stub();
    const limits: (number | undefined)[] = [];
    const paged: TableQuery = {
      ...query,
      plan(filter, columns, base, limit) {
        limits.push(limit);
        return query.plan(filter, columns, base, limit);
      },
    };
    const sorted = new Table(
      defineTable({
        ...thingsDeclaration,
        orderBy: { name: { desc: (request) => request } },
        query: paged,
      }),
      api,
    );
    const where = { OR: [{ id: 1 }, { id: 3 }, { id: 4 }] };
    const rows = await sorted.list({ where, orderBy: "-name", limit: 1 }).toArray();
    expect(rows.map((r) => r.id)).toEqual([4]);
    // Every row is read to sort here: the query must page at its own size, not at the limit.
    expect(limits).toEqual([undefined]);
    expect(sent.map((s) => s.path)).toEqual(["q", "q", "q"]);
  });
});
