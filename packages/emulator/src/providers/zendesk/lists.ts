import type { EmulatorResponse } from "../../core/http.js";
import type { StoredRecord } from "../../core/records/store.js";
import type { RequestContext } from "../../core/types.js";
import { meUser } from "./api.js";
import { guard } from "./auth.js";
import { CHILDREN, TABLE, tagCounts, type ZChild, type ZTable } from "./catalog.js";
import { base, cursors, err, type ZendeskShared } from "./state.js";
import type { ZendeskStore } from "./store.js";

/** Records in list order: positions are what cursors carry. */
interface Source {
  /** Up to `n` records from position `from`, and where the next page starts. */
  page(from: number, n: number): { records: StoredRecord[]; next: number | undefined };
  /** Up to `n` records before position `before`, and the position of the first. */
  before(before: number, n: number): { records: StoredRecord[]; start: number };
  count(): number;
}

function storeSource(store: ZendeskStore, test?: (r: StoredRecord) => boolean): Source {
  return {
    page: (from, n) => store.scan(from, n, test),
    before(before, n) {
      const records: StoredRecord[] = [];
      let i = Math.min(before, store.span) - 1;
      let start = Math.max(0, i + 1);
      for (; i >= 0 && records.length < n; i--) {
        const r = store.at(i);
        if (r && (!test || test(r))) {
          records.unshift(r);
          start = i;
        }
      }
      return { records, start };
    },
    count: () => store.all(test).length,
  };
}

function arraySource(items: StoredRecord[]): Source {
  return {
    page: (from, n) => ({
      records: items.slice(from, from + n),
      next: from + n < items.length ? from + n : undefined,
    }),
    before(before, n) {
      const start = Math.max(0, Math.min(before, items.length) - n);
      return { records: items.slice(start, Math.min(before, items.length)), start };
    },
    count: () => items.length,
  };
}

/**
 * A list answer, in Zendesk's two pagination styles: cursor (`page[size]` ≤ 100,
 * `page[after]`/`page[before]`, `meta.has_more`, absolute `links.next`) or offset (`page`,
 * `per_page` ≤ 100, `next_page`, `count`, at most 100 pages / 10,000 records).
 */
function paged(
  s: ZendeskShared,
  ctx: RequestContext,
  key: string,
  path: string,
  source: Source,
  headers: Record<string, string>,
): EmulatorResponse {
  const q = ctx.query;
  const pageSize = q.get("page[size]");
  const after = q.get("page[after]");
  const before = q.get("page[before]");
  const url = `${base(s)}/api/v2/${path}.json`;
  if (pageSize !== null || after !== null || before !== null) {
    const n = pageSize === null ? 100 : Number(pageSize);
    if (!Number.isInteger(n) || n < 1 || n > 100) {
      return err(s, 400, "InvalidPaginationParameter", "page[size] must be between 1 and 100");
    }
    let records: StoredRecord[];
    let start: number;
    let next: number | undefined;
    if (before) {
      const b = cursors.decode(before);
      if (b === undefined)
        return err(s, 400, "InvalidPaginationParameter", "Invalid page[before] cursor");
      ({ records, start } = source.before(b, n));
      next = b;
    } else {
      const a = after ? cursors.decode(after) : 0;
      if (a === undefined)
        return err(s, 400, "InvalidPaginationParameter", "Invalid page[after] cursor");
      start = a;
      ({ records, next } = source.page(a, n));
    }
    const hasMore = !before && next !== undefined;
    const afterCursor =
      records.length > 0 || next !== undefined ? cursors.encode(next ?? start) : null;
    const beforeCursor = records.length > 0 ? cursors.encode(start) : null;
    const link = (k: string, c: string | null) => {
      if (c === null) return null;
      const u = new URL(url);
      for (const [name, value] of q) if (!name.startsWith("page[")) u.searchParams.set(name, value);
      u.searchParams.set("page[size]", String(n));
      u.searchParams.set(k, c);
      return u.toString();
    };
    return s.core.respond.json(
      200,
      {
        [key]: records,
        meta: { has_more: hasMore, after_cursor: afterCursor, before_cursor: beforeCursor },
        links: {
          next: hasMore ? link("page[after]", afterCursor) : null,
          prev: start > 0 ? link("page[before]", beforeCursor) : null,
        },
      },
      headers,
    );
  }
  const page = Number(q.get("page") ?? "1");
  const perPage = Math.min(100, Number(q.get("per_page") ?? "100"));
  if (!Number.isInteger(page) || page < 1 || !Number.isInteger(perPage) || perPage < 1) {
    return err(s, 400, "InvalidPaginationParameter", "page and per_page must be positive integers");
  }
  if (page > 100 || page * perPage > 10_000) {
    return err(
      s,
      400,
      "InvalidPaginationParameter",
      "Offset pagination is limited to the first 100 pages (10,000 records); use cursor pagination",
    );
  }
  const window = source.page(0, page * perPage);
  const records = window.records.slice((page - 1) * perPage);
  const more = window.next !== undefined && window.records.length === page * perPage;
  const pageUrl = (p: number) => `${url}?page=${p}&per_page=${perPage}`;
  return s.core.respond.json(
    200,
    {
      [key]: records,
      next_page: more && page < 100 ? pageUrl(page + 1) : null,
      previous_page: page > 1 ? pageUrl(page - 1) : null,
      count: source.count(),
    },
    headers,
  );
}

/** The filters a list endpoint takes itself (`users?role=agent`, `role[]=…`). */
function endpointFilter(t: ZTable, q: URLSearchParams): ((r: StoredRecord) => boolean) | undefined {
  if (t.name !== "users") return undefined;
  const roles = [...q.getAll("role"), ...q.getAll("role[]")];
  return roles.length ? (r) => roles.includes(String(r.role)) : undefined;
}

/** `GET /api/v2/{path}.json`. */
export function listTable(s: ZendeskShared, ctx: RequestContext, t: ZTable): EmulatorResponse {
  const g = guard(s, ctx);
  if ("status" in g) return g;
  const source = storeSource(s.stores[t.name]!, endpointFilter(t, ctx.query));
  return paged(s, ctx, t.name, t.path, source, g.headers);
}

/** `GET /api/v2/{ticket,user,organization}_fields.json` and `tags.json`: short fixed lists. */
export function listArray(
  s: ZendeskShared,
  ctx: RequestContext,
  key: string,
  items: (s: ZendeskShared) => StoredRecord[],
): EmulatorResponse {
  const g = guard(s, ctx);
  if ("status" in g) return g;
  return paged(s, ctx, key, key, arraySource(items(s)), g.headers);
}

export const notFound = (s: ZendeskShared) => err(s, 404, "RecordNotFound", "Not found");

const idOf = (raw: string | undefined) => (/^\d+$/.test(raw ?? "") ? Number(raw) : Number.NaN);

/** `GET /api/v2/{path}/{id}.json` → `{ <singular>: {…} }`. */
export function showRecord(s: ZendeskShared, ctx: RequestContext, t: ZTable): EmulatorResponse {
  const g = guard(s, ctx);
  if ("status" in g) return g;
  const id = idOf(ctx.params.id);
  if (t.name === "users" && id === s.user.id) {
    return s.core.respond.json(200, { user: meUser(s) }, g.headers);
  }
  const record = s.stores[t.name]!.get(id);
  if (!record) return notFound(s);
  return s.core.respond.json(200, { [t.singular]: record }, g.headers);
}

/** `GET /api/v2/ticket_fields/{id}.json` and the like: one of a fixed list. */
export function showArray(
  s: ZendeskShared,
  ctx: RequestContext,
  singular: string,
  items: (s: ZendeskShared) => StoredRecord[],
): EmulatorResponse {
  const g = guard(s, ctx);
  if ("status" in g) return g;
  const id = idOf(ctx.params.id);
  const record = items(s).find((r) => r.id === id);
  if (!record) return notFound(s);
  return s.core.respond.json(200, { [singular]: record }, g.headers);
}

/** `GET /api/v2/tickets/{id}/metrics.json` → that ticket's `ticket_metric`. */
export function ticketMetrics(s: ZendeskShared, ctx: RequestContext): EmulatorResponse {
  const g = guard(s, ctx);
  if ("status" in g) return g;
  const id = idOf(ctx.params.id);
  const metric = s.stores.tickets!.get(id)
    ? s.stores.ticket_metrics!.get(TABLE.ticket_metrics!.firstId + id - 1)
    : undefined;
  if (!metric) return notFound(s);
  return s.core.respond.json(200, { ticket_metric: metric }, g.headers);
}

/** The records of a child list under one parent: the generated ones, then those added. */
export function childrenOf(s: ZendeskShared, c: ZChild, parentId: number): StoredRecord[] {
  const parent = TABLE[c.parent]!;
  const store = s.stores[c.name]!;
  const out: StoredRecord[] = [];
  const p = parentId - parent.firstId;
  if (p >= 0 && p < parent.size(s)) {
    for (let j = 0; j < c.perParent; j++) {
      const r = store.get(c.firstId + p * c.perParent + j);
      if (r) out.push(r);
    }
  }
  for (const k of s.childKeys.get(`${c.name}/${parentId}`) ?? []) {
    const r = store.get(k);
    if (r) out.push(r);
  }
  return out;
}

/** `GET /api/v2/tickets/{id}/comments.json` and the like: 404 when the parent is not there. */
export function listChildren(s: ZendeskShared, ctx: RequestContext, c: ZChild): EmulatorResponse {
  const g = guard(s, ctx);
  if ("status" in g) return g;
  const parentId = idOf(ctx.params.id);
  if (!s.stores[c.parent]!.get(parentId)) return notFound(s);
  const path = `${c.parent}/${parentId}/${c.path}`;
  // Zendesk's comments do not name their ticket (the emulator keeps it to find them).
  const records = childrenOf(s, c, parentId).map((r) => {
    if (c.name !== "comments") return r;
    const { ticket_id: _t, ...rest } = r;
    return rest;
  });
  return paged(s, ctx, c.name, path, arraySource(records), g.headers);
}

/** Adds a child record under a parent (a comment through a ticket update). */
export function addChild(
  s: ZendeskShared,
  c: ZChild,
  parentId: number,
  record: StoredRecord,
): StoredRecord {
  const stored = s.stores[c.name]!.insert({ ...record, [c.parentKey]: parentId });
  const k = `${c.name}/${parentId}`;
  s.childKeys.set(k, [...(s.childKeys.get(k) ?? []), stored.id as number]);
  return stored;
}

export { CHILDREN, tagCounts };
