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

/** Options of {@link paginate}. */
export interface PaginateOptions<T = unknown> {
  /** Reads a page's body; default {@link parseJsonBody}. */
  parse?: BodyParser | undefined;
  /** Aborts the walk: the request in flight and the next `next()`. */
  signal?: AbortSignal | undefined;
  /** Stops after this many pages. */
  maxPages?: number | undefined;
  /** Drops items for which it returns false (a filter the provider could not apply). */
  keep?: ((item: T) => boolean) | undefined;
}

/** A walk over a paged resource: its items one by one, or {@link PagedIterator.pages | pages}. */
export interface PagedIterator<T> extends AsyncIterableIterator<T> {
  /**
   * The rest of the walk a page at a time: each page's items (those `keep` keeps) as one array,
   * empty pages skipped. For bulk work it saves the one promise per item that `for await` over
   * items costs. It shares the walk: items already taken are not handed out again.
   */
  pages(): AsyncIterableIterator<T[]>;
}

/**
 * Streams every item of a paged resource, one page in memory at a time. The request for page N+1
 * is built from page N, so memory stays bounded however many records there are. `first` may be a
 * function, called when the walk starts.
 *
 * The iterator hands out the items of a page it holds without awaiting anything (no generator
 * layers): the per-item cost is one settled promise, what `for await` costs over any iterator.
 * `pages()` hands out whole pages instead.
 */
export function paginate<T>(
  client: ApiClient,
  first: ApiRequest | (() => ApiRequest | Promise<ApiRequest>),
  spec: PaginationSpec<T>,
  options: PaginateOptions<T> = {},
): PagedIterator<T> {
  return new PageWalk(client, first, spec, options);
}

const DONE: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });

class PageWalk<T> implements PagedIterator<T> {
  readonly #client: ApiClient;
  readonly #spec: PaginationSpec<T>;
  readonly #parse: BodyParser;
  readonly #options: PaginateOptions<T>;
  #first: (() => ApiRequest | Promise<ApiRequest>) | undefined;
  #request: ApiRequest | undefined;
  #items: readonly T[] = [];
  #index = 0;
  #pages = 0;
  #finished = false;
  #loading: Promise<unknown> | undefined;

  constructor(
    client: ApiClient,
    first: ApiRequest | (() => ApiRequest | Promise<ApiRequest>),
    spec: PaginationSpec<T>,
    options: PaginateOptions<T>,
  ) {
    this.#client = client;
    this.#spec = spec;
    this.#parse = options.parse ?? parseJsonBody;
    this.#options = options;
    if (typeof first === "function") this.#first = first;
    else this.#request = first;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<T, undefined>> {
    // Calls made while a page loads wait for it, in order, as with an async generator.
    if (this.#loading) return this.#loading.then(() => this.next());
    const keep = this.#options.keep;
    while (this.#index < this.#items.length) {
      const item = this.#items[this.#index++] as T;
      if (!keep || keep(item)) return Promise.resolve({ value: item, done: false });
    }
    if (this.#finished) return Promise.resolve(DONE);
    return this.#afterLoad(() => this.next());
  }

  /** Loads the next page, then answers with `then`; a failed page ends the walk. */
  #afterLoad<R>(then: () => Promise<R>): Promise<R> {
    const loading = this.#load().then(
      () => {
        this.#loading = undefined;
        return then();
      },
      (error: unknown) => {
        this.#loading = undefined;
        this.#stop();
        throw error;
      },
    );
    this.#loading = loading;
    return loading;
  }

  pages(): AsyncIterableIterator<T[]> {
    const pages: AsyncIterableIterator<T[]> = {
      [Symbol.asyncIterator]: () => pages,
      next: () => this.#nextPage(),
      // Ending either view ends the walk; neither hands out a value.
      return: () => this.return() as Promise<IteratorReturnResult<undefined>>,
      throw: (error?: unknown) => this.throw(error) as Promise<never>,
    };
    return pages;
  }

  /** The items left of the page held, else of the next page that has any (kept) items. */
  #nextPage(): Promise<IteratorResult<T[], undefined>> {
    if (this.#loading) return this.#loading.then(() => this.#nextPage());
    const keep = this.#options.keep;
    if (this.#index < this.#items.length) {
      const rest = this.#index === 0 ? this.#items : this.#items.slice(this.#index);
      this.#index = this.#items.length;
      const page = keep ? rest.filter(keep) : (rest as T[]);
      if (page.length > 0) return Promise.resolve({ value: page, done: false });
    }
    if (this.#finished) return Promise.resolve(DONE);
    return this.#afterLoad(() => this.#nextPage());
  }

  return(): Promise<IteratorResult<T, undefined>> {
    this.#stop();
    return Promise.resolve(DONE);
  }

  throw(error?: unknown): Promise<IteratorResult<T, undefined>> {
    this.#stop();
    return Promise.reject(error);
  }

  #stop(): void {
    this.#finished = true;
    this.#items = [];
    this.#index = 0;
    this.#request = undefined;
  }

  async #load(): Promise<void> {
    const signal = this.#options.signal;
    if (this.#first) {
      const build = this.#first;
      this.#first = undefined;
      this.#request = await build();
    }
    const request = this.#request;
    // The previous page is released before the next one is read.
    this.#items = [];
    this.#index = 0;
    if (!request) {
      this.#finished = true;
      return;
    }
    signal?.throwIfAborted();
    const response = await this.#client.send(signal ? { ...request, signal } : request);
    const body = await this.#parse(response);
    // return() while the page loaded: nothing more is handed out.
    if (this.#finished) return;
    this.#pages += 1;
    const maxPages = this.#options.maxPages;
    if (body === null) {
      this.#finished = true;
      return;
    }
    const items = this.#spec.items(body);
    this.#items = items;
    if (maxPages !== undefined && this.#pages >= maxPages) this.#request = undefined;
    else this.#request = this.#spec.next(body, request, items);
  }
}
