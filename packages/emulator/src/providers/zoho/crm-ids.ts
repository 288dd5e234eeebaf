import type { EmulatorResponse } from "../../core/http.js";
import { asOf, crmError, lookup, project, shownFields } from "./crm-common.js";
import type { ZohoShared } from "./state.js";

/**
 * `GET /crm/{version}/{Module}?ids=1,2,…`: those records, in the order asked, ids that name no
 * record left out; 204 when none does. `fields` applies as to a listing.
 */
export function listByIds(
  s: ZohoShared,
  module: string,
  version: string,
  raw: string,
  fields: string[] | undefined,
): EmulatorResponse {
  const ids = [...new Set(raw.split(",").map((id) => id.trim()))];
  if (ids.some((id) => !/^\d+$/.test(id))) {
    return crmError(s, 400, "INVALID_DATA", "invalid data", { param: "ids" });
  }
  const shown = shownFields(module, version, fields);
  const data = ids
    .map((id) => lookup(s, module, id))
    .filter((r): r is Record<string, unknown> => r !== undefined)
    .map((r) => project(asOf(module, version, r), shown));
  if (data.length === 0) return s.core.respond.empty(204);
  return s.core.respond.json(200, {
    data,
    info: { per_page: data.length, count: data.length, page: 1, more_records: false },
  });
}
