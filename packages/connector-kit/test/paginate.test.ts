import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { headerAuth } from "../src/auth.js";
import { createApiClient } from "../src/http.js";
import {
  cursorPagination,
  nextLinkPagination,
  offsetPagination,
  pageNumberPagination,
  paginate,
} from "../src/paginate.js";
import { emulatorRewrite } from "../src/url-guard.js";

const TOTAL = 23;
let server: Server;
let origin: string;
const requests: string[] = [];

// One fake API with four paging styles over the same 23 records.
beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    requests.push(`${url.pathname}${url.search}`);
    const ids = (from: number, n: number) =>
      Array.from({ length: Math.max(0, Math.min(n, TOTAL - from)) }, (_, i) => ({ id: from + i }));
    const q = url.searchParams;
    const path = url.pathname.replace(/^\/api\.example\.test/, "");
    if (path === "/pages") {
      const page = Number(q.get("page") ?? 1);
      const data = ids((page - 1) * 5, 5);
      if (data.length === 0) {
        res.statusCode = 204;
        return void res.end();
      }
      return void res.end(JSON.stringify({ data, info: { more_records: page * 5 < TOTAL } }));
    }
    if (path === "/cursor") {
      const from = Number(q.get("cursor") ?? 0);
      const data = ids(from, 5);
      const next = from + 5 < TOTAL ? String(from + 5) : null;
      return void res.end(JSON.stringify({ data, additional_data: { next_cursor: next } }));
    }
    if (path === "/offset") {
      const from = Number(q.get("n") ?? 0);
      return void res.end(JSON.stringify(ids(from, 10)));
    }
    if (path === "/links") {
      const from = Number(q.get("after") ?? 0);
      const next = from + 5 < TOTAL ? `https://api.example.test/links?after=${from + 5}` : null;
      return void res.end(JSON.stringify({ tickets: ids(from, 5), links: { next } }));
    }
    res.statusCode = 404;
    res.end("{}");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const api = () =>
  createApiClient({
    provider: "Example",
    baseUrl: "https://api.example.test",
    allowedHosts: ["api.example.test"],
    auth: headerAuth("x-api-token", "k"),
    rewriteUrl: emulatorRewrite(origin),
    userAgent: "t",
  });

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

type Rec = { id: number };
const expected = Array.from({ length: TOTAL }, (_, id) => ({ id }));

// `/pages` by page number: until more_records is false, or on and on (until the 204).
const byPage = pageNumberPagination<Rec>({
  pageParam: "page",
  items: (b) => (b as { data: Rec[] }).data,
  hasMore: (b) => (b as { info: { more_records: boolean } }).info.more_records,
});
const endlessPages = pageNumberPagination<Rec>({
  pageParam: "page",
  items: (b) => (b as { data: Rec[] }).data,
  hasMore: () => true,
});

describe("paginate", () => {
  test("page numbers until more_records is false", async () => {
    requests.length = 0;
    const spec = byPage;
    expect(
      await collect(paginate(api(), { path: "pages", searchParams: { page: 1 } }, spec)),
    ).toEqual(expected);
    expect(requests).toHaveLength(5);
  });

  test("cursors until next_cursor is null", async () => {
    const spec = cursorPagination<Rec>({
      cursorParam: "cursor",
      items: (b) => (b as { data: Rec[] }).data,
      nextCursor: (b) =>
        (b as { additional_data: { next_cursor: string | null } }).additional_data.next_cursor,
    });
    expect(await collect(paginate(api(), { path: "cursor" }, spec))).toEqual(expected);
  });

  test("offsets stop at a short page", async () => {
    requests.length = 0;
    const spec = offsetPagination<Rec>({
      offsetParam: "n",
      pageSize: 10,
      items: (b) => b as Rec[],
    });
    expect(await collect(paginate(api(), { path: "offset" }, spec))).toEqual(expected);
    expect(requests).toEqual([
      "/api.example.test/offset",
      "/api.example.test/offset?n=10",
      "/api.example.test/offset?n=20",
    ]);
  });

  test("next links, absolute URLs on the provider's host", async () => {
    const spec = nextLinkPagination<Rec>({
      items: (b) => (b as { tickets: Rec[] }).tickets,
      nextUrl: (b) => (b as { links: { next: string | null } }).links.next,
    });
    expect(await collect(paginate(api(), { path: "links" }, spec))).toEqual(expected);
  });

  test("204 ends the stream; pages are fetched only as the consumer pulls", async () => {
    requests.length = 0;
    const spec = endlessPages;
    expect(await collect(paginate(api(), { path: "pages" }, spec))).toEqual(expected);
    expect(requests.at(-1)).toBe("/api.example.test/pages?page=6");

    requests.length = 0;
    for await (const rec of paginate(api(), { path: "pages" }, spec)) {
      if (rec.id === 6) break;
    }
    expect(requests).toHaveLength(2);
  });

  test("concurrent next() calls get successive items, each page fetched once", async () => {
    requests.length = 0;
    const spec = byPage;
    const walk = paginate(api(), { path: "pages", searchParams: { page: 1 } }, spec);
    const results = await Promise.all(Array.from({ length: TOTAL + 2 }, () => walk.next()));
    expect(results.filter((r) => !r.done).map((r) => r.value)).toEqual(expected);
    expect(results.slice(TOTAL).every((r) => r.done)).toBe(true);
    expect(requests).toEqual([1, 2, 3, 4, 5].map((p) => `/api.example.test/pages?page=${p}`));
  });

  test("keep drops items inside the walk; a lazy first request is built when iteration starts", async () => {
    requests.length = 0;
    const spec = cursorPagination<Rec>({
      cursorParam: "cursor",
      items: (b) => (b as { data: Rec[] }).data,
      nextCursor: (b) =>
        (b as { additional_data: { next_cursor: string | null } }).additional_data.next_cursor,
    });
    let built = 0;
    const walk = paginate(
      api(),
      async () => {
        built += 1;
        return { path: "cursor" };
      },
      spec,
      { keep: (rec) => rec.id % 2 === 0 },
    );
    expect(built).toBe(0);
    expect(await collect(walk)).toEqual(expected.filter((r) => r.id % 2 === 0));
    expect(built).toBe(1);
    expect(requests).toHaveLength(5);
  });

  test("after return() or a failed page, the walk is over and sends nothing more", async () => {
    requests.length = 0;
    const spec = endlessPages;
    const walk = paginate(api(), { path: "pages" }, spec);
    expect((await walk.next()).value).toEqual({ id: 0 });
    expect(await walk.return?.()).toEqual({ value: undefined, done: true });
    expect(await walk.next()).toEqual({ value: undefined, done: true });
    expect(requests).toHaveLength(1);

    const failing = paginate(api(), { path: "missing" }, spec);
    await expect(failing.next()).rejects.toMatchObject({ status: 404 });
    expect(await failing.next()).toEqual({ value: undefined, done: true });
  });

  test("pages() hands out whole pages: kept items only, empty pages skipped, the walk shared", async () => {
    requests.length = 0;
    const spec = byPage;
    const first = { path: "pages", searchParams: { page: 1 } };
    const ids = (pages: Rec[][]) => pages.map((p) => p.map((r) => r.id));
    expect(ids(await collect(paginate(api(), first, spec).pages()))).toEqual([
      [0, 1, 2, 3, 4],
      [5, 6, 7, 8, 9],
      [10, 11, 12, 13, 14],
      [15, 16, 17, 18, 19],
      [20, 21, 22],
    ]);
    expect(requests).toHaveLength(5);

    // Page 2 (ids 5-9) keeps nothing: it is skipped, not handed out empty.
    const kept = paginate(api(), first, spec, { keep: (r) => r.id < 5 || r.id >= 12 });
    expect(ids(await collect(kept.pages()))).toEqual([
      [0, 1, 2, 3, 4],
      [12, 13, 14],
      [15, 16, 17, 18, 19],
      [20, 21, 22],
    ]);

    // Items taken one by one are not handed out again; the rest of their page comes first.
    const walk = paginate(api(), first, spec);
    expect((await walk.next()).value).toEqual({ id: 0 });
    expect((await walk.next()).value).toEqual({ id: 1 });
    const pages = walk.pages();
    expect((await pages.next()).value).toEqual([{ id: 2 }, { id: 3 }, { id: 4 }]);
    // Two calls at once get two successive pages, each fetched once.
    requests.length = 0;
    const [a, b] = await Promise.all([pages.next(), pages.next()]);
    expect(ids([a.value as Rec[], b.value as Rec[]])).toEqual([
      [5, 6, 7, 8, 9],
      [10, 11, 12, 13, 14],
    ]);
    expect(requests).toEqual(["/api.example.test/pages?page=2", "/api.example.test/pages?page=3"]);
    // return() ends the walk for both views of it.
    expect(await pages.return?.()).toEqual({ value: undefined, done: true });
    expect(await pages.next()).toEqual({ value: undefined, done: true });
    expect(await walk.next()).toEqual({ value: undefined, done: true });
    expect(requests).toHaveLength(2);

    const failing = paginate(api(), { path: "missing" }, spec).pages();
    await expect(failing.next()).rejects.toMatchObject({ status: 404 });
    expect(await failing.next()).toEqual({ value: undefined, done: true });
  });
});
