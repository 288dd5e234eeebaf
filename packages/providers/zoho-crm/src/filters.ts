import { type ApiRequest, type PushdownMapping, withSearchParams } from "@x/connector-kit";

/** One condition of Zoho's search criteria, its value escaped: `(Field:operator:value)`. */
export const searchTerm = (field: string, operator: string, value: unknown): string =>
  `(${field}:${operator}:${String(value).replace(/[(),\\]/g, (c) => `\\${c}`)})`;

/**
 * A condition of the search API: the listing moves to `{Module}/search` and the condition joins
 * `criteria` with `and`.
 */
function criterion(module: string, field: string, operator: string) {
  return (value: unknown, request: ApiRequest): ApiRequest => {
    const sp = new URLSearchParams(request.searchParams as URLSearchParams);
    const term = searchTerm(field, operator, value);
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
export function searchable(module: string, field: string, text: boolean) {
  const eq: PushdownMapping = { apply: criterion(module, field, "equals"), superset: true };
  return text ? { eq, startsWith: criterion(module, field, "starts_with") } : { eq };
}

/** `If-Modified-Since: {instant}`: a listing of the records modified after the instant. */
function ifModifiedSince(instant: number) {
  return (request: ApiRequest): ApiRequest => ({
    ...request,
    headers: {
      ...request.headers,
      "If-Modified-Since": new Date(instant).toISOString().replace(/\.\d{3}Z$/, "+00:00"),
    },
  });
}

/**
 * "Modified since" through `If-Modified-Since` (records modified after the instant; 304 when
 * none). Zoho's times have whole seconds, so `gte` asks from one second earlier. The search API
 * does not document the header, so the condition is checked again here.
 */
export const modifiedSince = {
  gt: {
    apply: (value: unknown, request: ApiRequest) =>
      ifModifiedSince(Date.parse(String(value)))(request),
    superset: true,
  },
  gte: {
    apply: (value: unknown, request: ApiRequest) =>
      ifModifiedSince(Math.ceil(Date.parse(String(value)) / 1000) * 1000 - 1000)(request),
    superset: true,
  },
} as const satisfies Partial<Record<"gt" | "gte", PushdownMapping>>;
