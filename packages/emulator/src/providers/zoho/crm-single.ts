import { isoOffset } from "../../core/data.js";
import type { EmulatorResponse } from "../../core/http.js";
import type { RequestContext } from "../../core/types.js";
import {
  asOf,
  auth,
  crmError,
  lookup,
  moduleOf,
  moduleScopes,
  parseFields,
  project,
  storeOf,
} from "./crm-common.js";
import { totals } from "./crm-generate.js";
import { recordId, spec } from "./crm-modules.js";
import type { ZohoShared } from "./state.js";

// Single records of the CRM: get one by id, and insert (one or up to 100 records).

/** At most this many records per write call. */
export const MAX = 100;

export const invalidModule = (s: ZohoShared) =>
  crmError(s, 400, "INVALID_MODULE", "the module name given seems to be invalid", {
    resource_path_index: 0,
  });

/**
 * `GET /crm/{version}/{Module}/{id}`: `{data: [record]}` with every field, line items included
 * (or those of `fields`). An id that names no record answers 204 with no body, as Zoho answers
 * a record that does not exist or was deleted.
 */
export function show(s: ZohoShared, ctx: RequestContext): EmulatorResponse {
  const module = moduleOf(ctx.params.module);
  if (!module) return invalidModule(s);
  const a = auth(s, ctx, ctx.params.version ?? "", moduleScopes(module));
  if (!a.ok) return a.response;
  const fields = parseFields(s, ctx, module, false, false);
  if (fields && !Array.isArray(fields)) return fields;
  const rec = lookup(s, module, ctx.params.id ?? "");
  if (!rec) return s.core.respond.empty(204);
  const version = ctx.params.version ?? "";
  return s.core.respond.json(200, { data: [project(asOf(module, version, rec), fields)] });
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

type Result = Record<string, unknown>;

const fieldError = (code: string, message: string, field: string, index: number, more = {}) => ({
  code,
  details: { api_name: field, json_path: `$.data[${index}].${field}`, ...more },
  message,
  status: "error",
});

const NUMERIC = new Set(["integer", "currency", "double"]);

/**
 * The fields of a write that Zoho keeps (read-only ones dropped), or the first problem as
 * Zoho reports it per record: a mandatory field missing (on create) or cleared, a value of the
 * wrong type, a subform that is not a list.
 */
export function checkInput(
  module: string,
  input: Record<string, unknown>,
  index: number,
  create: boolean,
): { ok: true; values: Record<string, unknown> } | { ok: false; result: Result } {
  const fields = spec(module).fields;
  for (const [name, field] of Object.entries(fields)) {
    const value = input[name];
    const empty = value === undefined || value === null || value === "";
    if (field.mandatory && (create ? empty : name in input && empty)) {
      return {
        ok: false,
        result: fieldError("MANDATORY_NOT_FOUND", "required field not found", name, index),
      };
    }
  }
  const values: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(input)) {
    const field = Object.hasOwn(fields, name) ? fields[name] : undefined;
    if (!field) {
      if (name === "id") continue;
      return { ok: false, result: fieldError("INVALID_DATA", "invalid field", name, index) };
    }
    if (field.readOnly) continue;
    const bad =
      value !== null &&
      ((NUMERIC.has(field.type) && typeof value !== "number") ||
        (field.type === "boolean" && typeof value !== "boolean") ||
        (field.type === "subform" && !Array.isArray(value)) ||
        (field.type === "lookup" && typeof value !== "object"));
    if (bad) {
      return {
        ok: false,
        result: fieldError("INVALID_DATA", "invalid data", name, index, {
          expected_data_type: field.type,
        }),
      };
    }
    values[name] = value;
  }
  return { ok: true, values };
}

/** Fields Zoho computes on write: the full name, line-item totals. */
export function derive(module: string, record: Record<string, unknown>): void {
  const m = spec(module);
  if ("Full_Name" in m.fields) {
    record.Full_Name = [record.First_Name, record.Last_Name].filter(Boolean).join(" ");
  }
  if (m.lineItems) {
    const items = record[m.lineItems];
    if (Array.isArray(items)) {
      record[m.lineItems] = items.map((item, n) => {
        const row = item as Record<string, unknown>;
        const quantity = Number(row.Quantity ?? 1);
        const price = Number(row.List_Price ?? 0);
        const discount = Number(row.Discount ?? 0);
        return {
          id: row.id ?? `${String(record.id)}${n}`,
          Product_Description: null,
          Tax: 0,
          ...row,
          Quantity: quantity,
          List_Price: price,
          Discount: discount,
          Total: quantity * price,
          Net_Total: quantity * price - discount,
          Sequence_Number: n + 1,
        };
      });
    }
    Object.assign(record, totals(record[m.lineItems]));
  }
}

/** Inserts one checked record; the answer Zoho gives for it. */
export function insertOne(
  s: ZohoShared,
  module: string,
  values: Record<string, unknown>,
  now: string,
): Result {
  const store = storeOf(s, module);
  const id = recordId(module, store.span);
  const owner = { id: s.user.id, name: s.user.fullName, email: s.user.email };
  const record: Record<string, unknown> = {
    ...Object.fromEntries(Object.keys(spec(module).fields).map((f) => [f, null])),
    ...values,
    id,
    Owner: owner,
    Created_Time: now,
    Modified_Time: now,
  };
  derive(module, record);
  store.insert(record);
  const user = { name: s.user.fullName, id: s.user.id };
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
}

/** The rows of a write body, or the error answer for the whole call. */
export function rowsOf(s: ZohoShared, ctx: RequestContext): unknown[] | EmulatorResponse {
  const rows = jsonBody(ctx)?.data;
  if (!Array.isArray(rows) || rows.length === 0) {
    return crmError(s, 400, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", {
      param: "data",
    });
  }
  if (rows.length > MAX) {
    return crmError(s, 400, "LIMIT_EXCEEDED", "the number of records exceeds the limit", {
      limit: MAX,
    });
  }
  return rows;
}

export const createScopes = (module: string) => [
  /^zohocrm\.modules\.(all|create)$/i,
  new RegExp(`^zohocrm\\.modules\\.${module.toLowerCase()}\\.(all|create)$`, "i"),
];

/**
 * `POST /crm/{version}/{Module}` with `{data: [{…}, …]}` (at most 100): one answer per record,
 * `SUCCESS` with the new id and times, or an error naming the field. 201 when all succeed, 400
 * when all fail, 207 when mixed. New records are seen by get, list and search.
 */
export function insert(s: ZohoShared, ctx: RequestContext): EmulatorResponse {
  const module = moduleOf(ctx.params.module);
  if (!module) return invalidModule(s);
  const a = auth(s, ctx, ctx.params.version ?? "", createScopes(module));
  if (!a.ok) return a.response;
  const rows = rowsOf(s, ctx);
  if (!Array.isArray(rows)) return rows;
  const now = isoOffset(ctx.now());
  const results = rows.map((row, index) => {
    const input = row !== null && typeof row === "object" ? (row as Record<string, unknown>) : {};
    const checked = checkInput(module, input, index, true);
    return checked.ok ? insertOne(s, module, checked.values, now) : checked.result;
  });
  const ok = results.filter((r) => r.status === "success").length;
  const status = ok === results.length ? 201 : ok === 0 ? 400 : 207;
  return s.core.respond.json(status, { data: results });
}
