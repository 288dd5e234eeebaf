import { inspect } from "node:util";
import { ConnectorError, ConnectorErrorCode } from "./errors.js";
import type { ApiClient, ApiRequest } from "./http.js";
import type { RateLimitState } from "./observe.js";
import {
  type BodyParser,
  type PagedIterator,
  type PaginationSpec,
  paginate,
  parseJsonBody,
  withSearchParams,
} from "./paginate.js";
import type { ColumnsDeclaration } from "./tables/columns.js";
import type { TableDeclaration } from "./tables/declaration.js";
import { suggestionHint } from "./tables/suggest.js";
import { Table, type TableDescription } from "./tables/table.js";

/** Who the connection authenticates as, from the provider's who-am-I endpoint. */
export interface Identity {
  id: string;
  name?: string | undefined;
  email?: string | undefined;
  /** The provider's own answer, for anything else it says (role, organization, account). */
  raw: unknown;
}

/**
 * What `paginate()` returns: each `for await` over it is a new walk, record by record; `pages()`
 * walks a page at a time.
 */
export interface Paginated<T> extends AsyncIterable<T> {
  /**
   * A new walk, a page at a time: each page's records as one array (empty pages skipped), for
   * bulk work that need not pay `for await`'s promise per record. A resource that is not one
   * chain of pages (a stream of its own) comes in arrays of up to `pageSize` (default 100).
   */
  pages(): AsyncIterableIterator<T[]>;
}

/** Parameters of `paginate()`: provider-specific keys plus a few every resource understands. */
export interface PaginateParams {
  /** Page size to ask for (capped at the provider's maximum). */
  pageSize?: number;
  /** Stop after this many pages. */
  maxPages?: number;
  signal?: AbortSignal;
  [key: string]: unknown;
}

/** The page size to ask for: `params.pageSize` within 1 and the provider's `max` (default `max`). */
export function pageSize(params: PaginateParams, max: number): number {
  return Math.min(Math.max(1, params.pageSize ?? max), max);
}

/** A listable resource of a provider: its first request, its paging, its body format. */
export interface ResourceDefinition<T = unknown> {
  /** Builds the first request; may fetch metadata first (e.g. Zoho's field list). */
  firstRequest(params: PaginateParams, api: ApiClient): ApiRequest | Promise<ApiRequest>;
  pagination: PaginationSpec<T>;
  parse?: BodyParser;
  /** Drops records client-side (used when a filter could not be sent to the provider). */
  keep?(record: T, params: PaginateParams): boolean;
  /** Replaces paging entirely, for resources whose walk is not one request chain. */
  stream?(params: PaginateParams, api: ApiClient): AsyncIterable<T>;
}

/**
 * Maps the `paginate()` params a listing takes besides `pageSize` onto its first request
 * (Highrise's `since`, Zendesk's `startTime`).
 */
export type ListingParams = (request: ApiRequest, params: PaginateParams) => ApiRequest;

/**
 * A `paginate()` resource served from a table's listing: the same first request, paging and body
 * format, with the records as the provider sends them (a table's `row` mapping is not applied).
 * `pageSize` goes to the listing's page-size parameter; `params` maps the resource's own.
 */
export function listingResource(
  list: Pick<TableDeclaration["list"], "request" | "pagination" | "parse" | "pageSize">,
  options: { columns?: ColumnsDeclaration | undefined; params?: ListingParams | undefined } = {},
): ResourceDefinition {
  const size = list.pageSize;
  return {
    firstRequest(params) {
      const first =
        typeof list.request === "function" ? list.request(options.columns ?? {}) : list.request;
      const sized = size
        ? withSearchParams(first, { [size.param]: pageSize(params, size.max) })
        : first;
      return options.params ? options.params(sized, params) : sized;
    },
    pagination: list.pagination,
    ...(list.parse ? { parse: list.parse } : {}),
  };
}

/**
 * What `paginate()` lists besides the declared resources: each table by its name, from its
 * listing (child tables left out: their listing needs a parent's key).
 */
export function tableResources(tables: TableMap | undefined): Record<string, ResourceDefinition> {
  return Object.fromEntries(
    Object.entries(tables ?? {})
      .filter(([, table]) => !table.parent)
      .map(([name, table]) => [name, listingResource(table.list, { columns: table.columns })]),
  );
}

/** What a connector gives the generic {@link Connection}. */
export interface ConnectionParts {
  provider: string;
  authScheme: string;
  api: ApiClient;
  whoAmI(api: ApiClient): Promise<Identity>;
  resources: Readonly<Record<string, ResourceDefinition>>;
  /** The provider's tables by name. */
  tables?: Readonly<Record<string, TableDeclaration>> | undefined;
  /** Tables found at run time (custom modules), beside the declared ones. */
  customTables?: CustomTables | undefined;
  /** Safe facts to show in `inspect` (region, subdomain); never secrets. */
  summary?: Record<string, string | undefined> | undefined;
  close?(): Promise<void>;
}

/**
 * An authenticated connection to one provider account. Prints without secrets: `String(conn)`,
 * `util.inspect(conn)` and `JSON.stringify(conn)` show the provider, the scheme and safe facts only.
 */
/**
 * Tables the provider's metadata adds at run time (Zoho CRM's custom modules): their names for
 * the catalog, and a declaration for a name (checked against the provider on first use).
 */
export interface CustomTables {
  /** The names of the custom tables (the connection caches them for ten minutes). */
  names(api: ApiClient, signal?: AbortSignal): Promise<string[]>;
  /** The declaration of a custom table by name; `undefined` for a name that cannot be one. */
  declare(name: string): TableDeclaration | undefined;
}

const CUSTOM_TABLES_TTL_MS = 10 * 60_000;

/** Tables by name, as a connector declares them. */
export type TableMap = Readonly<Record<string, TableDeclaration>>;

/** The columns of a declared table. */
export type ColumnsOf<D> = D extends TableDeclaration<infer C, string> ? C : ColumnsDeclaration;

export class Connection<Tables extends TableMap = TableMap> {
  readonly #parts: ConnectionParts;
  readonly #tables = new Map<string, Table>();
  #custom: { at: number; names: Promise<string[]> } | undefined;

  constructor(parts: ConnectionParts) {
    this.#parts = parts;
  }

  get provider(): string {
    return this.#parts.provider;
  }

  get authScheme(): string {
    return this.#parts.authScheme;
  }

  /** Names of the resources `paginate()` accepts: the declared ones, then the tables. */
  get resources(): string[] {
    return Object.keys(this.#parts.resources);
  }

  /** Calls the provider's who-am-I endpoint and returns who is connected. */
  test(): Promise<Identity> {
    return this.#parts.whoAmI(this.#parts.api);
  }

  /**
   * The provider's rate-limit state from the last answer (remaining requests, limit, reset time);
   * `undefined` before any answer, or when the last one had no rate-limit headers.
   */
  get rateLimit(): RateLimitState | undefined {
    return this.#parts.api.rateLimit?.();
  }

  /**
   * Sends one request with the connection's credentials, host guard and retries. `path` is
   * relative to the provider's API base (see the provider's README); the answer is a 2xx or 304
   * `Response`, anything else a typed error. `signal`, `retry` (a mode, or this call's own limit,
   * backoff and longest `Retry-After` over the connection's), `retryLimit`, `timeoutMs` and
   * `deadlineMs` apply to this call.
   */
  request(request: ApiRequest): Promise<Response> {
    return this.#parts.api.send(request);
  }

  /**
   * Sends a GET and parses the JSON answer (`null` for 204/304). `options` apply to this call, as
   * with {@link Connection.request}: e.g. `{ retry: { limit: 0 } }` turns retries off for it.
   */
  async getJson<T = unknown>(
    path: string,
    searchParams?: ApiRequest["searchParams"],
    options: Pick<
      ApiRequest,
      "signal" | "retry" | "retryLimit" | "timeoutMs" | "deadlineMs" | "headers"
    > = {},
  ): Promise<T> {
    const response = await this.#parts.api.send({ ...options, path, searchParams });
    return (await parseJsonBody(response)) as T;
  }

  /**
   * Streams every record of a resource across pages, one page in memory at a time: a resource
   * the connector declares, or else a table by name, read through its listing (records as the
   * provider sends them, in the table's paging).
   * @throws ConnectorError `CONNECTOR_UNKNOWN_RESOURCE` for a resource the connector does not know.
   */
  paginate<T = Record<string, unknown>>(
    resource: string,
    params: PaginateParams = {},
  ): Paginated<T> {
    const definition = this.#resource(resource);
    const api = this.#parts.api;
    return {
      [Symbol.asyncIterator]: () =>
        walk(definition, params, api)[Symbol.asyncIterator]() as AsyncIterator<T>,
      pages: () => walkPages(definition, params, api) as AsyncIterableIterator<T[]>,
    };
  }

  /**
   * The catalog: every table with its columns (declared and discovered from the provider's
   * metadata), capabilities and the filters and orders the provider applies itself.
   */
  async tables(options: { signal?: AbortSignal } = {}): Promise<TableDescription[]> {
    const names = Object.keys(this.#parts.tables ?? {});
    for (const name of await this.#customNames(options.signal)) {
      if (!names.some((n) => n.toLowerCase() === name.toLowerCase())) names.push(name);
    }
    const out: TableDescription[] = [];
    for (const name of names) out.push(await this.#table(name).describe(options.signal));
    return out;
  }

  /**
   * One table: `list`, `get`, `insert`, `update`, `delete`, `explain`. Names match exactly, or
   * else ignoring case.
   * @throws ConnectorError `CONNECTOR_UNKNOWN_TABLE`, with the nearest name.
   */
  table<N extends keyof Tables & string>(name: N): Table<ColumnsOf<Tables[N]>>;
  table(name: string): Table;
  table(name: string): unknown {
    return this.#table(name);
  }

  /** Names of the custom tables, cached for ten minutes (a failed look-up is not kept). */
  async #customNames(signal?: AbortSignal): Promise<string[]> {
    const custom = this.#parts.customTables;
    if (!custom) return [];
    if (!this.#custom || Date.now() - this.#custom.at > CUSTOM_TABLES_TTL_MS) {
      const names = custom.names(this.#parts.api, signal);
      this.#custom = { at: Date.now(), names };
      names.catch(() => {
        this.#custom = undefined;
      });
    }
    return this.#custom.names;
  }

  #table(name: string): Table {
    const tables = this.#parts.tables ?? {};
    const found = Object.hasOwn(tables, name)
      ? name
      : Object.keys(tables).find((k) => k.toLowerCase() === name.toLowerCase());
    const custom = found === undefined ? this.#parts.customTables?.declare(name) : undefined;
    if (custom) {
      let table = this.#tables.get(custom.name);
      if (!table) {
        table = new Table(custom, this.#parts.api);
        this.#tables.set(custom.name, table);
      }
      return table;
    }
    if (found === undefined) {
      const names = Object.keys(tables);
      throw new ConnectorError(
        ConnectorErrorCode.UnknownTable,
        `${this.provider} has no table "${name}".`,
        {
          hint: names.length
            ? suggestionHint(name, names, "tables")
            : `${this.provider} declares no tables yet; use paginate() with: ${this.resources.join(", ")}.`,
        },
      );
    }
    let table = this.#tables.get(found);
    if (!table) {
      table = new Table(tables[found] as TableDeclaration, this.#parts.api);
      this.#tables.set(found, table);
    }
    return table;
  }

  /** Releases what the connection holds (store connections). */
  async close(): Promise<void> {
    await this.#parts.close?.();
  }

  #resource(name: string): ResourceDefinition {
    const found =
      this.#parts.resources[name] ??
      Object.entries(this.#parts.resources).find(
        ([k]) => k.toLowerCase() === name.toLowerCase(),
      )?.[1];
    if (!found) {
      throw new ConnectorError(
        ConnectorErrorCode.UnknownResource,
        `${this.provider} has no resource "${name}".`,
        { hint: `Use one of: ${this.resources.join(", ")}.` },
      );
    }
    return found;
  }

  toString(): string {
    return `Connection(${this.describe()})`;
  }

  toJSON(): Record<string, unknown> {
    return { provider: this.provider, authScheme: this.authScheme, ...this.#parts.summary };
  }

  [inspect.custom](): string {
    return this.toString();
  }

  private describe(): string {
    const facts = Object.entries(this.#parts.summary ?? {})
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}=${v}`);
    return [this.provider, this.authScheme, ...facts].join(", ");
  }
}

function walk(
  definition: ResourceDefinition,
  params: PaginateParams,
  api: ApiClient,
): AsyncIterable<unknown> {
  const keep = definition.keep;
  if (definition.stream) {
    const source = definition.stream(params, api);
    // Without a filter the stream is handed out as it is: a generator layer costs per record.
    return keep ? filtered(source, keep, params) : source;
  }
  // One iterator from pages to records: the filter runs inside it, not in a generator on top.
  return paginate(api, () => definition.firstRequest(params, api), definition.pagination, {
    parse: definition.parse,
    signal: params.signal,
    maxPages: params.maxPages,
    keep: keep && ((record) => keep(record, params)),
  });
}

/** {@link walk} a page at a time. */
function walkPages(
  definition: ResourceDefinition,
  params: PaginateParams,
  api: ApiClient,
): AsyncIterableIterator<unknown[]> {
  const keep = definition.keep;
  if (!definition.stream) return (walk(definition, params, api) as PagedIterator<unknown>).pages();
  const source = definition.stream(params, api);
  if (isPaged(source)) {
    return keep ? keptPages(source.pages(), (r) => keep(r, params)) : source.pages();
  }
  return inBatches(
    keep ? filtered(source, keep, params) : source,
    Math.max(1, params.pageSize ?? 100),
  );
}

const isPaged = (source: AsyncIterable<unknown>): source is PagedIterator<unknown> =>
  typeof (source as Partial<PagedIterator<unknown>>).pages === "function";

async function* keptPages(
  pages: AsyncIterable<unknown[]>,
  keep: (record: unknown) => boolean,
): AsyncGenerator<unknown[]> {
  for await (const page of pages) {
    const kept = page.filter(keep);
    if (kept.length > 0) yield kept;
  }
}

async function* inBatches(source: AsyncIterable<unknown>, size: number): AsyncGenerator<unknown[]> {
  let batch: unknown[] = [];
  for await (const record of source) {
    batch.push(record);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

async function* filtered(
  source: AsyncIterable<unknown>,
  keep: NonNullable<ResourceDefinition["keep"]>,
  params: PaginateParams,
): AsyncGenerator<unknown> {
  for await (const record of source) {
    if (keep(record, params)) yield record;
  }
}
