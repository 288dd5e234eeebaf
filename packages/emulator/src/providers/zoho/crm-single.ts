import { isoOffset } from "../../core/data.js";
import type { EmulatorResponse } from "../../core/http.js";
import type { RequestContext } from "../../core/types.js";
import {
  auth,
  crmError,
  current,
  moduleOf,
  moduleScopes,
  parseFields,
  project,
} from "./crm-common.js";
import { CRM_MODULES, type CrmModule, crmId } from "./records.js";
import type { ZohoShared } from "./state.js";

// Single records of the CRM: get one by id, and insert.

/** Fields an insert must carry per module (Zoho's system-mandatory fields). */
export const MANDATORY: Record<CrmModule, readonly string[]> = {
  Leads: ["Last_Name"],
  Contacts: ["Last_Name"],
  Deals: ["Deal_Name", "Stage"],
};

export const invalidModule = (s: ZohoShared) =>
  crmError(s, 400, "INVALID_MODULE", "the module name given seems to be invalid", {
    resource_path_index: 0,
  });

export const size = (s: ZohoShared, m: CrmModule) =>
  s.core.datasetSize(CRM_MODULES[m].resource, CRM_MODULES[m].fallback);

/** The index of a generated record from its id, or undefined. */
export function indexOf(s: ZohoShared, m: CrmModule, id: string): number | undefined {
  const prefix = crmId(m, 0).slice(0, -9);
  if (!id.startsWith(prefix) || !/^\d{9}$/.test(id.slice(prefix.length))) return undefined;
  const i = Number(id.slice(prefix.length)) - 1;
  return i >= 0 && i < size(s, m) ? i : undefined;
}

/**
 * `GET /crm/{version}/{Module}/{id}`: `{data: [record]}` with every field (or those of
 * `fields`). An id that names no record answers 204 with no body, as Zoho answers a record
 * that does not exist or was deleted.
 */
export function show(s: ZohoShared, ctx: RequestContext): EmulatorResponse {
  const module = moduleOf(ctx.params.module);
  if (!module) return invalidModule(s);
  const a = auth(s, ctx, ctx.params.version ?? "", moduleScopes(module));
  if (!a.ok) return a.response;
  const fields = parseFields(s, ctx, module, false);
  if (fields && !Array.isArray(fields)) return fields;
  const id = ctx.params.id ?? "";
  const rec = lookup(s, module, id);
  if (!rec) return s.core.respond.empty(204);
  return s.core.respond.json(200, { data: [project(rec, fields)] });
}

/** A record by id as clients see it (inserted, or generated with their edits), or undefined. */
export function lookup(
  s: ZohoShared,
  module: CrmModule,
  id: string,
): Record<string, unknown> | undefined {
  const created = s.created.get(id);
  if (created) return created.module === module ? created.record : undefined;
  const i = indexOf(s, module, id);
  return i === undefined ? undefined : current(s, module, i);
}

/** The body as JSON whatever its Content-Type (the official Node SDK sends none). */
export function jsonBody(ctx: RequestContext): Record<string, unknown> | undefined {
  let value: unknown;
  if (ctx.body.kind === "json") value = ctx.body.value;
  else if (ctx.body.kind === "text" || ctx.body.kind === "invalid") {
    try {
      value = JSON.parse(ctx.body.text);
    } catch {
      return undefined;
    }
  }
  return value !== null && typeof value === "object"
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * `POST /crm/{version}/{Module}` with `{data: [{…}, …]}` (at most 100): one answer per record,
 * `SUCCESS` with the new id and times, or `MANDATORY_NOT_FOUND` naming the missing field. 201
 * when all succeed, 400 when all fail, 207 when mixed. New records are readable by id; lists
 * keep to the generated data set.
 */
export function insert(s: ZohoShared, ctx: RequestContext): EmulatorResponse {
  const module = moduleOf(ctx.params.module);
  if (!module) return invalidModule(s);
  const l = module.toLowerCase();
  const a = auth(s, ctx, ctx.params.version ?? "", [
    /^zohocrm\.modules\.(all|create)$/i,
    new RegExp(`^zohocrm\\.modules\\.${l}\\.(all|create)$`, "i"),
  ]);
  if (!a.ok) return a.response;
  const rows = jsonBody(ctx)?.data;
  if (!Array.isArray(rows) || rows.length === 0) {
    return crmError(s, 400, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", {
      param: "data",
    });
  }
  if (rows.length > 100) {
    return crmError(s, 400, "LIMIT_EXCEEDED", "the number of records exceeds the limit", {
      limit: 100,
    });
  }
  const now = isoOffset(ctx.now());
  const user = { name: s.user.fullName, id: s.user.id };
  const results = rows.map((row, index) => {
    const input = row !== null && typeof row === "object" ? (row as Record<string, unknown>) : {};
    const missing = MANDATORY[module].find(
      (f) => input[f] === undefined || input[f] === null || input[f] === "",
    );
    if (missing) {
      return {
        code: "MANDATORY_NOT_FOUND",
        details: { api_name: missing, json_path: `$.data[${index}].${missing}` },
        message: "required field not found",
        status: "error",
      };
    }
    const id = crmId(module, size(s, module) + s.created.size);
    const owner = { id: s.user.id, name: s.user.fullName, email: s.user.email };
    const rec = { ...input, id, Owner: owner, Created_Time: now, Modified_Time: now };
    s.created.set(id, { module, record: rec });
    return {
      code: "SUCCESS",
      details: {
        Modified_Time: now,
        Modified_By: user,
        Created_Time: now,
        id,
        Created_By: user,
        $approval_state: "approved",
      },
      message: "record added",
      status: "success",
    };
  });
  const ok = results.filter((r) => r.status === "success").length;
  const status = ok === results.length ? 201 : ok === 0 ? 400 : 207;
  return s.core.respond.json(status, { data: results });
}
