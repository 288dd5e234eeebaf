import {
  cursorPagination,
  offsetPagination,
  pageSize,
  type ResourceDefinition,
} from "@x/connector-kit";

type Envelope = {
  data: unknown[] | null;
  additional_data?: {
    next_cursor?: string | null;
    pagination?: { more_items_in_collection?: boolean };
  } | null;
};

const items = (body: unknown) => (body as Envelope).data ?? [];

/** API v2 lists: `cursor` + `limit` (≤ 500), ending when `next_cursor` is null. */
function v2(resource: string): ResourceDefinition {
  return {
    firstRequest: (p) => ({
      path: `api/v2/${resource}`,
      searchParams: { limit: pageSize(p, 500) },
    }),
    pagination: cursorPagination({
      cursorParam: "cursor",
      items,
      nextCursor: (body) => (body as Envelope).additional_data?.next_cursor,
    }),
  };
}

/** Deprecated API v1 lists: `start` + `limit`, ending when `more_items_in_collection` is false. */
function v1(resource: string): ResourceDefinition {
  return {
    firstRequest: (p) => ({
      path: `api/v1/${resource}`,
      searchParams: { start: 0, limit: pageSize(p, 500) },
    }),
    pagination: offsetPagination({
      offsetParam: "start",
      pageSize: 500,
      items,
      hasMore: (body) =>
        (body as Envelope).additional_data?.pagination?.more_items_in_collection === true,
    }),
  };
}

/** The resources of a connection for an API version. */
export function pipedriveResources(version: "v1" | "v2"): Record<string, ResourceDefinition> {
  const make = version === "v2" ? v2 : v1;
  return { deals: make("deals"), persons: make("persons"), organizations: make("organizations") };
}
