import {
  type ApiClient,
  type ApiRequest,
  ConnectorError,
  ConnectorErrorCode,
  type PaginateParams,
  type PaginationSpec,
  pageSize,
  paginate,
  type ResourceDefinition,
} from "@x/connector-kit";

/** Records reachable with `page`; beyond, Zoho wants `page_token` (and never both). */
const PAGE_LIMIT = 2_000;

/** Fields asked for when `params.fields` is absent (`fields` is mandatory from v3, ≤ 50). */
export const defaultFields: Record<string, readonly string[]> = {
  Leads: ["First_Name", "Last_Name", "Email", "Company", "Lead_Status", "Modified_Time"],
  Contacts: ["First_Name", "Last_Name", "Email", "Account_Name", "Title", "Modified_Time"],
  Deals: ["Deal_Name", "Amount", "Stage", "Closing_Date", "Account_Name", "Modified_Time"],
};

type Page = {
  data?: Record<string, unknown>[];
  info?: { more_records?: boolean; next_page_token?: string | null };
};

/** Equality filter: `{ Last_Name: "Smith" }`, all fields must match (case-insensitive, as Zoho's `equals`). */
export type ZohoFilter = Record<string, string | number | boolean>;

function fieldList(module: string, params: PaginateParams): string {
  const f = params.fields;
  if (Array.isArray(f)) return f.join(",");
  if (typeof f === "string" && f !== "") return f;
  return (defaultFields[module] ?? ["id"]).join(",");
}

/** Zoho search criteria for an equality filter: `((A:equals:x)and(B:equals:y))`. */
export function criteriaOf(filter: ZohoFilter): string {
  const quote = (v: string) => v.replace(/[(),\\]/g, (c) => `\\${c}`);
  const parts = Object.entries(filter).map(([k, v]) => `(${k}:equals:${quote(String(v))})`);
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

/** Page numbers while they reach, then `page_token` from `info.next_page_token`. */
const zohoPaging: PaginationSpec = {
  items: (body) => (body as Page).data ?? [],
  next(body, request) {
    const info = (body as Page).info;
    if (!info?.more_records) return undefined;
    const sp = new URLSearchParams(request.searchParams as Record<string, string>);
    const perPage = Number(sp.get("per_page") ?? 200);
    const page = Number(sp.get("page") ?? 0);
    if (sp.has("page") && (page + 1) * perPage <= PAGE_LIMIT) sp.set("page", String(page + 1));
    else if (info.next_page_token) {
      sp.delete("page");
      sp.set("page_token", info.next_page_token);
    } else return undefined;
    return { ...request, searchParams: Object.fromEntries(sp) };
  },
};

/** Zoho's limit on `fields` per request. */
const MAX_FIELDS = 50;

/**
 * The fields to ask for: those wanted plus the filter's, so every record can be checked exactly
 * (Zoho's search `equals` also matches longer values when there are several conditions).
 */
function requestFields(module: string, params: PaginateParams, filter: ZohoFilter | undefined) {
  const wanted = fieldList(module, params)
    .split(",")
    .map((f) => f.trim())
    .filter(Boolean);
  const extra = Object.keys(filter ?? {}).filter((f) => f !== "id" && !wanted.includes(f));
  if (wanted.length + extra.length > MAX_FIELDS) {
    throw new ConnectorError(
      ConnectorErrorCode.Configuration,
      `Filtering ${module} on ${extra.join(", ")} needs those fields in the request, which would then ask for ${wanted.length + extra.length} fields; Zoho allows ${MAX_FIELDS}.`,
      { hint: `Ask for at most ${MAX_FIELDS - extra.length} fields with this filter.` },
    );
  }
  // Fields asked only for the check leave the records again, so both paths give the same shape.
  const strip =
    extra.length === 0
      ? (r: Record<string, unknown>) => r
      : (r: Record<string, unknown>) => {
          const out = { ...r };
          for (const f of extra) delete out[f];
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
  params: PaginateParams,
  api: ApiClient,
  filter: ZohoFilter,
  serverSide: boolean,
): AsyncGenerator<Record<string, unknown>> {
  const perPage = pageSize(params, 200);
  const { fields, strip } = requestFields(module, params, filter);
  const options = {
    ...(params.signal ? { signal: params.signal } : {}),
    ...(params.maxPages !== undefined ? { maxPages: params.maxPages } : {}),
  };
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
    const search = paginate(
      api,
      {
        path: `${module}/search`,
        searchParams: { fields, per_page: perPage, page: 1, criteria: criteriaOf(filter) },
      },
      searchPaging,
      options,
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
  const list = paginate<Record<string, unknown>>(
    api,
    { path: module, searchParams: { fields, per_page: perPage, page: 1 } },
    zohoPaging as PaginationSpec<Record<string, unknown>>,
    { ...options, ...(left !== undefined ? { maxPages: left } : {}) },
  );
  for await (const record of list) {
    if (seen.has(String(record.id)) || !matches(record, filter)) continue;
    yield strip(record);
  }
}

/**
 * A CRM module. `params.filter` is sent as search criteria when `serverSideFiltering` (past the
 * search API's 2,000 records the full list takes over), else every record is fetched and filtered
 * here; both give the same records.
 */
export function crmModule(module: string, serverSideFiltering: boolean): ResourceDefinition {
  return {
    firstRequest(params) {
      const perPage = pageSize(params, 200);
      return {
        path: module,
        searchParams: { fields: fieldList(module, params), per_page: perPage, page: 1 },
      };
    },
    pagination: zohoPaging,
    stream(params, api) {
      const filter = params.filter as ZohoFilter | undefined;
      if (filter && Object.keys(filter).length > 0) {
        return filtered(module, params, api, filter, serverSideFiltering);
      }
      return paginate(api, this.firstRequest(params, api) as ApiRequest, zohoPaging, {
        ...(params.signal ? { signal: params.signal } : {}),
        ...(params.maxPages !== undefined ? { maxPages: params.maxPages } : {}),
      });
    },
  };
}
