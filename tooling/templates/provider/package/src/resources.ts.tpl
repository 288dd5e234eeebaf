import { cursorPagination, pageSize, type ResourceDefinition } from "@x/connector-kit";

/** A list answer of the {{name}} API: `{ data: [...], next_cursor: "..." | null }`. */
type Page = { data?: unknown[] | null; next_cursor?: string | null };

/**
 * A cursor-paged list: `limit` (≤ 100) on the first request, then `cursor=<next_cursor>` until
 * `next_cursor` is null. For other schemes use `pageNumberPagination`, `offsetPagination` or
 * `nextLinkPagination` from `@x/connector-kit`.
 */
function list(path: string): ResourceDefinition {
  return {
    firstRequest: (p) => ({ path, searchParams: { limit: pageSize(p, 100) } }),
    pagination: cursorPagination({
      cursorParam: "cursor",
      items: (body) => (body as Page).data ?? [],
      nextCursor: (body) => (body as Page).next_cursor,
    }),
  };
}

/** The resources `paginate()` accepts. */
export function providerResources(): Record<string, ResourceDefinition> {
  return { contacts: list("v1/contacts") };
}
