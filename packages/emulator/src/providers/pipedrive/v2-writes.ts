import type { EmulatorResponse } from "../../core/http.js";
import { checkFields, type StoredRecord } from "../../core/records/store.js";
import type { RequestContext } from "../../core/types.js";
import { auth } from "./api.js";
import { checkCustom } from "./custom.js";
import { apiError, bodyOf, type PipedriveShared, type Resource } from "./state.js";
import { ENTITY, FIELDS, NOUN } from "./v2-fields.js";

function validation(s: PipedriveShared, problems: { message: string }[]): EmulatorResponse {
  return apiError(
    s,
    400,
    `Validation failed: ${problems.map((p) => p.message).join("; ")}`,
    "Please check developers.pipedrive.com",
  );
}

/** A write's JSON body checked against the fields, and the time of the write; or the 400. */
function checkedBody(
  s: PipedriveShared,
  ctx: RequestContext,
  r: Resource,
  mode: "create" | "update",
  current?: StoredRecord,
): { response: EmulatorResponse } | { values: StoredRecord; now: string } {
  const input = bodyOf(ctx);
  if (!input) return { response: validation(s, [{ message: "body: Expected object" }]) };
  const { values, problems } = check(r, input, mode, current);
  if (problems.length > 0) return { response: validation(s, problems) };
  return { values, now: new Date(s.core.clock.now()).toISOString().replace(/\.\d{3}Z$/, "Z") };
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
  const body = checkedBody(s, ctx, r, "create");
  if ("response" in body) return body.response;
  const { values, now } = body;
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
  const body = checkedBody(s, ctx, r, "update", current);
  if ("response" in body) return body.response;
  const { values, now } = body;
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
