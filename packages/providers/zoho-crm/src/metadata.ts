import {
  type ApiClient,
  ApiError,
  type ColumnDeclaration,
  type ColumnsDeclaration,
  ConnectorError,
  ConnectorErrorCode,
  parseJsonBody,
} from "@x/connector-kit";

/** A field as the metadata API (`settings/fields?module=`) describes it. */
export interface ZohoField {
  api_name: string;
  data_type: string;
  json_type?: string;
  display_label?: string;
  field_label?: string;
  custom_field?: boolean;
  read_only?: boolean;
  system_mandatory?: boolean;
  pick_list_values?: { actual_value?: string; display_value?: string }[];
  lookup?: { module?: { api_name?: string } };
}

const NUMBER_TYPES: Record<string, "integer" | "decimal"> = {
  integer: "integer",
  bigint: "integer",
  currency: "decimal",
  double: "decimal",
  decimal: "decimal",
  percent: "decimal",
};

/**
 * A column for a field of the metadata: picklists as enums of their values, lookups as JSON
 * `{ id, name }` referencing their module, numbers, dates and flags as such, the rest as text.
 * Subforms are left out (a listing cannot name them).
 */
export function columnOfField(field: ZohoField): ColumnDeclaration | undefined {
  const label = field.display_label ?? field.field_label ?? field.api_name;
  const base = {
    nullable: true,
    ...(field.read_only || field.data_type === "formula" || field.data_type === "autonumber"
      ? { readOnly: true }
      : {}),
    description: `${label}${field.custom_field ? " (custom field)" : ""}`,
  };
  switch (field.data_type) {
    case "subform":
      return undefined;
    case "picklist": {
      const values = (field.pick_list_values ?? [])
        .map((v) => v.actual_value ?? v.display_value)
        .filter((v): v is string => typeof v === "string" && v !== "-None-");
      return values.length > 0 ? { type: "enum", values, ...base } : { type: "string", ...base };
    }
    case "lookup":
    case "ownerlookup":
    case "userlookup": {
      const target =
        field.lookup?.module?.api_name ?? (field.data_type === "lookup" ? undefined : "Users");
      return { type: "json", ...(target ? { references: target } : {}), ...base };
    }
    case "multiselectpicklist":
    case "multiselectlookup":
    case "fileupload":
    case "imageupload":
      return { type: "json", ...base };
    case "boolean":
      return { type: "boolean", ...base };
    case "date":
      return { type: "date", ...base };
    case "datetime":
      return { type: "datetime", ...base };
  }
  // Ids in bigint fields (v2–v3's Layout) come as JSON strings: text, not numbers.
  if (field.data_type === "bigint" && field.json_type === "string")
    return { type: "string", ...base };
  const number = NUMBER_TYPES[field.data_type];
  if (number) return { type: number, ...base };
  if (field.json_type === "double") return { type: "decimal", ...base };
  if (field.json_type === "integer") return { type: "integer", ...base };
  if (field.json_type === "boolean") return { type: "boolean", ...base };
  if (field.json_type === "jsonobject" || field.json_type === "jsonarray") {
    return { type: "json", ...base };
  }
  return { type: "string", ...base };
}

/**
 * The columns the metadata API adds to a module's declared ones: its fields that are not
 * declared (custom fields, and standard ones the declaration leaves out). A module the account
 * does not have is `CONNECTOR_UNKNOWN_TABLE`.
 */
export async function discoverFields(
  api: ApiClient,
  module: string,
  declared: ColumnsDeclaration,
  signal: AbortSignal | undefined,
): Promise<ColumnsDeclaration> {
  let response: Response;
  try {
    response = await api.send({
      path: "settings/fields",
      searchParams: new URLSearchParams({ module }),
      signal,
    });
  } catch (error) {
    if (error instanceof ApiError && error.details.providerCode === "INVALID_MODULE") {
      throw new ConnectorError(
        ConnectorErrorCode.UnknownTable,
        `Zoho CRM has no module "${module}" in this account.`,
        { hint: "connection.tables() lists the modules, custom ones included.", cause: error },
      );
    }
    throw error;
  }
  const body = (await parseJsonBody(response)) as { fields?: ZohoField[] } | null;
  const found: Record<string, ColumnDeclaration> = {};
  for (const field of body?.fields ?? []) {
    if (Object.hasOwn(declared, field.api_name)) continue;
    const column = columnOfField(field);
    if (column) found[field.api_name] = column;
  }
  return found;
}
