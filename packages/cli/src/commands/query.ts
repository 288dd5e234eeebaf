import type { Connection, Connector } from "@x/connector-kit";
import type { Database, SqlConnection, SqlParams, SqlValue } from "@x/sql";
import { CliError, ExitCode, terminalSafe } from "../errors.js";
import type { CliIO } from "../io.js";
import { table } from "../output.js";
import { loadProvider } from "../providers.js";
import { type CommandContext, connectionString, connectOptions } from "./context.js";

/** Output formats of `xconn query` and `xconn sql`. */
export const QUERY_FORMATS = ["table", "jsonl", "csv"] as const;
export type QueryFormat = (typeof QUERY_FORMATS)[number];

export interface QueryOptions {
  format?: string;
  /** `?` values in order. */
  arg?: string[];
  /** `:name` values, as name=value. */
  param?: string[];
  /** Show the progress line even when stderr is not a terminal. */
  progress?: boolean;
}

/** A command-line value as SQL: numbers, true/false/null as such, anything else as text. */
export function sqlValue(text: string): SqlValue {
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (text === "true" || text === "false") return text === "true";
  if (text === "null") return null;
  return text;
}

export function queryParams(opts: QueryOptions): SqlParams | undefined {
  if (opts.arg?.length && opts.param?.length) {
    throw new CliError(
      "--arg and --param cannot be mixed.",
      ExitCode.Usage,
      "Use --arg for ? placeholders, or --param name=value for :name placeholders.",
    );
  }
  if (opts.arg?.length) return opts.arg.map(sqlValue);
  if (!opts.param?.length) return undefined;
  const named: Record<string, SqlValue> = {};
  for (const pair of opts.param) {
    const i = pair.indexOf("=");
    if (i <= 0) {
      throw new CliError(
        `Expected name=value, got "${pair}".`,
        ExitCode.Usage,
        "Write --param status=open.",
      );
    }
    named[pair.slice(0, i).replace(/^:/, "")] = sqlValue(pair.slice(i + 1));
  }
  return named;
}

export function queryFormat(format: string | undefined): QueryFormat {
  const f = (format ?? "table") as QueryFormat;
  if (!QUERY_FORMATS.includes(f)) {
    throw new CliError(
      `--format must be ${QUERY_FORMATS.join(", ")}, not ${format}.`,
      ExitCode.Usage,
    );
  }
  return f;
}

/**
 * The SQL database of a connection, with the connector's OAuth procedures. The connection is
 * opened when a statement first reads a table: `EXEC GetOAuthAuthorizationURL` needs none.
 */
export async function openDatabase(
  ctx: CommandContext,
  provider: string,
  cs: string | undefined,
): Promise<{ connector: Connector; db: Database; close(): Promise<void> }> {
  const connector = await loadProvider(provider);
  const input = connectionString(ctx, cs);
  const options = connectOptions(ctx);
  // Loaded here: the SQL parser is only read by the commands that use it.
  const { oauthProcedures, sql } = await import("@x/sql");
  let opened: Promise<Connection> | undefined;
  const conn = () => {
    opened ??= connector.connect(input, options);
    return opened;
  };
  const lazy: SqlConnection = {
    provider: connector.id,
    tables: async (o) => (await conn()).tables(o),
    table: async (name) => (await conn()).table(name),
  };
  return {
    connector,
    db: sql(lazy, { procedures: oauthProcedures(connector, input, options) }),
    close: async () => {
      if (opened) await (await opened).close();
    },
  };
}

const WRITE = /^\s*(INSERT|UPDATE|DELETE)\b/i;

/** Runs one statement and writes its result in the format asked for. */
export async function runStatement(
  ctx: CommandContext,
  db: Database,
  text: string,
  params: SqlParams | undefined,
  format: QueryFormat,
  progress: boolean,
  signal?: AbortSignal,
): Promise<void> {
  const { io } = ctx;
  if (WRITE.test(text)) {
    const result = await db.execute(text, params, { signal });
    const summary = {
      affectedRows: result.affectedRows,
      keys: result.keys,
      failures: result.failures.map((f) => ({
        row: f.row,
        sent: f.sent,
        message: f.error.message,
      })),
    };
    io.stdout.write(
      format === "table"
        ? `${result.affectedRows} row${result.affectedRows === 1 ? "" : "s"} affected${result.keys.length ? ` (keys: ${result.keys.join(", ")})` : ""}\n${summary.failures.map((f) => `row ${f.row} refused: ${terminalSafe(f.message)}\n`).join("")}`
        : `${JSON.stringify(summary)}\n`,
    );
    return;
  }
  const meter = new Progress(io, progress);
  try {
    const result = db.query(text, params, { signal, onRow: (t) => meter.row(t) });
    const columns = (await result.columns()).map((c) => c.name);
    if (format === "table") {
      const rows: Record<string, unknown>[] = [];
      for await (const row of result) rows.push(row);
      meter.done();
      const names = columns.length ? columns : Object.keys(rows[0] ?? {});
      io.stdout.write(
        `${table(rows, names)}\n(${rows.length} row${rows.length === 1 ? "" : "s"})\n`,
      );
      return;
    }
    let header = format === "csv";
    for await (const row of result) {
      if (header) {
        io.stdout.write(
          `${(columns.length ? columns : Object.keys(row)).map(csvCell).join(",")}\r\n`,
        );
        header = false;
      }
      io.stdout.write(
        format === "csv"
          ? `${(columns.length ? columns : Object.keys(row)).map((c) => csvCell(row[c])).join(",")}\r\n`
          : `${JSON.stringify(row)}\n`,
      );
    }
    if (header && columns.length) io.stdout.write(`${columns.map(csvCell).join(",")}\r\n`);
  } finally {
    meter.done();
  }
}

/** RFC 4180: quoted when needed; objects as JSON; null as an empty cell. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "object" ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The progress line: rows read so far, on stderr, redrawn at most every 200 ms once a read has
 * taken a second; erased when done. Only on a terminal, unless asked for.
 */
class Progress {
  readonly #io: CliIO;
  readonly #on: boolean;
  /** Asked for: shown from the first rows, not after a second. */
  readonly #forced: boolean;
  readonly #started = Date.now();
  #rows = 0;
  #last = 0;
  #shown = false;
  #table = "";

  constructor(io: CliIO, force: boolean) {
    this.#io = io;
    this.#on = force || io.stderr.isTTY === true;
    this.#forced = force;
  }

  row(table: string): void {
    this.#rows += 1;
    this.#table = table;
    if (!this.#on || (this.#rows & 63) !== 0) return;
    const now = Date.now();
    if ((!this.#forced && now - this.#started < 1_000) || now - this.#last < 200) return;
    this.#last = now;
    this.#shown = true;
    const seconds = ((now - this.#started) / 1000).toFixed(1);
    this.#io.stderr.write(
      `\r${this.#rows} rows read (${terminalSafe(this.#table)}), ${seconds} s…`,
    );
  }

  done(): void {
    if (!this.#shown) return;
    this.#shown = false;
    this.#io.stderr.write(this.#io.stderr.isTTY ? "\r\u001b[2K" : "\n");
  }
}

/** `xconn query <provider> <conn> "<sql>"`: one statement, its rows as a table, JSON lines or CSV. */
export async function queryCommand(
  ctx: CommandContext,
  provider: string,
  cs: string | undefined,
  text: string,
  opts: QueryOptions,
): Promise<void> {
  const format = queryFormat(opts.format);
  const params = queryParams(opts);
  const { db, close } = await openDatabase(ctx, provider, cs);
  try {
    await runStatement(ctx, db, text, params, format, opts.progress === true);
  } finally {
    await close();
  }
}
