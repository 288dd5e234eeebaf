import type { EmulatorResponse } from "../../core/http.js";
import type { RecordStore, ScanPosition, StoredRecord } from "../../core/records/store.js";
import type { RequestContext } from "../../core/types.js";
import { access, invError, invLookup, invStore } from "./inventory.js";
import { INV_TABLES, type InvFilter, type InvTable } from "./inventory-tables.js";
import type { ZohoShared } from "./state.js";

// Listings: paging, the documented filters and sort orders.

const STATUS_FILTER = /^Status\.([A-Za-z]+)$/;
const ZOHO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{4}$/;

/** The record test of a list's filter parameters, or the message of a bad value. */
function filterTest(
  table: InvTable,
  query: URLSearchParams,
): ((rec: StoredRecord) => boolean) | string {
  const tests: ((rec: StoredRecord) => boolean)[] = [];
  for (const f of table.filters ?? []) {
    const raw = query.get(f.param);
    if (raw === null) continue;
    const test = oneFilter(f, raw);
    if (typeof test === "string") return test;
    tests.push(test);
  }
  return (rec) => tests.every((t) => t(rec));
}

function oneFilter(f: InvFilter, raw: string): ((rec: StoredRecord) => boolean) | string {
  const bad = `Invalid value passed for ${f.param}`;
  const field = (rec: StoredRecord) => rec[f.field];
  switch (f.test) {
    case "status": {
      const m = STATUS_FILTER.exec(raw);
      if (!m) return bad;
      const wanted = (m[1] as string).toLowerCase();
      return wanted === "all" ? () => true : (rec) => field(rec) === wanted;
    }
    case "eq":
      return (rec) => field(rec) === raw;
    case "contains":
    case "startswith": {
      const needle = raw.toLowerCase();
      return (rec) => {
        const v = field(rec);
        if (typeof v !== "string") return false;
        const text = v.toLowerCase();
        return f.test === "contains" ? text.includes(needle) : text.startsWith(needle);
      };
    }
    default: {
      // Dates compare as `YYYY-MM-DD` text, times as instants, numbers as numbers.
      const kind = f.kind ?? "date";
      const read = (v: unknown): number | string | undefined => {
        if (kind === "number") {
          const n =
            typeof v === "number" ? v : typeof v === "string" && v.trim() ? Number(v) : Number.NaN;
          return Number.isNaN(n) ? undefined : n;
        }
        if (typeof v !== "string") return undefined;
        if (kind === "time") return Number.isNaN(Date.parse(v)) ? undefined : Date.parse(v);
        return /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined;
      };
      // Times are taken only in the documented form, `yyyy-MM-ddTHH:mm:ss+0000`.
      if (kind === "time" && !ZOHO_TIME.test(raw)) return bad;
      const bound = read(raw);
      if (bound === undefined) return bad;
      return (rec) => {
        const value = read(field(rec));
        if (value === undefined) return false;
        if (f.test === "gte") return value >= bound;
        if (f.test === "lte") return value <= bound;
        if (f.test === "gt") return value > bound;
        return value < bound;
      };
    }
  }
}

/** A record as lists show it: line items only in single answers. */
function summary(table: InvTable, rec: StoredRecord): StoredRecord {
  if (!table.lines) return rec;
  const { line_items: _, ...rest } = rec;
  return rest;
}

/**
 * Where each page of a listing starts, so that page n + 1 does not walk pages 1 … n again. Kept
 * per table, query and page size, and dropped when the table changes.
 */
const pageStarts = new WeakMap<RecordStore, Map<string, ScanPosition | undefined>>();

/** Forgets the page positions of a store (after a write). */
export function invChanged(store: RecordStore): void {
  pageStarts.delete(store);
}

/**
 * `GET /inventory/v1/{resource}`: `page` and `per_page` (≤ 200), the resource's filters;
 * `{ code: 0, message, [resource]: [...], page_context: { page, per_page, has_more_page, … } }`.
 */
export function list(s: ZohoShared, ctx: RequestContext, name: string): EmulatorResponse {
  const table = INV_TABLES[name] as InvTable;
  const org = access(s, ctx, table);
  if (typeof org !== "string") return org;
  const page = Number(ctx.query.get("page") ?? "1");
  const perPageRaw = Number(ctx.query.get("per_page") ?? "200");
  if (!Number.isInteger(page) || page < 1)
    return invError(s, 400, 2, "Invalid value passed for page");
  if (!Number.isInteger(perPageRaw) || perPageRaw < 1)
    return invError(s, 400, 2, "Invalid value passed for per_page");
  const perPage = Math.min(perPageRaw, 200);
  const filtered = filterTest(table, ctx.query);
  if (typeof filtered === "string") return invError(s, 400, 2, filtered);
  let test = filtered;
  if (table.parent) {
    const parentId = ctx.params.parent ?? "";
    const parentTable = INV_TABLES[table.parent.table] as InvTable;
    if (!invLookup(s, org, table.parent.table, parentId)) {
      return invError(s, 404, 1002, `${parentTable.label} does not exist.`);
    }
    const field = table.parent.field;
    test = (rec) => rec[field] === parentId && filtered(rec);
  }
  const store = invStore(s, org, name);
  const sortColumn = ctx.query.get("sort_column");
  const sortOrder = ctx.query.get("sort_order") ?? "A";
  if (sortColumn !== null) {
    if (!(table.sorts ?? []).includes(sortColumn)) {
      return invError(s, 400, 2, "Invalid value passed for sort_column");
    }
    if (sortOrder !== "A" && sortOrder !== "D") {
      return invError(s, 400, 2, "Invalid value passed for sort_order");
    }
    return sortedPage(s, ctx, table, store.all(test), sortColumn, sortOrder, page, perPage);
  }
  const starts = pageStarts.get(store) ?? new Map<string, ScanPosition | undefined>();
  pageStarts.set(store, starts);
  const query = new URLSearchParams(ctx.query);
  query.delete("page");
  query.sort();
  const at = (n: number) => `${ctx.params.parent ?? ""}?${query}#${perPage}@${n}`;
  // The start of this page: known from the previous one, or found by walking from the first.
  let from: ScanPosition | undefined = 0;
  let known = 1;
  for (let n = page; n > 1; n--) {
    if (starts.has(at(n))) {
      from = starts.get(at(n));
      known = n;
      break;
    }
  }
  for (; known < page && from !== undefined; known++) {
    from = store.scan(from, perPage, test).next;
    starts.set(at(known + 1), from);
  }
  const found =
    from === undefined ? { records: [], next: undefined } : store.scan(from, perPage, test);
  // has_more_page is true only when a matching record follows.
  const more = found.next !== undefined && store.scan(found.next, 1, test).records.length > 0;
  if (found.next !== undefined) starts.set(at(page + 1), found.next);
  return s.core.respond.json(200, {
    code: 0,
    message: "success",
    [table.list]: found.records.map((r) => summary(table, r)),
    page_context: {
      page,
      per_page: perPage,
      has_more_page: more,
      report_name: table.label,
      applied_filter: ctx.query.get("filter_by") ?? "Status.All",
      sort_column: "created_time",
      sort_order: "A",
    },
  });
}

/**
 * A page of a listing sorted by `sort_column` (`sort_order` `A` or `D`): numbers as numbers,
 * times as instants, text as text; empty values last; ties in creation order.
 */
function sortedPage(
  s: ZohoShared,
  ctx: RequestContext,
  table: InvTable,
  records: StoredRecord[],
  column: string,
  order: string,
  page: number,
  perPage: number,
): EmulatorResponse {
  const sign = order === "D" ? -1 : 1;
  const value = (r: StoredRecord) => {
    const v = r[column];
    if (v === null || v === undefined || v === "") return undefined;
    if (column.endsWith("_time")) return Date.parse(String(v));
    return v as number | string;
  };
  const sorted = records
    .map((r, i) => ({ r, i, v: value(r) }))
    .sort((a, b) => {
      if (a.v === undefined || b.v === undefined) {
        return a.v === b.v ? a.i - b.i : a.v === undefined ? 1 : -1;
      }
      return (a.v < b.v ? -sign : a.v > b.v ? sign : 0) || a.i - b.i;
    })
    .map((x) => x.r);
  const start = (page - 1) * perPage;
  return s.core.respond.json(200, {
    code: 0,
    message: "success",
    [table.list]: sorted.slice(start, start + perPage).map((r) => summary(table, r)),
    page_context: {
      page,
      per_page: perPage,
      has_more_page: start + perPage < sorted.length,
      report_name: table.label,
      applied_filter: ctx.query.get("filter_by") ?? "Status.All",
      sort_column: column,
      sort_order: order,
    },
  });
}
