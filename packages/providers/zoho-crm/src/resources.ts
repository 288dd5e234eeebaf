import type { PaginateParams, PaginationSpec, ResourceDefinition } from "@x/connector-kit";

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

function matches(record: Record<string, unknown>, filter: ZohoFilter): boolean {
  return Object.entries(filter).every(
    ([k, v]) => String(record[k] ?? "").toLowerCase() === String(v).toLowerCase(),
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

/**
 * A CRM module. `params.filter` is sent as search criteria when `serverSideFiltering`, else every
 * record is fetched and filtered here; both give the same records.
 */
export function crmModule(module: string, serverSideFiltering: boolean): ResourceDefinition {
  return {
    firstRequest(params) {
      const filter = params.filter as ZohoFilter | undefined;
      const perPage = Math.min(Math.max(1, params.pageSize ?? 200), 200);
      const searchParams: Record<string, string | number> = {
        fields: fieldList(module, params),
        per_page: perPage,
        page: 1,
      };
      if (filter && serverSideFiltering) {
        return {
          path: `${module}/search`,
          searchParams: { ...searchParams, criteria: criteriaOf(filter) },
        };
      }
      return { path: module, searchParams };
    },
    pagination: zohoPaging,
    keep: serverSideFiltering
      ? undefined
      : (record, params) =>
          !params.filter || matches(record as Record<string, unknown>, params.filter as ZohoFilter),
  };
}
