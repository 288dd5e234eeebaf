import {
  nextLinkPagination,
  type PaginateParams,
  type PaginationSpec,
  pageSize,
  type ResourceDefinition,
} from "@x/connector-kit";

type CursorPage = { meta?: { has_more?: boolean }; links?: { next?: string | null } };

/** A list with cursor paging: `page[size]` ≤ 100, follow `links.next` while `meta.has_more`. */
function list(resource: string): ResourceDefinition {
  return {
    firstRequest: (p) => ({
      path: `api/v2/${resource}.json`,
      searchParams: { "page[size]": pageSize(p, 100) },
    }),
    pagination: nextLinkPagination({
      items: (body) => ((body as Record<string, unknown[]>)[resource] ?? []) as unknown[],
      nextUrl: (body) =>
        (body as CursorPage).meta?.has_more ? (body as CursorPage).links?.next : undefined,
    }),
  };
}

type ExportPage = {
  metric_sets?: unknown[];
  after_cursor?: string | null;
  end_of_stream?: boolean;
};

function startTime(p: PaginateParams): number {
  const t = p.startTime;
  if (t instanceof Date) return Math.floor(t.getTime() / 1000);
  return typeof t === "number" ? Math.floor(t) : 0;
}

const exportPaging: PaginationSpec = {
  items: (body) => (body as ExportPage).metric_sets ?? [],
  next(body, request) {
    const page = body as ExportPage;
    if (page.end_of_stream || !page.after_cursor) return undefined;
    return { ...request, searchParams: { cursor: page.after_cursor, include: "metric_sets" } };
  },
};

/**
 * Ticket metrics from the incremental ticket export (`include=metric_sets`): reads archived
 * tickets too, from `params.startTime` (a Date or Unix seconds, default 0). Admin only, 10
 * requests a minute, and tickets changed in the last minute are not in it yet.
 */
const ticketMetricsExport: ResourceDefinition = {
  firstRequest: (p) => ({
    path: "api/v2/incremental/tickets/cursor.json",
    searchParams: { start_time: startTime(p), include: "metric_sets" },
  }),
  pagination: exportPaging,
};

/** The resources of a connection. */
export function zendeskResources(useIncrementalApi: boolean): Record<string, ResourceDefinition> {
  return {
    tickets: list("tickets"),
    users: list("users"),
    organizations: list("organizations"),
    ticket_metrics: useIncrementalApi ? ticketMetricsExport : list("ticket_metrics"),
  };
}
