import type { ApiClient, ApiRequest } from "../http.js";
import type { BodyParser, PaginationSpec } from "../paginate.js";
import type { ColumnDeclaration, ColumnsDeclaration } from "./columns.js";
import type { FilterNode, Operator } from "./filter.js";

/**
 * How a pushed-down condition reaches the provider: the name of a query parameter (the value as
 * text; `in` lists joined with commas), or a function that returns the request with the
 * condition applied (a path segment, a criteria expression, a header).
 */
export type PushdownMapping =
  | string
  | ((value: unknown, request: ApiRequest) => ApiRequest)
  | {
      apply: string | ((value: unknown, request: ApiRequest) => ApiRequest);
      /**
       * The provider keeps every matching row but may keep more (Zoho's search `equals` ignores
       * case): the condition narrows the listing and is checked again locally.
       */
      superset: true;
    };

/**
 * A query language the provider evaluates (Zoho CRM's COQL), for filters the per-condition
 * `filters` cannot send: `or`, `not`, `ne`, `in`, null tests, comparisons. The table tries it
 * when `filters` would leave conditions to local evaluation, and uses it when it sends more of
 * the filter.
 */
export interface TableQuery {
  /** Operators the language applies on a column (the catalog's `pushdown`). */
  operators(column: string, declaration: ColumnDeclaration): readonly Operator[];
  /**
   * The listing of the rows matching `filter`, or `undefined` when the language can say none of
   * it. `base` is the unfiltered listing's first request; `limit`, when given, is how many rows
   * the caller wants (when nothing stays local, a page need not be larger).
   */
  plan(
    filter: FilterNode,
    columns: ColumnsDeclaration,
    base: ApiRequest,
    limit: number | undefined,
  ): QueryListing | undefined;
}

/** A listing made by a {@link TableQuery}: its first request, its paging and what stays local. */
export interface QueryListing {
  request: ApiRequest;
  /** Pages of this listing (they carry on past any provider cap themselves, or throw typed). */
  pagination: PaginationSpec<unknown>;
  /** The parts of the filter sent, as `explain()` shows them. */
  sent: FilterNode[];
  /**
   * Completes this listing's records (in place of `list.complete`, whose requests it may not
   * understand): fields the query could not select, read otherwise.
   */
  complete?: ((records: unknown[], context: CompleteContext) => Promise<unknown[]>) | undefined;
  /**
   * What is evaluated locally on the rows that come back: `MATCH_ALL` when the provider applies
   * the filter exactly, the filter (or part of it) where it applies a superset.
   */
  local: FilterNode;
}

/**
 * A record the provider refused inside an answer that succeeded as a whole (Zoho answers 200/202
 * with an error per record): its own code and message; `missing` when the error says there is no
 * such record.
 */
export interface RecordFailure {
  ok: false;
  code?: string | undefined;
  message: string;
  missing?: boolean | undefined;
}

/**
 * What the provider answered for one record of an insert or upsert: the key of the row, and for
 * an upsert whether it was inserted or updated (when the provider says).
 */
export type BatchRecordResult =
  | { ok: true; key: unknown; action?: "insert" | "update" | undefined }
  | RecordFailure;

/** The outcome of one update or delete, read out of a successful answer. */
export type WriteResult = { ok: true } | RecordFailure;

/**
 * A batch endpoint of a write: up to `max` items in one call, answered with one result per item,
 * in the order sent. The call is sent once; its results are read per item.
 */
export interface BatchWrite<Item, Result> {
  max: number;
  request(items: Item[]): ApiRequest;
  results(body: unknown, count: number): Result[];
  /**
   * The batch runs as a job on the provider (Zendesk's `job_statuses`): follows it to its end
   * and resolves with the answer `results` reads. Its requests are reads, retried as reads.
   */
  settle?: ((body: unknown, api: ApiClient, signal?: AbortSignal) => Promise<unknown>) | undefined;
  /**
   * The provider answers the batch as a whole and a refusal (a 4xx answer) writes none of it
   * (Zoho Inventory's bulk deletes): the items of a refused batch are then sent one at a time,
   * each for its own result. Supported by `deleteMany`.
   */
  whole?: boolean | undefined;
}

/** What `list.complete` gets besides the records: the page's request and the columns. */
export interface CompleteContext {
  api: ApiClient;
  /** The request that read the page. */
  request: ApiRequest;
  /** Declared and discovered columns. */
  columns: ColumnsDeclaration;
  /**
   * The columns the listing needs (selected, filtered, sorted locally, the key); `undefined`
   * when every column is selected. Others need not be read.
   */
  needed?: readonly string[] | undefined;
  signal?: AbortSignal | undefined;
}

/** One row of a batch update: the key of the row and the columns to change. */
export interface KeyedChanges {
  key: unknown;
  changes: Record<string, unknown>;
}

/**
 * A table of a provider, as data: its columns, how to list it, which filters and sort orders the
 * provider applies itself (only those whose meaning equals the filter language's), and how to
 * write it. Rows are typed from `columns`.
 */
export interface TableDeclaration<
  Cols extends ColumnsDeclaration = ColumnsDeclaration,
  Key extends string = string,
> {
  name: string;
  description?: string | undefined;
  /** The column that identifies a row (one of `columns`). */
  key: Key;
  columns: Cols;
  list: {
    /**
     * The first request of an unfiltered listing; or made from the columns (declared and
     * discovered), where the provider wants the fields named (Zoho CRM's `fields`).
     */
    request: ApiRequest | ((columns: ColumnsDeclaration) => ApiRequest);
    pagination: PaginationSpec<unknown>;
    parse?: BodyParser | undefined;
    /**
     * Maps a record as the provider sends it to a row (default: as it is). `columns` are the
     * declared and discovered ones: a discovered column's `source` names its field in the record.
     */
    row?: ((record: unknown, columns: ColumnsDeclaration) => Record<string, unknown>) | undefined;
    /**
     * Completes a page's records with further requests before they become rows, where one
     * request cannot carry every column (Zoho CRM names at most 50 fields per listing: the
     * others are read by id). Resolves with the records, completed.
     */
    complete?: ((records: unknown[], context: CompleteContext) => Promise<unknown[]>) | undefined;
    /** The page-size parameter and its maximum; lowered to the limit when nothing is local. */
    pageSize?: { param: string; max: number } | undefined;
    /**
     * The provider stops a filtered listing after this many records (Zoho CRM search: 2,000).
     * Past it, the table continues from the unfiltered listing, filtered locally, without
     * repeating rows; never a silent truncation.
     */
    filteredCap?: number | undefined;
    /**
     * Where a later listing continues once this one has reached the end (an export stream whose
     * last page still names a cursor, as Zendesk's incremental exports do): the listing's
     * `cursor` then stays defined, and resuming from it reads only what changed since.
     */
    continueAt?: ((body: unknown, request: ApiRequest) => ApiRequest | undefined) | undefined;
  };
  /** Conditions the provider applies with the same meaning as the filter language. */
  filters?: { readonly [column: string]: Partial<Record<Operator, PushdownMapping>> } | undefined;
  /**
   * Sort orders the provider applies with the same meaning (nulls last, same comparison):
   * `asc`/`desc` mappings per column.
   */
  orderBy?:
    | {
        readonly [column: string]: Partial<
          Record<"asc" | "desc", (request: ApiRequest) => ApiRequest>
        >;
      }
    | undefined;
  /** A query language for filters `filters` cannot send (see {@link TableQuery}). */
  query?: TableQuery | undefined;
  /** A child table: listing it needs `where: { [column]: parentKey }`. */
  parent?: { table: string; column: string } | undefined;
  /** The column of the provider's "modified since" filter (its `gte` is pushed down). */
  incremental?: string | undefined;
  get?: {
    request(key: unknown): ApiRequest;
    /** The record in the answer (default: the body); `key` for answers that hold several. */
    record?(body: unknown, key: unknown): unknown;
  };
  insert?: {
    /** `columns`: declared and discovered, to send discovered ones under their `source` name. */
    request(row: Record<string, unknown>, columns: ColumnsDeclaration): ApiRequest;
    /** The key of the new record in the answer (`row`: what was sent, for keys made of both). */
    key(body: unknown, row: Record<string, unknown>): unknown;
    /** A batch endpoint: up to `max` records in one call, with one result per record. */
    batch?: BatchWrite<Record<string, unknown>, BatchRecordResult> | undefined;
  };
  update?: {
    request(
      key: unknown,
      changes: Record<string, unknown>,
      columns: ColumnsDeclaration,
    ): ApiRequest;
    /** Reads a per-record result out of a successful answer (providers that answer 200 with errors). */
    result?(body: unknown): WriteResult;
    /** A batch endpoint for `updateMany`: each item names its row by key. */
    batch?: BatchWrite<KeyedChanges, WriteResult> | undefined;
  };
  delete?: {
    request(key: unknown): ApiRequest;
    result?(body: unknown): WriteResult;
    /** A batch endpoint for `deleteMany`: the keys of the rows. */
    batch?: BatchWrite<unknown, WriteResult> | undefined;
  };
  /**
   * Insert-or-update in one call, the provider matching existing rows on `match` columns (Zoho's
   * `duplicate_check_fields`; `undefined`: the provider's own unique columns).
   */
  upsert?: {
    request(row: Record<string, unknown>, match: readonly string[] | undefined): ApiRequest;
    /** The outcome for the record, read out of the answer. */
    result(body: unknown): BatchRecordResult;
    batch?:
      | {
          max: number;
          request(
            rows: Record<string, unknown>[],
            match: readonly string[] | undefined,
          ): ApiRequest;
          results(body: unknown, count: number): BatchRecordResult[];
        }
      | undefined;
  };
  /** A header the provider honours as an idempotency key: writes carrying it may be retried. */
  idempotencyKeyHeader?: string | undefined;
  /** Columns found at run time (custom fields), merged with the declared ones. */
  discover?: ((api: ApiClient, signal?: AbortSignal) => Promise<ColumnsDeclaration>) | undefined;
}

/**
 * Declares a table. The column declarations are kept literal, so rows, inserts and filters are
 * typed from them: `defineTable({ columns: { value: { type: "decimal" } }, … })` gives rows with
 * `value: number`.
 */
export function defineTable<
  const Cols extends ColumnsDeclaration,
  const Key extends keyof Cols & string,
>(declaration: TableDeclaration<Cols, Key>): TableDeclaration<Cols, Key> {
  return declaration;
}
