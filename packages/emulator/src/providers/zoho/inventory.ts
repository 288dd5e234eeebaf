import type { EmulatorResponse } from "../../core/http.js";
import {
  createRecordStore,
  type RecordStore,
  type ScanPosition,
  type StoredRecord,
} from "../../core/records/store.js";
import type { RequestContext, Route } from "../../core/types.js";
import { INV_TABLES, type InvFilter, type InvGen, type InvTable } from "./inventory-tables.js";
import { inventoryWriteRoutes } from "./inventory-write.js";
import { hasScope, type ZohoAuth, type ZohoShared } from "./state.js";

export const invError = (s: ZohoShared, status: number, code: number, message: string) =>
  s.core.respond.json(status, { code, message });

function auth(s: ZohoShared, ctx: RequestContext, scopes: RegExp[]): ZohoAuth {
  const bearer = s.oauth.bearer(ctx);
  const refused = {
    ok: false as const,
    response: invError(s, 401, 57, "You are not authorized to perform this operation"),
  };
  if (bearer.kind !== "valid" || bearer.token.data.location !== ctx.hostMatch.params.dc) {
    return refused;
  }
  if (
    s.core.options.enforceScopes !== false &&
    !hasScope(bearer.token.scopes, [/^zohoinventory\.fullaccess\.all$/i, ...scopes])
  ) {
    return refused;
  }
  return { ok: true, token: bearer.token };
}

function organizations(s: ZohoShared, ctx: RequestContext): EmulatorResponse {
  const a = auth(s, ctx, [/^zohoinventory\.settings\.(read|all)$/i]);
  if (!a.ok) return a.response;
  return s.core.respond.json(200, { code: 0, message: "success", organizations: s.organizations });
}

/**
 * `GET /inventory/v1/organizations/{id}` → `{code:0, message, organization}`; an organization
 * the user does not belong to answers like any unauthorized call (401 code 57: the docs give no
 * separate answer).
 */
function organization(s: ZohoShared, ctx: RequestContext): EmulatorResponse {
  const a = auth(s, ctx, [/^zohoinventory\.settings\.(read|all)$/i]);
  if (!a.ok) return a.response;
  const org = s.organizations.find((o) => o.organization_id === ctx.params.id);
  if (!org) return invError(s, 401, 57, "You are not authorized to perform this operation");
  return s.core.respond.json(200, { code: 0, message: "success", organization: org });
}

/** Auth, scope and `organization_id`: the organization id, or the error response. */
export function access(
  s: ZohoShared,
  ctx: RequestContext,
  table: InvTable,
  op: "read" | "create" | "update" | "delete" = "read",
): string | EmulatorResponse {
  const a = auth(s, ctx, [new RegExp(`^zohoinventory\\.${table.scope}\\.(${op}|all)$`, "i")]);
  if (!a.ok) return a.response;
  const org = ctx.query.get("organization_id");
  if (!org) return invError(s, 400, 2, "organization_id is required: send it with every request");
  if (!s.organizations.some((o) => o.organization_id === org)) {
    return invError(s, 400, 2, "Invalid value passed for organization_id");
  }
  return org;
}

/** Record ids: the table's prefix, the organization's last 4 digits, the key on 9 digits. */
export function invId(org: string, table: InvTable, key: number): string {
  return `${table.prefix}${org.slice(-4)}${String(key).padStart(9, "0")}`;
}

/** The store key an id names in this organization, or undefined. */
export function invKey(org: string, table: InvTable, id: string): number | undefined {
  if (!/^\d{15}$/.test(id) || !id.startsWith(`${table.prefix}${org.slice(-4)}`)) return undefined;
  return Number(id.slice(-9));
}

/** The records of one table of one organization (created on first use). */
export function invStore(s: ZohoShared, org: string, name: string): RecordStore {
  const id = `${org}/${name}`;
  let store = s.inventoryStores.get(id);
  if (!store) {
    const table = INV_TABLES[name] as InvTable;
    const g: InvGen = {
      org,
      rng: (t, i) => s.core.rng("inventory", org, t, i),
      size: (t) => {
        const other = INV_TABLES[t] as InvTable;
        return s.core.datasetSize(other.dataset, other.fallback);
      },
      ref: (t, i) => invId(org, INV_TABLES[t] as InvTable, i + 1),
    };
    store = createRecordStore(
      {
        size: () => g.size(name),
        generate: (i) => ({ [table.key]: invId(org, table, i + 1), ...table.generate(g, i) }),
        keyValue: (k) => invId(org, table, k),
      },
      table.key,
    );
    s.inventoryStores.set(id, store);
  }
  return store;
}

/** A record by id, or undefined. */
export function invLookup(s: ZohoShared, org: string, name: string, id: string) {
  const key = invKey(org, INV_TABLES[name] as InvTable, id);
  return key === undefined ? undefined : invStore(s, org, name).get(key);
}

const STATUS_FILTER = /^Status\.([A-Za-z]+)$/;

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
function list(s: ZohoShared, ctx: RequestContext, name: string): EmulatorResponse {
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

/**
 * `GET /inventory/v1/{resource}/{id}`: `{ code: 0, message, [singular]: {…} }` with line items;
 * an unknown id is 404 `{ code: 1002, message: "Item does not exist." }`.
 */
function show(s: ZohoShared, ctx: RequestContext, name: string): EmulatorResponse {
  const table = INV_TABLES[name] as InvTable;
  const org = access(s, ctx, table);
  if (typeof org !== "string") return org;
  const rec = invLookup(s, org, name, ctx.params.id ?? "");
  if (!rec) return invError(s, 404, 1002, `${table.label} does not exist.`);
  const shown = table.packages ? { ...rec, packages: orderPackages(s, org, rec[table.key]) } : rec;
  return s.core.respond.json(200, { code: 0, message: "success", [table.one]: shown });
}

/**
 * The packages of a sales order, each with the shipment that carries it (if any), as a single
 * read of the order shows them.
 */
function orderPackages(s: ZohoShared, org: string, orderId: unknown): StoredRecord[] {
  const shipments = invStore(s, org, "shipments").all((r) => r.salesorder_id === orderId);
  return invStore(s, org, "packages")
    .all((p) => p.salesorder_id === orderId)
    .map((p) => {
      const shipment = shipments.find(
        (sh) => Array.isArray(sh.package_ids) && sh.package_ids.includes(p.package_id),
      );
      return {
        package_id: p.package_id,
        package_number: p.package_number,
        date: p.date,
        status: p.status,
        shipment_id: shipment?.shipment_id ?? "",
        shipment_number: shipment?.shipment_number ?? "",
        shipment_date: shipment?.date ?? "",
        shipment_status: shipment?.status ?? "",
        delivery_method: shipment?.delivery_method ?? "",
        carrier: shipment?.carrier ?? "",
        tracking_number: shipment?.tracking_number ?? "",
      };
    });
}

const escaped = (path: string) => path.replace(/\//g, "\\/");

/** Zoho Inventory routes on `www.zohoapis.{dc}`. @internal */
export function inventoryRoutes(s: ZohoShared): Route[] {
  const routes: Route[] = [
    {
      method: "GET",
      hostKind: "api",
      path: "/inventory/v1/organizations",
      endpoint: "inventory.organizations",
      handler: (ctx) => organizations(s, ctx),
    },
    {
      method: "GET",
      hostKind: "api",
      path: "/inventory/v1/organizations/:id",
      endpoint: "inventory.organization",
      handler: (ctx) => organization(s, ctx),
    },
  ];
  for (const [name, table] of Object.entries(INV_TABLES)) {
    if (table.parent) {
      const parent = INV_TABLES[table.parent.table] as InvTable;
      const [, child] = table.path.split("/");
      // Listed under the parent: `/contacts/{contact_id}/contactpersons`.
      routes.push({
        method: "GET",
        hostKind: "api",
        path: new RegExp(`^/inventory/v1/${escaped(parent.path)}/(?<parent>\\d+)/${child}$`),
        endpoint: "inventory.list",
        handler: (ctx) => list(s, ctx, name),
      });
    } else if (!table.unlisted) {
      routes.push({
        method: "GET",
        hostKind: "api",
        path: new RegExp(`^/inventory/v1/${escaped(table.path)}$`),
        endpoint: "inventory.list",
        handler: (ctx) => list(s, ctx, name),
      });
    }
    // A child is read under its parent too: `/contacts/{contact_id}/contactpersons/{id}`.
    const one = table.parent
      ? `${escaped((INV_TABLES[table.parent.table] as InvTable).path)}/\\d+/${table.path.split("/")[1]}`
      : escape(table.path);
    routes.push({
      method: "GET",
      hostKind: "api",
      path: new RegExp(`^/inventory/v1/${one}/(?<id>[^/]+)$`),
      endpoint: "inventory.get",
      handler: (ctx) => show(s, ctx, name),
    });
  }
  routes.push(...inventoryWriteRoutes(s));
  return routes;
}
