import type { TableDescription } from "@x/connector-kit";
import { openTable, type SqlConnection, type SqlTable } from "./catalog.js";
import { positionAt, SqlError, SqlErrorCode } from "./errors.js";
import { nearest, Resolver } from "./expr.js";
import { at, type Node, parseStatement, type SqlParams } from "./parse.js";
import type { Procedure } from "./procedures.js";
import { planSelect, type ResultColumn } from "./select.js";
import { type ExecuteResult, runInsert, runUpdateOrDelete } from "./write.js";

/** Options of {@link sql}. */
export interface SqlOptions {
  /** Procedures `EXEC` runs by name (for example `oauthProcedures(connector, input)`). */
  procedures?: readonly Procedure[] | undefined;
}

/** Options of one statement. */
export interface StatementOptions {
  signal?: AbortSignal | undefined;
  /** Called for every row a table's listing hands over (before joins and SQL-level filters): progress. */
  onRow?: ((table: string) => void) | undefined;
  /**
   * `false` sends no filter or order to the providers (a child table's parent key excepted):
   * everything runs locally, to compare answers or measure what pushdown saves.
   */
  pushdown?: boolean | undefined;
}

/**
 * The rows of a query: an async iterable of plain objects (each iteration runs the query
 * again), with the result's columns and `toArray()`.
 */
export class QueryResult implements AsyncIterable<Record<string, unknown>> {
  readonly #prepare: () => Promise<{
    columns: ResultColumn[];
    rows: () => AsyncGenerator<Record<string, unknown>>;
  }>;
  #prepared: ReturnType<QueryResult["prepare"]> | undefined;

  /** @internal built by `Database.query()`. */
  constructor(prepare: QueryResult["prepare"]) {
    this.#prepare = prepare;
  }

  /** @internal */
  prepare(): Promise<{
    columns: ResultColumn[];
    rows: () => AsyncGenerator<Record<string, unknown>>;
  }> {
    this.#prepared ??= this.#prepare();
    return this.#prepared;
  }

  /** The result's columns (name, type, and the table column they come from). */
  async columns(): Promise<ResultColumn[]> {
    return (await this.prepare()).columns;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Record<string, unknown>, void, undefined> {
    yield* (await this.prepare()).rows();
  }

  /** Every row, in memory. */
  async toArray(): Promise<Record<string, unknown>[]> {
    const rows: Record<string, unknown>[] = [];
    for await (const row of this) rows.push(row);
    return rows;
  }
}

/** SQL over one connection; see {@link sql}. */
export class Database {
  readonly #connection: SqlConnection;
  readonly #procedures: readonly Procedure[];

  constructor(connection: SqlConnection, options: SqlOptions = {}) {
    this.#connection = connection;
    this.#procedures = options.procedures ?? [];
  }

  /** The connection's catalog (what `sys_tables` shows). */
  tables(options: { signal?: AbortSignal } = {}): Promise<TableDescription[]> {
    return this.#connection.tables(options);
  }

  /** The procedures EXEC can run. */
  get procedures(): readonly Procedure[] {
    return this.#procedures;
  }

  /**
   * Runs a SELECT (or `EXPLAIN SELECT`, or `EXEC`) and streams its rows. Parameters are bound
   * by position (`?`, an array) or by name (`:name`, an object); they are never put in the text.
   */
  query(text: string, params?: SqlParams, options: StatementOptions = {}): QueryResult {
    return new QueryResult(async () => {
      const statement = parseStatement(text, params);
      if (statement.kind === "exec") {
        const rows = await this.#exec(statement, options);
        const names = [...new Set(rows.flatMap((r) => Object.keys(r)))];
        return {
          columns: names.map((name) => ({ name, type: "string" as const })),
          rows: async function* () {
            yield* rows;
          },
        };
      }
      if (statement.kind !== "select") {
        throw new SqlError(
          SqlErrorCode.Invalid,
          `${statement.kind.toUpperCase()} is run by execute()`,
          {
            position: positionAt(text, statement.source.shift),
            hint: "Use db.execute() for INSERT, UPDATE and DELETE.",
          },
        );
      }
      const plan = await planSelect(statement.ast, statement.source, {
        open: (name, node) => this.#open(name, node, statement.source, options.signal),
        onRow: options.onRow,
        pushdown: options.pushdown,
      });
      if (statement.explain) {
        const lines = await plan.explain();
        return {
          columns: [{ name: "plan", type: "string" as const }],
          rows: async function* () {
            for (const line of lines) yield { plan: line };
          },
        };
      }
      return { columns: plan.columns, rows: () => plan.rows(options.signal) };
    });
  }

  /** The plan of a SELECT as text: the requests each table sends, and what runs locally. */
  async explain(text: string, params?: SqlParams): Promise<string> {
    const body = text.replace(/^\s*EXPLAIN\s+/i, "");
    const rows = await this.query(`EXPLAIN ${body}`, params).toArray();
    return rows.map((r) => r.plan).join("\n");
  }

  /**
   * Runs INSERT, UPDATE, DELETE (or EXEC) through the tables' writes: validated, sent once.
   * Resolves with the rows affected and their keys.
   */
  async execute(
    text: string,
    params?: SqlParams,
    options: StatementOptions = {},
  ): Promise<ExecuteResult> {
    const statement = parseStatement(text, params);
    if (statement.kind === "exec") {
      const rows = await this.#exec(statement, options);
      return { affectedRows: rows.length, keys: [], failures: [] };
    }
    if (statement.kind === "select") {
      throw new SqlError(SqlErrorCode.Invalid, "SELECT is run by query()", {
        position: positionAt(text, statement.source.shift),
        hint: "Use db.query() for SELECT; its rows are streamed.",
      });
    }
    const target = statement.ast.table?.[0] as Node;
    const table = await this.#open(String(target?.table), target, statement.source, options.signal);
    if (statement.kind === "insert")
      return runInsert(statement.ast, statement.source, table, options.signal);
    return runUpdateOrDelete(statement.ast, statement.source, table, options.signal);
  }

  async #open(
    name: string,
    node: Node,
    source: { text: string; shift: number },
    signal?: AbortSignal,
  ): Promise<SqlTable> {
    return openTable(this.#connection, this.#procedures, name, at(source, node), signal);
  }

  async #exec(
    statement: Extract<ReturnType<typeof parseStatement>, { kind: "exec" }>,
    options: StatementOptions,
  ): Promise<Record<string, unknown>[]> {
    const procedure = this.#procedures.find(
      (p) => p.name.toLowerCase() === statement.procedure.toLowerCase(),
    );
    if (!procedure) {
      const near = nearest(
        statement.procedure,
        this.#procedures.map((p) => p.name),
      );
      throw new SqlError(SqlErrorCode.UnknownName, `No procedure "${statement.procedure}"`, {
        position: statement.at,
        hint: near
          ? `Did you mean "${near}"?`
          : this.#procedures.length
            ? `Procedures: ${this.#procedures.map((p) => p.name).join(", ")}.`
            : "This database has no procedures: pass them to sql(conn, { procedures }).",
      });
    }
    const resolver = new Resolver([], statement.source);
    const args: Record<string, unknown> = {};
    for (const arg of statement.args) {
      const declared = procedure.parameters.find(
        (p) => p.name.toLowerCase() === arg.name.toLowerCase(),
      );
      if (!declared) {
        const near = nearest(
          arg.name,
          procedure.parameters.map((p) => p.name),
        );
        throw new SqlError(
          SqlErrorCode.UnknownName,
          `${procedure.name} has no parameter "${arg.name}"`,
          {
            position: at(statement.source, arg.node, statement.at),
            hint: near
              ? `Did you mean "${near}"?`
              : `Parameters: ${procedure.parameters.map((p) => p.name).join(", ") || "none"}.`,
          },
        );
      }
      const literal = resolver.literal(arg.value);
      if (!literal)
        throw resolver.unsupported(
          "An expression as a procedure argument",
          arg.value,
          "Pass constants or parameters.",
        );
      args[declared.name] = literal.value;
    }
    const missing = procedure.parameters.filter((p) => p.required && args[p.name] === undefined);
    if (missing.length > 0) {
      throw new SqlError(
        SqlErrorCode.Invalid,
        `${procedure.name} needs ${missing.map((p) => p.name).join(", ")}`,
        {
          position: statement.at,
          hint: `Write EXEC ${procedure.name} ${missing.map((p) => `${p.name} = ?`).join(", ")}.`,
        },
      );
    }
    return procedure.run(args, { signal: options.signal });
  }
}

/**
 * SQL over a connection's tables: `const db = sql(conn)`, then `db.query("SELECT …", params)`,
 * `db.execute("INSERT …")`, `EXEC Procedure …`, `EXPLAIN SELECT …`, and the system tables
 * `sys_tables`, `sys_tablecolumns`, `sys_procedures`, `sys_procedureparameters`.
 */
export function sql(connection: SqlConnection, options: SqlOptions = {}): Database {
  return new Database(connection, options);
}
