import type { InsertManyResult, Table } from "@x/connector-kit";
import type { SqlTable } from "./catalog.js";
import { firstLine, SqlError, SqlErrorCode } from "./errors.js";
import { findColumn, Resolver, type Tuple } from "./expr.js";
import type { Node, Source } from "./parse.js";

/** What INSERT, UPDATE and DELETE did. */
export interface ExecuteResult {
  /** Rows the provider inserted, changed or deleted. */
  affectedRows: number;
  /** Keys of the rows inserted (INSERT), or changed or deleted (UPDATE, DELETE). */
  keys: unknown[];
  /** Rows of a multi-row INSERT the provider refused, with why (the others were inserted). */
  failures: { row: number; error: Error; sent: boolean }[];
}

function writable(sqlTable: SqlTable, resolver: Resolver, node: Node): Table {
  if (!sqlTable.table) {
    throw resolver.invalid(
      `${sqlTable.name} is a system table: it cannot be written`,
      node,
      "Write to the connection's tables.",
    );
  }
  return sqlTable.table;
}

/** INSERT INTO t (a, b) VALUES (…), (…): one insert, or the table's batch inserts. */
export async function runInsert(
  ast: Node,
  source: Source,
  table: SqlTable,
  signal: AbortSignal | undefined,
): Promise<ExecuteResult> {
  const resolver = new Resolver(
    [{ alias: table.name, table: table.name, columns: table.columns }],
    source,
  );
  const target = writable(table, resolver, ast.table?.[0] ?? ast);
  if (!Array.isArray(ast.columns) || ast.columns.length === 0) {
    throw resolver.invalid(
      "INSERT needs its column list",
      ast.table?.[0] ?? ast,
      `Write INSERT INTO ${table.name} (column, …) VALUES (value, …).`,
    );
  }
  if (ast.values?.type !== "values") {
    throw resolver.unsupported("INSERT … SELECT", ast, "Insert VALUES (…) rows.");
  }
  const columns = (ast.columns as unknown[]).map((c) => {
    const name =
      typeof c === "string" ? c : String((c as Node)?.expr?.value ?? (c as Node)?.column ?? c);
    const found = findColumn(table.columns, name);
    if (!found) {
      throw new SqlError(SqlErrorCode.UnknownName, `${table.name} has no column "${name}"`, {
        position: resolver.position(ast.table?.[0]),
        hint: `Columns: ${Object.keys(table.columns).join(", ")}.`,
      });
    }
    return found;
  });
  const rows = (ast.values.values as Node[]).map((tuple) => {
    const values = tuple.value as Node[];
    if (values.length !== columns.length) {
      throw resolver.invalid(
        `A VALUES row has ${values.length} values for ${columns.length} columns`,
        values[0] ?? tuple,
        "Give one value per column.",
      );
    }
    const row: Record<string, unknown> = {};
    values.forEach((node, i) => {
      const literal = resolver.literal(node);
      if (!literal)
        throw resolver.unsupported(
          "An expression in VALUES",
          node,
          "Insert constants or parameters.",
        );
      row[columns[i] as string] = literal.value;
    });
    return row;
  });
  if (rows.length === 1) {
    const { key } = await target.insert(rows[0] as never, { signal });
    return { affectedRows: 1, keys: [key], failures: [] };
  }
  const results: InsertManyResult<unknown>[] = await target.insertMany(rows as never[], { signal });
  const keys: unknown[] = [];
  const failures: ExecuteResult["failures"] = [];
  for (const r of results) {
    if (r.ok) keys.push(r.key);
    else failures.push({ row: r.index, error: r.error, sent: r.sent });
  }
  return { affectedRows: keys.length, keys, failures };
}

/** UPDATE / DELETE: the rows WHERE names (listed, pushed down where the table allows), one write each. */
export async function runUpdateOrDelete(
  ast: Node,
  source: Source,
  table: SqlTable,
  signal: AbortSignal | undefined,
): Promise<ExecuteResult> {
  const resolver = new Resolver(
    [{ alias: table.name, table: table.name, columns: table.columns }],
    source,
  );
  const target = writable(table, resolver, ast.table?.[0] ?? ast);
  const verb = ast.type === "update" ? "UPDATE" : "DELETE";
  if (!ast.where) {
    throw resolver.invalid(
      `${verb} without WHERE would change every row of ${table.name}`,
      ast.table?.[0] ?? ast,
      `Add a WHERE clause (every row: WHERE ${table.key} IS NOT NULL).`,
    );
  }
  if ((ast.from && ast.type === "update") || (ast.table?.length ?? 1) > 1) {
    throw resolver.unsupported(
      `${verb} over several tables`,
      ast.table?.[1] ?? ast,
      `${verb} one table at a time.`,
    );
  }
  let changes: Record<string, unknown> = {};
  if (ast.type === "update") {
    for (const set of ast.set as Node[]) {
      const name = findColumn(table.columns, String(set.column));
      if (!name) {
        throw new SqlError(
          SqlErrorCode.UnknownName,
          `${table.name} has no column "${set.column}"`,
          {
            position: resolver.position(set.value),
            hint: `Columns: ${Object.keys(table.columns).join(", ")}.`,
          },
        );
      }
      const literal = resolver.literal(set.value);
      if (!literal)
        throw resolver.unsupported(
          "An expression in SET",
          set.value,
          "Set columns to constants or parameters.",
        );
      changes = { ...changes, [name]: literal.value };
    }
  }
  const key = table.key as string;
  const translated = resolver.toWhere(ast.where);
  const local = translated ? undefined : resolver.predicate(ast.where);
  const keys: unknown[] = [];
  const listing = target.list({
    ...(translated ? { where: translated.where as never } : {}),
    ...(local ? {} : { select: [key] }),
    signal,
  });
  // Keys first, writes after: a listing is not changed while it is being read.
  for await (const row of listing) {
    if (local && !local([row] as Tuple)) continue;
    keys.push(row[key]);
  }
  const done: unknown[] = [];
  for (const k of keys) {
    try {
      if (ast.type === "update") await target.update(k as never, changes as never, { signal });
      else await target.delete(k as never, { signal });
    } catch (error) {
      if (done.length === 0) throw error;
      // Rows were written before this one failed: say which, so nothing is written twice.
      throw new SqlError(
        SqlErrorCode.PartialWrite,
        `${verb} stopped at ${table.key} ${JSON.stringify(k)} after writing ${done.length} of ${keys.length} rows: ${firstLine(error instanceof Error ? error.message : String(error))}`,
        {
          hint: "error.written lists the rows written; the cause says whether the failed one may have been applied. Check with SELECT before running the rest again.",
          cause: error,
          written: [...done],
        },
      );
    }
    done.push(k);
  }
  return { affectedRows: done.length, keys: done, failures: [] };
}
