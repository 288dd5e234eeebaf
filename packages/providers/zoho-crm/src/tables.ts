import {
  type ApiRequest,
  type BatchRecordResult,
  type ColumnsDeclaration,
  defineTable,
  type PaginationSpec,
  type PushdownMapping,
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

/** `page` while it reaches, then `page_token` from `info.next_page_token`. */
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
    } else return undefined;
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

const lookup = {
  type: "json",
  nullable: true,
  description: "Lookup `{ id, name }`",
} as const;

const common = {
  id: { type: "string", readOnly: true, description: "Record id (19 digits)" },
  Owner: { ...lookup, readOnly: true, description: "Owner `{ id, name, email }`" },
  Created_Time: { type: "datetime", readOnly: true },
  Modified_Time: { type: "datetime", readOnly: true },
} as const;

/**
 * Zoho answers an update or delete with 200/202 and a result per record; an error names the
 * record (`INVALID_DATA` on `id`: no such record) or the field.
 */
function writeResult(body: unknown): WriteResult {
  const [first] = (body as { data?: Record<string, unknown>[] } | null)?.data ?? [];
  if (!first) return { ok: false, message: "Zoho sent no result for the record" };
  if (first.status === "success") return { ok: true };
  const details = (first.details ?? {}) as Record<string, unknown>;
  return {
    ok: false,
    code: String(first.code),
    message: `${first.message}${first.details ? ` ${JSON.stringify(first.details)}` : ""}`,
    missing: first.code === "INVALID_DATA" && ("id" in details || details.api_name === "id"),
  };
}

/** One standard module: listing (`page`, then `page_token`), search, get, batch insert, update, delete. */
function moduleTable<const Cols extends ColumnsDeclaration>(
  module: string,
  description: string,
  columns: Cols,
  search: Record<string, boolean>,
) {
  const fields = Object.keys(columns)
    .filter((c) => c !== "id")
    .join(",");
  const results = (body: unknown): BatchRecordResult[] =>
    ((body as { data?: Record<string, unknown>[] }).data ?? []).map((r) =>
      r.status === "success"
        ? { ok: true, key: (r.details as { id: string }).id }
        : {
            ok: false,
            code: String(r.code),
            message: `${r.message}${r.details ? ` ${JSON.stringify(r.details)}` : ""}`,
          },
    );
  return defineTable({
    name: module,
    description,
    key: "id",
    columns,
    list: {
      request: {
        path: module,
        searchParams: new URLSearchParams({ fields, per_page: String(PER_PAGE), page: "1" }),
      },
      pagination: paging,
      filteredCap: PAGE_LIMIT,
    },
    filters: Object.fromEntries(
      Object.entries(search).map(([field, text]) => [field, searchable(module, field, text)]),
    ),
    get: {
      request: (id) => ({ path: `${module}/${id}` }),
      // A missing id is 204 (no body).
      record: (body) => (body as Page | null)?.data?.[0],
    },
    insert: {
      request: (row) => ({ method: "POST", path: module, json: { data: [row] } }),
      key: (body) => {
        const [first] = results(body);
        return first?.ok ? first.key : undefined;
      },
      batch: {
        max: 100,
        request: (rows) => ({ method: "POST", path: module, json: { data: rows } }),
        results,
      },
    },
    update: {
      request: (id, changes) => ({
        method: "PUT",
        path: `${module}/${id}`,
        json: { data: [changes] },
      }),
      result: writeResult,
    },
    delete: {
      request: (id) => ({ method: "DELETE", path: `${module}/${id}` }),
      result: writeResult,
    },
  });
}

const person = {
  First_Name: { type: "string", nullable: true },
  Last_Name: { type: "string", required: true },
  Full_Name: { type: "string", readOnly: true },
  Email: { type: "string", nullable: true },
  Phone: { type: "string", nullable: true },
  Lead_Source: { type: "string", nullable: true },
} as const;

/** Leads. */
export const Leads = moduleTable(
  "Leads",
  "Leads (`/crm/{Schema}/Leads`; filters through the search API).",
  {
    ...common,
    ...person,
    Company: { type: "string", nullable: true },
    Mobile: { type: "string", nullable: true },
    Lead_Status: { type: "string", nullable: true },
    Industry: { type: "string", nullable: true },
    Annual_Revenue: { type: "decimal", nullable: true },
    No_of_Employees: { type: "integer", nullable: true },
    Street: { type: "string", nullable: true },
    City: { type: "string", nullable: true },
    Country: { type: "string", nullable: true },
    Description: { type: "string", nullable: true },
  },
  {
    Last_Name: true,
    First_Name: true,
    Email: true,
    Company: true,
    Lead_Status: true,
    Lead_Source: true,
    City: true,
    Country: true,
  },
);

/** Contacts. */
export const Contacts = moduleTable(
  "Contacts",
  "Contacts (`/crm/{Schema}/Contacts`; filters through the search API).",
  {
    ...common,
    ...person,
    Title: { type: "string", nullable: true },
    Department: { type: "string", nullable: true },
    Account_Name: lookup,
    Mailing_Street: { type: "string", nullable: true },
    Mailing_City: { type: "string", nullable: true },
    Mailing_Country: { type: "string", nullable: true },
  },
  { Last_Name: true, First_Name: true, Email: true, Title: true, Department: true },
);

/** Deals. */
export const Deals = moduleTable(
  "Deals",
  "Deals (`/crm/{Schema}/Deals`; filters through the search API).",
  {
    ...common,
    Deal_Name: { type: "string", required: true },
    Amount: { type: "decimal", nullable: true },
    Stage: { type: "string", required: true },
    Probability: { type: "integer", nullable: true },
    Closing_Date: { type: "date", nullable: true },
    Account_Name: lookup,
    Contact_Name: lookup,
    Lead_Source: { type: "string", nullable: true },
    Type: { type: "string", nullable: true },
    Description: { type: "string", nullable: true },
  },
  { Deal_Name: true, Stage: true, Lead_Source: true, Type: true },
);

/** Zoho CRM's tables, by module API name. */
export const tables = { Leads, Contacts, Deals } satisfies Record<string, TableDeclaration>;
