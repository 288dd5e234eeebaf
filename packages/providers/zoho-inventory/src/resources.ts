import { pageNumberPagination, pageSize, type ResourceDefinition } from "@x/connector-kit";

type Page = Record<string, unknown> & { page_context?: { has_more_page?: boolean } };

/** A list: the records are under the resource's own key; `page_context.has_more_page` says when to stop. */
function list(resource: string, organizationId: () => string): ResourceDefinition {
  return {
    firstRequest: (p) => ({
      path: resource,
      searchParams: { organization_id: organizationId(), page: 1, per_page: pageSize(p, 200) },
    }),
    pagination: pageNumberPagination({
      pageParam: "page",
      items: (body) => ((body as Page)[resource] ?? []) as unknown[],
      hasMore: (body) => (body as Page).page_context?.has_more_page === true,
    }),
  };
}

/** Items, sales orders and contacts of the connection's organization. */
export function inventoryResources(
  organizationId: () => string,
): Record<string, ResourceDefinition> {
  return {
    items: list("items", organizationId),
    salesorders: list("salesorders", organizationId),
    contacts: list("contacts", organizationId),
  };
}
