import { randomUUID } from "node:crypto";
import { ApiError, ConnectorError, ConnectorErrorCode } from "../errors.js";
import type { ApiClient, ApiRequest } from "../http.js";
import { parseJsonBody } from "../paginate.js";
import type {
  ColumnDeclaration,
  ColumnsDeclaration,
  ColumnValue,
  InsertOf,
  RowOf,
  UpdateOf,
} from "./columns.js";
import { coerceValue, describeType } from "./columns.js";
import { decodeCursor, encodeCursor, fingerprint, type ListPosition } from "./cursor.js";
import type {
  BatchRecordResult,
  RecordFailure,
  TableDeclaration,
  WriteResult,
} from "./declaration.js";
import { matches, type Operator, operatorsFor, type Where } from "./filter.js";
import { Listing, type ListingState } from "./listing.js";
import {
  type Explanation,
  explainPlan,
  type ListPlan,
  neededColumns,
  type OrderTerm,
  planList,
} from "./plan.js";
import { suggestionHint } from "./suggest.js";
import { validateRecord } from "./validate.js";

/** Columns found at run time (custom fields): present on rows, accepted in writes, typed loosely. */
export type CustomColumns = { readonly [column: string]: unknown };

/** A row of a table: its declared columns, plus discovered ones. */
export type TableRow<Cols extends ColumnsDeclaration> = RowOf<Cols> & CustomColumns;

/** Options of `list()`. Unknown options are refused, never ignored. */
export interface ListOptions<Cols extends ColumnsDeclaration = ColumnsDeclaration> {
  where?: (Where<RowOf<Cols>> & CustomColumns) | undefined;
  /** Columns to keep in each row (default: all). */
  select?: readonly ((keyof Cols & string) | (string & {}))[] | undefined;
  /** Sort terms: `"value"` ascending, `"-value"` descending; nulls sort last either way. */
  orderBy?:
    | (keyof Cols & string)
    | `-${keyof Cols & string}`
    | readonly ((keyof Cols & string) | `-${keyof Cols & string}` | (string & {}))[]
    | undefined;
  /** At most this many rows. */
  limit?: number | undefined;
  /** Resume after the last row a previous listing of the same query handed out (`listing.cursor`). */
  cursor?: string | undefined;
  signal?: AbortSignal | undefined;
  /**
   * `false` applies every filter and order locally (only a child table's parent key is sent):
   * for checking that the provider's answer equals the local one, and for measuring it.
   */
  pushdown?: boolean | undefined;
}

const LIST_OPTIONS = ["where", "select", "orderBy", "limit", "cursor", "signal", "pushdown"];

/** Options of a write. */
export interface WriteOptions {
  signal?: AbortSignal | undefined;
}

/** One record's outcome in `insertMany`. `sent: false` means it provably did not reach the provider. */
export type InsertManyResult<K> =
  | { index: number; ok: true; key: K }
  | { index: number; ok: false; sent: boolean; error: ConnectorError };

/** One record's outcome in `upsertMany`: the key, and whether the provider inserted or updated. */
export type UpsertManyResult =
  | { index: number; ok: true; key: unknown; action: "insert" | "update" | undefined }
  | { index: number; ok: false; sent: boolean; error: ConnectorError };

/**
 * One row's outcome in `updateMany` / `deleteMany`, with the key it was given. `sent: false`
 * means it provably did not reach the provider (invalid, or stopped after an unknown outcome).
 */
export type WriteManyResult =
  | { index: number; key: unknown; ok: true }
  | { index: number; key: unknown; ok: false; sent: boolean; error: ConnectorError };

/** Options of `upsert()` / `upsertMany()`. */
export interface UpsertOptions<Cols extends ColumnsDeclaration = ColumnsDeclaration>
  extends WriteOptions {
  /** Columns whose values find the existing row (default: the provider's unique columns). */
  match?: readonly ((keyof Cols & string) | (string & {}))[] | undefined;
}

type ManyResult =
  | { index: number; ok: true; key?: unknown; action?: "insert" | "update" | undefined }
  | { index: number; ok: false; sent: boolean; error: ConnectorError };

/** Adds each row's key (as given, or as coerced when valid) to its result. */
function withKeys(
  results: ManyResult[],
  inputs: readonly unknown[],
  items: { valid: { index: number; value: unknown }[] },
): WriteManyResult[] {
  const coerced = new Map(
    items.valid.map(({ index, value }) => [
      index,
      value !== null && typeof value === "object" && "key" in value ? value.key : value,
    ]),
  );
  return results.map((r) => {
    const input = inputs[r.index];
    const given = input !== null && typeof input === "object" && "key" in input ? input.key : input;
    const key = coerced.has(r.index) ? coerced.get(r.index) : given;
    return r.ok ? { index: r.index, key, ok: true } : { ...r, key };
  });
}

/** A column as the catalog shows it. */
export interface ColumnDescription extends ColumnDeclaration {
  name: string;
  /** Declared in the connector, or discovered from the provider's metadata at run time. */
  origin: "declared" | "discovered";
  /** Operators the provider applies itself on this column; the others run locally. */
  pushdown: Operator[];
  /** Operators the filter language accepts on this column. */
  operators: readonly Operator[];
  /** Sort directions the provider applies itself. */
  sortable: ("asc" | "desc")[];
}

/** A table as the catalog shows it. */
export interface TableDescription {
  name: string;
  description: string | undefined;
  key: string;
  columns: ColumnDescription[];
  capabilities: {
    list: true;
    get: boolean;
    insert: boolean;
    update: boolean;
    delete: boolean;
    /** Records per batch insert call, when the provider has a batch endpoint. */
    batchInsert: number | null;
    /** Rows per batch update call (`updateMany`), when the provider has a batch endpoint. */
    batchUpdate: number | null;
    /** Keys per batch delete call (`deleteMany`), when the provider has a batch endpoint. */
    batchDelete: number | null;
    /** Insert-or-update in one call; the records per call when batched. */
    upsert: boolean;
    batchUpsert: number | null;
    /** Writes carry an idempotency key (and may then be retried safely). */
    idempotencyKey: boolean;
  };
  /** A child table: the parent and the column holding its key. */
  parent: { table: string; column: string } | null;
  /** The column of the provider's "modified since" filter. */
  incremental: string | null;
  /** The provider's cap on filtered listings (handled: past it, rows are filtered locally). */
  filteredCap: number | null;
}

const DISCOVERY_TTL_MS = 10 * 60_000;

/**
 * A table of a connection: typed rows, one filter language with the same meaning wherever it
 * runs, writes validated before sending and sent at most once.
 */
export class Table<Cols extends ColumnsDeclaration = ColumnsDeclaration> {
  readonly #table: TableDeclaration<Cols, string>;
  readonly #api: ApiClient;
  #discovered: { at: number; columns: Promise<ColumnsDeclaration> } | undefined;

  constructor(declaration: TableDeclaration<Cols, string>, api: ApiClient) {
    this.#table = declaration;
    this.#api = api;
  }

  // The declaration with its columns widened (a key typed by its columns makes Cols invariant).
  get #plain(): TableDeclaration {
    return this.#table as unknown as TableDeclaration;
  }

  get name(): string {
    return this.#table.name;
  }

  /** The declaration this table runs from. */
  get declaration(): TableDeclaration<Cols> {
    return this.#table;
  }

  /** Declared columns, plus those the provider's metadata adds (cached for ten minutes). */
  async columns(signal?: AbortSignal): Promise<ColumnsDeclaration> {
    const discover = this.#table.discover;
    if (!discover) return this.#table.columns;
    if (!this.#discovered || Date.now() - this.#discovered.at > DISCOVERY_TTL_MS) {
      const columns = discover(this.#api, signal);
      this.#discovered = { at: Date.now(), columns };
      columns.catch(() => {
        this.#discovered = undefined;
      });
    }
    const found = await this.#discovered.columns;
    // Declared columns first (and winning a name clash), so they lead the catalog and suggestions.
    const merged: Record<string, ColumnDeclaration> = { ...this.#table.columns };
    for (const [name, column] of Object.entries(found)) {
      if (!Object.hasOwn(merged, name)) merged[name] = column;
    }
    return merged;
  }

  /** The catalog entry: columns (declared and discovered), capabilities, pushdown support. */
  async describe(signal?: AbortSignal): Promise<TableDescription> {
    return describeTable(this.#plain, await this.columns(signal));
  }

  /**
   * Rows matching `where`, streamed one page in memory at a time (unless the order is applied
   * locally: then every matching row is read first, or only the top `limit`).
   */
  list(options: ListOptions<Cols> = {}): Listing<TableRow<Cols>> {
    checkOptions(this.#table.name, options, LIST_OPTIONS, "list()");
    let prepared:
      | Promise<{ plan: ListPlan; columns: ColumnsDeclaration; query: string }>
      | undefined;
    const prepare = () => {
      prepared ??= this.columns(options.signal).then((columns) => {
        const plan = planList(this.#plain, columns, options);
        const query = fingerprint([
          plan.filter,
          plan.pushedOrder,
          plan.localOrder,
          plan.select,
          options.pushdown,
        ]);
        return { plan, columns, query };
      });
      return prepared;
    };
    return new Listing(async (state) => {
      const { plan, columns, query } = await prepare();
      state.encode = (position) => encodeCursor(this.#table.name, query, position);
      return this.#rows(plan, columns, query, options, state);
    }) as Listing<TableRow<Cols>>;
  }

  /** What `list(options)` would send to the provider and what it would evaluate locally. */
  async explain(options: Omit<ListOptions<Cols>, "cursor" | "signal"> = {}): Promise<Explanation> {
    checkOptions(this.#table.name, options, LIST_OPTIONS, "explain()");
    return explainPlan(this.#plain, planList(this.#plain, await this.columns(), options));
  }

  /** One row by key, or `undefined` when the provider has none. */
  async get(
    key: ColumnValue<Cols[keyof Cols & string]> | string | number,
    options: WriteOptions = {},
  ): Promise<TableRow<Cols> | undefined> {
    const value = this.#key(key);
    const get = this.#table.get;
    if (!get) {
      const parent = this.#table.parent;
      if (parent && parent.column !== this.#table.key) {
        throw new ConnectorError(
          ConnectorErrorCode.InvalidOption,
          `${this.#table.name} has no read by key alone: its rows are listed per ${parent.table} row.`,
          {
            hint: `List it with where: { ${parent.column}: <${parent.table} key>, ${this.#table.key}: ${JSON.stringify(value)} }.`,
          },
        );
      }
      const where = { [this.#table.key]: value } as ListOptions<Cols>["where"];
      const [row] = await this.list({ where, limit: 1, signal: options.signal }).toArray();
      return row;
    }
    let response: Response;
    try {
      response = await this.#api.send({ ...get.request(value), signal: options.signal });
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return undefined;
      throw error;
    }
    const body = await (this.#table.list.parse ?? parseJsonBody)(response);
    const record = get.record ? get.record(body, value) : body;
    if (record === undefined || record === null) return undefined;
    // Rows may carry discovered columns (custom fields): discover before mapping.
    return this.#toRow(record, await this.columns(options.signal)) as TableRow<Cols>;
  }

  /** Inserts one row; resolves with the new key. Sent once: never retried unless provably unsent. */
  async insert(
    row: InsertOf<Cols> & CustomColumns,
    options: WriteOptions = {},
  ): Promise<{ key: unknown }> {
    const insert = this.#writable("insert");
    const columns = await this.columns(options.signal);
    const values = validateRecord(this.#table.name, columns, row, "insert");
    const body = await this.#write(insert.request(values, columns), options.signal, "insert");
    return { key: insert.key(body, values) };
  }

  /**
   * Inserts many rows, through the provider's batch endpoint when it has one (one call per
   * `max` rows), with one result per row. Invalid rows fail before anything is sent.
   */
  async insertMany(
    rows: readonly (InsertOf<Cols> & CustomColumns)[],
    options: WriteOptions = {},
  ): Promise<InsertManyResult<unknown>[]> {
    const insert = this.#writable("insert");
    const columns = await this.columns(options.signal);
    const items = this.#prepare(rows, (row, index) =>
      validateRecord(this.#table.name, columns, row, "insert", `row ${index}`),
    );
    const batch = insert.batch;
    return this.#many(items, "insert", options.signal, {
      max: batch?.max ?? 1,
      send: async (chunk) => {
        if (!batch) {
          const body = await this.#write(
            insert.request(chunk[0], columns),
            options.signal,
            "insert",
          );
          return [{ ok: true, key: insert.key(body, chunk[0]) }];
        }
        const body = await this.#write(batch.request(chunk), options.signal, "insert");
        return batch.results(await this.#settle(batch, body, options.signal), chunk.length);
      },
    }) as Promise<InsertManyResult<unknown>[]>;
  }

  /**
   * Inserts a row, or updates the row the provider finds with the same `match` column values
   * (default: the provider's own unique columns). Resolves with the key and what happened.
   */
  async upsert(
    row: InsertOf<Cols> & CustomColumns,
    options: UpsertOptions<Cols> = {},
  ): Promise<{ key: unknown; action: "insert" | "update" | undefined }> {
    const [result] = await this.upsertMany([row], options);
    if (!result?.ok) throw result?.error;
    return { key: result.key, action: result.action };
  }

  /**
   * Upserts many rows, through the provider's batch endpoint when it has one, with one result
   * per row. Invalid rows fail before anything is sent; a single row's refusal is its own result.
   */
  async upsertMany(
    rows: readonly (InsertOf<Cols> & CustomColumns)[],
    options: UpsertOptions<Cols> = {},
  ): Promise<UpsertManyResult[]> {
    const upsert = this.#writable("upsert");
    const columns = await this.columns(options.signal);
    const match = options.match === undefined ? undefined : [...options.match];
    for (const column of match ?? []) {
      if (!Object.hasOwn(columns, column)) {
        throw new ConnectorError(
          ConnectorErrorCode.UnknownColumn,
          `${this.#table.name} has no column "${column}" to match upserted rows on (option match).`,
          { hint: suggestionHint(column, Object.keys(columns), "columns") },
        );
      }
    }
    const items = this.#prepare(rows, (row, index) =>
      validateRecord(this.#table.name, columns, row, "insert", `row ${index}`),
    );
    const batch = upsert.batch;
    return this.#many(items, "upsert", options.signal, {
      max: batch?.max ?? 1,
      send: async (chunk) => {
        if (!batch) {
          const body = await this.#write(upsert.request(chunk[0], match), options.signal, "upsert");
          return [upsert.result(body)];
        }
        const body = await this.#write(batch.request(chunk, match), options.signal, "upsert");
        return batch.results(body, chunk.length);
      },
    }) as Promise<UpsertManyResult[]>;
  }

  /**
   * Changes many rows, through the provider's batch endpoint when it has one (one call per `max`
   * rows), with one result per row in the order given. Invalid changes fail before sending.
   */
  async updateMany(
    rows: readonly {
      key: ColumnValue<Cols[keyof Cols & string]> | string | number;
      changes: UpdateOf<Cols> & CustomColumns;
    }[],
    options: WriteOptions = {},
  ): Promise<WriteManyResult[]> {
    const update = this.#writable("update");
    const columns = await this.columns(options.signal);
    const items = this.#prepare(rows, (row, index) => ({
      key: this.#key(row.key),
      changes: validateRecord(this.#table.name, columns, row.changes, "update", `row ${index}`),
    }));
    const batch = update.batch;
    const results = await this.#many(items, "update", options.signal, {
      max: batch?.max ?? 1,
      send: async (chunk) => {
        if (!batch) {
          const { key, changes } = chunk[0];
          const body = await this.#write(
            update.request(key, changes, columns),
            options.signal,
            "update",
            key,
          );
          return [update.result?.(body) ?? { ok: true }];
        }
        const body = await this.#write(batch.request(chunk), options.signal, "update");
        return batch.results(await this.#settle(batch, body, options.signal), chunk.length);
      },
      keyOf: (item) => item.key,
    });
    return withKeys(results, rows, items);
  }

  /**
   * Deletes many rows, through the provider's batch endpoint when it has one, with one result
   * per key in the order given; a key with no row is a `CONNECTOR_NOT_FOUND` result.
   */
  async deleteMany(
    keys: readonly (ColumnValue<Cols[keyof Cols & string]> | string | number)[],
    options: WriteOptions = {},
  ): Promise<WriteManyResult[]> {
    const del = this.#writable("delete");
    const items = this.#prepare(keys, (key) => this.#key(key));
    const batch = del.batch;
    const one = async (key: unknown) => {
      const body = await this.#write(del.request(key), options.signal, "delete", key);
      return [del.result?.(body) ?? { ok: true }];
    };
    const results = await this.#many(items, "delete", options.signal, {
      max: batch?.max ?? 1,
      send: async (chunk) => {
        if (!batch) return one(chunk[0]);
        const body = await this.#write(batch.request(chunk), options.signal, "delete");
        return batch.results(await this.#settle(batch, body, options.signal), chunk.length);
      },
      keyOf: (key) => key,
      ...(batch?.whole ? { single: one } : {}),
    });
    return withKeys(results, keys, items);
  }

  /** Validates each input: the valid ones to send, the others as unsent failures. */
  #prepare<I, V>(
    inputs: readonly I[],
    check: (input: I, index: number) => V,
  ): { valid: { index: number; value: V }[]; failed: ManyResult[] } {
    if (!Array.isArray(inputs)) {
      throw new ConnectorError(
        ConnectorErrorCode.InvalidOption,
        `${this.#table.name}: a batch write takes an array, not ${typeof inputs}.`,
        { hint: "Pass an array of rows (or keys for deleteMany)." },
      );
    }
    const valid: { index: number; value: V }[] = [];
    const failed: ManyResult[] = [];
    inputs.forEach((input, index) => {
      try {
        valid.push({ index, value: check(input, index) });
      } catch (error) {
        failed.push({ index, ok: false, sent: false, error: error as ConnectorError });
      }
    });
    return { valid, failed };
  }

  /**
   * Sends prepared items in chunks of `max`, each chunk once, and gives one result per item. A
   * refused item is its own typed error; after an unknown outcome (or a cancel) nothing more is
   * sent, and the rest is reported unsent.
   */
  async #many<V>(
    items: { valid: { index: number; value: V }[]; failed: ManyResult[] },
    what: "insert" | "upsert" | "update" | "delete",
    signal: AbortSignal | undefined,
    plan: {
      max: number;
      send(chunk: [V, ...V[]]): Promise<(BatchRecordResult | WriteResult)[]>;
      keyOf?: (value: V) => unknown;
      /** A batch refused as a whole (a 4xx answer, none of it written) is resent one by one. */
      single?: (value: V) => Promise<(BatchRecordResult | WriteResult)[]>;
    },
  ): Promise<ManyResult[]> {
    const results = [...items.failed];
    const { valid } = items;
    let stopped: ConnectorError | undefined;
    for (let from = 0; from < valid.length; from += plan.max) {
      const chunk = valid.slice(from, from + plan.max);
      if (stopped) {
        for (const { index } of chunk)
          results.push({ index, ok: false, sent: false, error: stopped });
        continue;
      }
      try {
        const answers = await plan.send(chunk.map((c) => c.value) as [V, ...V[]]);
        chunk.forEach(({ index, value }, i) => {
          const answer = answers[i] ?? {
            ok: false,
            message: "the provider sent no result for this record",
          };
          if (answer.ok) {
            const done = answer as { key?: unknown; action?: "insert" | "update" | undefined };
            results.push({
              index,
              ok: true,
              ...("key" in done ? { key: done.key } : {}),
              ...("action" in done ? { action: done.action } : {}),
            });
          } else {
            const key = plan.keyOf?.(value);
            results.push({
              index,
              ok: false,
              sent: true,
              error: this.#failure(answer, what, key, index),
            });
          }
        });
      } catch (error) {
        if (plan.single && chunk.length > 1 && refusedAsWhole(error)) {
          const single = plan.single;
          const each = await this.#many({ valid: chunk, failed: [] }, what, signal, {
            ...plan,
            max: 1,
            send: ([value]) => single(value),
          });
          results.push(...each);
          const unknown = each.find(
            (r) => !r.ok && r.error.code === ConnectorErrorCode.WriteOutcomeUnknown,
          );
          if (unknown && !unknown.ok) stopped = this.#stopped(unknown.error, what);
          else if (signal?.aborted) stopped = this.#stopped(error as ConnectorError, what);
          continue;
        }
        const typed =
          error instanceof ConnectorError
            ? error
            : new ConnectorError(ConnectorErrorCode.Api, String(error));
        for (const { index } of chunk) results.push({ index, ok: false, sent: true, error: typed });
        if (typed.code === ConnectorErrorCode.WriteOutcomeUnknown || signal?.aborted) {
          stopped = this.#stopped(typed, what);
        }
      }
    }
    return results.sort((a, b) => a.index - b.index);
  }

  /** The error of the items not sent after `cause` stopped a batch write. */
  #stopped(cause: ConnectorError, what: string): ConnectorError {
    return new ConnectorError(
      ConnectorErrorCode.Aborted,
      `${this.#table.name}: not sent, because an earlier batch failed (${cause.code}).`,
      { hint: `Check the earlier rows with get() or list(), then ${what} the rest again.` },
    );
  }

  /** Changes some columns of one row. */
  async update(
    key: ColumnValue<Cols[keyof Cols & string]> | string | number,
    changes: UpdateOf<Cols> & CustomColumns,
    options: WriteOptions = {},
  ): Promise<void> {
    const update = this.#writable("update");
    const value = this.#key(key);
    const columns = await this.columns(options.signal);
    const values = validateRecord(this.#table.name, columns, changes, "update");
    const body = await this.#write(
      update.request(value, values, columns),
      options.signal,
      "update",
      value,
    );
    this.#check(update.result?.(body), "update", value);
  }

  /** Deletes one row. */
  async delete(
    key: ColumnValue<Cols[keyof Cols & string]> | string | number,
    options: WriteOptions = {},
  ): Promise<void> {
    const del = this.#writable("delete");
    const value = this.#key(key);
    const body = await this.#write(del.request(value), options.signal, "delete", value);
    this.#check(del.result?.(body), "delete", value);
  }

  /** A batch that runs as a job: followed to its end (reads), else the answer as it is. */
  async #settle(
    batch: {
      settle?:
        | ((body: unknown, api: ApiClient, signal?: AbortSignal) => Promise<unknown>)
        | undefined;
    },
    body: unknown,
    signal: AbortSignal | undefined,
  ): Promise<unknown> {
    return batch.settle ? batch.settle(body, this.#api, signal) : body;
  }

  /** Turns a per-record error inside a successful answer into a typed error. */
  #check(result: WriteResult | undefined, what: string, key: unknown): void {
    if (!result || result.ok) return;
    throw this.#failure(result, what, key);
  }

  /** The typed error of a record the provider refused (`missing`: no such row). */
  #failure(result: RecordFailure, what: string, key: unknown, index?: number): ConnectorError {
    const table = this.#table.name;
    const code = result.code ? ` (${result.code})` : "";
    const which =
      key !== undefined ? `${this.#table.key} ${JSON.stringify(key)}` : `row ${index ?? 0}`;
    if (result.missing && key !== undefined) {
      return new ConnectorError(
        ConnectorErrorCode.NotFound,
        `${table} has no row with ${which} (${what})${code}: ${result.message}.`,
        { hint: "Check the key; the row may have been deleted." },
      );
    }
    return new ConnectorError(
      ConnectorErrorCode.InvalidRecord,
      `${table}: ${what} of ${which} was refused${code}: ${result.message}.`,
      {
        hint:
          index === undefined
            ? "Fix the values named in the message and send the change again."
            : "Fix this row and send it again; the other rows are not affected.",
      },
    );
  }

  #writable<W extends "insert" | "update" | "delete" | "upsert">(
    what: W,
  ): NonNullable<TableDeclaration<Cols>[W]> {
    const spec = this.#table[what];
    if (!spec) {
      const can = (["insert", "update", "delete", "upsert"] as const).filter((w) => this.#table[w]);
      throw new ConnectorError(
        ConnectorErrorCode.ReadOnlyTable,
        `${this.#table.name} does not support ${what}: the provider offers no such write.`,
        {
          hint: can.length
            ? `${this.#table.name} supports: ${can.join(", ")}.`
            : `${this.#table.name} is read-only.`,
        },
      );
    }
    return spec as NonNullable<TableDeclaration<Cols>[W]>;
  }

  #key(key: unknown): unknown {
    const column = this.#table.columns[this.#table.key] as ColumnDeclaration;
    // "42" from a command line or a URL is the integer key 42.
    const candidate =
      column.type === "integer" && typeof key === "string" && /^\d+$/.test(key) ? Number(key) : key;
    const value = coerceValue(column, candidate);
    if (value === undefined || value === null) {
      throw new ConnectorError(
        ConnectorErrorCode.InvalidOption,
        `${this.#table.name}: the key ${this.#table.key} must be ${describeType(column)}, not ${JSON.stringify(key)}.`,
        { hint: `Pass the ${this.#table.key} of a row.` },
      );
    }
    return value;
  }

  /** Sends a write once; failures after sending are "outcome unknown", never retried. */
  async #write(
    request: ApiRequest,
    signal: AbortSignal | undefined,
    what: string,
    key?: unknown,
  ): Promise<unknown> {
    signal?.throwIfAborted();
    const header = this.#table.idempotencyKeyHeader;
    const sent: ApiRequest = {
      ...request,
      signal,
      retry: header ? "idempotent" : "unsent",
      ...(header ? { headers: { ...request.headers, [header]: randomUUID() } } : {}),
    };
    let response: Response;
    try {
      response = await this.#api.send(sent);
    } catch (error) {
      throw this.#writeError(error, what, key);
    }
    return (this.#table.list.parse ?? parseJsonBody)(response);
  }

  #writeError(error: unknown, what: string, key: unknown): unknown {
    const table = this.#table.name;
    if (error instanceof ApiError && error.status === 404 && key !== undefined) {
      return new ConnectorError(
        ConnectorErrorCode.NotFound,
        `${table} has no row with ${this.#table.key} ${JSON.stringify(key)} (${what}).`,
        {
          hint: "Check the key; the row may have been deleted.",
          cause: error,
        },
      );
    }
    const unknownOutcome =
      (error instanceof ApiError && error.status >= 500) ||
      (error instanceof ConnectorError &&
        (error.code === ConnectorErrorCode.Timeout ||
          error.code === ConnectorErrorCode.Network ||
          error.code === ConnectorErrorCode.Aborted));
    if (!unknownOutcome) return error;
    return new ConnectorError(
      ConnectorErrorCode.WriteOutcomeUnknown,
      `${table} ${what}: the request was sent, but no answer said whether it was applied (${(error as ConnectorError).code}).`,
      {
        hint: `It was not retried, so it cannot have been applied twice. Check with get() or list() before sending it again.`,
        cause: error,
      },
    );
  }

  #toRow(record: unknown, columns: ColumnsDeclaration): Record<string, unknown> {
    const map = this.#table.list.row;
    return map ? map(record, columns) : (record as Record<string, unknown>);
  }

  async *#rows(
    plan: ListPlan,
    columns: ColumnsDeclaration,
    query: string,
    options: ListOptions<Cols>,
    state: ListingState,
  ): AsyncGenerator<TableRow<Cols>> {
    const table = this.#table;
    const limit = plan.limit ?? Number.POSITIVE_INFINITY;
    if (limit === 0) return;
    const project = projector(plan.select);
    if (plan.localOrder.length > 0) {
      if (options.cursor !== undefined) {
        throw new ConnectorError(
          ConnectorErrorCode.InvalidCursor,
          `${table.name}: a listing sorted locally cannot resume from a cursor.`,
          {
            hint: "Sort by a column the provider sorts (see describe()), or read the listing whole.",
          },
        );
      }
      state.resumable = false;
      const top = new TopRows(plan.localOrder, columns, limit);
      for await (const row of this.#walk(plan, columns, undefined, options.signal, state))
        top.add(row);
      for (const row of top.rows()) yield project(row) as TableRow<Cols>;
      return;
    }
    let emitted = 0;
    const start =
      options.cursor !== undefined ? decodeCursor(table.name, query, options.cursor) : undefined;
    for await (const row of this.#walk(plan, columns, start, options.signal, state)) {
      yield project(row) as TableRow<Cols>;
      if (++emitted >= limit) return;
    }
  }

  /** Rows matching the plan's filter, in the provider's order, keeping `state.position` current. */
  async *#walk(
    plan: ListPlan,
    columns: ColumnsDeclaration,
    start: ListPosition | undefined,
    signal: AbortSignal | undefined,
    state: { position: ListPosition | undefined },
  ): AsyncGenerator<Record<string, unknown>> {
    const table = this.#table;
    const { cap, pagination, complete } = plan;
    const parse = table.list.parse ?? parseJsonBody;
    const position: ListPosition = start ?? {
      mode: "pushed",
      request: plan.request,
      skip: 0,
      received: 0,
      seen: [],
    };
    let seen = position.mode === "fallback" ? new Set(position.seen) : undefined;
    state.position = position;
    for (;;) {
      signal?.throwIfAborted();
      const request = position.request;
      const response = await this.#api.send(signal ? { ...request, signal } : request);
      const body = await parse(response);
      let items = body === null ? [] : pagination.items(body);
      const next = body === null ? undefined : pagination.next(body, request, items);
      if (complete && items.length > 0) {
        const needed = neededColumns(plan, table);
        items = await complete(items, { api: this.#api, request, columns, needed, signal });
      }
      const filter = position.mode === "fallback" ? plan.filter : plan.local;
      // A resumed page is read again: the rows already read are skipped by key, not counted past,
      // so rows changed, deleted or added on this page in between leave no gap (a row changed in
      // a listing by update time, Highrise's `since`, has moved to the end and is read there).
      // A row deleted on an earlier page of an offset listing still shifts one past us unread.
      const read = position.pageKeys ? new Set(position.pageKeys) : undefined;
      const pageKeys: string[] = position.pageKeys ?? [];
      position.pageKeys = pageKeys;
      for (let i = read ? 0 : position.skip; i < items.length; i++) {
        position.skip = i + 1;
        const row = this.#toRow(items[i], columns);
        const key = String(row[table.key]);
        if (read?.has(key)) continue;
        pageKeys.push(key);
        if (position.mode === "pushed") position.received += 1;
        if (seen?.has(key)) continue;
        if (!matches(filter, row, columns)) continue;
        if (cap !== undefined && position.mode === "pushed") position.seen.push(key);
        yield row;
      }
      if (cap !== undefined && position.mode === "pushed" && position.received >= cap) {
        if (plan.pushedOrder.length > 0) {
          throw new ConnectorError(
            ConnectorErrorCode.ProviderCap,
            `${table.name}: the provider returns at most ${cap} records of a filtered listing, and this one is sorted by the provider; the rest cannot follow in the same order.`,
            {
              hint: "Narrow the filter, sort locally (a column the provider does not sort), or set a limit under the cap.",
            },
          );
        }
        // Past the cap, the unfiltered listing continues, filtered locally, repeating nothing.
        seen = new Set(position.seen);
        Object.assign(position, {
          mode: "fallback",
          request: plan.base,
          skip: 0,
          pageKeys: undefined,
        });
        continue;
      }
      if (!next) {
        // An export stream continues from its end: keep where a later listing picks up.
        const later =
          body === null || position.mode !== "pushed"
            ? undefined
            : table.list.continueAt?.(body, request);
        state.position = later
          ? { ...position, request: later, skip: 0, pageKeys: undefined }
          : undefined;
        return;
      }
      Object.assign(position, { request: next, skip: 0, pageKeys: undefined });
    }
  }
}

function projector(
  select: string[] | undefined,
): (row: Record<string, unknown>) => Record<string, unknown> {
  if (!select) return (row) => row;
  return (row) => {
    const out: Record<string, unknown> = {};
    for (const column of select) out[column] = row[column] ?? null;
    return out;
  };
}

/** The first `limit` rows in an order, keeping only those in memory. Nulls sort last. */
class TopRows {
  readonly #rows: Record<string, unknown>[] = [];
  readonly #compare: (a: Record<string, unknown>, b: Record<string, unknown>) => number;
  readonly #limit: number;

  constructor(order: OrderTerm[], columns: ColumnsDeclaration, limit: number) {
    this.#limit = limit;
    this.#compare = (a, b) => {
      for (const term of order) {
        const c = sortCompare(
          columns[term.column] as ColumnDeclaration,
          a[term.column],
          b[term.column],
          term.descending,
        );
        if (c !== 0) return c;
      }
      return 0;
    };
  }

  add(row: Record<string, unknown>): void {
    const rows = this.#rows;
    // Without a limit every row is kept: sorted once at the end, not kept sorted (quadratic).
    if (this.#limit === Number.POSITIVE_INFINITY) {
      rows.push(row);
      return;
    }
    if (
      rows.length >= this.#limit &&
      this.#compare(row, rows[rows.length - 1] as Record<string, unknown>) >= 0
    )
      return;
    // Binary search for the first position after equal rows: the sort is stable.
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#compare(rows[mid] as Record<string, unknown>, row) <= 0) lo = mid + 1;
      else hi = mid;
    }
    rows.splice(lo, 0, row);
    if (rows.length > this.#limit) rows.pop();
  }

  rows(): Record<string, unknown>[] {
    // Array sort is stable: equal rows keep the provider's order.
    return this.#limit === Number.POSITIVE_INFINITY ? this.#rows.sort(this.#compare) : this.#rows;
  }
}

/**
 * Sort comparison of two values of a column, as a listing sorts locally: numbers numerically,
 * date-times as instants, booleans false first, text by UTF-16 code units; nulls (and values
 * that cannot be read as the column's type) last. `@x/sql` orders by the same rule.
 */
export function sortCompare(
  column: ColumnDeclaration,
  a: unknown,
  b: unknown,
  descending: boolean,
): number {
  const va = sortValue(column, a);
  const vb = sortValue(column, b);
  if (va === undefined || vb === undefined) return va === vb ? 0 : va === undefined ? 1 : -1;
  const order = va < vb ? -1 : va > vb ? 1 : 0;
  return descending ? -order : order;
}

function sortValue(column: ColumnDeclaration, value: unknown): number | string | undefined {
  if (value === null || value === undefined) return undefined;
  switch (column.type) {
    case "integer":
    case "decimal": {
      const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
      return typeof n === "number" && !Number.isNaN(n) ? n : undefined;
    }
    case "datetime": {
      const t = typeof value === "string" ? Date.parse(value) : Number.NaN;
      return Number.isNaN(t) ? undefined : t;
    }
    case "boolean":
      return typeof value === "boolean" ? Number(value) : undefined;
    case "json":
      return JSON.stringify(value);
    default:
      return typeof value === "string" || typeof value === "number" ? String(value) : undefined;
  }
}

function checkOptions(table: string, options: object, known: string[], call: string): void {
  if (typeof options !== "object" || options === null) {
    throw new ConnectorError(
      ConnectorErrorCode.InvalidOption,
      `${table}.${call} takes an options object.`,
      {
        hint: `Options: ${known.join(", ")}.`,
      },
    );
  }
  for (const [name, value] of Object.entries(options)) {
    if (!known.includes(name) && value !== undefined) {
      throw new ConnectorError(
        ConnectorErrorCode.InvalidOption,
        `${table}.${call} has no option "${name}".`,
        {
          hint: suggestionHint(name, known, "options"),
        },
      );
    }
  }
}

/** The catalog entry of a table, from its declaration and its columns (declared and discovered). */
export function describeTable(
  table: TableDeclaration,
  columns: ColumnsDeclaration,
): TableDescription {
  return {
    name: table.name,
    description: table.description,
    key: table.key,
    columns: Object.entries(columns).map(([name, column]) => ({
      name,
      ...column,
      origin: Object.hasOwn(table.columns, name) ? "declared" : "discovered",
      pushdown: [
        ...new Set([
          ...(Object.keys(table.filters?.[name] ?? {}) as Operator[]),
          ...(table.query?.operators(name, column) ?? []),
        ]),
      ],
      operators: operatorsFor(column),
      sortable: Object.keys(table.orderBy?.[name] ?? {}) as ("asc" | "desc")[],
    })),
    capabilities: {
      list: true,
      // Without a read by key, get() lists by key: a child table needs its parent key for that.
      get: table.get !== undefined || !table.parent || table.parent.column === table.key,
      insert: table.insert !== undefined,
      update: table.update !== undefined,
      delete: table.delete !== undefined,
      batchInsert: table.insert?.batch?.max ?? null,
      batchUpdate: table.update?.batch?.max ?? null,
      batchDelete: table.delete?.batch?.max ?? null,
      upsert: table.upsert !== undefined,
      batchUpsert: table.upsert?.batch?.max ?? null,
      idempotencyKey: table.idempotencyKeyHeader !== undefined,
    },
    parent: table.parent ?? null,
    incremental: table.incremental ?? null,
    filteredCap: table.list.filteredCap ?? null,
  };
}

/** A 4xx answer other than 401, 403 and 429: the provider refused the request it was sent. */
function refusedAsWhole(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    error.status >= 400 &&
    error.status < 500 &&
    ![401, 403, 429].includes(error.status)
  );
}
