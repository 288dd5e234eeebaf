/** The types a column can have. Values in rows are JSON values of the matching kind. */
export type ColumnType =
  | "string"
  | "integer"
  | "decimal"
  | "boolean"
  | "date"
  | "datetime"
  | "enum"
  | "json"
  | "reference";

/** A column of a table, as data. */
export interface ColumnDeclaration {
  type: ColumnType;
  /** The allowed values of an `enum` column. */
  values?: readonly string[] | undefined;
  /** The table a `reference` column points at. */
  references?: string | undefined;
  /** The value may be `null` (or missing) in rows. */
  nullable?: boolean | undefined;
  /** Set by the provider only: refused in inserts and updates. */
  readOnly?: boolean | undefined;
  /** Must be given on insert. */
  required?: boolean | undefined;
  description?: string | undefined;
  /**
   * The provider's name for the column where it differs (a custom field's API key): set by
   * `discover`, read by the table's row mapping and write requests.
   */
  source?: string | undefined;
}

/** Columns by name. */
export type ColumnsDeclaration = Readonly<Record<string, ColumnDeclaration>>;

type BaseValue<C> = C extends { type: "enum"; values: readonly (infer V)[] }
  ? V
  : C extends { type: "integer" | "decimal" }
    ? number
    : C extends { type: "boolean" }
      ? boolean
      : C extends { type: "json" }
        ? unknown
        : C extends { type: "reference" }
          ? string | number
          : string;

/** The value type of one column: its base type, plus `null` when nullable. */
export type ColumnValue<C> = C extends { nullable: true } ? BaseValue<C> | null : BaseValue<C>;

/** A row of a table, inferred from its column declarations. */
export type RowOf<Cols extends ColumnsDeclaration> = string extends keyof Cols
  ? Record<string, unknown> // columns not known at compile time (a table looked up by name)
  : { [K in keyof Cols]: ColumnValue<Cols[K]> };

type Writable<Cols> = {
  [K in keyof Cols]: Cols[K] extends { readOnly: true } ? never : K;
}[keyof Cols];
type Required<Cols> = {
  [K in keyof Cols]: Cols[K] extends { required: true } ? K : never;
}[keyof Cols];

/** What `insert` takes: required columns, plus any other writable ones. */
export type InsertOf<Cols extends ColumnsDeclaration> = string extends keyof Cols
  ? Record<string, unknown>
  : InsertOfKnown<Cols>;

type InsertOfKnown<Cols extends ColumnsDeclaration> = {
  [K in Extract<Writable<Cols>, Required<Cols>>]: ColumnValue<Cols[K]>;
} & {
  [K in Exclude<Writable<Cols>, Required<Cols>>]?: ColumnValue<Cols[K]> | null;
};

/** What `update` takes: any writable columns. */
export type UpdateOf<Cols extends ColumnsDeclaration> = string extends keyof Cols
  ? Record<string, unknown>
  : UpdateOfKnown<Cols>;

type UpdateOfKnown<Cols extends ColumnsDeclaration> = {
  [K in Writable<Cols>]?: ColumnValue<Cols[K]> | null;
};

/** The JavaScript type a column's values have once read, for messages. */
export function describeType(column: ColumnDeclaration): string {
  if (column.type === "enum" && column.values) {
    return `one of ${column.values.map((v) => JSON.stringify(v)).join(", ")}`;
  }
  switch (column.type) {
    case "integer":
      return "an integer";
    case "decimal":
      return "a number";
    case "boolean":
      return "true or false";
    case "date":
      return 'a date "YYYY-MM-DD"';
    case "datetime":
      return 'a date-time (ISO 8601, e.g. "2024-05-01T12:00:00Z")';
    case "reference":
      return "a key (string or integer)";
    case "json":
      return "any JSON value";
    default:
      return "a string";
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Reads a value given for a column (in a filter or a write) into the column's type, or returns
 * `undefined` when it does not fit. `null` is handled by callers.
 */
export function coerceValue(column: ColumnDeclaration, value: unknown): unknown {
  switch (column.type) {
    case "integer":
      return typeof value === "number" && Number.isInteger(value) ? value : undefined;
    case "decimal":
      return typeof value === "number" && Number.isFinite(value) ? value : undefined;
    case "boolean":
      return typeof value === "boolean" ? value : undefined;
    case "date":
      if (value instanceof Date && !Number.isNaN(value.getTime())) {
        return value.toISOString().slice(0, 10);
      }
      return typeof value === "string" && DATE.test(value) && !Number.isNaN(Date.parse(value))
        ? value
        : undefined;
    case "datetime":
      if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
      return typeof value === "string" && !Number.isNaN(Date.parse(value)) ? value : undefined;
    case "enum":
      return typeof value === "string" && (!column.values || column.values.includes(value))
        ? value
        : undefined;
    case "reference":
      return typeof value === "string" || (typeof value === "number" && Number.isInteger(value))
        ? value
        : undefined;
    case "json":
      return value;
    default:
      return typeof value === "string" ? value : undefined;
  }
}

/**
 * A flag of the {@link col} shorthand: `"ro"` read-only (set by the provider, refused in
 * writes), `"req"` required on insert, `"null"` nullable.
 */
export type ColumnFlag = "ro" | "req" | "null";

/** The properties the flags `F` of {@link col} set, as literal types. */
export type ColumnFlags<F extends ColumnFlag> = ("ro" extends F ? { readOnly: true } : unknown) &
  ("req" extends F ? { required: true } : unknown) &
  ("null" extends F ? { nullable: true } : unknown);

function flagsOf(list: readonly ColumnFlag[]) {
  return {
    ...(list.includes("ro") ? { readOnly: true } : {}),
    ...(list.includes("req") ? { required: true } : {}),
    ...(list.includes("null") ? { nullable: true } : {}),
  };
}

const typed =
  <T extends ColumnType>(type: T) =>
  <const F extends ColumnFlag[]>(...flags: F) =>
    ({ type, ...flagsOf(flags) }) as { type: T } & ColumnFlags<F[number]>;

/**
 * Shorthand for column declarations, keeping literal types so rows stay typed:
 * `col.integer("ro")` is `{ type: "integer", readOnly: true }`,
 * `col.reference("users", "null")` is `{ type: "reference", references: "users", nullable: true }`,
 * `col.enum(["open", "won"], "req")`, and `col.about(col.string(), "ISO 4217 code")` adds a
 * description. Flags: `"ro"` read-only, `"req"` required on insert, `"null"` nullable.
 *
 * @example
 * ```ts
 * const columns = {
 *   id: col.integer("ro"),
 *   title: col.string("req"),
 *   owner_id: col.about(col.reference("users", "null"), "The user who owns it"),
 *   status: col.enum(["open", "won", "lost"]),
 * } as const;
 * ```
 */
export const col = {
  string: typed("string"),
  integer: typed("integer"),
  decimal: typed("decimal"),
  boolean: typed("boolean"),
  date: typed("date"),
  datetime: typed("datetime"),
  json: typed("json"),
  /** A `reference` column pointing at the table `references`. */
  reference: <const R extends string, const F extends ColumnFlag[]>(references: R, ...flags: F) =>
    ({ type: "reference", references, ...flagsOf(flags) }) as {
      type: "reference";
      references: R;
    } & ColumnFlags<F[number]>,
  /** An `enum` column with the allowed `values`. */
  enum: <const V extends readonly string[], const F extends ColumnFlag[]>(values: V, ...flags: F) =>
    ({ type: "enum", values, ...flagsOf(flags) }) as { type: "enum"; values: V } & ColumnFlags<
      F[number]
    >,
  /** The same column with a description (shown in `describe()` and the README's Tables). */
  about: <C extends ColumnDeclaration>(column: C, description: string) =>
    ({ ...column, description }) as C & { description: string },
} as const;
