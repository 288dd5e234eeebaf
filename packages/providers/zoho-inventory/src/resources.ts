import { ApiError, pageNumberPagination, type ResourceDefinition } from "@x/connector-kit";

type Page = Record<string, unknown> & {
  code?: number;
  message?: string;
  page_context?: { has_more_page?: boolean };
};

/** Inventory can report an error with HTTP 200 and a non-zero `code`. */
function records(body: unknown, resource: string): unknown[] {
  const page = body as Page;
  if (page.code !== undefined && page.code !== 0) {
    throw new ApiError({
      provider: "Zoho Inventory",
      method: "GET",
      url: resource,
      status: 200,
      providerCode: String(page.code),
      providerMessage: page.message,
    });
  }
  return (page[resource] ?? []) as unknown[];
}

/** A list: the records are under the resource's own key; `page_context.has_more_page` says when to stop. */
function list(resource: string, organizationId: () => string): ResourceDefinition {
  return {
    firstRequest: (p) => ({
      path: resource,
      searchParams: {
        organization_id: organizationId(),
        page: 1,
        per_page: Math.min(Math.max(1, p.pageSize ?? 200), 200),
      },
    }),
    pagination: pageNumberPagination({
      pageParam: "page",
      items: (body) => records(body, resource),
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
