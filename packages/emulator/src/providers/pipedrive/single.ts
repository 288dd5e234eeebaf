import type { EmulatorResponse } from "../../core/http.js";
import type { RequestContext } from "../../core/types.js";
import { auth, PIPEDRIVE_V1_DEPRECATION, PIPEDRIVE_V1_SUNSET } from "./api.js";
import { record } from "./records.js";
import { apiError, type PipedriveShared, type Resource } from "./state.js";

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
  const stored = s.stores[r].get(id);
  // v1 shows data-set records in its own shape; written ones as they were stored.
  const data = stored && v1 && !s.stores[r].written(id) ? record(s, r, id - 1, true) : stored;
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
