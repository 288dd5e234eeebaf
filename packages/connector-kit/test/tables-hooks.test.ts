import { describe, expect, test } from "vitest";
import type { ApiClient, ApiRequest } from "../src/http.js";
import { defineTable } from "../src/tables/declaration.js";
import { Table } from "../src/tables/table.js";

// Declaration hooks for export streams, provider jobs and discovered columns, against an
// in-memory provider: list.continueAt (a listing read to its end keeps a cursor that reads only
// later records), a batch's settle (a job followed to its end), get() with discovered columns.

function param(request: ApiRequest, name: string): string | undefined {
  const sp = request.searchParams;
  if (sp instanceof URLSearchParams) return sp.get(name) ?? undefined;
  const v = (sp as Record<string, unknown> | undefined)?.[name];
  return v === undefined ? undefined : String(v);
}

/** A provider as a function of the request; `sent` records each call. */
function stub(answer: (request: ApiRequest) => unknown) {
  const sent: string[] = [];
  const api = {
    async send(request: ApiRequest) {
      sent.push(`${request.method ?? "GET"} ${request.path}`);
      return new Response(JSON.stringify(answer(request)), {
        headers: { "content-type": "application/json" },
      });
    },
  } as unknown as ApiClient;
  return { api, sent };
}

const columns = {
  id: { type: "integer", readOnly: true },
  name: { type: "string", required: true },
} as const;

describe("list.continueAt", () => {
  test("a listing read to its end resumes with only the records added since", async () => {
    const records = [1, 2, 3, 4, 5].map((id) => ({ id, name: `n${id}` }));
    // Pages of two after `since` (an id); the last page still names where it ended.
    const { api } = stub((request) => {
      const since = Number(param(request, "since") ?? 0);
      const page = records.filter((r) => r.id > since).slice(0, 2);
      const end = page.at(-1)?.id ?? since;
      return { items: page, end, more: records.some((r) => r.id > end) };
    });
    const stream = new Table(
      defineTable({
        name: "stream",
        key: "id",
        columns,
        list: {
          request: { path: "stream", searchParams: { since: 0 } },
          pagination: {
            items: (body) => (body as { items: unknown[] }).items,
            next: (body, request) =>
              (body as { more: boolean }).more
                ? { ...request, searchParams: { since: (body as { end: number }).end } }
                : undefined,
          },
          continueAt: (body, request) => ({
            ...request,
            searchParams: { since: (body as { end: number }).end },
          }),
        },
      }),
      api,
    );
    const first = stream.list();
    expect((await first.toArray()).map((r) => r.id)).toEqual([1, 2, 3, 4, 5]);
    const saved = first.cursor;
    expect(saved).toBeDefined();
    records.push({ id: 6, name: "n6" }, { id: 7, name: "n7" });
    const later = stream.list({ cursor: saved });
    expect((await later.toArray()).map((r) => r.id)).toEqual([6, 7]);
    expect(await stream.list({ cursor: later.cursor }).toArray()).toEqual([]);
  });
});

describe("batch settle", () => {
  test("a batch that runs as a job is followed to its end; results come from the final answer", async () => {
    let polls = 0;
    const { api, sent } = stub((request) => {
      if (request.method === "POST") return { job: { id: "j1", done: false } };
      polls += 1;
      return polls < 3
        ? { job: { id: "j1", done: false } }
        : { job: { id: "j1", done: true, keys: [10, null] } };
    });
    const jobs = new Table(
      defineTable({
        name: "jobs",
        key: "id",
        columns,
        list: { request: { path: "jobs" }, pagination: { items: () => [], next: () => undefined } },
        insert: {
          request: (row) => ({ method: "POST", path: "jobs", json: row }),
          key: () => undefined,
          batch: {
            max: 10,
            request: (rows) => ({ method: "POST", path: "jobs", json: rows }),
            async settle(body, client) {
              let current = body as { job: { id: string; done: boolean } };
              while (!current.job.done) {
                current = (await (
                  await client.send({ path: `jobs/${current.job.id}` })
                ).json()) as typeof current;
              }
              return current;
            },
            results: (body, count) =>
              Array.from({ length: count }, (_, i) => {
                const key = (body as { job: { keys: (number | null)[] } }).job.keys[i];
                return key === null || key === undefined
                  ? { ok: false as const, message: "refused" }
                  : { ok: true as const, key };
              }),
          },
        },
      }),
      api,
    );
    const results = await jobs.insertMany([{ name: "a" }, { name: "b" }]);
    expect(sent).toEqual(["POST jobs", "GET jobs/j1", "GET jobs/j1", "GET jobs/j1"]);
    expect(results.map((r) => r.ok)).toEqual([true, false]);
    expect(results[0]).toMatchObject({ key: 10 });
  });
});

describe("get() with discovered columns", () => {
  test("the row is mapped after discovery, also when nothing was listed before", async () => {
    const labels = new Map<string, string>();
    const { api, sent } = stub((request) =>
      request.path === "fields"
        ? { fields: [{ key: "cf_1", label: "Colour" }] }
        : { record: { id: 1, name: "x", cf_1: "red" } },
    );
    const things = new Table(
      defineTable({
        name: "things",
        key: "id",
        columns,
        list: {
          request: { path: "things" },
          pagination: { items: () => [], next: () => undefined },
          row: (record) => {
            const row = { ...(record as Record<string, unknown>) };
            for (const [key, label] of labels) row[label] = row[key] ?? null;
            return row;
          },
        },
        get: {
          request: (id) => ({ path: `things/${id}` }),
          record: (body) => (body as { record: unknown }).record,
        },
        discover: async (client) => {
          const body = (await (await client.send({ path: "fields" })).json()) as {
            fields: { key: string; label: string }[];
          };
          for (const f of body.fields) labels.set(f.key, f.label);
          return { Colour: { type: "string", nullable: true } };
        },
      }),
      api,
    );
    expect(await things.get(1)).toMatchObject({ id: 1, Colour: "red" });
    expect(sent).toEqual(["GET things/1", "GET fields"]);
  });
});

describe("list.complete", () => {
  test("each page's records are completed before filtering, with the page's request", async () => {
    const records = [1, 2, 3, 4, 5].map((id) => ({ id, name: `n${id}`, extra: id * 10 }));
    // Pages of two without `extra`; `extra` only through `ids`.
    const { api, sent } = stub((request) => {
      const ids = param(request, "ids");
      if (ids) {
        const wanted = ids.split(",").map(Number);
        return {
          items: records
            .filter((r) => wanted.includes(r.id))
            .map(({ id, extra }) => ({ id, extra })),
        };
      }
      const page = Number(param(request, "page") ?? 1);
      const items = records.slice((page - 1) * 2, page * 2).map(({ id, name }) => ({ id, name }));
      return { items, more: page * 2 < records.length };
    });
    const seen: string[] = [];
    const needed: (readonly string[] | undefined)[] = [];
    const wide = new Table(
      defineTable({
        name: "wide",
        key: "id",
        columns: { ...columns, extra: { type: "integer", nullable: true } },
        list: {
          request: { path: "wide", searchParams: { page: 1 } },
          pagination: {
            items: (body) => (body as { items: unknown[] }).items,
            next: (body, request) =>
              (body as { more: boolean }).more
                ? { ...request, searchParams: { page: Number(param(request, "page")) + 1 } }
                : undefined,
          },
          complete: async (items, { api: client, request, needed: columnsNeeded }) => {
            seen.push(String(param(request, "page")));
            needed.push(columnsNeeded);
            const rows = items as Record<string, unknown>[];
            const ids = rows.map((r) => r.id).join(",");
            const body = (await (
              await client.send({ path: "wide", searchParams: { ids } })
            ).json()) as { items: { id: number; extra: number }[] };
            return rows.map((r) => ({ ...r, extra: body.items.find((x) => x.id === r.id)?.extra }));
          },
        },
      }),
      api,
    );
    expect(await wide.list({ where: { extra: { gte: 30 } } }).toArray()).toEqual([
      { id: 3, name: "n3", extra: 30 },
      { id: 4, name: "n4", extra: 40 },
      { id: 5, name: "n5", extra: 50 },
    ]);
    expect(seen).toEqual(["1", "2", "3"]);
    expect(sent).toHaveLength(6);
    expect(needed).toEqual([undefined, undefined, undefined]);
    await wide.list({ select: ["name"], where: { extra: 10 }, orderBy: ["-name"] }).toArray();
    expect(needed.at(-1)).toEqual(["name", "id", "extra"]);
  });
});
