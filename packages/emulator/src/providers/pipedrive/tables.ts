import type { EmulatorResponse } from "../../core/http.js";
import { intParam, jsonOffsetCursor } from "../../core/paging.js";
import {
  checkFields,
  createRecordStore,
  type FieldSpecs,
  type RecordStore,
  type StoredRecord,
} from "../../core/records/store.js";
import type { RequestContext } from "../../core/types.js";
import { auth } from "./api.js";
import { checkCustom, customValues, type Entity } from "./custom.js";
import { record } from "./records.js";
import { apiError, FALLBACK, type PipedriveShared, type Resource } from "./state.js";

const owned: FieldSpecs = {
  id: { type: "integer", readOnly: true },
  owner_id: { type: "integer" },
  add_time: { type: "datetime", readOnly: true },
  update_time: { type: "datetime", readOnly: true },
  is_deleted: { type: "boolean", readOnly: true },
  visible_to: { type: "integer" },
};

/** The entity of each resource's custom fields (activities have none). */
export const ENTITY: Record<Resource, Entity | undefined> = {
  deals: "deal",
  persons: "person",
  organizations: "organization",
  activities: undefined,
};

/** The v2 fields of each resource, from Pipedrive's API reference ("Add a deal", …). */
export const FIELDS: Record<Resource, FieldSpecs> = {
  deals: {
    ...owned,
    title: { type: "string", required: true },
    value: { type: "decimal" },
    currency: { type: "string" },
    status: { type: "enum", values: ["open", "won", "lost"] },
    stage_id: { type: "integer" },
    pipeline_id: { type: "integer" },
    probability: { type: "integer", nullable: true },
    person_id: { type: "integer", nullable: true },
    org_id: { type: "integer", nullable: true },
    creator_user_id: { type: "integer", readOnly: true },
    is_archived: { type: "boolean", readOnly: true },
  },
  persons: {
    ...owned,
    name: { type: "string", required: true },
    first_name: { type: "string", readOnly: true },
    last_name: { type: "string", readOnly: true },
    emails: { type: "json" },
    phones: { type: "json" },
    org_id: { type: "integer", nullable: true },
  },
  organizations: {
    ...owned,
    name: { type: "string", required: true },
    address: { type: "string", nullable: true },
  },
  activities: {
    ...owned,
    subject: { type: "string" },
    type: { type: "string" },
    done: { type: "boolean" },
    due_date: { type: "date", nullable: true },
    due_time: { type: "string", nullable: true },
    duration: { type: "string", nullable: true },
    deal_id: { type: "integer", nullable: true },
    person_id: { type: "integer", nullable: true },
    org_id: { type: "integer", nullable: true },
    lead_id: { type: "string", nullable: true },
    note: { type: "string", nullable: true },
    location: { type: "string", nullable: true },
    public_description: { type: "string", nullable: true },
    busy_flag: { type: "boolean" },
    priority: { type: "integer", nullable: true },
    participants: { type: "json" },
    attendees: { type: "json" },
    creator_user_id: { type: "integer", readOnly: true },
    marked_as_done_time: { type: "datetime", readOnly: true },
  },
};

/** The stores behind the v2 lists (records as v2 shows them), one per resource. */
export function createStores(s: PipedriveShared): Record<Resource, RecordStore> {
  const store = (r: Resource) =>
    createRecordStore({
      size: () => s.core.datasetSize(r, FALLBACK[r]),
      generate: (i) => {
        const entity = ENTITY[r];
        const base = record(s, r, i, false);
        return entity ? { ...base, custom_fields: customValues(s, entity, i) } : base;
      },
    });
  return {
    deals: store("deals"),
    persons: store("persons"),
    organizations: store("organizations"),
    activities: store("activities"),
  };
}

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

function bodyOf(ctx: RequestContext): StoredRecord | undefined {
  const body = ctx.body.kind === "json" ? ctx.body.value : undefined;
  return body !== null && typeof body === "object" && !Array.isArray(body)
    ? (body as StoredRecord)
    : undefined;
}

const NOUN: Record<Resource, string> = {
  deals: "Deal",
  persons: "Person",
  organizations: "Organization",
  activities: "Activity",
};

function validation(s: PipedriveShared, problems: { message: string }[]): EmulatorResponse {
  return apiError(
    s,
    400,
    `Validation failed: ${problems.map((p) => p.message).join("; ")}`,
    "Please check developers.pipedrive.com",
  );
}

/**
 * `POST /api/v2/{resource}`: the body checked against the fields (required, read-only, unknown
 * and mistyped fields are a 400 "Validation failed: …"); 200 with the new record. Not
 * idempotent: the fault suites use it to check that clients never resend it.
 */
export function createRecord(
  s: PipedriveShared,
  ctx: RequestContext,
  r: Resource,
): EmulatorResponse {
  const a = auth(s, ctx);
  if (!a.ok) return a.response;
  const input = bodyOf(ctx);
  if (!input) return validation(s, [{ message: "body: Expected object" }]);
  const { values, problems } = check(r, input, "create");
  if (problems.length > 0) return validation(s, problems);
  const now = new Date(s.core.clock.now()).toISOString().replace(/\.\d{3}Z$/, "Z");
  const defaults: StoredRecord =
    r === "deals"
      ? {
          value: 0,
          currency: "EUR",
          status: "open",
          stage_id: 1,
          pipeline_id: 1,
          probability: null,
          person_id: null,
          org_id: null,
          creator_user_id: s.user.id,
          is_archived: false,
        }
      : r === "persons"
        ? { org_id: null, emails: [], phones: [] }
        : r === "organizations"
          ? { address: null }
          : {
              subject: "Call",
              type: "call",
              done: false,
              due_date: null,
              due_time: null,
              duration: null,
              deal_id: null,
              person_id: null,
              org_id: null,
              lead_id: null,
              note: null,
              location: null,
              public_description: null,
              busy_flag: false,
              priority: null,
              participants: [],
              attendees: [],
              creator_user_id: s.user.id,
              marked_as_done_time: null,
            };
  const data = s.stores[r].insert({
    ...defaults,
    ...values,
    owner_id: values.owner_id ?? s.user.id,
    visible_to: values.visible_to ?? 3,
    add_time: now,
    update_time: now,
    is_deleted: false,
    ...(ENTITY[r] ? { custom_fields: values.custom_fields ?? {} } : {}),
  });
  return s.core.respond.json(200, { success: true, data });
}

/** The plain fields checked against FIELDS, `custom_fields` against the entity's custom fields. */
function check(
  r: Resource,
  input: StoredRecord,
  mode: "create" | "update",
  current?: StoredRecord,
): { values: StoredRecord; problems: { message: string }[] } {
  const { custom_fields: custom, ...plain } = input;
  const { record: values, problems } = checkFields(FIELDS[r], plain, mode);
  const entity = ENTITY[r];
  if (custom !== undefined) {
    if (!entity)
      problems.push({
        field: "custom_fields",
        problem: "unknown",
        message: "custom_fields: Unknown field",
      });
    else {
      const c = checkCustom(entity, custom);
      problems.push(
        ...c.problems.map((message) => ({
          field: "custom_fields",
          problem: "value" as const,
          message,
        })),
      );
      values.custom_fields = { ...((current?.custom_fields as object) ?? {}), ...c.values };
    }
  }
  return { values, problems };
}

function idParam(ctx: RequestContext): number {
  const raw = ctx.params.id ?? "";
  return /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
}

/** `PATCH /api/v2/{resource}/{id}`: the changed fields checked as on create (none required). */
export function updateRecord(
  s: PipedriveShared,
  ctx: RequestContext,
  r: Resource,
): EmulatorResponse {
  const a = auth(s, ctx);
  if (!a.ok) return a.response;
  const id = idParam(ctx);
  const current = s.stores[r].get(id);
  if (!current) {
    return apiError(s, 404, `${NOUN[r]} not found`, "Please check developers.pipedrive.com");
  }
  const input = bodyOf(ctx);
  if (!input) return validation(s, [{ message: "body: Expected object" }]);
  const { values, problems } = check(r, input, "update", current);
  if (problems.length > 0) return validation(s, problems);
  const now = new Date(s.core.clock.now()).toISOString().replace(/\.\d{3}Z$/, "Z");
  const data = s.stores[r].update(id, { ...values, update_time: now });
  return s.core.respond.json(200, { success: true, data });
}

/** `DELETE /api/v2/{resource}/{id}`: `{ success, data: { id } }`; the record is gone from lists and reads. */
export function deleteRecord(
  s: PipedriveShared,
  ctx: RequestContext,
  r: Resource,
): EmulatorResponse {
  const a = auth(s, ctx);
  if (!a.ok) return a.response;
  const id = idParam(ctx);
  if (!s.stores[r].remove(id)) {
    return apiError(s, 404, `${NOUN[r]} not found`, "Please check developers.pipedrive.com");
  }
  return s.core.respond.json(200, { success: true, data: { id } });
}
