import type { EmulatorResponse } from "../../core/http.js";
import type { RequestContext } from "../../core/types.js";
import { guard, xmlRecord } from "./api.js";
import type { HighriseShared, Resource } from "./state.js";

/** `GET /{resource}/{id}.xml`: the record, or 404 with no body. */
export function show(s: HighriseShared, ctx: RequestContext, r: Resource): EmulatorResponse {
  const denied = guard(s, ctx);
  if (denied) return denied;
  const id = ctx.params.id ?? "";
  const record = /^\d+$/.test(id) ? s.stores[r].get(Number(id)) : undefined;
  if (!record) return s.core.respond.empty(404);
  return xmlRecord(s, r, record);
}
