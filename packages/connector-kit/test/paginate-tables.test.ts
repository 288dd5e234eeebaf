// paginate() served from the tables' listings when the connector declares no resource by that name.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { prop } from "@x/conn-string";
import { defineOAuthProvider } from "@x/oauth-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { listingResource } from "../src/connection.js";
import { defineConnector } from "../src/connector.js";
import type { ApiRequest } from "../src/http.js";
import { withSearchParams } from "../src/index.js";
import { cursorPagination, paginate } from "../src/paginate.js";
import { defineTable } from "../src/tables/declaration.js";

const TOTAL = 12;
let server: Server;
let emulatorUrl: string;
const requests: string[] = [];

// `/things?limit=&cursor=`: `{ code: 0, data, next }`; `/broken`: `{ code: 7 }` with HTTP 200.
beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const path = url.pathname.replace(/^\/api\.example\.test\//, "");
    requests.push(`${path}${url.search}`);
    res.setHeader("content-type", "application/json");
    if (path === "broken") return void res.end(JSON.stringify({ code: 7, message: "no" }));
    const from = Number(url.searchParams.get("cursor") ?? 0);
    const limit = Number(url.searchParams.get("limit") ?? 5);
    const data = Array.from({ length: Math.min(limit, TOTAL - from) }, (_, i) => ({
      thing_id: from + i,
      label: `t${from + i}`,
      tag: url.searchParams.get("tag"),
    }));
    const next = from + limit < TOTAL ? String(from + limit) : null;
    res.end(JSON.stringify({ code: 0, data, next }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  emulatorUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const pages = cursorPagination({
  cursorParam: "cursor",
  items: (body) => (body as { data: unknown[] }).data,
  nextCursor: (body) => (body as { next: string | null }).next,
});
const things = defineTable({
  name: "things",
  key: "id",
  columns: { id: { type: "integer" }, label: { type: "string" } },
  list: {
    request: { path: "things", searchParams: { limit: 5 } },
    pagination: pages,
    pageSize: { param: "limit", max: 5 },
    // Rows rename the key: paginate() must hand out the record as sent, not the row.
    row: (r) => ({
      id: (r as { thing_id: number }).thing_id,
      label: (r as { label: string }).label,
    }),
  },
});
const tables = {
  things,
  // A child table: its listing needs a parent's key, so it is not a resource.
  parts: { ...things, name: "parts", parent: { table: "things", column: "id" } },
  broken: { ...things, name: "broken", list: { ...things.list, request: { path: "broken" } } },
  tagged: { ...things, name: "tagged" },
};

const connector = defineConnector({
  id: "paginate-tables",
  name: "Paginate Tables",
  userAgent: "x-kit-test/0.0.0",
  properties: { Tag: prop.string() },
  authSchemes: ["OAuth"],
  oauth: {
    definition: defineOAuthProvider({
      id: "paginate-tables",
      authorizationEndpoint: "https://api.example.test/authorize",
      tokenEndpoint: "https://api.example.test/token",
    }),
    registerAppUrl: "https://example.invalid/register",
  },
  api: () => ({ baseUrl: "https://api.example.test", allowedHosts: ["api.example.test"] }),
  whoAmI: { path: "me", map: () => ({ id: "1" }) },
  errors: { code: "code", message: "message", successCode: 0 },
  tables: () => tables,
  // A resource replaces the table of its name: here one with a param the listing lacks.
  resources: () => ({
    tagged: listingResource(things.list, {
      params: (request, p) => withSearchParams(request, { tag: p.tag as string | undefined }),
    }),
    // Streams of their own: one a page walk with a filter on top, one not made of pages.
    even: {
      firstRequest: () => things.list.request as ApiRequest,
      pagination: pages,
      keep: (r) => (r as { thing_id: number }).thing_id % 2 === 0,
      stream: (p, api) =>
        paginate(api, things.list.request as ApiRequest, pages, { maxPages: p.maxPages }),
    },
    counted: {
      firstRequest: () => things.list.request as ApiRequest,
      pagination: pages,
      async *stream() {
        for (let n = 0; n < 7; n++) yield { n };
      },
    },
  }),
});

const connect = () =>
  connector.connect(`EmulatorURL=${emulatorUrl};OAuthAccessToken=t`, { debug: false });
const all = async (source: AsyncIterable<unknown>) => {
  const out: unknown[] = [];
  for await (const r of source) out.push(r);
  return out;
};

describe("paginate() from a table's listing", () => {
  test("records as the provider sends them, in the listing's pages; pageSize goes to its parameter", async () => {
    const conn = await connect();
    expect(conn.resources).toEqual(["things", "broken", "tagged", "even", "counted"]);
    requests.length = 0;
    const records = (await all(conn.paginate("things"))) as { thing_id: number }[];
    expect(records.map((r) => r.thing_id)).toEqual([...Array(TOTAL).keys()]);
    expect(records[0]).toEqual({ thing_id: 0, label: "t0", tag: null });
    expect(requests).toEqual([
      "things?limit=5",
      "things?limit=5&cursor=5",
      "things?limit=5&cursor=10",
    ]);
    requests.length = 0;
    expect(await all(conn.paginate("THINGS", { pageSize: 4, maxPages: 2 }))).toHaveLength(8);
    expect(requests).toEqual(["things?limit=4", "things?limit=4&cursor=4"]);
    // Above the listing's maximum, the maximum.
    requests.length = 0;
    await all(conn.paginate("things", { pageSize: 50, maxPages: 1 }));
    expect(requests).toEqual(["things?limit=5"]);
  });

  test("a declared resource wins over the table; child tables are not resources", async () => {
    const conn = await connect();
    const tagged = (await all(conn.paginate("tagged", { tag: "red" }))) as { tag: string }[];
    expect(tagged).toHaveLength(TOTAL);
    expect(new Set(tagged.map((r) => r.tag))).toEqual(new Set(["red"]));
    expect(() => conn.paginate("parts")).toThrow(
      expect.objectContaining({ code: "CONNECTOR_UNKNOWN_RESOURCE" }),
    );
  });

  test("an error the provider sends with HTTP 200 is an error here too", async () => {
    const conn = await connect();
    const err = await all(conn.paginate("broken")).catch((e) => e);
    expect(err).toMatchObject({ code: "CONNECTOR_API_ERROR" });
    expect(err.details.providerCode).toBe("7");
  });

  test("pages(): the listing's pages as arrays; a stream of its own in pages or batches", async () => {
    const conn = await connect();
    requests.length = 0;
    const ids = (batches: unknown[]) =>
      (batches as { thing_id: number }[][]).map((b) => b.map((r) => r.thing_id));
    expect(ids(await all(conn.paginate("things").pages()))).toEqual([
      [0, 1, 2, 3, 4],
      [5, 6, 7, 8, 9],
      [10, 11],
    ]);
    expect(requests).toHaveLength(3);
    // Each pages() is a walk of its own, with the params of its paginate().
    const twice = conn.paginate("things", { pageSize: 4, maxPages: 2 });
    expect(ids(await all(twice.pages()))).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
    ]);
    expect(ids(await all(twice.pages()))).toHaveLength(2);
    // A page walk of the resource's own keeps its pages; the resource's filter applies in each.
    expect(ids(await all(conn.paginate("even").pages()))).toEqual([[0, 2, 4], [6, 8], [10]]);
    expect(await all(conn.paginate("even"))).toHaveLength(6);
    // Records that come in no pages come in arrays of pageSize.
    const batches = (await all(conn.paginate("counted", { pageSize: 3 }).pages())) as unknown[][];
    expect(batches.map((b) => b.length)).toEqual([3, 3, 1]);
    expect(batches.flat()).toEqual(await all(conn.paginate("counted")));
  });
});
