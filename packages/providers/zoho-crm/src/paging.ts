import { ConnectorError, ConnectorErrorCode, type PaginationSpec } from "@x/connector-kit";

/** Records reachable with `page`; beyond, Zoho wants `page_token`, and search stops there. */
export const PAGE_LIMIT = 2_000;
export const PER_PAGE = 200;

export type Page = {
  data?: Record<string, unknown>[];
  info?: { more_records?: boolean; next_page_token?: string | null };
};

/**
 * `page` while it reaches, then `page_token` from `info.next_page_token`. A listing that has
 * more records but no token (v2 and v2.1 answer none) stops with a typed error rather than
 * quietly; a search stops at its cap, which the table handles.
 */
export const paging: PaginationSpec = {
  items: (body) => (body as Page).data ?? [],
  next(body, request) {
    const info = (body as Page).info;
    if (!info?.more_records) return undefined;
    const sp = new URLSearchParams(request.searchParams as URLSearchParams);
    const page = Number(sp.get("page") ?? 0);
    const perPage = Number(sp.get("per_page") ?? PER_PAGE);
    if (sp.has("page") && (page + 1) * perPage <= PAGE_LIMIT) {
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
