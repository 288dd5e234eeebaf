import {
  type ApiRequest,
  type ColumnsDeclaration,
  defineTable,
  pageNumberPagination,
  type TableDeclaration,
  type WriteResult,
} from "@x/connector-kit";

type Page = Record<string, unknown> & { page_context?: { has_more_page?: boolean } };

const times = {
  created_time: { type: "datetime", readOnly: true },
  last_modified_time: { type: "datetime", readOnly: true },
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
 * A write of one record of the organization: the record as JSON in the `JSONString` form field,
 * as the API documents.
 */
function write(
  organizationId: string,
  method: "POST" | "PUT",
  path: string,
  record: Record<string, unknown>,
): ApiRequest {
  return {
    method,
    path,
    searchParams: { organization_id: organizationId },
    body: new URLSearchParams({ JSONString: JSON.stringify(record) }),
  };
}

/**
 * A list of the connection's organization (`organization_id` on every call): `page` and
 * `per_page` (≤ 200) until `page_context.has_more_page` is false; one record by id; create,
 * update and delete.
 */
function inventoryTable<
  const Cols extends ColumnsDeclaration,
  const Key extends keyof Cols & string,
>(
  organizationId: string,
  spec: { name: string; singular: string; key: Key; description: string; columns: Cols },
) {
  return defineTable({
    name: spec.name,
    description: spec.description,
    key: spec.key,
    columns: spec.columns,
    list: {
      request: {
        path: spec.name,
        searchParams: { organization_id: organizationId, page: 1, per_page: 200 },
      },
      pagination: pageNumberPagination({
        pageParam: "page",
        items: (body) => ((body as Page)[spec.name] ?? []) as unknown[],
        hasMore: (body) => (body as Page).page_context?.has_more_page === true,
      }),
      pageSize: { param: "per_page", max: 200 },
    },
    get: {
      request: (id) => ({
        path: `${spec.name}/${id}`,
        searchParams: { organization_id: organizationId },
      }),
      record: (body) => (body as Record<string, unknown>)[spec.singular],
    },
    insert: {
      request: (row) => write(organizationId, "POST", spec.name, row),
      key: (body) =>
        ((body as Record<string, Record<string, unknown> | undefined>)[spec.singular] ?? {})[
          spec.key
        ],
    },
    update: {
      request: (id, changes) => write(organizationId, "PUT", `${spec.name}/${id}`, changes),
      result: writeResult,
    },
    delete: {
      request: (id) => ({
        method: "DELETE",
        path: `${spec.name}/${id}`,
        searchParams: { organization_id: organizationId },
      }),
      result: writeResult,
    },
  });
}

/** The tables of one organization: items, sales orders, contacts. */
export function inventoryTables(organizationId: string) {
  return {
    items: inventoryTable(organizationId, {
      name: "items",
      singular: "item",
      key: "item_id",
      description: "Items (`/inventory/v1/items`).",
      columns: {
        item_id: { type: "string", readOnly: true },
        name: { type: "string", required: true },
        sku: { type: "string", nullable: true },
        status: { type: "enum", values: ["active", "inactive"] },
        description: { type: "string", nullable: true },
        rate: { type: "decimal", required: true, description: "Sales price" },
        purchase_rate: { type: "decimal", nullable: true },
        unit: { type: "string", nullable: true },
        item_type: { type: "string" },
        product_type: { type: "enum", values: ["goods", "service"] },
        stock_on_hand: { type: "decimal", readOnly: true },
        available_stock: { type: "decimal", readOnly: true },
        ...times,
      },
    }),
    salesorders: inventoryTable(organizationId, {
      name: "salesorders",
      singular: "salesorder",
      key: "salesorder_id",
      description: "Sales orders (`/inventory/v1/salesorders`).",
      columns: {
        salesorder_id: { type: "string", readOnly: true },
        salesorder_number: { type: "string", readOnly: true },
        date: { type: "date" },
        shipment_date: { type: "date", nullable: true },
        status: { type: "string", readOnly: true },
        customer_id: { type: "reference", references: "contacts", required: true },
        customer_name: { type: "string", readOnly: true },
        reference_number: { type: "string", nullable: true },
        line_items: {
          type: "json",
          nullable: true,
          description: "Write: `[{ item_id, rate, quantity }]` (at least one on insert)",
        },
        total: { type: "decimal", readOnly: true },
        currency_code: { type: "string", readOnly: true },
        ...times,
      },
    }),
    contacts: inventoryTable(organizationId, {
      name: "contacts",
      singular: "contact",
      key: "contact_id",
      description: "Contacts: customers and vendors (`/inventory/v1/contacts`).",
      columns: {
        contact_id: { type: "string", readOnly: true },
        contact_name: { type: "string", required: true },
        company_name: { type: "string", nullable: true },
        contact_type: { type: "enum", values: ["customer", "vendor"] },
        status: { type: "enum", values: ["active", "inactive"], readOnly: true },
        email: { type: "string", nullable: true },
        phone: { type: "string", nullable: true },
        currency_code: { type: "string", nullable: true },
        outstanding_receivable_amount: { type: "decimal", readOnly: true },
        ...times,
      },
    }),
  } satisfies Record<string, TableDeclaration>;
}

/** The declarations as the README documents them (the organization is the connection's). */
export const tables = inventoryTables("<organization_id>");
