import type { EmulatorResponse } from "../../core/http.js";
import type { RequestContext } from "../../core/types.js";
import { guard } from "./api.js";
import type { HighriseShared, Resource } from "./state.js";
import { current } from "./writes.js";
import { ELEMENT, xmlDoc } from "./xml.js";

export { ID_BASE } from "./writes.js";

/**
 * `GET /people/#{id}.xml` (and companies, deals): the record alone, as in a list page. An
 * unknown id answers 404 with no body, as Rails' `head :not_found` does (the docs give only the
 * status).
 */
export function show(s: HighriseShared, ctx: RequestContext, r: Resource): EmulatorResponse {
  const denied = guard(s, ctx);
  if (denied) return denied;
  const id = ctx.params.id ?? "";
  const fields = /^\d+$/.test(id) ? current(s, r, Number(id)) : undefined;
  if (!fields) return s.core.respond.empty(404);
  return s.core.respond.xml(200, xmlDoc([ELEMENT[r], fields]));
}
