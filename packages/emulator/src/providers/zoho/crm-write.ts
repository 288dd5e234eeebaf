import { isoOffset } from "../../core/data.js";
import type { EmulatorResponse } from "../../core/http.js";
import type { RequestContext } from "../../core/types.js";
import { auth, crmError, moduleOf } from "./crm-common.js";
import { indexOf, invalidModule, jsonBody, lookup, MANDATORY } from "./crm-single.js";
import type { CrmModule } from "./records.js";
import type { ZohoShared } from "./state.js";

// Updates and deletes of CRM records: by id in the path, or up to 100 at once (`data[]` with
// ids, `?ids=a,b`). Each record gets its own result; a call with failures answers 202.

const MAX = 100;
/** Set by Zoho: sent values are ignored, as Zoho ignores system fields on update. */
const SYSTEM = new Set(["id", "Owner", "Created_Time", "Modified_Time", "Full_Name"]);

type Result = Record<string, unknown>;

const scopes = (module: CrmModule, op: "update" | "delete") => [
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

/** Writes `record` back where it lives (inserted, or an edit over a generated one). */
function store(
  s: ZohoShared,
  module: CrmModule,
  id: string,
  record: Record<string, unknown> | null,
) {
  const created = s.created.get(id);
  if (created) {
    if (record) created.record = record;
    else s.created.delete(id);
  } else if (indexOf(s, module, id) !== undefined) s.edited.set(id, record);
}

function updateOne(
  s: ZohoShared,
  module: CrmModule,
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
  const before = lookup(s, module, id);
  if (!before) return invalidId(id, `$.data[${index}].id`);
  const cleared = MANDATORY[module].find(
    (f) => f in input && (input[f] === null || input[f] === ""),
  );
  if (cleared) {
    return {
      code: "MANDATORY_NOT_FOUND",
      details: { api_name: cleared, json_path: `$.data[${index}].${cleared}` },
      message: "required field not found",
      status: "error",
    };
  }
  const changes = Object.fromEntries(Object.entries(input).filter(([k]) => !SYSTEM.has(k)));
  const after: Record<string, unknown> = { ...before, ...changes, Modified_Time: now };
  if (module !== "Deals") {
    after.Full_Name = [after.First_Name, after.Last_Name].filter(Boolean).join(" ");
  }
  store(s, module, id, after);
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

/**
 * `PUT /crm/{version}/{Module}` with `{data: [{id, …}, …]}` (at most 100), or
 * `PUT /crm/{version}/{Module}/{id}` with `{data: [{…}]}`: the fields sent replace the stored ones.
 */
export function update(s: ZohoShared, ctx: RequestContext, onWrite: () => void): EmulatorResponse {
  const module = moduleOf(ctx.params.module);
  if (!module) return invalidModule(s);
  const a = auth(s, ctx, ctx.params.version ?? "", scopes(module, "update"));
  if (!a.ok) return a.response;
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
    store(s, module, id, null);
    return { code: "SUCCESS", details: { id }, message: "record deleted", status: "success" };
  });
  onWrite();
  return answer(s, results);
}
