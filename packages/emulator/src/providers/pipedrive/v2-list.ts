import type { EmulatorResponse } from "../../core/http.js";
import { intParam, jsonOffsetCursor } from "../../core/paging.js";
import type { StoredRecord } from "../../core/records/store.js";
import type { RequestContext } from "../../core/types.js";
import { auth } from "./api.js";
import { apiError, type PipedriveShared, type Resource } from "./state.js";

type Test = (record: StoredRecord) => boolean;

/**
 * The filters each v2 list takes (API reference, "Get all deals" …): ids are exact, `status`
 * is exact (`deleted` lists deleted deals, absent lists the others), `updated_since` is
 * `update_time >= value` and `updated_until` is `update_time < value` (RFC 3339).
 */
const FILTERS: Record<Resource, string[]> = {
  deals: ["ids", "owner_id", "person_id", "org_id", "pipeline_id", "stage_id", "status"],
  persons: ["ids", "owner_id", "org_id"],
  organizations: ["ids", "owner_id"],
  activities: ["ids", "owner_id", "deal_id", "person_id", "org_id", "done"],
};

function filterTest(r: Resource, query: URLSearchParams): Test | string {
  const tests: Test[] = [];
  for (const name of FILTERS[r]) {
    const raw = query.get(name);
    if (raw === null) continue;
    if (name === "status") {
      if (!["open", "won", "lost", "deleted"].includes(raw)) {
        return `status: Invalid enum value. Expected 'open' | 'won' | 'lost' | 'deleted', received '${raw}'`;
      }
      // Deleted deals are not kept: the filter then matches nothing.
      tests.push((rec) => rec.status === raw);
      continue;
    }
    if (name === "done") {
      if (raw !== "true" && raw !== "false") return `done: Expected boolean, received '${raw}'`;
      tests.push((rec) => rec.done === (raw === "true"));
      continue;
    }
    if (name === "ids") {
      const ids = raw.split(",").map((v) => v.trim());
      if (ids.length > 100 || ids.some((v) => !/^\d+$/.test(v))) {
        return "ids: Expected up to 100 comma-separated integers";
      }
      const set = new Set(ids.map(Number));
      tests.push((rec) => set.has(rec.id as number));
      continue;
    }
    if (!/^\d+$/.test(raw)) return `${name}: Expected number, received string`;
    const value = Number(raw);
    tests.push((rec) => rec[name] === value);
  }
  for (const [name, keep] of [
    ["updated_since", (t: number, v: number) => t >= v],
    ["updated_until", (t: number, v: number) => t < v],
  ] as const) {
    const raw = query.get(name);
    if (raw === null) continue;
    const value = Date.parse(raw);
    if (Number.isNaN(value) || !/^\d{4}-\d{2}-\d{2}T/.test(raw)) {
      return `${name}: Invalid datetime, expected RFC 3339`;
    }
    tests.push((rec) => keep(Date.parse(String(rec.update_time)), value));
  }
  return (rec) => tests.every((t) => t(rec));
}

const SORTS = ["id", "update_time", "add_time"];

/**
 * `GET /api/v2/{resource}`: cursor pages (`limit` up to 500), the filters above and `sort_by`
 * (`id`, `update_time`, `add_time`) with `sort_direction` (`asc`, `desc`). Ties keep id order.
 */
export function listV2(s: PipedriveShared, ctx: RequestContext, r: Resource): EmulatorResponse {
  const a = auth(s, ctx);
  if (!a.ok) return a.response;
  const fail = (message: string) =>
    apiError(s, 400, `Validation failed: ${message}`, "Please check developers.pipedrive.com");
  const limit = intParam(ctx.query.get("limit"), { min: 1, max: 500, fallback: 100 });
  if (limit === undefined) return fail("limit: Number must be less than or equal to 500");
  const cursor = ctx.query.get("cursor");
  const start = cursor ? jsonOffsetCursor.decode(cursor) : 0;
  if (start === undefined)
    return apiError(s, 400, "Invalid cursor", "Please check developers.pipedrive.com");
  const test = filterTest(r, ctx.query);
  if (typeof test === "string") return fail(test);
  const sortBy = ctx.query.get("sort_by") ?? "id";
  const direction = ctx.query.get("sort_direction") ?? "asc";
  if (!SORTS.includes(sortBy))
    return fail(
      `sort_by: Invalid enum value. Expected 'id' | 'update_time' | 'add_time', received '${sortBy}'`,
    );
  if (direction !== "asc" && direction !== "desc")
    return fail(
      `sort_direction: Invalid enum value. Expected 'asc' | 'desc', received '${direction}'`,
    );
  const store = s.stores[r];
  let data: StoredRecord[];
  let next: number | undefined;
  if (sortBy === "id" && direction === "asc") {
    // Key order: the cursor is the scan position, so a filtered walk reads each record once.
    const page = store.scan(start, limit, test);
    data = page.records;
    next = page.next;
  } else {
    const sign = direction === "asc" ? 1 : -1;
    const key = (rec: StoredRecord) =>
      sortBy === "id" ? (rec.id as number) : Date.parse(String(rec[sortBy]));
    const sorted = store
      .all(test)
      .sort((x, y) => sign * (key(x) - key(y)) || (x.id as number) - (y.id as number));
    data = sorted.slice(start, start + limit);
    next = start + limit < sorted.length ? start + limit : undefined;
  }
  return s.core.respond.json(200, {
    success: true,
    data,
    additional_data: { next_cursor: next !== undefined ? jsonOffsetCursor.encode(next) : null },
  });
}
