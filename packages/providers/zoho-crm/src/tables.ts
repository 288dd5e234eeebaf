import {
  type ApiClient,
  ApiError,
  type ApiRequest,
  type BatchRecordResult,
  type ColumnDeclaration,
  type ColumnsDeclaration,
  ConnectorError,
  ConnectorErrorCode,
  type CustomTables,
  defineTable,
  type PaginationSpec,
  type PushdownMapping,
  parseJsonBody,
  type TableDeclaration,
  type WriteResult,
  withSearchParams,
} from "@x/connector-kit";

/** Records reachable with `page`; beyond, Zoho wants `page_token`, and search stops there. */
const PAGE_LIMIT = 2_000;
const PER_PAGE = 200;

type Page = {
  data?: Record<string, unknown>[];
  info?: { more_records?: boolean; next_page_token?: string | null };
};

/**
 * `page` while it reaches, then `page_token` from `info.next_page_token`. A listing that has
 * more records but no token (v2 and v2.1 answer none) stops with a typed error rather than
 * quietly; a search stops at its cap, which the table handles.
 */
const paging: PaginationSpec = {
  items: (body) => (body as Page).data ?? [],
  next(body, request) {
    const info = (body as Page).info;
    if (!info?.more_records) return undefined;
    const sp = new URLSearchParams(request.searchParams as URLSearchParams);
    const page = Number(sp.get("page") ?? 0);
    if (sp.has("page") && (page + 1) * PER_PAGE <= PAGE_LIMIT) {
      sp.set("page", String(page + 1));
    } else if (info.next_page_token) {
      sp.delete("page");
      sp.set("page_token", info.next_page_token);
    } else if (request.path.endsWith("/search")) {
      return undefined;
    } else {
      throw new ConnectorError(
        ConnectorErrorCode.ProviderCap,
        `Zoho CRM lists at most ${PAGE_LIMIT} records of ${request.path} with page numbers, and gave no page_token to read further.`,
        {
          hint: "Use Schema=v3 or later (page_token reaches 100,000 records), or narrow the listing with a filter or a modified-since condition.",
        },
      );
    }
    return { ...request, searchParams: sp };
  },
};

const escapeValue = (v: string) => v.replace(/[(),\\]/g, (c) => `\\${c}`);

/**
 * A condition of the search API: the listing moves to `{Module}/search` and the condition joins
 * `criteria` with `and`.
 */
function criterion(module: string, field: string, operator: string) {
  return (value: unknown, request: ApiRequest): ApiRequest => {
    const sp = new URLSearchParams(request.searchParams as URLSearchParams);
    const term = `(${field}:${operator}:${escapeValue(String(value))})`;
    const before = sp.get("criteria");
    return withSearchParams(
      { ...request, path: `${module}/search` },
      { criteria: before ? `(${before}and${term})` : term },
    );
  };
}

/**
 * Search `equals` ignores case (and, with several conditions, also matches longer values), so it
 * narrows the listing and the condition is checked again here; `starts_with` ignores case like
 * the filter language's `startsWith`, so it is exact.
 */
function searchable(module: string, field: string, text: boolean) {
  const eq: PushdownMapping = { apply: criterion(module, field, "equals"), superset: true };
  return text ? { eq, startsWith: criterion(module, field, "starts_with") } : { eq };
}

/** `If-Modified-Since: {instant}`: a listing of the records modified after the instant. */
function ifModifiedSince(instant: number) {
  return (request: ApiRequest): ApiRequest => ({
    ...request,
    headers: {
      ...request.headers,
      "If-Modified-Since": new Date(instant).toISOString().replace(/\.\d{3}Z$/, "+00:00"),
    },
  });
}

/**
 * "Modified since" through `If-Modified-Since` (records modified after the instant; 304 when
 * none). Zoho's times have whole seconds, so `gte` asks from one second earlier. The search API
 * does not document the header, so the condition is checked again here.
 */
const modifiedSince = {
  gt: {
    apply: (value: unknown, request: ApiRequest) =>
      ifModifiedSince(Date.parse(String(value)))(request),
    superset: true,
  },
  gte: {
    apply: (value: unknown, request: ApiRequest) =>
      ifModifiedSince(Math.ceil(Date.parse(String(value)) / 1000) * 1000 - 1000)(request),
    superset: true,
  },
} as const satisfies Partial<Record<"gt" | "gte", PushdownMapping>>;

// Column shapes, shared by the module descriptions below. Picklists are text: each organization
// edits its own values (the metadata API tells them; see `discover`).
const text = { type: "string", nullable: true } as const;
const required = { type: "string", required: true } as const;
const decimal = { type: "decimal", nullable: true } as const;
const integer = { type: "integer", nullable: true } as const;
const flag = { type: "boolean", nullable: true } as const;
const date = { type: "date", nullable: true } as const;
const datetime = { type: "datetime", nullable: true } as const;
const readOnlyDecimal = { type: "decimal", nullable: true, readOnly: true } as const;
const lookup = {
  type: "json",
  nullable: true,
  description: "Lookup `{ id, name }`",
} as const;
/** A lookup to another module's record: `{ id, name }`, the id a key of `module`. */
const lookupOf = <const M extends string>(module: M) =>
  ({ ...lookup, references: module }) as const;
/** Line items: written with the record, listed per record in the `…_Line_Items` table. */
const lineItems = (table: string) =>
  ({
    type: "json",
    required: true,
    // Absent from listings: a listing cannot ask for line items.
    nullable: true,
    description: `Line items \`[{ Product_Name: { id }, Quantity, … }]\`; read them in \`${table}\` (not in listings)`,
  }) as const;

const common = {
  id: { type: "string", readOnly: true, description: "Record id (19 digits)" },
  Owner: { ...lookup, readOnly: true, description: "Owner `{ id, name, email }`" },
  Created_Time: { type: "datetime", readOnly: true },
  Modified_Time: { type: "datetime", readOnly: true },
} as const;

/** Fields a listing cannot ask for (subforms and line items come with the single record). */
const NOT_LISTED = new Set(["id", "Quoted_Items", "Ordered_Items", "Invoiced_Items"]);

/**
 * Zoho answers an update or delete with 200/202 and a result per record; an error names the
 * record (`INVALID_DATA` on `id`: no such record) or the field.
 */
function recordResult(r: Record<string, unknown> | undefined): BatchRecordResult {
  if (!r) return { ok: false, message: "Zoho sent no result for the record" };
  const details = (r.details ?? {}) as Record<string, unknown>;
  if (r.status === "success") {
    const action = r.action === "insert" || r.action === "update" ? r.action : undefined;
    return { ok: true, key: details.id, ...(action ? { action } : {}) };
  }
  return {
    ok: false,
    code: String(r.code),
    message: `${r.message}${r.details ? ` ${JSON.stringify(r.details)}` : ""}`,
    missing: r.code === "INVALID_DATA" && ("id" in details || details.api_name === "id"),
  };
}

const resultsOf = (body: unknown): BatchRecordResult[] =>
  ((body as { data?: Record<string, unknown>[] } | null)?.data ?? []).map(recordResult);

function writeResult(body: unknown): WriteResult {
  const [first] = resultsOf(body);
  return first ?? { ok: false, message: "Zoho sent no result for the record" };
}

/** Fields a listing may name (`fields`). */
const MAX_FIELDS = 50;

/** A field as the metadata API (`settings/fields?module=`) describes it. */
interface ZohoField {
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
async function discoverFields(
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

/** At most this many records per write call (insert, update, upsert, delete). */
const BATCH = 100;

/**
 * One standard module: listing (`page`, then `page_token`), search on `search` fields, get,
 * insert / update / delete / upsert, each batched by 100.
 */
function moduleTable<const Cols extends ColumnsDeclaration>(
  module: string,
  description: string,
  columns: Cols,
  search: readonly (keyof Cols & string)[],
) {
  const filters = {
    ...Object.fromEntries(
      search.map((field) => [
        field,
        searchable(module, field, (columns[field] as { type: string }).type === "string"),
      ]),
    ),
    Modified_Time: modifiedSince,
  };
  return defineTable({
    name: module,
    description,
    key: "id",
    columns,
    list: {
      // Declared and discovered (custom) fields, at most 50 as Zoho allows.
      request: (all: ColumnsDeclaration) => ({
        path: module,
        searchParams: new URLSearchParams({
          fields: Object.keys(all)
            .filter((c) => !NOT_LISTED.has(c))
            .slice(0, MAX_FIELDS)
            .join(","),
          per_page: String(PER_PAGE),
          page: "1",
        }),
      }),
      pagination: paging,
      ...(search.length > 0 ? { filteredCap: PAGE_LIMIT } : {}),
    },
    discover: (api, signal) => discoverFields(api, module, columns, signal),
    filters,
    incremental: "Modified_Time",
    get: {
      request: (id) => ({ path: `${module}/${id}` }),
      // A missing id is 204 (no body).
      record: (body) => (body as Page | null)?.data?.[0],
    },
    insert: {
      request: (row) => ({ method: "POST", path: module, json: { data: [row] } }),
      key: (body) => {
        const [first] = resultsOf(body);
        return first?.ok ? first.key : undefined;
      },
      batch: {
        max: BATCH,
        request: (rows) => ({ method: "POST", path: module, json: { data: rows } }),
        results: resultsOf,
      },
    },
    update: {
      request: (id, changes) => ({
        method: "PUT",
        path: `${module}/${id}`,
        json: { data: [changes] },
      }),
      result: writeResult,
      batch: {
        max: BATCH,
        request: (rows) => ({
          method: "PUT",
          path: module,
          json: { data: rows.map((r) => ({ ...r.changes, id: r.key })) },
        }),
        results: resultsOf,
      },
    },
    delete: {
      request: (id) => ({ method: "DELETE", path: `${module}/${id}` }),
      result: writeResult,
      batch: {
        max: BATCH,
        request: (ids) => ({
          method: "DELETE",
          path: module,
          searchParams: new URLSearchParams({ ids: ids.join(",") }),
        }),
        results: resultsOf,
      },
    },
    upsert: {
      request: (row, match) => upsertRequest(module, [row], match),
      result: (body) => resultsOf(body)[0] ?? { ok: false, message: "Zoho sent no result" },
      batch: {
        max: BATCH,
        request: (rows, match) => upsertRequest(module, rows, match),
        results: resultsOf,
      },
    },
  });
}

/** `POST {Module}/upsert`: `duplicate_check_fields` names the matching columns (else Zoho's own). */
function upsertRequest(
  module: string,
  rows: Record<string, unknown>[],
  match: readonly string[] | undefined,
): ApiRequest {
  return {
    method: "POST",
    path: `${module}/upsert`,
    json: { data: rows, ...(match ? { duplicate_check_fields: match } : {}) },
  };
}

const person = {
  First_Name: text,
  Last_Name: required,
  Full_Name: { type: "string", readOnly: true },
  Email: text,
  Phone: text,
  Lead_Source: text,
} as const;

const personSearch = ["Last_Name", "First_Name", "Email"] as const;

/** Leads. */
export const Leads = moduleTable(
  "Leads",
  "Leads (`/crm/{Schema}/Leads`; filters through the search API).",
  {
    ...common,
    ...person,
    Company: text,
    Mobile: text,
    Lead_Status: text,
    Industry: text,
    Annual_Revenue: decimal,
    No_of_Employees: integer,
    Street: text,
    City: text,
    Country: text,
    Description: text,
  },
  [...personSearch, "Company", "Lead_Status", "Lead_Source", "City", "Country"],
);

/** Contacts. */
export const Contacts = moduleTable(
  "Contacts",
  "Contacts (`/crm/{Schema}/Contacts`; filters through the search API).",
  {
    ...common,
    ...person,
    Title: text,
    Department: text,
    Account_Name: lookupOf("Accounts"),
    Mailing_Street: text,
    Mailing_City: text,
    Mailing_Country: text,
  },
  [...personSearch, "Title", "Department"],
);

/** Deals. */
export const Deals = moduleTable(
  "Deals",
  "Deals (`/crm/{Schema}/Deals`; filters through the search API).",
  {
    ...common,
    Deal_Name: required,
    Amount: decimal,
    Stage: required,
    Probability: integer,
    Closing_Date: date,
    Account_Name: lookupOf("Accounts"),
    Contact_Name: lookupOf("Contacts"),
    Lead_Source: text,
    Type: text,
    Description: text,
  },
  ["Deal_Name", "Stage", "Lead_Source", "Type"],
);

/** Accounts (organizations the company deals with). */
export const Accounts = moduleTable(
  "Accounts",
  "Accounts (`/crm/{Schema}/Accounts`).",
  {
    ...common,
    Account_Name: required,
    Account_Number: text,
    Account_Type: text,
    Industry: text,
    Annual_Revenue: decimal,
    Employees: integer,
    Phone: text,
    Website: text,
    Billing_Street: text,
    Billing_City: text,
    Billing_Country: text,
    Parent_Account: lookupOf("Accounts"),
    Description: text,
  },
  ["Account_Name", "Account_Type", "Industry", "Billing_City", "Billing_Country"],
);

const activity = { What_Id: lookup, Who_Id: lookupOf("Contacts"), Description: text } as const;

/** Tasks. */
export const Tasks = moduleTable(
  "Tasks",
  "Tasks (`/crm/{Schema}/Tasks`); `What_Id` names a record of any module.",
  {
    ...common,
    Subject: required,
    Due_Date: date,
    Status: text,
    Priority: text,
    Closed_Time: { type: "datetime", nullable: true, readOnly: true },
    ...activity,
  },
  ["Subject", "Status", "Priority"],
);

/** Events (meetings). */
export const Events = moduleTable(
  "Events",
  "Events, i.e. meetings (`/crm/{Schema}/Events`).",
  {
    ...common,
    Event_Title: required,
    Start_DateTime: { type: "datetime", required: true },
    End_DateTime: { type: "datetime", required: true },
    Venue: text,
    All_day: flag,
    ...activity,
  },
  ["Event_Title", "Venue"],
);

/** Calls. */
export const Calls = moduleTable(
  "Calls",
  "Calls (`/crm/{Schema}/Calls`); `Call_Duration` is `mm:ss`.",
  {
    ...common,
    Subject: required,
    Call_Type: required,
    Call_Start_Time: { type: "datetime", required: true },
    Call_Duration: text,
    Call_Purpose: text,
    Call_Result: text,
    ...activity,
  },
  ["Subject", "Call_Type", "Call_Purpose"],
);

/** Products. */
export const Products = moduleTable(
  "Products",
  "Products (`/crm/{Schema}/Products`).",
  {
    ...common,
    Product_Name: required,
    Product_Code: text,
    Product_Active: flag,
    Product_Category: text,
    Manufacturer: text,
    Unit_Price: decimal,
    Qty_in_Stock: decimal,
    Vendor_Name: lookupOf("Vendors"),
    Description: text,
  },
  ["Product_Name", "Product_Code", "Product_Category", "Manufacturer"],
);

const totals = {
  Sub_Total: readOnlyDecimal,
  Grand_Total: readOnlyDecimal,
  Description: text,
} as const;

/** Quotes; their line items are `Quotes_Line_Items`. */
export const Quotes = moduleTable(
  "Quotes",
  "Quotes (`/crm/{Schema}/Quotes`); line items in `Quotes_Line_Items`.",
  {
    ...common,
    Subject: required,
    Quote_Stage: text,
    Valid_Till: date,
    Account_Name: { ...lookupOf("Accounts"), required: true, nullable: false },
    Deal_Name: lookupOf("Deals"),
    Quoted_Items: lineItems("Quotes_Line_Items"),
    ...totals,
  },
  ["Subject", "Quote_Stage"],
);

/** Sales orders; their line items are `Sales_Orders_Line_Items`. */
export const Sales_Orders = moduleTable(
  "Sales_Orders",
  "Sales orders (`/crm/{Schema}/Sales_Orders`); line items in `Sales_Orders_Line_Items`.",
  {
    ...common,
    Subject: required,
    Status: text,
    Due_Date: date,
    Account_Name: { ...lookupOf("Accounts"), required: true, nullable: false },
    Deal_Name: lookupOf("Deals"),
    Ordered_Items: lineItems("Sales_Orders_Line_Items"),
    ...totals,
  },
  ["Subject", "Status"],
);

/** Purchase orders; their line items are `Purchase_Orders_Line_Items`. */
export const Purchase_Orders = moduleTable(
  "Purchase_Orders",
  "Purchase orders (`/crm/{Schema}/Purchase_Orders`); line items in `Purchase_Orders_Line_Items`.",
  {
    ...common,
    Subject: required,
    Status: text,
    PO_Date: date,
    Tracking_Number: text,
    Vendor_Name: { ...lookupOf("Vendors"), required: true, nullable: false },
    Ordered_Items: lineItems("Purchase_Orders_Line_Items"),
    ...totals,
  },
  ["Subject", "Status", "Tracking_Number"],
);

/** Invoices; their line items are `Invoices_Line_Items`. */
export const Invoices = moduleTable(
  "Invoices",
  "Invoices (`/crm/{Schema}/Invoices`); line items in `Invoices_Line_Items`.",
  {
    ...common,
    Subject: required,
    Status: text,
    Invoice_Date: date,
    Due_Date: date,
    Account_Name: { ...lookupOf("Accounts"), required: true, nullable: false },
    Sales_Order: lookupOf("Sales_Orders"),
    Invoiced_Items: lineItems("Invoices_Line_Items"),
    ...totals,
  },
  ["Subject", "Status"],
);

/** Campaigns. */
export const Campaigns = moduleTable(
  "Campaigns",
  "Campaigns (`/crm/{Schema}/Campaigns`).",
  {
    ...common,
    Campaign_Name: required,
    Type: text,
    Status: text,
    Start_Date: date,
    End_Date: date,
    Expected_Revenue: decimal,
    Budgeted_Cost: decimal,
    Actual_Cost: decimal,
    Description: text,
  },
  ["Campaign_Name", "Type", "Status"],
);

/** Vendors. */
export const Vendors = moduleTable(
  "Vendors",
  "Vendors (`/crm/{Schema}/Vendors`).",
  {
    ...common,
    Vendor_Name: required,
    Email: text,
    Phone: text,
    Website: text,
    Category: text,
    GL_Account: text,
    City: text,
    Country: text,
    Description: text,
  },
  ["Vendor_Name", "Email", "Category", "City"],
);

/** Price books. */
export const Price_Books = moduleTable(
  "Price_Books",
  "Price books (`/crm/{Schema}/Price_Books`).",
  {
    ...common,
    Price_Book_Name: required,
    Active: flag,
    Pricing_Model: text,
    Description: text,
  },
  ["Price_Book_Name", "Pricing_Model"],
);

/** Cases (support tickets). */
export const Cases = moduleTable(
  "Cases",
  "Cases, i.e. support tickets (`/crm/{Schema}/Cases`).",
  {
    ...common,
    Subject: required,
    Status: required,
    Case_Origin: required,
    Priority: text,
    Type: text,
    Case_Reason: text,
    Account_Name: lookupOf("Accounts"),
    Related_To: lookupOf("Contacts"),
    Email: text,
    Phone: text,
    Description: text,
  },
  ["Subject", "Status", "Case_Origin", "Priority", "Type"],
);

/** Solutions (answers to cases). */
export const Solutions = moduleTable(
  "Solutions",
  "Solutions (`/crm/{Schema}/Solutions`).",
  {
    ...common,
    Solution_Title: required,
    Status: text,
    Published: flag,
    Question: text,
    Answer: text,
    Product_Name: lookupOf("Products"),
  },
  ["Solution_Title", "Status"],
);

/** Notes of records. */
export const Notes = moduleTable(
  "Notes",
  "Notes (`/crm/{Schema}/Notes`); `Parent_Id` names the record `{ id, module: { api_name } }`.",
  {
    ...common,
    Note_Title: text,
    Note_Content: required,
    Parent_Id: { type: "json", required: true, description: "The record noted `{ id, module }`" },
  },
  ["Note_Title"],
);

/** A listing of one record's line items: `where: { Parent_Id }` reads the parent record. */
function lineItemTable(module: string, field: string) {
  return defineTable({
    name: `${module}_Line_Items`,
    description: `Line items of ${module} (the \`${field}\` of one record, read with it).`,
    key: "id",
    columns: {
      id: { type: "string", readOnly: true, description: "Line item id" },
      Parent_Id: { type: "reference", references: module, readOnly: true },
      Product_Name: { ...lookupOf("Products"), readOnly: true },
      Product_Description: { ...text, readOnly: true },
      Quantity: readOnlyDecimal,
      List_Price: readOnlyDecimal,
      Discount: readOnlyDecimal,
      Tax: readOnlyDecimal,
      Total: readOnlyDecimal,
      Net_Total: readOnlyDecimal,
      Sequence_Number: { ...integer, readOnly: true },
    },
    parent: { table: module, column: "Parent_Id" },
    list: {
      request: { path: module },
      pagination: {
        items: (body) => {
          const record = (body as Page | null)?.data?.[0];
          const items = (record?.[field] ?? []) as Record<string, unknown>[];
          return items.map((item) => ({ ...item, Parent_Id: String(record?.id) }));
        },
        next: () => undefined,
      },
    },
    filters: {
      Parent_Id: { eq: (value, request) => ({ ...request, path: `${module}/${String(value)}` }) },
    },
  });
}

export const Quotes_Line_Items = lineItemTable("Quotes", "Quoted_Items");
export const Sales_Orders_Line_Items = lineItemTable("Sales_Orders", "Ordered_Items");
export const Purchase_Orders_Line_Items = lineItemTable("Purchase_Orders", "Ordered_Items");
export const Invoices_Line_Items = lineItemTable("Invoices", "Invoiced_Items");

/** Attachments of one record: metadata only (the file itself is a separate download). */
export const Attachments = defineTable({
  name: "Attachments",
  description:
    "Attachments of one record (`/{Module}/{id}/Attachments`), metadata only: `where: { Parent_Id, Parent_Module }` (module default `Leads`).",
  key: "id",
  columns: {
    id: { type: "string", readOnly: true },
    Parent_Id: { type: "string", readOnly: true, description: "The record's id" },
    Parent_Module: { type: "string", readOnly: true, description: "The record's module" },
    File_Name: { ...text, readOnly: true },
    Size: { ...text, readOnly: true, description: "Bytes, as text" },
    Owner: { ...lookup, readOnly: true },
    Created_Time: { type: "datetime", readOnly: true },
    Modified_Time: { type: "datetime", readOnly: true },
  },
  parent: { table: "Leads", column: "Parent_Id" },
  list: {
    request: {
      path: "Leads/{id}/Attachments",
      searchParams: new URLSearchParams({
        fields: "File_Name,Size,Owner,Created_Time,Modified_Time,Parent_Id",
        per_page: String(PER_PAGE),
        page: "1",
      }),
    },
    pagination: paging,
    row: (record) => {
      const r = record as Record<string, unknown>;
      const parent = r.Parent_Id as { id?: unknown; module?: { api_name?: unknown } } | null;
      return {
        ...r,
        Parent_Id: parent?.id === undefined ? null : String(parent.id),
        Parent_Module: parent?.module?.api_name ?? null,
      };
    },
  },
  filters: {
    Parent_Id: { eq: (value, request) => pathSegment(request, 1, String(value)) },
    Parent_Module: { eq: (value, request) => pathSegment(request, 0, String(value)) },
  },
});

function pathSegment(request: ApiRequest, index: number, value: string): ApiRequest {
  const parts = request.path.split("/");
  parts[index] = encodeURIComponent(value);
  return { ...request, path: parts.join("/") };
}

/** A read-only listing of a settings or users endpoint. */
function settingsTable<const Cols extends ColumnsDeclaration>(
  name: string,
  description: string,
  path: string,
  envelope: string,
  columns: Cols,
  options: { get?: boolean; searchParams?: Record<string, string> } = {},
) {
  return defineTable({
    name,
    description,
    key: "id",
    columns,
    list: {
      request: {
        path,
        searchParams: new URLSearchParams(options.searchParams ?? {}),
      },
      pagination: {
        items: (body) => ((body as Record<string, unknown> | null)?.[envelope] ?? []) as unknown[],
        next(body, request) {
          const info = (body as { info?: { more_records?: boolean } } | null)?.info;
          if (!info?.more_records) return undefined;
          const sp = new URLSearchParams(request.searchParams as URLSearchParams);
          sp.set("page", String(Number(sp.get("page") ?? 1) + 1));
          return { ...request, searchParams: sp };
        },
      },
    },
    ...(options.get === false
      ? {}
      : {
          get: {
            request: (id: unknown) => ({ path: `${path}/${String(id)}` }),
            record: (body: unknown) =>
              ((body as Record<string, unknown[]> | null)?.[envelope] ?? [])[0],
          },
        }),
  });
}

const ro = <const C extends object>(c: C) => ({ ...c, readOnly: true }) as const;

/** The organization's users. */
export const Users = settingsTable(
  "Users",
  "Users of the organization (`/crm/{Schema}/users?type=AllUsers`).",
  "users",
  "users",
  {
    id: ro({ type: "string" }),
    full_name: ro(text),
    first_name: ro(text),
    last_name: ro(text),
    email: ro(text),
    status: ro(text),
    role: ro({ ...lookupOf("Roles") }),
    profile: ro({ ...lookupOf("Profiles") }),
    time_zone: ro(text),
    locale: ro(text),
    created_time: ro(datetime),
  },
  { searchParams: { type: "AllUsers", per_page: String(PER_PAGE), page: "1" } },
);

/** Roles (the reporting hierarchy). */
export const Roles = settingsTable(
  "Roles",
  "Roles (`/crm/{Schema}/settings/roles`).",
  "settings/roles",
  "roles",
  {
    id: ro({ type: "string" }),
    name: ro(text),
    display_label: ro(text),
    reporting_to: ro({ ...lookupOf("Roles") }),
    admin_user: ro(flag),
  },
);

/** Profiles (permission sets). */
export const Profiles = settingsTable(
  "Profiles",
  "Profiles (`/crm/{Schema}/settings/profiles`).",
  "settings/profiles",
  "profiles",
  {
    id: ro({ type: "string" }),
    name: ro(text),
    display_label: ro(text),
    description: ro(text),
    custom: ro(flag),
    created_time: ro(datetime),
    modified_time: ro(datetime),
  },
);

/** The organization (one row). */
export const Organization = settingsTable(
  "Organization",
  "The organization (`/crm/{Schema}/org`), one row.",
  "org",
  "org",
  {
    id: ro({ type: "string" }),
    company_name: ro(text),
    primary_email: ro(text),
    phone: ro(text),
    country_code: ro(text),
    currency: ro(text),
    time_zone: ro(text),
    zgid: ro(text),
  },
  { get: false },
);

/** A custom module: the standard columns and `Name`; its other fields come from the metadata. */
export function customModuleTable(module: string) {
  return moduleTable(
    module,
    `Custom module ${module} (\`/crm/{Schema}/${module}\`); its fields come from the metadata API.`,
    { ...common, Name: required },
    ["Name"],
  );
}

/**
 * Custom modules as tables: named by `settings/modules` (`generated_type: "custom"`), declared
 * on demand by API name.
 */
export const customTables: CustomTables = {
  async names(api, signal) {
    const response = await api.send({ path: "settings/modules", signal });
    const body = (await parseJsonBody(response)) as {
      modules?: { api_name?: string; generated_type?: string; api_supported?: boolean }[];
    } | null;
    return (body?.modules ?? [])
      .filter((m) => m.generated_type === "custom" && m.api_supported !== false && m.api_name)
      .map((m) => m.api_name as string);
  },
  declare(name) {
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) return undefined;
    if (Object.keys(tables).some((t) => t.toLowerCase() === name.toLowerCase())) return undefined;
    return customModuleTable(name) as unknown as TableDeclaration;
  },
};

/** Zoho CRM's tables, by name (modules by their API name). */
export const tables = {
  Leads,
  Contacts,
  Accounts,
  Deals,
  Tasks,
  Events,
  Calls,
  Products,
  Quotes,
  Quotes_Line_Items,
  Sales_Orders,
  Sales_Orders_Line_Items,
  Purchase_Orders,
  Purchase_Orders_Line_Items,
  Invoices,
  Invoices_Line_Items,
  Campaigns,
  Vendors,
  Price_Books,
  Cases,
  Solutions,
  Notes,
  Attachments,
  Users,
  Roles,
  Profiles,
  Organization,
} satisfies Record<string, TableDeclaration>;
