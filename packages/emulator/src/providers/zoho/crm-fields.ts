import type { EmulatorResponse } from "../../core/http.js";
import type { RequestContext } from "../../core/types.js";
import { auth, crmError, moduleOf } from "./crm-common.js";
import { type CrmField, MODULES, spec } from "./crm-modules.js";
import { atLeast, fieldIn } from "./crm-spec.js";
import type { ZohoShared } from "./state.js";

// Metadata: `GET /crm/{version}/settings/modules` and `settings/fields?module=`, which official
// SDKs read to type record values, and which tell custom modules and custom fields. What the
// change logs say differs per version: `type` (unused/all fields) from v2.1, the record id as a
// field and Leads' `Converted__s` from v4, a module's `status` in place of `visible` from v5.

const JSON_TYPE: Record<string, string> = {
  integer: "integer",
  currency: "double",
  double: "double",
  boolean: "boolean",
  lookup: "jsonobject",
  ownerlookup: "jsonobject",
  subform: "jsonarray",
};

const SETTINGS_SCOPES = (what: string) => [
  /^zohocrm\.settings\.(all|read)$/i,
  new RegExp(`^zohocrm\\.settings\\.${what}\\.(all|read)$`, "i"),
];

function field(module: string, name: string, f: CrmField, n: number) {
  const id = `5725767${spec(module).code}7${String(n + 1).padStart(8, "0")}`;
  const label = name.replace(/_/g, " ");
  const data = {
    api_name: name,
    id,
    field_label: label,
    display_label: label,
    data_type: f.type,
    json_type: JSON_TYPE[f.type] ?? "string",
    system_mandatory: f.mandatory === true,
    custom_field: f.custom === true,
    read_only: f.readOnly === true,
    visible: true,
    length: (JSON_TYPE[f.type] ?? "string") === "string" ? 255 : 16,
    pick_list_values: (f.values ?? []).map((v, i) => ({
      display_value: v,
      actual_value: v,
      reference_value: v,
      sequence_number: i + 1,
      id: `${id}${i}`,
      type: "used",
    })),
    lookup: f.lookup
      ? {
          display_label: f.lookup,
          api_name: name,
          module: { api_name: f.lookup, id: `5725767${spec(f.lookup).code}000000001` },
          id: `${id}9`,
        }
      : {},
  };
  return data;
}

/** The record id as a field of every module, from v4. */
function idField(module: string) {
  return {
    ...field(module, "id", { type: "text", readOnly: true }, 9_999_999),
    data_type: "bigint",
    field_label: "Record Id",
    display_label: "Record Id",
  };
}

/**
 * `GET /crm/{version}/settings/fields?module=Leads` → `{fields: [...]}`, custom fields included.
 * From v2.1, `type=unused` lists the fields not in use (none here: 204) and `type=all` both.
 */
export function fields(s: ZohoShared, ctx: RequestContext): EmulatorResponse {
  const raw = ctx.query.get("module");
  if (raw === null || raw === "") {
    return crmError(s, 400, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", {
      param: "module",
    });
  }
  const version = ctx.params.version ?? "";
  const a = auth(s, ctx, version, SETTINGS_SCOPES("fields"));
  if (!a.ok) return a.response;
  const module = moduleOf(raw);
  if (!module) {
    return crmError(s, 400, "INVALID_MODULE", "the module name given seems to be invalid", {
      param: "module",
    });
  }
  const type = atLeast(version, "v2.1") ? (ctx.query.get("type") ?? "used") : "used";
  if (type !== "used" && type !== "unused" && type !== "all") {
    return crmError(s, 400, "INVALID_DATA", "invalid data", { param: "type" });
  }
  if (type === "unused") return s.core.respond.empty(204);
  const list = Object.entries(spec(module).fields)
    .filter(([, f]) => fieldIn(f, version))
    .map(([name, f], n) => field(module, name, f, n));
  return s.core.respond.json(200, {
    fields: atLeast(version, "v4") ? [idField(module), ...list] : list,
  });
}

const MODULE_STATUSES = ["visible", "user_hidden", "system_hidden", "scheduled_for_deletion"];

/**
 * `GET /crm/{version}/settings/modules` → `{modules: [...]}`: standard and custom modules.
 * Before v5 a module says `visible`; from v5 `status` (and `?status=` keeps those with it).
 */
export function modules(s: ZohoShared, ctx: RequestContext): EmulatorResponse {
  const version = ctx.params.version ?? "";
  const a = auth(s, ctx, version, SETTINGS_SCOPES("modules"));
  if (!a.ok) return a.response;
  const v5 = atLeast(version, "v5");
  const wanted = v5 ? ctx.query.get("status")?.split(",") : undefined;
  if (wanted?.some((w) => !MODULE_STATUSES.includes(w))) {
    return crmError(s, 400, "INVALID_DATA", "invalid data", { param: "status" });
  }
  // Every module here is visible.
  if (wanted && !wanted.includes("visible")) return s.core.respond.empty(204);
  return s.core.respond.json(200, {
    modules: Object.entries(MODULES).map(([name, m]) => ({
      api_name: name,
      module_name: name,
      plural_label: name.replace(/_/g, " "),
      singular_label: m.singular,
      id: `5725767${m.code}000000001`,
      generated_type: m.custom ? "custom" : "default",
      api_supported: true,
      creatable: true,
      editable: true,
      deletable: true,
      viewable: true,
      ...(v5 ? { status: "visible" } : { visible: true }),
      global_search_supported: !m.noSearch,
    })),
  });
}
