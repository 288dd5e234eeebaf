import {
  type ApiClient,
  type ApiRequest,
  type ColumnsDeclaration,
  ConnectorError,
  ConnectorErrorCode,
  col,
  defineTable,
  type PaginationSpec,
  type PushdownMapping,
  pageNumberPagination,
  type TableDeclaration,
  type WriteResult,
  withSearchParams,
} from "@x/connector-kit";

// Zoho Inventory's tables as data: a column description per table plus the wiring every table
// shares (organization_id on every call, `page_context` paging, the record as JSON in the
// `JSONString` form field, `{ code, message }` answers where a non-zero code is a refusal).

type Body = Record<string, unknown>;
type Page = Body & { page_context?: { has_more_page?: boolean } };

// Column shapes used across tables.
const id = col.string("ro");
const text = col.string("null");
const required = col.string("req");
const shown = col.string("ro", "null");
const amount = col.decimal("null");
const computed = col.decimal("ro", "null");
const day = col.date("null");
const flag = col.boolean("null");
const shownFlag = col.boolean("ro", "null");
const ref = <const T extends string>(references: T) => col.reference(references, "null");
const mustRef = <const T extends string>(references: T) => col.reference(references, "req");
const oneOf = <const V extends readonly string[]>(...values: V) => col.enum(values, "null");
const shownOneOf = <const V extends readonly string[]>(...values: V) =>
  col.enum(values, "ro", "null");
const times = {
  created_time: col.datetime("ro", "null"),
  last_modified_time: col.datetime("ro", "null"),
} as const;
const customFields = {
  custom_fields: {
    type: "json",
    readOnly: true,
    nullable: true,
    description: "As Zoho sends them; each field is also a `cf_…` column",
  },
} as const;
const lineItems = {
  line_items: {
    type: "json",
    nullable: true,
    description:
      "Write: `[{ item_id, rate, quantity }]` (replaces the lines); read: in `get`, not in lists",
  },
} as const;

/** Zoho Inventory answers `{ code, message }`; any code but 0 is a refusal. */
function writeResult(body: unknown): WriteResult {
  const { code, message } = (body ?? {}) as { code?: unknown; message?: unknown };
  if (code === 0) return { ok: true };
  return {
    ok: false,
    code: String(code),
    message: String(message ?? "no message"),
    missing: code === 1002,
  };
}

/**
 * The key of a created record, `body[one][key]`. Zoho may refuse a record inside an HTTP 200
 * (`code` not 0): that is a typed error naming Zoho's code and message, never a missing key.
 */
function insertedKey(table: string, body: unknown, one: string, key: string): unknown {
  const { code, message } = (body ?? {}) as { code?: unknown; message?: unknown };
  const value = (((body as Body | null)?.[one] ?? {}) as Body)[key];
  if (code === 0 && value !== undefined && value !== null) return value;
  throw new ConnectorError(
    ConnectorErrorCode.InvalidRecord,
    code === 0
      ? `${table}: Zoho answered the insert without the new record's ${key}.`
      : `${table}: the insert was refused (${String(code)}): ${String(message ?? "no message")}`,
    {
      hint:
        code === 0
          ? "Check with list() whether the record was created before inserting it again."
          : "Fix the values named in the message and insert the row again.",
    },
  );
}

/** `2024-01-01T10:20:30+0000`, the form Zoho prints and reads times in (whole seconds). */
function zohoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "+0000");
}

/**
 * `last_modified_time`, "modified after" a time given in whole seconds. Zoho's times are whole
 * seconds, so `> t` is "after t rounded down" and `>= t` is "after t rounded up, less a second".
 * Whether Zoho's "after" also keeps the second itself is not stated: the listing is treated as
 * a superset and the condition is checked again on the rows.
 */
function modifiedSince(op: "gt" | "gte"): PushdownMapping {
  return {
    apply: (value: unknown, request: ApiRequest) => {
      const ms = Date.parse(String(value));
      const second = op === "gt" ? Math.floor(ms / 1000) : Math.ceil(ms / 1000) - 1;
      return withSearchParams(request, { last_modified_time: zohoTime(second * 1000) });
    },
    superset: true,
  };
}

/** Pushdown mappings that several tables share. */
const push = {
  /** `filter_by=Status.Active`: the status filter of items and contacts. */
  statusBy: (value: unknown, request: ApiRequest) =>
    withSearchParams(request, {
      filter_by: `Status.${String(value).charAt(0).toUpperCase()}${String(value).slice(1)}`,
    }),
  /** Documents' dates: `date_start`/`date_end` inclusive, `date_after`/`date_before` not. */
  date: { gte: "date_start", lte: "date_end", gt: "date_after", lt: "date_before" },
  /** Items modified after a time (`gt` and `gte`, see {@link modifiedSince}). */
  modified: { gt: modifiedSince("gt"), gte: modifiedSince("gte") },
} satisfies Record<string, PushdownMapping | Record<string, PushdownMapping>>;

/**
 * `sort_column` and `sort_order` (`A`/`D`), used only for columns Zoho always fills that
 * compare as numbers or instants: its order of text and of empty values is not documented.
 */
function sortBy(...columns: string[]): NonNullable<TableDeclaration["orderBy"]> {
  const by = (column: string, order: "A" | "D") => (request: ApiRequest) =>
    withSearchParams(request, { sort_column: column, sort_order: order });
  return Object.fromEntries(columns.map((c) => [c, { asc: by(c, "A"), desc: by(c, "D") }]));
}

/** What a table adds to the shared wiring. */
interface Spec<Cols extends ColumnsDeclaration, Key extends string> {
  name: string;
  description: string;
  key: Key;
  columns: Cols;
  /** Key of the record in single answers (`item`). */
  one: string;
  /** API path (default: the table name) and key of the list in list answers (default: the name). */
  path?: string;
  list?: string;
  /** Writes the API offers (default: insert, update, delete). */
  writes?: readonly ("insert" | "update" | "delete")[];
  filters?: TableDeclaration["filters"];
  orderBy?: TableDeclaration["orderBy"];
  /** Columns an insert sends as query parameters (`POST /packages?salesorder_id=…`). */
  insertQuery?: readonly string[];
  /** Records carry `custom_fields`: each becomes a `cf_…` column, found at run time. */
  custom?: boolean;
  /** Query parameter of the documented bulk delete (`DELETE /items?item_ids=…`). */
  bulkDelete?: string;
}

/**
 * Keys per bulk delete. Zoho states no limit; 100 ids keep the URL under about 2 kB.
 */
const BULK_DELETE_MAX = 100;

/**
 * A bulk delete: the ids joined with commas in the URL, answered `{ code, message }` for the whole
 * call. A refusal deletes none of them, so the kit sends the keys of a refused call one by one
 * (`whole`), and each row gets its own result.
 */
function bulkDelete(organizationId: string, path: string, param: string) {
  return {
    max: BULK_DELETE_MAX,
    whole: true,
    request: (keys: unknown[]): ApiRequest => ({
      method: "DELETE",
      path,
      searchParams: { organization_id: organizationId, [param]: keys.map(String).join(",") },
    }),
    results: (body: unknown, count: number): WriteResult[] =>
      Array.from({ length: count }, () => writeResult(body)),
  };
}

/**
 * A custom field: `{ customfield_id, api_name: "cf_colour", label, data_type, value }`, shown
 * as its `api_name` column.
 */
interface CustomField {
  api_name?: unknown;
  label?: unknown;
  data_type?: unknown;
  value?: unknown;
}

/** A record with its custom fields as `cf_…` columns. */
function withCustomColumns(record: unknown): Body {
  const rec = record as Body;
  const fields = rec.custom_fields;
  if (!Array.isArray(fields)) return rec;
  const out: Body = { ...rec };
  for (const f of fields as CustomField[]) {
    if (typeof f.api_name === "string") out[f.api_name] = f.value ?? null;
  }
  return out;
}

/** A row to send: declared columns as they are, `cf_…` columns as `custom_fields` entries. */
function withCustomFields(row: Body, declared: ColumnsDeclaration): Body {
  const out: Body = {};
  const custom: { api_name: string; value: unknown }[] = [];
  for (const [name, value] of Object.entries(row)) {
    if (!Object.hasOwn(declared, name) && name.startsWith("cf_"))
      custom.push({ api_name: name, value });
    else out[name] = value;
  }
  if (custom.length > 0) out.custom_fields = custom;
  return out;
}

const CUSTOM_TYPES: Record<string, "decimal" | "date" | "boolean"> = {
  number: "decimal",
  decimal: "decimal",
  amount: "decimal",
  percent: "decimal",
  date: "date",
  check_box: "boolean",
};

/**
 * The custom fields of a table, from its first page of records (Zoho Inventory has no public
 * field-metadata endpoint): each `api_name` seen becomes a nullable column of its `data_type`.
 */
async function discoverCustom(
  api: ApiClient,
  path: string,
  list: string,
  organizationId: string,
  signal?: AbortSignal,
): Promise<ColumnsDeclaration> {
  const response = await api.send({
    path,
    searchParams: { organization_id: organizationId, page: 1, per_page: 200 },
    signal,
  });
  const body = (await response.json()) as Body;
  const columns: Record<string, ColumnsDeclaration[string]> = {};
  for (const rec of (body[list] ?? []) as Body[]) {
    for (const f of (Array.isArray(rec.custom_fields) ? rec.custom_fields : []) as CustomField[]) {
      if (typeof f.api_name !== "string" || columns[f.api_name]) continue;
      columns[f.api_name] = {
        type: CUSTOM_TYPES[String(f.data_type)] ?? "string",
        nullable: true,
        description: `Custom field "${String(f.label ?? f.api_name)}"`,
      };
    }
  }
  return columns;
}

/**
 * A single read as the listing shows it: the collections only a single read carries
 * (`line_items`, `packages`) are read through their own child tables, so a row is the same
 * whether it came from `list()` or `get()`.
 */
function singleRecord(record: unknown): unknown {
  if (!record || typeof record !== "object") return record;
  const { line_items: _lines, packages: _packages, ...row } = record as Body;
  return row;
}

/**
 * One record as JSON in the `JSONString` form field with the organization, as the API documents;
 * `query` columns move to the URL.
 */
function write(
  organizationId: string,
  method: "POST" | "PUT",
  path: string,
  record: Body,
  query: readonly string[] = [],
): ApiRequest {
  const searchParams: Record<string, string> = { organization_id: organizationId };
  const rest: Body = {};
  for (const [name, value] of Object.entries(record)) {
    if (query.includes(name)) searchParams[name] = String(value);
    else rest[name] = value;
  }
  return {
    method,
    path,
    searchParams,
    body: new URLSearchParams({ JSONString: JSON.stringify(rest) }),
  };
}

/**
 * A table of the connection's organization (`organization_id` on every call): `page` and
 * `per_page` (≤ 200) until `page_context.has_more_page` is false; get by id; the writes the API
 * offers, answered `{ code, message }`.
 */
function inventoryTable<
  const Cols extends ColumnsDeclaration,
  const Key extends keyof Cols & string,
>(organizationId: string, spec: Spec<Cols, Key>) {
  const path = spec.path ?? spec.name;
  const listKey = spec.list ?? spec.name;
  const org = { organization_id: organizationId };
  const writes = spec.writes ?? ["insert", "update", "delete"];
  const toSend = (row: Body) => (spec.custom ? withCustomFields(row, spec.columns) : row);
  return defineTable({
    name: spec.name,
    description: spec.description,
    key: spec.key,
    columns: spec.columns,
    list: {
      request: { path, searchParams: { ...org, page: 1, per_page: 200 } },
      pagination: pageNumberPagination({
        pageParam: "page",
        items: (body) => ((body as Page)[listKey] ?? []) as unknown[],
        hasMore: (body) => (body as Page).page_context?.has_more_page === true,
      }),
      pageSize: { param: "per_page", max: 200 },
      ...(spec.custom ? { row: withCustomColumns } : {}),
    },
    filters: spec.filters,
    orderBy: spec.orderBy,
    get: {
      request: (key) => ({ path: `${path}/${encodeURIComponent(String(key))}`, searchParams: org }),
      record: (body) => singleRecord((body as Body)[spec.one]),
    },
    ...(writes.includes("insert")
      ? {
          insert: {
            request: (row: Body) =>
              write(organizationId, "POST", path, toSend(row), spec.insertQuery),
            key: (body: unknown) => insertedKey(spec.name, body, spec.one, spec.key),
          },
        }
      : {}),
    ...(writes.includes("update")
      ? {
          update: {
            request: (key: unknown, changes: Body) =>
              write(
                organizationId,
                "PUT",
                `${path}/${encodeURIComponent(String(key))}`,
                toSend(changes),
              ),
            result: writeResult,
          },
        }
      : {}),
    ...(writes.includes("delete")
      ? {
          delete: {
            request: (key: unknown) => ({
              method: "DELETE" as const,
              path: `${path}/${encodeURIComponent(String(key))}`,
              searchParams: org,
            }),
            result: writeResult,
            ...(spec.bulkDelete
              ? { batch: bulkDelete(organizationId, path, spec.bulkDelete) }
              : {}),
          },
        }
      : {}),
    ...(spec.custom
      ? {
          discover: (api: ApiClient, signal?: AbortSignal) =>
            discoverCustom(api, path, listKey, organizationId, signal),
        }
      : {}),
  });
}

/** One answer, no further pages (a record's line items, the organizations). */
function single(items: (body: unknown) => unknown[]): PaginationSpec<unknown> {
  return { items, next: () => undefined };
}

/**
 * The line items of a document as a child table: listed by reading the document
 * (`GET /salesorders/{id}`), so a listing needs `where: { salesorder_id }`. Lines are written
 * through the document's `line_items`.
 */
function lineItemsTable<const Parent extends string, const ParentKey extends string>(
  organizationId: string,
  parent: { table: Parent; one: string; key: ParentKey; label: string },
) {
  const parentColumn = {
    [parent.key]: { type: "reference", references: parent.table, readOnly: true },
  } as Record<ParentKey, { type: "reference"; references: Parent; readOnly: true }>;
  const columns = {
    line_item_id: id,
    ...parentColumn,
    item_id: ref("items"),
    name: shown,
    description: text,
    rate: computed,
    quantity: computed,
    unit: shown,
    item_order: { type: "integer", readOnly: true, nullable: true },
    item_total: computed,
  } as const;
  return defineTable({
    name: `${parent.one}_line_items`,
    description: `Line items of ${parent.label} (read with the ${parent.one}; written through its \`line_items\`).`,
    key: "line_item_id",
    columns,
    list: {
      request: { path: parent.table, searchParams: { organization_id: organizationId } },
      pagination: single((body) => {
        const rec = ((body as Body)[parent.one] ?? {}) as Body;
        const lines = (Array.isArray(rec.line_items) ? rec.line_items : []) as Body[];
        return lines.map((l) => ({ ...l, [parent.key]: rec[parent.key] }));
      }),
    },
    parent: { table: parent.table, column: parent.key },
    filters: {
      [parent.key]: {
        eq: (value: unknown, request: ApiRequest) => ({
          ...request,
          path: `${parent.table}/${encodeURIComponent(String(value))}`,
        }),
      },
    },
  });
}

const documentColumns = {
  date: day,
  reference_number: text,
  ...lineItems,
  notes: text,
  sub_total: computed,
  total: computed,
  currency_code: shown,
  ...times,
} as const;

/** The tables of one organization. */
export function inventoryTables(organizationId: string) {
  const table = <const Cols extends ColumnsDeclaration, const Key extends keyof Cols & string>(
    spec: Spec<Cols, Key>,
  ) => inventoryTable(organizationId, spec);
  return {
    items: table({
      name: "items",
      one: "item",
      key: "item_id",
      description: "Items (`/inventory/v1/items`).",
      columns: {
        item_id: id,
        name: required,
        sku: text,
        status: shownOneOf("active", "inactive"),
        description: text,
        rate: { type: "decimal", required: true, description: "Sales price" },
        purchase_rate: amount,
        unit: text,
        item_type: { type: "string", nullable: true },
        product_type: oneOf("goods", "service"),
        stock_on_hand: computed,
        available_stock: computed,
        ...customFields,
        ...times,
      },
      filters: {
        status: { eq: "status" },
        name: { contains: "name_contains", startsWith: "name_startswith" },
        rate: {
          lt: "rate_less_than",
          lte: "rate_less_equals",
          gt: "rate_greater_than",
          gte: "rate_greater_equals",
        },
        last_modified_time: push.modified,
      },
      orderBy: sortBy("rate", "stock_on_hand", "created_time", "last_modified_time"),
      custom: true,
      bulkDelete: "item_ids",
    }),
    itemgroups: table({
      name: "itemgroups",
      one: "item_group",
      key: "group_id",
      description: "Item groups (`/inventory/v1/itemgroups`).",
      columns: {
        group_id: id,
        group_name: required,
        unit: required,
        brand: text,
        manufacturer: text,
        description: text,
        status: shownOneOf("active", "inactive"),
        ...times,
      },
    }),
    contacts: table({
      name: "contacts",
      one: "contact",
      key: "contact_id",
      description: "Contacts: customers and vendors (`/inventory/v1/contacts`).",
      columns: {
        contact_id: id,
        contact_name: required,
        company_name: text,
        contact_type: oneOf("customer", "vendor"),
        status: shownOneOf("active", "inactive"),
        email: text,
        phone: text,
        currency_code: text,
        outstanding_receivable_amount: computed,
        ...customFields,
        ...times,
      },
      filters: {
        status: { eq: push.statusBy },
        contact_name: { contains: "contact_name_contains", startsWith: "contact_name_startswith" },
      },
      custom: true,
    }),
    contactpersons: contactPersons(organizationId),
    salesorders: table({
      name: "salesorders",
      one: "salesorder",
      key: "salesorder_id",
      description: "Sales orders (`/inventory/v1/salesorders`).",
      columns: {
        salesorder_id: id,
        salesorder_number: shown,
        customer_id: mustRef("contacts"),
        customer_name: shown,
        shipment_date: day,
        status: shownOneOf("draft", "confirmed", "fulfilled", "void"),
        ...documentColumns,
        ...customFields,
      },
      filters: { customer_id: { eq: "customer_id" }, date: push.date },
      custom: true,
    }),
    salesorder_line_items: lineItemsTable(organizationId, {
      table: "salesorders",
      one: "salesorder",
      key: "salesorder_id",
      label: "sales orders",
    }),
    invoices: table({
      name: "invoices",
      one: "invoice",
      key: "invoice_id",
      description: "Invoices (`/inventory/v1/invoices`).",
      columns: {
        invoice_id: id,
        invoice_number: shown,
        customer_id: mustRef("contacts"),
        customer_name: shown,
        due_date: day,
        status: shownOneOf("draft", "sent", "overdue", "paid", "void", "partially_paid"),
        balance: computed,
        ...documentColumns,
        ...customFields,
      },
      filters: { status: { eq: "status" }, customer_id: { eq: "customer_id" }, date: push.date },
      orderBy: sortBy("date", "total", "balance", "created_time"),
      custom: true,
    }),
    invoice_line_items: lineItemsTable(organizationId, {
      table: "invoices",
      one: "invoice",
      key: "invoice_id",
      label: "invoices",
    }),
    purchaseorders: table({
      name: "purchaseorders",
      one: "purchaseorder",
      key: "purchaseorder_id",
      description: "Purchase orders (`/inventory/v1/purchaseorders`).",
      columns: {
        purchaseorder_id: id,
        purchaseorder_number: shown,
        vendor_id: mustRef("contacts"),
        vendor_name: shown,
        delivery_date: day,
        status: shownOneOf("draft", "open", "billed", "cancelled"),
        ...documentColumns,
      },
      filters: { status: { eq: "status" }, vendor_id: { eq: "vendor_id" }, date: push.date },
    }),
    purchaseorder_line_items: lineItemsTable(organizationId, {
      table: "purchaseorders",
      one: "purchaseorder",
      key: "purchaseorder_id",
      label: "purchase orders",
    }),
    bills: table({
      name: "bills",
      one: "bill",
      key: "bill_id",
      description: "Bills (`/inventory/v1/bills`).",
      columns: {
        bill_id: id,
        bill_number: required,
        vendor_id: mustRef("contacts"),
        vendor_name: shown,
        due_date: day,
        status: shownOneOf("draft", "open", "overdue", "paid", "void", "partially_paid"),
        balance: computed,
        ...documentColumns,
      },
      filters: { status: { eq: "status" }, vendor_id: { eq: "vendor_id" }, date: push.date },
    }),
    bill_line_items: lineItemsTable(organizationId, {
      table: "bills",
      one: "bill",
      key: "bill_id",
      label: "bills",
    }),
    customerpayments: table({
      name: "customerpayments",
      one: "payment",
      key: "payment_id",
      description: "Customer payments (`/inventory/v1/customerpayments`).",
      columns: {
        payment_id: id,
        payment_number: shown,
        customer_id: mustRef("contacts"),
        customer_name: shown,
        amount: { type: "decimal", required: true },
        date: { type: "date", required: true },
        payment_mode: {
          type: "string",
          required: true,
          description: "cash, check, banktransfer, …",
        },
        reference_number: text,
        description: text,
        ...times,
      },
      filters: { customer_id: { eq: "customer_id" }, date: push.date },
    }),
    creditnotes: table({
      name: "creditnotes",
      one: "creditnote",
      key: "creditnote_id",
      description: "Credit notes (`/inventory/v1/creditnotes`).",
      columns: {
        creditnote_id: id,
        creditnote_number: shown,
        customer_id: mustRef("contacts"),
        customer_name: shown,
        status: shownOneOf("draft", "open", "closed", "void"),
        balance: computed,
        ...documentColumns,
      },
      filters: { status: { eq: "status" }, customer_id: { eq: "customer_id" }, date: push.date },
    }),
    creditnote_line_items: lineItemsTable(organizationId, {
      table: "creditnotes",
      one: "creditnote",
      key: "creditnote_id",
      label: "credit notes",
    }),
    packages: table({
      name: "packages",
      one: "package",
      key: "package_id",
      description: "Packages of sales orders (`/inventory/v1/packages`).",
      columns: {
        package_id: id,
        package_number: text,
        salesorder_id: {
          type: "reference",
          references: "salesorders",
          required: true,
          description: "Sent as the `salesorder_id` query parameter on insert; fixed afterwards",
        },
        salesorder_number: shown,
        date: { type: "date", required: true },
        status: shownOneOf("not_shipped", "shipped", "delivered"),
        notes: text,
        ...lineItems,
        ...times,
      },
      insertQuery: ["salesorder_id"],
    }),
    shipments: shipments(organizationId),
    salesreturns: table({
      name: "salesreturns",
      one: "salesreturn",
      key: "salesreturn_id",
      description: "Sales returns (`/inventory/v1/salesreturns`).",
      columns: {
        salesreturn_id: id,
        salesreturn_number: shown,
        salesorder_id: {
          type: "reference",
          references: "salesorders",
          required: true,
          description: "Sent as the `salesorder_id` query parameter on insert; fixed afterwards",
        },
        date: { type: "date", required: true },
        reason: text,
        salesreturn_status: shownOneOf("pending", "approved", "received"),
        ...lineItems,
        ...times,
      },
      insertQuery: ["salesorder_id"],
    }),
    locations: table({
      name: "locations",
      one: "location",
      key: "location_id",
      description: "Locations, the warehouses of the organization (`/inventory/v1/locations`).",
      columns: {
        location_id: id,
        location_name: required,
        type: oneOf("general", "line_item_only"),
        email: text,
        phone: text,
        is_primary: shownFlag,
        status: shownOneOf("active", "inactive"),
      },
    }),
    warehouses: table({
      name: "warehouses",
      path: "settings/warehouses",
      one: "warehouse",
      key: "warehouse_id",
      description:
        "Warehouses (`/inventory/v1/settings/warehouses`), for organizations without locations.",
      columns: {
        warehouse_id: id,
        warehouse_name: required,
        attention: text,
        address: text,
        city: text,
        country: text,
        zip: text,
        phone: text,
        email: text,
        is_primary: shownFlag,
        status: shownOneOf("active", "inactive"),
      },
    }),
    pricelists: table({
      name: "pricelists",
      path: "pricebooks",
      list: "pricebooks",
      one: "pricebook",
      key: "pricebook_id",
      description: "Price lists (`/inventory/v1/pricebooks`).",
      columns: {
        pricebook_id: id,
        name: required,
        pricebook_type: {
          type: "enum",
          values: ["fixed_percentage", "per_item"],
          required: true,
        },
        is_increase: flag,
        percentage: amount,
        currency_id: text,
        description: text,
        status: shownOneOf("active", "inactive"),
      },
    }),
    taxes: table({
      name: "taxes",
      path: "settings/taxes",
      one: "tax",
      key: "tax_id",
      description: "Taxes (`/inventory/v1/settings/taxes`).",
      columns: {
        tax_id: id,
        tax_name: required,
        tax_percentage: { type: "decimal", required: true },
        tax_type: oneOf("tax", "compound_tax"),
        is_default_tax: shownFlag,
      },
    }),
    users: table({
      name: "users",
      one: "user",
      key: "user_id",
      description: "Users of the organization (`/inventory/v1/users`).",
      columns: {
        user_id: id,
        name: required,
        email: required,
        user_role: oneOf("admin", "staff", "timesheetstaff"),
        status: shown,
      },
    }),
    organizations: defineTable({
      name: "organizations",
      description: "The organizations of the account (`/inventory/v1/organizations`; read).",
      key: "organization_id",
      columns: {
        organization_id: id,
        name: shown,
        contact_name: shown,
        email: shown,
        country: shown,
        currency_code: shown,
        is_default_org: shownFlag,
      },
      list: {
        request: { path: "organizations" },
        pagination: single((body) => ((body as Body).organizations ?? []) as unknown[]),
      },
      get: {
        request: (key) => ({ path: `organizations/${encodeURIComponent(String(key))}` }),
        record: (body) => (body as Body).organization,
      },
    }),
  } satisfies Record<string, TableDeclaration>;
}

/**
 * Contact persons, listed per contact (`GET /contacts/{contact_id}/contactpersons`), created
 * with `contact_id` in the record (`POST /contacts/contactpersons`), changed and deleted by id.
 */
function contactPersons(organizationId: string) {
  const org = { organization_id: organizationId };
  const one = (key: unknown) => `contacts/contactpersons/${encodeURIComponent(String(key))}`;
  return defineTable({
    name: "contactpersons",
    description:
      "Contact persons of contacts (`/inventory/v1/contacts/{contact_id}/contactpersons`).",
    key: "contact_person_id",
    columns: {
      contact_person_id: id,
      contact_id: mustRef("contacts"),
      first_name: text,
      last_name: required,
      email: text,
      phone: text,
      is_primary_contact: shownFlag,
    },
    list: {
      request: {
        path: "contacts/contactpersons",
        searchParams: { ...org, page: 1, per_page: 200 },
      },
      pagination: pageNumberPagination({
        pageParam: "page",
        items: (body) => ((body as Page).contact_persons ?? []) as unknown[],
        hasMore: (body) => (body as Page).page_context?.has_more_page === true,
      }),
      pageSize: { param: "per_page", max: 200 },
    },
    parent: { table: "contacts", column: "contact_id" },
    filters: {
      contact_id: {
        eq: (value, request) => ({
          ...request,
          path: `contacts/${encodeURIComponent(String(value))}/contactpersons`,
        }),
      },
    },
    insert: {
      request: (row) => write(organizationId, "POST", "contacts/contactpersons", row),
      key: (body) => insertedKey("contactpersons", body, "contact_person", "contact_person_id"),
    },
    update: {
      request: (key, changes) => write(organizationId, "PUT", one(key), changes),
      result: writeResult,
    },
    delete: {
      request: (key) => ({ method: "DELETE", path: one(key), searchParams: org }),
      result: writeResult,
    },
  });
}

/**
 * Shipment orders. The API has no list of them: a sales order's single read shows its packages,
 * each with the shipment carrying it, so shipments are listed per sales order. Created for a
 * sales order and its packages (both in the URL), read and deleted by id. Not updated: Zoho wants
 * the sales order and the packages in the URL of an update too, which a change by key does not
 * carry.
 */
function shipments(organizationId: string) {
  const org = { organization_id: organizationId };
  const one = (key: unknown) => `shipmentorders/${encodeURIComponent(String(key))}`;
  return defineTable({
    name: "shipments",
    description:
      "Shipment orders (`/inventory/v1/shipmentorders`), listed per sales order from its packages.",
    key: "shipment_id",
    columns: {
      shipment_id: id,
      salesorder_id: {
        type: "reference",
        references: "salesorders",
        required: true,
        description: "Sent as the `salesorder_id` query parameter on insert",
      },
      package_ids: {
        type: "json",
        required: true,
        description: "The packages shipped: ids (`package_ids` in the URL on insert)",
      },
      shipment_number: required,
      date: { type: "date", required: true },
      delivery_method: required,
      tracking_number: required,
      carrier: shown,
      status: shown,
      notes: text,
    },
    list: {
      request: { path: "salesorders", searchParams: org },
      pagination: single((body) => {
        const order = ((body as Body).salesorder ?? {}) as Body;
        const packages = (Array.isArray(order.packages) ? order.packages : []) as Body[];
        return packages
          .filter((p) => typeof p.shipment_id === "string" && p.shipment_id !== "")
          .map((p) => ({
            shipment_id: p.shipment_id,
            salesorder_id: order.salesorder_id,
            package_ids: [p.package_id],
            shipment_number: p.shipment_number,
            date: p.shipment_date,
            delivery_method: p.delivery_method,
            tracking_number: p.tracking_number,
            carrier: p.carrier,
            status: p.shipment_status,
            notes: null,
          }));
      }),
    },
    parent: { table: "salesorders", column: "salesorder_id" },
    filters: {
      salesorder_id: {
        eq: (value, request) => ({
          ...request,
          path: `salesorders/${encodeURIComponent(String(value))}`,
        }),
      },
    },
    get: {
      request: (key) => ({ path: one(key), searchParams: org }),
      record: (body) => (body as Body).shipment_order,
    },
    insert: {
      request: (row) =>
        write(organizationId, "POST", "shipmentorders", row, ["salesorder_id", "package_ids"]),
      key: (body) => insertedKey("shipments", body, "shipment_order", "shipment_id"),
    },
    delete: {
      request: (key) => ({ method: "DELETE", path: one(key), searchParams: org }),
      result: writeResult,
    },
  });
}

/** The declarations as the README documents them (the organization is the connection's). */
export const tables = inventoryTables("<organization_id>");
