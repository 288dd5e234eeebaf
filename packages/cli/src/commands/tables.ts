import type { ColumnDescription, Connection, ListOptions, Table } from "@x/connector-kit";
import { CliError, ExitCode } from "../errors.js";
import { emit, table as render } from "../output.js";
import { loadProvider } from "../providers.js";
import { type CommandContext, connectionString, connectOptions } from "./context.js";

async function withConnection<T>(
  ctx: CommandContext,
  provider: string,
  cs: string | undefined,
  run: (conn: Connection) => Promise<T>,
): Promise<T> {
  const connector = await loadProvider(provider);
  const conn = await connector.connect(connectionString(ctx, cs), connectOptions(ctx));
  try {
    return await run(conn);
  } finally {
    await conn.close();
  }
}

/** `xconn tables`: the catalog. */
export function tablesCommand(ctx: CommandContext, provider: string, cs: string | undefined) {
  return withConnection(ctx, provider, cs, async (conn) => {
    const catalog = await conn.tables();
    emit(ctx.io, !!ctx.global.json, catalog, () =>
      render(
        catalog.map((t) => ({
          table: t.name,
          key: t.key,
          columns: t.columns.length,
          writes: (["insert", "update", "delete"] as const)
            .filter((w) => t.capabilities[w])
            .join(", "),
          "provider filters": t.columns
            .filter((c) => c.pushdown.length > 0)
            .map((c) => c.name)
            .join(", "),
        })),
        ["table", "key", "columns", "writes", "provider filters"],
      ),
    );
  });
}

/** `xconn describe`: one table's columns and what the provider applies itself. */
export function describeCommand(
  ctx: CommandContext,
  provider: string,
  cs: string | undefined,
  name: string,
) {
  return withConnection(ctx, provider, cs, async (conn) => {
    const d = await conn.table(name).describe();
    emit(ctx.io, !!ctx.global.json, d, () =>
      [
        `${d.name} (key ${d.key})${d.description ? `: ${d.description}` : ""}`,
        render(
          d.columns.map((c) => ({
            column: c.name,
            type: c.type === "enum" ? `enum(${c.values?.join("|")})` : c.type,
            flags: [
              c.readOnly && "read-only",
              c.required && "required",
              c.nullable && "nullable",
              c.origin === "discovered" && "custom",
            ]
              .filter(Boolean)
              .join(" "),
            "provider filters": c.pushdown.join(" "),
            "provider sort": c.sortable.join(" "),
          })),
          ["column", "type", "flags", "provider filters", "provider sort"],
        ),
      ].join("\n"),
    );
  });
}

const SHORT = /^([A-Za-z_$][\w$.]*)\s*(!=|>=|<=|\^=|~=|=|>|<)\s*(.*)$/s;
const OPS: Record<string, string> = {
  "=": "eq",
  "!=": "ne",
  ">": "gt",
  ">=": "gte",
  "<": "lt",
  "<=": "lte",
  "~=": "contains",
  "^=": "startsWith",
};

/** A command-line value read as the column's type (`null` is null). */
function typedValue(column: ColumnDescription | undefined, text: string): unknown {
  if (text === "null") return null;
  if (!column) return text;
  if (column.type === "integer" || column.type === "decimal") {
    const n = Number(text);
    if (text.trim() === "" || Number.isNaN(n)) {
      throw new CliError(
        `--where ${column.name}: "${text}" is not a number.`,
        ExitCode.Usage,
        `${column.name} is ${column.type === "integer" ? "an integer" : "a number"} column.`,
      );
    }
    return n;
  }
  if (column.type === "boolean") {
    if (text !== "true" && text !== "false") {
      throw new CliError(`--where ${column.name}: "${text}" is not true or false.`, ExitCode.Usage);
    }
    return text === "true";
  }
  return text;
}

/**
 * `--where` values: a JSON filter (`{"status":"open"}`), or `column<op>value` with `=`, `!=`,
 * `>`, `>=`, `<`, `<=`, `~=` (contains) and `^=` (starts with); several are joined with AND.
 */
export async function parseWhereOptions(
  table: Table,
  values: readonly string[] | undefined,
): Promise<Record<string, unknown> | undefined> {
  if (!values || values.length === 0) return undefined;
  const columns = new Map((await table.describe()).columns.map((c) => [c.name, c]));
  const terms = values.map((value) => {
    if (value.trim().startsWith("{")) {
      try {
        return JSON.parse(value) as Record<string, unknown>;
      } catch {
        throw new CliError(`--where is not valid JSON: ${value}`, ExitCode.Usage);
      }
    }
    const m = SHORT.exec(value);
    if (!m) {
      throw new CliError(
        `--where "${value}" is neither JSON nor column<op>value.`,
        ExitCode.Usage,
        'Write --where status=open, --where "value>=1000", or --where \'{"status":"open"}\'.',
      );
    }
    const [, name = "", op = "=", text = ""] = m;
    return { [name]: { [OPS[op] as string]: typedValue(columns.get(name), text) } };
  });
  return terms.length === 1 ? terms[0] : { AND: terms };
}

const list = (v: string | undefined) =>
  v
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);

/** `xconn list` over a table: `--where`, `--select`, `--order-by`, `--limit`, `--explain`. */
export function listTableCommand(
  ctx: CommandContext,
  provider: string,
  cs: string | undefined,
  name: string,
  opts: {
    where?: string[];
    select?: string;
    orderBy?: string;
    limit?: string;
    format?: string;
    explain?: boolean;
  },
) {
  return withConnection(ctx, provider, cs, async (conn) => {
    const t = conn.table(name);
    const limit = opts.limit === undefined ? undefined : Number(opts.limit);
    if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) {
      throw new CliError(
        `--limit must be a positive whole number, not ${opts.limit}.`,
        ExitCode.Usage,
      );
    }
    // The filter is checked by the table (unknown columns, operators and types are typed errors).
    const query: ListOptions = {
      where: (await parseWhereOptions(t, opts.where)) as ListOptions["where"],
      select: list(opts.select),
      orderBy: list(opts.orderBy),
      limit,
    };
    if (opts.explain) {
      const plan = await t.explain(query);
      emit(ctx.io, !!ctx.global.json, plan, () => plan.text);
      return;
    }
    const rows: Record<string, unknown>[] = [];
    for await (const row of t.list(query)) {
      if (opts.format === "table") rows.push(row);
      else ctx.io.stdout.write(`${JSON.stringify(row)}\n`);
    }
    if (opts.format === "table")
      emit(ctx.io, false, null, () => render(rows, query.select as string[] | undefined));
  });
}

function jsonData(data: string | undefined): unknown {
  if (data === undefined)
    throw new CliError("--data is required.", ExitCode.Usage, "Pass the row as JSON.");
  try {
    return JSON.parse(data);
  } catch {
    throw new CliError("--data is not valid JSON.", ExitCode.Usage);
  }
}

/** `xconn insert`: one row (a JSON object) or many (a JSON array, batched where the API can). */
export function insertCommand(
  ctx: CommandContext,
  provider: string,
  cs: string | undefined,
  name: string,
  opts: { data?: string },
) {
  const data = jsonData(opts.data);
  return withConnection(ctx, provider, cs, async (conn) => {
    const t = conn.table(name);
    if (Array.isArray(data)) {
      const results = await t.insertMany(data as never[]);
      const out = results.map((r) =>
        r.ok
          ? { index: r.index, ok: true, key: r.key }
          : {
              index: r.index,
              ok: false,
              sent: r.sent,
              code: r.error.code,
              message: r.error.message,
            },
      );
      emit(ctx.io, !!ctx.global.json, out, () => out.map((r) => JSON.stringify(r)).join("\n"));
      if (out.some((r) => !r.ok)) {
        throw new CliError(
          `${out.filter((r) => !r.ok).length} of ${out.length} rows were not inserted.`,
          ExitCode.Failure,
        );
      }
      return;
    }
    const { key } = await t.insert(data as never);
    emit(ctx.io, !!ctx.global.json, { key }, () => `inserted ${name} ${String(key)}`);
  });
}

/** `xconn update`: changes some columns of one row. */
export function updateCommand(
  ctx: CommandContext,
  provider: string,
  cs: string | undefined,
  name: string,
  key: string,
  opts: { data?: string },
) {
  const data = jsonData(opts.data);
  return withConnection(ctx, provider, cs, async (conn) => {
    await conn.table(name).update(key, data as never);
    emit(ctx.io, !!ctx.global.json, { key, updated: true }, () => `updated ${name} ${key}`);
  });
}

/** `xconn delete`: deletes one row. */
export function deleteCommand(
  ctx: CommandContext,
  provider: string,
  cs: string | undefined,
  name: string,
  key: string,
) {
  return withConnection(ctx, provider, cs, async (conn) => {
    await conn.table(name).delete(key);
    emit(ctx.io, !!ctx.global.json, { key, deleted: true }, () => `deleted ${name} ${key}`);
  });
}
