import type { EmulatorResponse } from "../../core/http.js";
import type { RequestContext } from "../../core/types.js";
import { auth, PIPEDRIVE_V1_DEPRECATION, PIPEDRIVE_V1_SUNSET } from "./api.js";
import { record } from "./records.js";
import { apiError, FALLBACK, type PipedriveShared, type Resource } from "./state.js";

const NOUN: Record<Resource, string> = {
  deals: "Deal",
  persons: "Person",
  organizations: "Organization",
  activities: "Activity",
};

/**
 * `GET /api/v2/{resource}/{id}` (and the deprecated `/v1/{resource}/{id}`): `{success, data}`;
 * an unknown id is 404 with Pipedrive's envelope (`"Deal not found"`).
 */
export function show(
  s: PipedriveShared,
  ctx: RequestContext,
  r: Resource,
  v1: boolean,
): EmulatorResponse {
  const a = auth(s, ctx);
  if (!a.ok) return a.response;
  const raw = ctx.params.id ?? "";
  const id = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  const size = s.core.datasetSize(r, FALLBACK[r]);
  const data =
    s.created[r].get(id) ?? (id >= 1 && id <= size ? record(s, r, id - 1, v1) : undefined);
  const headers: Record<string, string> = v1
    ? { deprecation: PIPEDRIVE_V1_DEPRECATION, sunset: PIPEDRIVE_V1_SUNSET }
    : {};
  if (data === undefined) {
    return apiError(
      s,
      404,
      `${NOUN[r]} not found`,
      "Please check developers.pipedrive.com",
      headers,
    );
  }
  return s.core.respond.json(200, { success: true, data }, headers);
}

/**
 * `POST /api/v2/{resource}` ("Add a deal", …): JSON body, `title` (deals) or `name` required;
 * 200 with the new record, whose id continues after the data set. Not idempotent: the fault
 * suites use it to check that clients never resend it. New records are readable by id.
 */
export function create(s: PipedriveShared, ctx: RequestContext, r: Resource): EmulatorResponse {
  const a = auth(s, ctx);
  if (!a.ok) return a.response;
  const body = ctx.body.kind === "json" ? ctx.body.value : undefined;
  const input =
    body !== null && typeof body === "object" && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : undefined;
  const nameField = r === "deals" ? "title" : "name";
  const name = input?.[nameField];
  if (typeof name !== "string" || name.trim() === "") {
    return apiError(
      s,
      400,
      `Validation failed: ${nameField}: Required`,
      "Please check developers.pipedrive.com",
    );
  }
  const id = s.core.datasetSize(r, FALLBACK[r]) + s.created[r].size + 1;
  const now = new Date(s.core.clock.now()).toISOString().replace(/\.\d{3}Z$/, "Z");
  const data = { ...input, id, owner_id: s.user.id, add_time: now, update_time: now };
  s.created[r].set(id, data);
  return s.core.respond.json(200, { success: true, data });
}
