import type { EmulatorResponse } from "../../core/http.js";
import { intParam, jsonOffsetCursor } from "../../core/paging.js";
import { checkFields, type RecordStore, type StoredRecord } from "../../core/records/store.js";
import type { RequestContext, Route } from "../../core/types.js";
import { auth } from "./api.js";
import { checkCustom } from "./custom.js";
import { iso, parseTime, type ResourceSpec, v1Time } from "./spec.js";
import { apiError, bodyOf, type PipedriveShared, type Resource } from "./state.js";

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

/** The record an update or delete names (under its parent, if any), or the answer refusing it. */
function existing(
  s: PipedriveShared,
  spec: ResourceSpec,
  ctx: RequestContext,
): { response: EmulatorResponse } | { store: RecordStore; key: number; current: StoredRecord } {
  const a = auth(s, ctx);
  if (!a.ok) return { response: a.response };
  const store = s.specStores[spec.name]!;
  const key = keyOf(spec, ctx);
  const current = store.get(key);
  if (!current || (spec.parent && current[spec.parent.column] !== Number(ctx.params.parent))) {
    return { response: apiError(s, 404, `${spec.noun} not found`, INFO) };
  }
  return { store, key, current };
}

function update(s: PipedriveShared, spec: ResourceSpec, ctx: RequestContext): EmulatorResponse {
  const found = existing(s, spec, ctx);
  if ("response" in found) return found.response;
  const { store, key, current } = found;
  const input = bodyOf(ctx);
  if (!input) return invalid(s, ["body: Expected object"]);
  const { values, problems } = validate(spec, input, "update", current);
  if (problems.length > 0) return invalid(s, problems);
  let record = store.update(key, { ...values, ...stamp(spec, s.core.clock.now()) })!;
  if (spec.derive) record = store.update(key, spec.derive(record)) ?? record;
  return one(s, spec, record);
}

function remove(s: PipedriveShared, spec: ResourceSpec, ctx: RequestContext): EmulatorResponse {
  const found = existing(s, spec, ctx);
  if ("response" in found) return found.response;
  const { store, key } = found;
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
  // What a spec serves: the list always; get, create, update and delete where it says so.
  const served: [Route["method"] | undefined, RegExp, string, typeof list][] = [
    ["GET", listed, "list", list],
    [spec.get ? "GET" : undefined, item, "get", getOne],
    [spec.create ? "POST" : undefined, collection, "create", create],
    [spec.update, item, "update", update],
    [spec.remove ? "DELETE" : undefined, item, "delete", remove],
  ];
  return served.flatMap(([method, path, what, handle]) =>
    method
      ? [
          {
            method,
            hostKind: "api" as const,
            path,
            endpoint: `${spec.name}.${what}`,
            handler: (ctx: RequestContext) => handle(s, spec, ctx),
          },
        ]
      : [],
  );
}
