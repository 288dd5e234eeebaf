import type { EmulatorResponse } from "../../core/http.js";
import type { RequestContext } from "../../core/types.js";
import { guard } from "./api.js";
import { FALLBACK, type HighriseShared, type Resource } from "./state.js";
import { ELEMENT, nodes, xmlDoc } from "./xml.js";

/** First id of each data set: record i has id `ID_BASE[r] + i`. */
export const ID_BASE: Record<Resource, number> = {
  people: 1000,
  companies: 500_000,
  deals: 40_000,
};

/**
 * `GET /people/#{id}.xml` (and companies, deals): the record alone, as in a list page. An
 * unknown id answers 404 with no body, as Rails' `head :not_found` does (the docs give only the
 * status).
 */
export function show(s: HighriseShared, ctx: RequestContext, r: Resource): EmulatorResponse {
  const denied = guard(s, ctx);
  if (denied) return denied;
  const id = ctx.params.id ?? "";
  const i = /^\d+$/.test(id) ? Number(id) - ID_BASE[r] : -1;
  if (i < 0 || i >= s.core.datasetSize(r, FALLBACK[r])) return s.core.respond.empty(404);
  return s.core.respond.xml(200, xmlDoc([ELEMENT[r], nodes(s, r, i)]));
}
