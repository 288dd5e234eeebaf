import { words } from "../../core/data.js";
import type { EmulatorResponse } from "../../core/http.js";
import type { RequestContext } from "../../core/types.js";
import { auth, crmError, moduleOf } from "./crm-common.js";
import { MANDATORY } from "./crm-single.js";
import { CRM_FIELDS, CRM_MODULES, type CrmModule, SOURCES, STAGES, STATUSES } from "./records.js";
import type { ZohoShared } from "./state.js";

// Field metadata (`GET /crm/{version}/settings/fields?module=`), which official SDKs read to type
// record values before their first call on a module.

type Kind = [dataType: string, jsonType: string];

const TEXT: Kind = ["text", "string"];
const KINDS: Record<string, Kind> = {
  Email: ["email", "string"],
  Phone: ["phone", "string"],
  Mobile: ["phone", "string"],
  Description: ["textarea", "string"],
  Annual_Revenue: ["currency", "double"],
  Amount: ["currency", "double"],
  No_of_Employees: ["integer", "integer"],
  Probability: ["integer", "integer"],
  Closing_Date: ["date", "string"],
  Created_Time: ["datetime", "string"],
  Modified_Time: ["datetime", "string"],
  Owner: ["ownerlookup", "jsonobject"],
  Account_Name: ["lookup", "jsonobject"],
  Contact_Name: ["lookup", "jsonobject"],
  Lead_Source: ["picklist", "string"],
  Lead_Status: ["picklist", "string"],
  Industry: ["picklist", "string"],
  Stage: ["picklist", "string"],
  Type: ["picklist", "string"],
};

const PICKLISTS: Record<string, readonly string[]> = {
  Lead_Source: SOURCES,
  Lead_Status: STATUSES,
  Industry: words.industries,
  Stage: STAGES.map(([name]) => name),
  Type: ["New Business", "Existing Business"],
};

const LOOKUPS: Record<string, string> = { Account_Name: "Accounts", Contact_Name: "Contacts" };

function field(module: CrmModule, name: string, n: number): Record<string, unknown> {
  const [dataType, jsonType] = KINDS[name] ?? TEXT;
  const id = `5725767${CRM_MODULES[module].code}7${String(n + 1).padStart(8, "0")}`;
  const label = name.replace(/_/g, " ");
  const lookup = LOOKUPS[name];
  return {
    api_name: name,
    id,
    field_label: label,
    display_label: label,
    data_type: dataType,
    json_type: jsonType,
    system_mandatory: MANDATORY[module].includes(name),
    custom_field: false,
    read_only: name === "Created_Time" || name === "Modified_Time" || name === "Full_Name",
    visible: true,
    length: jsonType === "string" ? 255 : 16,
    pick_list_values: (PICKLISTS[name] ?? []).map((v, i) => ({
      display_value: v,
      actual_value: v,
      reference_value: v,
      sequence_number: i + 1,
      id: `${id}${i}`,
      type: "used",
    })),
    lookup: lookup
      ? {
          display_label: lookup,
          api_name: name,
          module: {
            api_name: lookup,
            id: `5725767${CRM_MODULES[lookup as CrmModule]?.code ?? "004"}000000001`,
          },
          id: `${id}9`,
        }
      : {},
  };
}

/** `GET /crm/{version}/settings/fields?module=Leads` → `{fields: [...]}` of a served module. */
export function fields(s: ZohoShared, ctx: RequestContext): EmulatorResponse {
  const raw = ctx.query.get("module");
  if (raw === null || raw === "") {
    return crmError(s, 400, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", {
      param: "module",
    });
  }
  const a = auth(s, ctx, ctx.params.version ?? "", [
    /^zohocrm\.settings\.(all|read)$/i,
    /^zohocrm\.settings\.fields\.(all|read)$/i,
  ]);
  if (!a.ok) return a.response;
  const module = moduleOf(raw);
  if (!module) {
    return crmError(s, 400, "INVALID_MODULE", "the module name given seems to be invalid", {
      param: "module",
    });
  }
  return s.core.respond.json(200, {
    fields: CRM_FIELDS[module].map((name, n) => field(module, name, n)),
  });
}
