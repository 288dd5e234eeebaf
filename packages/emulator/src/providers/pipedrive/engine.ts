import type { EmulatorResponse } from "../../core/http.js";
import { intParam, jsonOffsetCursor } from "../../core/paging.js";
import {
  checkFields,
  createRecordStore,
  type FieldSpecs,
  type RecordStore,
  type StoredRecord,
} from "../../core/records/store.js";
import type { RequestContext, Route } from "../../core/types.js";
import { auth } from "./api.js";
import { checkCustom, type Entity } from "./custom.js";
import { apiError, type PipedriveShared, type Resource } from "./state.js";

/** A filter parameter: a test for a raw value, or the validation message for a bad one. */
export type FilterParam = (raw: string) => ((record: StoredRecord) => boolean) | string;

/**
 * One list the emulator serves from a record store, as data: where it lives, how it pages, what
 * it filters and sorts, how writes are checked and answered.
 */
export interface ResourceSpec {
  /** Store and dataset name (`datasets: { pipedrive: { products: 40 } }`). */
  name: string;
  /** For messages: `Product not found`. */
  noun: string;
  /** `/api/v2/{path}` or `/v1/{path}` (v1 also under `/api/v1`). */
  api: "v2" | "v1";
  path: string;
  /** Records in the data set unless `datasets` says otherwise. */
  size: number;
  generate(i: number): StoredRecord;
  /**
   * `cursor`: v2 `cursor` + `limit` (≤ 500); `offset`: v1 `start` + `limit` with
   * `additional_data.pagination`; `none`: every record at once.
   */
  paging: "cursor" | "offset" | "none";
  filters?: Record<string, FilterParam>;
  /** v2 `sort_by` values (`id` first); v1 lists take `sort=field ASC|DESC` over the same names. */
  sorts?: string[];
  /** Write validation; absent: the resource is read-only. */
  fields?: FieldSpecs;
  defaults?(): StoredRecord;
  create?: boolean;
  update?: "PATCH" | "PUT";
  /** `delete`: gone; `deactivate`: kept with `active_flag: false` (activity types). */
  remove?: "delete" | "deactivate";
  /** Serves `GET …/{id}`. */
  get?: boolean;
  /** A child list: `/{parent.path}/{parentId}/{path}`, its records carrying `parent.column`. */
  parent?: { path: string; column: string; store: string };
  /** Keys shown in the API, when they are not the store's integers (lead UUIDs). */
  id?: { show(n: number): string | number; read(raw: string): number };
  /** The record as the API shows it, from the stored one (v1 related objects). */
  present?(record: StoredRecord): StoredRecord;
  /** Fields computed from the others after a write (a deal product's `sum`). */
  derive?(record: StoredRecord): StoredRecord;
  /** Left out of lists unless the query asks (deleted files without `include_deleted_files`). */
  hidden?(record: StoredRecord, query: URLSearchParams): boolean;
  /** The list's path when it differs from the collection's (goals: `goals/find`). */
  listPath?: string;
  /** Extra checks of a write (a lead needs a person or an organization). */
  check?(input: StoredRecord, mode: "create" | "update", current?: StoredRecord): string[];
  /** Custom fields under `custom_fields` (API v2). */
  custom?: Entity;
  /** Timestamps written on create/update: RFC 3339 (v2, leads) or `YYYY-MM-DD HH:MM:SS` (v1). */
  times: "iso" | "v1" | "none";
  /** The envelope's `data` for a list and for one record (goals: `{ goals }`, `{ goal }`). */
  wrap?: { list?(records: unknown[]): unknown; one?(record: unknown): unknown };
  /** What a delete answers besides `success` (default `{ data: { id } }`). */
  deleted?(id: unknown): Record<string, unknown>;
}

export const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
export const v1Time = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace("T", " ");

/** Filters shared by many lists: an exact integer id, a boolean flag, an exact string. */
export const intEq =
  (field: string): FilterParam =>
  (raw) =>
    /^\d+$/.test(raw)
      ? (r) => r[field] === Number(raw)
      : `${field}: Expected number, received string`;
export const boolEq =
  (field: string, param = field): FilterParam =>
  (raw) =>
    raw === "true" || raw === "false" || raw === "1" || raw === "0"
      ? (r) => r[field] === (raw === "true" || raw === "1")
      : `${param}: Expected boolean, received '${raw}'`;
export const strIn =
  (field: string, values: readonly string[]): FilterParam =>
  (raw) =>
    values.includes(raw)
      ? (r) => r[field] === raw
      : `${field}: Invalid enum value. Expected ${values.map((v) => `'${v}'`).join(" | ")}, received '${raw}'`;
/** `updated_since` (`>=`) / `updated_until` (`<`) over a time field, RFC 3339. */
export const timeBound =
  (field: string, param: string, keep: (t: number, v: number) => boolean): FilterParam =>
  (raw) => {
    const v = Date.parse(raw);
    if (Number.isNaN(v) || !/^\d{4}-\d{2}-\d{2}T/.test(raw)) {
      return `${param}: Invalid datetime, expected RFC 3339`;
    }
    return (r) => keep(parseTime(r[field]), v);
  };

/** A record's time: RFC 3339, or v1's `YYYY-MM-DD HH:MM:SS` (UTC). NaN when absent. */
export function parseTime(value: unknown): number {
  if (typeof value !== "string") return Number.NaN;
  return Date.parse(value.includes("T") ? value : `${value.replace(" ", "T")}Z`);
}

/** The stores of the specs. */
export function createSpecStores(
  s: PipedriveShared,
  specs: readonly ResourceSpec[],
): Record<string, RecordStore> {
  return Object.fromEntries(
    specs.map((spec) => [
      spec.name,
      createRecordStore({
        size: () => s.core.datasetSize(spec.name, spec.size),
        generate: (i) => spec.generate(i),
      }),
    ]),
  );
}

const INFO = "Please check developers.pipedrive.com";

function show(spec: ResourceSpec, record: StoredRecord): StoredRecord {
  const shown = spec.present ? spec.present(record) : record;
  return spec.id ? { ...shown, id: spec.id.show(record.id as number) } : shown;
}

function one(s: PipedriveShared, spec: ResourceSpec, record: StoredRecord, status = 200) {
  const data = show(spec, record);
  return s.core.respond.json(status, { success: true, data: spec.wrap?.one?.(data) ?? data });
}

function keyOf(spec: ResourceSpec, ctx: RequestContext): number {
  const raw = ctx.params.id ?? "";
  if (spec.id) return spec.id.read(raw);
  return /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
}

function parentTest(
  s: PipedriveShared,
  spec: ResourceSpec,
  ctx: RequestContext,
): ((r: StoredRecord) => boolean) | EmulatorResponse | undefined {
  if (!spec.parent) return undefined;
  const raw = ctx.params.parent ?? "";
  const id = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  const column = spec.parent.column;
  const parents = s.specStores[spec.parent.store] ?? s.stores[spec.parent.store as Resource];
  if (!parents?.get(id)) return apiError(s, 404, "Deal not found", INFO);
  return (r) => r[column] === id;
}

/** A list: the spec's filters, sort and paging. Unknown filter values are 400 "Validation failed". */
function list(s: PipedriveShared, spec: ResourceSpec, ctx: RequestContext): EmulatorResponse {
  const a = auth(s, ctx);
  if (!a.ok) return a.response;
  const fail = (message: string) => apiError(s, 400, `Validation failed: ${message}`, INFO);
  const tests: ((r: StoredRecord) => boolean)[] = [];
  const parent = parentTest(s, spec, ctx);
  if (parent && typeof parent !== "function") return parent;
  if (parent) tests.push(parent);
  for (const [name, make] of Object.entries(spec.filters ?? {})) {
    const raw = ctx.query.get(name);
    if (raw === null || raw === "") continue;
    const test = make(raw);
    if (typeof test === "string") return fail(test);
    tests.push(test);
  }
  if (spec.hidden) tests.push((r) => !spec.hidden?.(r, ctx.query));
  const test = (r: StoredRecord) => tests.every((t) => t(r));
  let sortBy = "id";
  let desc = false;
  if (spec.paging === "cursor") {
    sortBy = ctx.query.get("sort_by") ?? "id";
    const direction = ctx.query.get("sort_direction") ?? "asc";
    const sorts = spec.sorts ?? ["id"];
    if (!sorts.includes(sortBy)) {
      return fail(
        `sort_by: Invalid enum value. Expected ${sorts.map((v) => `'${v}'`).join(" | ")}, received '${sortBy}'`,
      );
    }
    if (direction !== "asc" && direction !== "desc") {
      return fail(
        `sort_direction: Invalid enum value. Expected 'asc' | 'desc', received '${direction}'`,
      );
    }
    desc = direction === "desc";
  } else if (spec.paging === "offset" && ctx.query.get("sort")) {
    const m = /^(\w+)(?: (ASC|DESC))?$/i.exec(ctx.query.get("sort") ?? "");
    if (!m || !(spec.sorts ?? ["id"]).includes(m[1]!)) {
      return apiError(s, 400, `Invalid sort field: ${ctx.query.get("sort")}`, INFO);
    }
    sortBy = m[1]!;
    desc = m[2]?.toUpperCase() === "DESC";
  }
  const store = s.specStores[spec.name]!;
  const limitMax = 500;
  const limit =
    spec.paging === "none"
      ? Number.POSITIVE_INFINITY
      : intParam(ctx.query.get("limit"), { min: 1, max: limitMax, fallback: 100 });
  if (limit === undefined) return fail("limit: Number must be less than or equal to 500");
  let start = 0;
  if (spec.paging === "cursor") {
    const cursor = ctx.query.get("cursor");
    const decoded = cursor ? jsonOffsetCursor.decode(cursor) : 0;
    if (decoded === undefined) return apiError(s, 400, "Invalid cursor", INFO);
    start = decoded;
  } else if (spec.paging === "offset") {
    const raw = ctx.query.get("start") ?? "0";
    if (!/^\d+$/.test(raw)) return apiError(s, 400, "Invalid start or limit", INFO);
    start = Number(raw);
  }
  let data: StoredRecord[];
  let next: number | undefined;
  if (sortBy === "id" && !desc && spec.paging === "cursor") {
    // Key order: the cursor is the scan position, so records written behind it are not repeated.
    const page = store.scan(start, limit, test);
    data = page.records;
    next = page.next;
  } else {
    const key = (r: StoredRecord) => {
      const v = r[sortBy];
      if (typeof v === "number") return v;
      const t = parseTime(v);
      return Number.isNaN(t) ? String(v ?? "") : t;
    };
    const sign = desc ? -1 : 1;
    const all = store.all(test).sort((x, y) => {
      const kx = key(x);
      const ky = key(y);
      const c = kx < ky ? -1 : kx > ky ? 1 : 0;
      return sign * c || (x.id as number) - (y.id as number);
    });
    const end = Math.min(all.length, start + limit);
    data = all.slice(start, end);
    next = end < all.length ? end : undefined;
  }
  const shown = data.map((r) => show(spec, r));
  const body: Record<string, unknown> = {
    success: true,
    data:
      spec.wrap?.list?.(shown) ?? (spec.paging === "offset" && shown.length === 0 ? null : shown),
  };
  if (spec.paging === "cursor") {
    body.additional_data = {
      next_cursor: next !== undefined ? jsonOffsetCursor.encode(next) : null,
    };
  } else if (spec.paging === "offset") {
    body.additional_data = {
      pagination: {
        start,
        limit,
        more_items_in_collection: next !== undefined,
        ...(next !== undefined ? { next_start: next } : {}),
      },
    };
  }
  return s.core.respond.json(200, body);
}

function getOne(s: PipedriveShared, spec: ResourceSpec, ctx: RequestContext): EmulatorResponse {
  const a = auth(s, ctx);
  if (!a.ok) return a.response;
  const record = s.specStores[spec.name]!.get(keyOf(spec, ctx));
  if (!record) return apiError(s, 404, `${spec.noun} not found`, INFO);
  return one(s, spec, record);
}

function bodyOf(ctx: RequestContext): StoredRecord | undefined {
  const body = ctx.body.kind === "json" ? ctx.body.value : undefined;
  return body !== null && typeof body === "object" && !Array.isArray(body)
    ? (body as StoredRecord)
    : undefined;
}

function stamp(spec: ResourceSpec, now: number): StoredRecord {
  if (spec.times === "none") return {};
  const t = spec.times === "iso" ? iso(now) : v1Time(now);
  return { update_time: t };
}

function validate(
  spec: ResourceSpec,
  input: StoredRecord,
  mode: "create" | "update",
  current?: StoredRecord,
): { values: StoredRecord; problems: string[] } {
  const { custom_fields: customInput, ...plain } = input;
  const checked = checkFields(spec.fields ?? {}, plain, mode);
  const problems = checked.problems.map((p) => p.message);
  const values: StoredRecord = checked.record;
  if (customInput !== undefined) {
    if (!spec.custom) problems.push("custom_fields: Unknown field");
    else {
      const c = checkCustom(spec.custom, customInput);
      problems.push(...c.problems);
      values.custom_fields = { ...((current?.custom_fields as object) ?? {}), ...c.values };
    }
  }
  problems.push(...(spec.check?.(checked.record, mode, current) ?? []));
  return { values, problems };
}

function invalid(s: PipedriveShared, problems: string[]): EmulatorResponse {
  return apiError(s, 400, `Validation failed: ${problems.join("; ")}`, INFO);
}

function create(s: PipedriveShared, spec: ResourceSpec, ctx: RequestContext): EmulatorResponse {
  const a = auth(s, ctx);
  if (!a.ok) return a.response;
  const input = bodyOf(ctx);
  if (!input) return invalid(s, ["body: Expected object"]);
  const parent = parentTest(s, spec, ctx);
  if (parent && typeof parent !== "function") return parent;
  const { values, problems } = validate(spec, input, "create");
  if (problems.length > 0) return invalid(s, problems);
  const now = s.core.clock.now();
  const times =
    spec.times === "none"
      ? {}
      : { add_time: spec.times === "iso" ? iso(now) : v1Time(now), ...stamp(spec, now) };
  const store = s.specStores[spec.name]!;
  const inserted = store.insert({
    ...spec.defaults?.(),
    ...values,
    ...times,
    ...(spec.parent ? { [spec.parent.column]: Number(ctx.params.parent) } : {}),
    ...(spec.custom ? { custom_fields: { ...((values.custom_fields as object) ?? {}) } } : {}),
  });
  const record = spec.derive
    ? (store.update(inserted.id as number, spec.derive(inserted)) ?? inserted)
    : inserted;
  return one(s, spec, record, spec.api === "v1" ? 201 : 200);
}

function update(s: PipedriveShared, spec: ResourceSpec, ctx: RequestContext): EmulatorResponse {
  const a = auth(s, ctx);
  if (!a.ok) return a.response;
  const store = s.specStores[spec.name]!;
  const key = keyOf(spec, ctx);
  const current = store.get(key);
  if (!current || (spec.parent && current[spec.parent.column] !== Number(ctx.params.parent))) {
    return apiError(s, 404, `${spec.noun} not found`, INFO);
  }
  const input = bodyOf(ctx);
  if (!input) return invalid(s, ["body: Expected object"]);
  const { values, problems } = validate(spec, input, "update", current);
  if (problems.length > 0) return invalid(s, problems);
  let record = store.update(key, { ...values, ...stamp(spec, s.core.clock.now()) })!;
  if (spec.derive) record = store.update(key, spec.derive(record)) ?? record;
  return one(s, spec, record);
}

function remove(s: PipedriveShared, spec: ResourceSpec, ctx: RequestContext): EmulatorResponse {
  const a = auth(s, ctx);
  if (!a.ok) return a.response;
  const store = s.specStores[spec.name]!;
  const key = keyOf(spec, ctx);
  const current = store.get(key);
  if (!current || (spec.parent && current[spec.parent.column] !== Number(ctx.params.parent))) {
    return apiError(s, 404, `${spec.noun} not found`, INFO);
  }
  if (spec.remove === "deactivate") {
    const record = store.update(key, { active_flag: false, ...stamp(spec, s.core.clock.now()) })!;
    return one(s, spec, record);
  }
  store.remove(key);
  const id = spec.id ? spec.id.show(key) : key;
  return s.core.respond.json(
    200,
    spec.deleted ? { success: true, ...spec.deleted(id) } : { success: true, data: { id } },
  );
}

/** The routes of a spec: list, and get/create/update/delete where it has them. */
export function specRoutes(s: PipedriveShared, spec: ResourceSpec): Route[] {
  const base = spec.parent ? `${spec.parent.path}/(?<parent>[^/]+)/${spec.path}` : spec.path;
  const prefix = spec.api === "v2" ? "/api/v2/" : "(?:/api)?/v1/";
  const collection = new RegExp(`^${prefix}${base}$`);
  const listed = spec.listPath ? new RegExp(`^${prefix}${spec.listPath}$`) : collection;
  const item = new RegExp(`^${prefix}${base}/(?<id>[^/]+)$`);
  const routes: Route[] = [
    {
      method: "GET",
      hostKind: "api",
      path: listed,
      endpoint: `${spec.name}.list`,
      handler: (ctx) => list(s, spec, ctx),
    },
  ];
  if (spec.get) {
    routes.push({
      method: "GET",
      hostKind: "api",
      path: item,
      endpoint: `${spec.name}.get`,
      handler: (ctx) => getOne(s, spec, ctx),
    });
  }
  if (spec.create) {
    routes.push({
      method: "POST",
      hostKind: "api",
      path: collection,
      endpoint: `${spec.name}.create`,
      handler: (ctx) => create(s, spec, ctx),
    });
  }
  if (spec.update) {
    routes.push({
      method: spec.update,
      hostKind: "api",
      path: item,
      endpoint: `${spec.name}.update`,
      handler: (ctx) => update(s, spec, ctx),
    });
  }
  if (spec.remove) {
    routes.push({
      method: "DELETE",
      hostKind: "api",
      path: item,
      endpoint: `${spec.name}.delete`,
      handler: (ctx) => remove(s, spec, ctx),
    });
  }
  return routes;
}
