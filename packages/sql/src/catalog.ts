import {
  type ColumnsDeclaration,
  ConnectorError,
  type ListOptions,
  matches,
  parseWhere,
  sortCompare,
  type Table,
  type TableDescription,
} from "@x/connector-kit";
import { firstLine, SqlError, SqlErrorCode, type SqlPosition } from "./errors.js";
import type { Procedure } from "./procedures.js";

/** What `sql()` needs of a connection: its catalog. A `Connection` of any connector fits. */
export interface SqlConnection {
  readonly provider: string;
  tables(options?: { signal?: AbortSignal }): Promise<TableDescription[]>;
  /** A table by name (a promise when the connection is opened on first use). */
  table(name: string): Table | Promise<Table>;
}

/** A listing request in the tables language. */
export interface ListRequest {
  where?: Record<string, unknown> | undefined;
  orderBy?: string[] | undefined;
  limit?: number | undefined;
  signal?: AbortSignal | undefined;
  /** `false`: the table applies every filter and order locally. */
  pushdown?: boolean | undefined;
}

/** A table as the SQL engine reads it: a catalog table, or a system table. */
export interface SqlTable {
  name: string;
  columns: ColumnsDeclaration;
  key: string | undefined;
  rows(request: ListRequest): AsyncIterable<Record<string, unknown>>;
  /** What `rows(request)` sends and what it evaluates locally, as text lines. */
  explain(request: ListRequest): Promise<string[]>;
  /** The catalog table behind it (for writes), when it is one. */
  table?: Table | undefined;
}

/** Resolves a table name of a statement. */
export async function openTable(
  connection: SqlConnection,
  procedures: readonly Procedure[],
  name: string,
  position: SqlPosition | undefined,
  signal?: AbortSignal,
): Promise<SqlTable> {
  const system = SYSTEM[name.toLowerCase()];
  if (system)
    return systemTable(name.toLowerCase(), system, () =>
      system.rows(connection, procedures, signal),
    );
  let table: Table;
  try {
    table = await connection.table(name);
  } catch (error) {
    if (error instanceof ConnectorError) {
      throw new SqlError(SqlErrorCode.UnknownName, firstLine(error.message), {
        position,
        hint: `${error.hint ?? ""} System tables: ${Object.keys(SYSTEM).join(", ")}.`.trim(),
        cause: error,
      });
    }
    throw error;
  }
  const columns = await table.columns(signal);
  return {
    name: table.name,
    columns,
    key: table.declaration.key,
    table,
    // The where objects are built from the SQL text and checked against the columns already.
    rows: (request) => table.list(request as ListOptions),
    explain: async (request) => {
      const { signal: _signal, ...rest } = request;
      return (await table.explain(rest as ListOptions)).text.split("\n");
    },
  };
}

interface SystemDefinition {
  columns: ColumnsDeclaration;
  rows(
    connection: SqlConnection,
    procedures: readonly Procedure[],
    signal?: AbortSignal,
  ): Promise<Record<string, unknown>[]>;
}

function systemTable(
  name: string,
  definition: SystemDefinition,
  load: () => Promise<Record<string, unknown>[]>,
): SqlTable {
  const { columns } = definition;
  return {
    name,
    columns,
    key: undefined,
    async *rows(request) {
      const filter = request.where ? parseWhere(name, columns, request.where) : undefined;
      let rows = (await load()).filter((row) => !filter || matches(filter, row, columns));
      for (const term of [...(request.orderBy ?? [])].reverse()) {
        const descending = term.startsWith("-");
        const column = descending ? term.slice(1) : term;
        const declaration = columns[column] ?? { type: "string" };
        rows = rows.sort((a, b) => sortCompare(declaration, a[column], b[column], descending));
      }
      yield* rows.slice(0, request.limit ?? rows.length);
    },
    explain: async () => [`${name}: from the catalog, no request; filtered and sorted locally`],
  };
}

const text = { type: "string" } as const;
const nullableText = { type: "string", nullable: true } as const;
const flag = { type: "boolean" } as const;

/** The system tables: the catalog as rows, named as in the original drivers. */
export const SYSTEM: Record<string, SystemDefinition> = {
  sys_tables: {
    columns: {
      TableName: text,
      Description: nullableText,
      KeyColumn: text,
      ParentTable: nullableText,
      CanInsert: flag,
      CanUpdate: flag,
      CanDelete: flag,
      BatchInsertSize: { type: "integer", nullable: true },
    },
    async rows(connection, _procedures, signal) {
      return (await connection.tables({ signal })).map((t) => ({
        TableName: t.name,
        Description: t.description ?? null,
        KeyColumn: t.key,
        ParentTable: t.parent?.table ?? null,
        CanInsert: t.capabilities.insert,
        CanUpdate: t.capabilities.update,
        CanDelete: t.capabilities.delete,
        BatchInsertSize: t.capabilities.batchInsert,
      }));
    },
  },
  sys_tablecolumns: {
    columns: {
      TableName: text,
      ColumnName: text,
      DataType: text,
      IsKey: flag,
      IsNullable: flag,
      IsReadOnly: flag,
      IsRequired: flag,
      Origin: { type: "enum", values: ["declared", "discovered"] },
      PushdownOperators: text,
      SortableByProvider: flag,
      Description: nullableText,
    },
    async rows(connection, _procedures, signal) {
      return (await connection.tables({ signal })).flatMap((t) =>
        t.columns.map((c) => ({
          TableName: t.name,
          ColumnName: c.name,
          DataType: c.type,
          IsKey: c.name === t.key,
          IsNullable: c.nullable === true,
          IsReadOnly: c.readOnly === true,
          IsRequired: c.required === true,
          Origin: c.origin,
          PushdownOperators: c.pushdown.join(","),
          SortableByProvider: c.sortable.length > 0,
          Description: c.description ?? null,
        })),
      );
    },
  },
  sys_procedures: {
    columns: { ProcedureName: text, Description: nullableText },
    async rows(_connection, procedures) {
      return procedures.map((p) => ({ ProcedureName: p.name, Description: p.description ?? null }));
    },
  },
  sys_procedureparameters: {
    columns: {
      ProcedureName: text,
      ParameterName: text,
      DataType: text,
      IsRequired: flag,
      Direction: { type: "enum", values: ["input", "output"] },
      Description: nullableText,
    },
    async rows(_connection, procedures) {
      return procedures.flatMap((p) => [
        ...p.parameters.map((param) => ({
          ProcedureName: p.name,
          ParameterName: param.name,
          DataType: param.type ?? "string",
          IsRequired: param.required === true,
          Direction: "input",
          Description: param.description ?? null,
        })),
        ...(p.outputs ?? []).map((out) => ({
          ProcedureName: p.name,
          ParameterName: out.name,
          DataType: out.type ?? "string",
          IsRequired: false,
          Direction: "output",
          Description: out.description ?? null,
        })),
      ]);
    },
  },
};
