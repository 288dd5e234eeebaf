import {
  type ApiClient,
  ConnectorError,
  ConnectorErrorCode,
  type PaginateParams,
  type PaginationSpec,
  pageSize,
  paginate,
  type ResourceDefinition,
  type TableMap,
} from "@x/connector-kit";
import { searchTerm } from "./filters.js";
import { PAGE_LIMIT, type Page, paging } from "./paging.js";
import { MAX_FIELDS } from "./wide.js";

// paginate() of a module: its table's listing plus what the tables do not take, `fields` and
// `filter` (equality, case-insensitive as Zoho's `equals`).

/** Fields asked for when `params.fields` is absent (`fields` is mandatory from v3, ≤ 50). */
export const defaultFields: Record<string, readonly string[]> = {
  Leads: ["First_Name", "Last_Name", "Email", "Company", "Lead_Status", "Modified_Time"],
  Contacts: ["First_Name", "Last_Name", "Email", "Account_Name", "Title", "Modified_Time"],
  Deals: ["Deal_Name", "Amount", "Stage", "Closing_Date", "Account_Name", "Modified_Time"],
};

/** Equality filter: `{ Last_Name: "Smith" }`, all fields must match (case-insensitive, as Zoho's `equals`). */
export type ZohoFilter = Record<string, string | number | boolean>;

/** Zoho search criteria for an equality filter: `((A:equals:x)and(B:equals:y))`. */
export function criteriaOf(filter: ZohoFilter): string {
  const parts = Object.entries(filter).map(([k, v]) => searchTerm(k, "equals", v));
  return `(${parts.join("and")})`;
}

/** A field's value as Zoho compares it: lookups (`Owner`, `Account_Name`) by their name. */
function text(value: unknown): string {
  if (value && typeof value === "object" && "name" in value) return String(value.name);
  return value === null || value === undefined ? "" : String(value);
}

/** Exact, case-insensitive equality on every filter field. */
function matches(record: Record<string, unknown>, filter: ZohoFilter): boolean {
  return Object.entries(filter).every(
    ([k, v]) => text(record[k]).toLowerCase() === String(v).toLowerCase(),
  );
}

type Records = AsyncIterable<Record<string, unknown>>;
const pageOptions = (params: PaginateParams, maxPages = params.maxPages) => ({
  ...(params.signal ? { signal: params.signal } : {}),
  ...(maxPages !== undefined ? { maxPages } : {}),
});

/**
 * The fields to ask for (`params.fields`, else the module's default): those wanted plus the
 * filter's, so every record can be checked exactly (Zoho's search `equals` also matches longer
 * values when there are several conditions); `strip` removes the filter's again.
 */
function requestFields(
  module: string,
  listed: string,
  params: PaginateParams,
  filter?: ZohoFilter,
) {
  const f = params.fields;
  const given = Array.isArray(f) ? f.join(",") : typeof f === "string" ? f : "";
  const wanted = (given || defaultFields[module]?.join(",") || listed)
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean);
  if (wanted.length > MAX_FIELDS) {
    throw new ConnectorError(
      ConnectorErrorCode.Configuration,
      `paginate("${module}") asks for ${wanted.length} fields; Zoho's get-records API takes at most ${MAX_FIELDS} per request.`,
      {
        hint: `Ask for at most ${MAX_FIELDS} fields, or list connection.table("${module}") with select: the table reads the fields past ${MAX_FIELDS} by id.`,
      },
    );
  }
  const extra = Object.keys(filter ?? {}).filter((x) => x !== "id" && !wanted.includes(x));
  if (wanted.length + extra.length > MAX_FIELDS) {
    throw new ConnectorError(
      ConnectorErrorCode.Configuration,
      `Filtering ${module} on ${extra.join(", ")} needs those fields in the request, which would then ask for ${wanted.length + extra.length} fields; Zoho allows ${MAX_FIELDS}.`,
      { hint: `Ask for at most ${MAX_FIELDS - extra.length} fields with this filter.` },
    );
  }
  // Fields asked only for the check leave the records again, so both paths give the same shape.
  const strip = (r: Record<string, unknown>) => {
    if (extra.length === 0) return r;
    const out = { ...r };
    for (const x of extra) delete out[x];
    return out;
  };
  return { fields: [...wanted, ...extra].join(","), strip };
}

/**
 * A filtered read. Server-side, the filter goes to Zoho's search, which returns at most 2,000
 * records and cannot page past them: when a search reaches that cap with more to come, the rest
 * is read from the module's full list (page_token reaches 100,000) and filtered here, skipping
 * what the search already gave. Nothing is cut off silently. Client-side, the full list is read
 * and filtered here. Both check every record exactly, so they return the same records.
 */
async function* filtered(
  module: string,
  listed: string,
  params: PaginateParams,
  api: ApiClient,
  filter: ZohoFilter,
  serverSide: boolean,
): AsyncGenerator<Record<string, unknown>> {
  const perPage = pageSize(params, 200);
  const { fields, strip } = requestFields(module, listed, params, filter);
  const seen = new Set<string>();
  let pages = 0;
  let capped = !serverSide;
  if (serverSide) {
    const searchPaging: PaginationSpec<Record<string, unknown>> = {
      items: (body) => (body as Page).data ?? [],
      next(body, request, items) {
        pages += 1;
        const sp = new URLSearchParams(request.searchParams as Record<string, string>);
        const page = Number(sp.get("page") ?? 1);
        if ((page + 1) * perPage > PAGE_LIMIT) {
          // The search API stops here. A full last page may hide more even without more_records.
          capped = Boolean((body as Page).info?.more_records) || items.length === perPage;
          return undefined;
        }
        if (!(body as Page).info?.more_records) return undefined;
        sp.set("page", String(page + 1));
        return { ...request, searchParams: Object.fromEntries(sp) };
      },
    };
    const searchParams = { fields, per_page: perPage, page: 1, criteria: criteriaOf(filter) };
    const search = paginate(
      api,
      { path: `${module}/search`, searchParams },
      searchPaging,
      pageOptions(params),
    );
    for await (const record of search) {
      if (!matches(record, filter)) continue;
      seen.add(String(record.id));
      yield strip(record);
    }
  }
  if (!capped) return;
  const left = params.maxPages === undefined ? undefined : params.maxPages - pages;
  if (left !== undefined && left <= 0) return;
  const list = paginate(
    api,
    { path: module, searchParams: { fields, per_page: perPage, page: 1 } },
    paging,
    pageOptions(params, left),
  ) as Records;
  for await (const record of list) {
    if (seen.has(String(record.id)) || !matches(record, filter)) continue;
    yield strip(record);
  }
}

/**
 * A CRM module: `fields` (default: `defaultFields`, else the fields its table lists), `pageSize`
 * (≤ 200), and `filter`, sent as search criteria when `serverSide` (past the search API's 2,000
 * records the full list takes over), else checked here on the full list; both give the same
 * records. The listing pages as the module's table does.
 */
export function crmModule(module: string, serverSide: boolean, listed = "id"): ResourceDefinition {
  const firstRequest = (params: PaginateParams) => ({
    path: module,
    searchParams: {
      fields: requestFields(module, listed, params).fields,
      per_page: pageSize(params, 200),
      page: 1,
    },
  });
  return {
    firstRequest,
    pagination: paging,
    stream(params, api) {
      const filter = params.filter as ZohoFilter | undefined;
      if (filter && Object.keys(filter).length > 0) {
        return filtered(module, listed, params, api, filter, serverSide);
      }
      return paginate(api, firstRequest(params), paging, pageOptions(params));
    },
  };
}

/**
 * Every module table (a listing made from its columns) as a resource with `fields` and
 * `filter`; search only where the table searches (the other tables list as they are).
 */
export function moduleResources(tables: TableMap, serverSide: boolean) {
  return Object.fromEntries(
    Object.entries(tables).flatMap(([name, table]) => {
      const { request, filteredCap } = table.list;
      if (table.parent || typeof request !== "function") return [];
      const sp = new URLSearchParams(request(table.columns).searchParams as URLSearchParams);
      const search = serverSide && filteredCap !== undefined;
      return [[name, crmModule(name, search, sp.get("fields") ?? "id")]];
    }),
  );
}
