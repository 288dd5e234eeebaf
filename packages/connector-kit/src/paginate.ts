import { readBodyJson } from "./body.js";
import type { ApiClient, ApiRequest } from "./http.js";

/**
 * How a resource pages, as data plus two small functions: where the items are in a parsed page,
 * and which request fetches the next page (undefined at the end).
 */
export interface PaginationSpec<T = unknown> {
  items(body: unknown): T[];
  next(body: unknown, request: ApiRequest, items: readonly T[]): ApiRequest | undefined;
}

/** Reads a response body into a value; `null` for bodiless answers (204, 304). */
export type BodyParser = (response: Response) => Promise<unknown>;

/**
 * JSON bodies; 204 and 304 (no body) and empty bodies read as `null`.
 * @throws ConnectorError `CONNECTOR_MALFORMED_RESPONSE` for a body that is not JSON,
 *   `CONNECTOR_RESPONSE_TOO_LARGE` past 32 MiB.
 */
export const parseJsonBody: BodyParser = async (response) => {
  if (response.status === 204 || response.status === 304) return null;
  return readBodyJson(response);
};

function withParams(
  request: ApiRequest,
  params: Record<string, string | number | undefined>,
): ApiRequest {
  const merged = new URLSearchParams(
    request.searchParams instanceof URLSearchParams
      ? request.searchParams
      : Object.entries(request.searchParams ?? {}).flatMap(([k, v]) =>
          v === undefined ? [] : [[k, String(v)]],
        ),
  );
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) merged.delete(k);
    else merged.set(k, String(v));
  }
  return { ...request, searchParams: merged };
}

function param(request: ApiRequest, name: string): string | undefined {
  const sp = request.searchParams;
  if (!sp) return undefined;
  if (sp instanceof URLSearchParams) return sp.get(name) ?? undefined;
  const v = sp[name];
  return v === undefined ? undefined : String(v);
}

/** Page numbers: `?page=1,2,…` until `hasMore(body)` says no. */
export function pageNumberPagination<T>(spec: {
  pageParam: string;
  items: (body: unknown) => T[];
  hasMore: (body: unknown, items: readonly T[]) => boolean;
}): PaginationSpec<T> {
  return {
    items: spec.items,
    next(body, request, items) {
      if (!spec.hasMore(body, items)) return undefined;
      const page = Number(param(request, spec.pageParam) ?? "1");
      return withParams(request, { [spec.pageParam]: page + 1 });
    },
  };
}

/** Opaque cursors: the next request carries `cursorParam=<cursor from the body>`. */
export function cursorPagination<T>(spec: {
  cursorParam: string;
  items: (body: unknown) => T[];
  nextCursor: (body: unknown) => string | null | undefined;
}): PaginationSpec<T> {
  return {
    items: spec.items,
    next(body, request) {
      const cursor = spec.nextCursor(body);
      return cursor ? withParams(request, { [spec.cursorParam]: cursor }) : undefined;
    },
  };
}

/** Offsets: `?start=0,500,…`; a short page is the last one. */
export function offsetPagination<T>(spec: {
  offsetParam: string;
  pageSize: number;
  items: (body: unknown) => T[];
  /** Overrides the short-page rule when the provider says so explicitly. */
  hasMore?: (body: unknown, items: readonly T[]) => boolean;
}): PaginationSpec<T> {
  return {
    items: spec.items,
    next(body, request, items) {
      const more = spec.hasMore ? spec.hasMore(body, items) : items.length >= spec.pageSize;
      if (!more || items.length === 0) return undefined;
      const offset = Number(param(request, spec.offsetParam) ?? "0");
      return withParams(request, { [spec.offsetParam]: offset + items.length });
    },
  };
}

/** A link to the next page in the body (absolute URL). */
export function nextLinkPagination<T>(spec: {
  items: (body: unknown) => T[];
  nextUrl: (body: unknown) => string | null | undefined;
}): PaginationSpec<T> {
  return {
    items: spec.items,
    next(body, request) {
      const url = spec.nextUrl(body);
      return url ? { ...request, path: url, searchParams: undefined } : undefined;
    },
  };
}

export { withParams as withSearchParams };

/**
 * Streams every item of a paged resource, one page in memory at a time. The request for page N+1
 * is built from page N, so memory stays bounded however many records there are.
 */
export async function* paginate<T>(
  client: ApiClient,
  first: ApiRequest,
  spec: PaginationSpec<T>,
  options: { parse?: BodyParser; signal?: AbortSignal; maxPages?: number } = {},
): AsyncGenerator<T, void, undefined> {
  const parse = options.parse ?? parseJsonBody;
  let request: ApiRequest | undefined = first;
  let pages = 0;
  while (request) {
    options.signal?.throwIfAborted();
    const response = await client.send({ ...request, signal: options.signal });
    const body = await parse(response);
    const items = body === null ? [] : spec.items(body);
    for (const item of items) yield item;
    pages += 1;
    if (body === null || (options.maxPages !== undefined && pages >= options.maxPages)) return;
    request = spec.next(body, request, items);
  }
}
