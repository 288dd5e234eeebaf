import { isoOffset } from "../../core/data.js";
import type { EmulatorResponse } from "../../core/http.js";
import type { RequestContext } from "../../core/types.js";
import { auth, crmError, lookup, moduleOf, storeOf } from "./crm-common.js";
import { keyOf, spec } from "./crm-modules.js";
import {
  checkInput,
  createScopes,
  derive,
  insertOne,
  invalidModule,
  jsonBody,
  MAX,
  rowsOf,
} from "./crm-single.js";
import type { ZohoShared } from "./state.js";

// Updates, deletes and upserts of CRM records: by id in the path, or up to 100 at once (`data[]`
// with ids, `?ids=a,b`). Each record gets its own result; a call with failures answers 202.

type Result = Record<string, unknown>;

const scopes = (module: string, op: "update" | "delete") => [
  new RegExp(`^zohocrm\\.modules\\.(all|${op})$`, "i"),
  new RegExp(`^zohocrm\\.modules\\.${module.toLowerCase()}\\.(all|${op})$`, "i"),
];

const invalidId = (id: unknown, path?: string): Result => ({
  code: "INVALID_DATA",
  details: path ? { api_name: "id", json_path: path } : { id },
  message: "the id given seems to be invalid",
  status: "error",
});

/** 200 when every record succeeded, else 202 with the errors among the results. */
function answer(s: ZohoShared, results: Result[]): EmulatorResponse {
  const failed = results.some((r) => r.status === "error");
  return s.core.respond.json(failed ? 202 : 200, { data: results });
}

/** Applies checked changes to the record with `id`; Zoho's answer for it. */
function applyUpdate(
  s: ZohoShared,
  module: string,
  id: string,
  values: Record<string, unknown>,
  now: string,
): Result {
  const before = lookup(s, module, id) as Record<string, unknown>;
  const after: Record<string, unknown> = { ...before, ...values, Modified_Time: now };
  derive(module, after);
  storeOf(s, module).update(keyOf(module, id) as number, after);
  const user = { name: s.user.fullName, id: s.user.id };
  return {
    code: "SUCCESS",
    details: {
      Modified_Time: now,
      Modified_By: user,
      Created_Time: before.Created_Time,
      id,
      Created_By: user,
    },
    message: "record updated",
    status: "success",
  };
}

function updateOne(
  s: ZohoShared,
  module: string,
  row: unknown,
  index: number,
  now: string,
): Result {
  const input = row !== null && typeof row === "object" ? (row as Record<string, unknown>) : {};
  const id = input.id;
  if (typeof id !== "string" || id === "") {
    return {
      code: "MANDATORY_NOT_FOUND",
      details: { api_name: "id", json_path: `$.data[${index}].id` },
      message: "required field not found",
      status: "error",
    };
  }
  if (!lookup(s, module, id)) return invalidId(id, `$.data[${index}].id`);
  const checked = checkInput(module, input, index, false);
  if (!checked.ok) return checked.result;
  return applyUpdate(s, module, id, checked.values, now);
}

/**
 * `PUT /crm/{version}/{Module}` with `{data: [{id, …}, …]}` (at most 100), or
 * `PUT /crm/{version}/{Module}/{id}` with `{data: [{…}]}`: the fields sent replace the stored ones.
 */
export function update(s: ZohoShared, ctx: RequestContext, onWrite: () => void): EmulatorResponse {
  const module = moduleOf(ctx.params.module);
  if (!module) return invalidModule(s);
  const a = auth(s, ctx, ctx.params.version ?? "", scopes(module, "update"));
  if (!a.ok) return a.response;
  const rows = rowsOf(s, ctx);
  if (!Array.isArray(rows)) return rows;
  const pathId = ctx.params.id;
  if (pathId !== undefined && rows.length !== 1) {
    return crmError(s, 400, "INVALID_DATA", "only one record can be updated by id", {
      param: "data",
    });
  }
  const now = isoOffset(ctx.now());
  const results = rows.map((row, index) =>
    updateOne(
      s,
      module,
      pathId === undefined ? row : { ...(row as object), id: pathId },
      index,
      now,
    ),
  );
  onWrite();
  return answer(s, results);
}

/** `DELETE /crm/{version}/{Module}?ids=a,b` (at most 100) or `DELETE /crm/{version}/{Module}/{id}`. */
export function remove(s: ZohoShared, ctx: RequestContext, onWrite: () => void): EmulatorResponse {
  const module = moduleOf(ctx.params.module);
  if (!module) return invalidModule(s);
  const a = auth(s, ctx, ctx.params.version ?? "", scopes(module, "delete"));
  if (!a.ok) return a.response;
  const ids =
    ctx.params.id !== undefined
      ? [ctx.params.id]
      : (ctx.query.get("ids") ?? "").split(",").filter(Boolean);
  if (ids.length === 0) {
    return crmError(s, 400, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", {
      param: "ids",
    });
  }
  if (ids.length > MAX) {
    return crmError(s, 400, "LIMIT_EXCEEDED", "the number of records exceeds the limit", {
      limit: MAX,
    });
  }
  const results = ids.map((id): Result => {
    if (!lookup(s, module, id)) return invalidId(id);
    storeOf(s, module).remove(keyOf(module, id) as number);
    return { code: "SUCCESS", details: { id }, message: "record deleted", status: "success" };
  });
  onWrite();
  return answer(s, results);
}

/** Fields Zoho matches upserts on by default: the module's unique fields (email, name). */
const DEFAULT_MATCH: Record<string, string[]> = {
  Leads: ["Email"],
  Contacts: ["Email"],
  Accounts: ["Account_Name"],
  Products: ["Product_Name"],
  Vendors: ["Vendor_Name"],
  Campaigns: ["Campaign_Name"],
  Price_Books: ["Price_Book_Name"],
};

/**
 * `POST /crm/{version}/{Module}/upsert`: each record updates the first one whose
 * `duplicate_check_fields` (default: the module's unique fields) equal its own, else is inserted.
 * Each answer says `action: "insert"` or `"update"`; `DUPLICATE_DATA` when more than one matches.
 */
export function upsert(s: ZohoShared, ctx: RequestContext, onWrite: () => void): EmulatorResponse {
  const module = moduleOf(ctx.params.module);
  if (!module) return invalidModule(s);
  const a = auth(s, ctx, ctx.params.version ?? "", [
    ...createScopes(module),
    ...scopes(module, "update"),
  ]);
  if (!a.ok) return a.response;
  const rows = rowsOf(s, ctx);
  if (!Array.isArray(rows)) return rows;
  const given = jsonBody(ctx)?.duplicate_check_fields;
  const match = Array.isArray(given) ? given.map(String) : (DEFAULT_MATCH[module] ?? []);
  const unknown = match.find((f) => !Object.hasOwn(spec(module).fields, f));
  if (unknown) {
    return crmError(s, 400, "INVALID_DATA", "invalid duplicate_check_fields", {
      api_name: unknown,
    });
  }
  const now = isoOffset(ctx.now());
  const store = storeOf(s, module);
  const results = rows.map((row, index): Result => {
    const input = row !== null && typeof row === "object" ? (row as Record<string, unknown>) : {};
    const keys = match.filter((f) => input[f] !== undefined && input[f] !== null);
    const same = keys.length
      ? store.all((r) =>
          keys.every((f) => String(r[f]).toLowerCase() === String(input[f]).toLowerCase()),
        )
      : [];
    if (same.length > 1) {
      return {
        code: "DUPLICATE_DATA",
        details: { api_name: keys[0], more_records: true },
        message: "duplicate data",
        status: "error",
      };
    }
    const found = same[0];
    const checked = checkInput(module, input, index, found === undefined);
    if (!checked.ok) return checked.result;
    const result = found
      ? applyUpdate(s, module, String(found.id), checked.values, now)
      : insertOne(s, module, checked.values, now);
    return {
      ...result,
      action: found ? "update" : "insert",
      duplicate_field: found ? (keys[0] ?? null) : null,
    };
  });
  onWrite();
  const failed = results.some((r) => r.status === "error");
  return s.core.respond.json(failed ? 207 : 200, { data: results });
}
