import { ConnectorError, ConnectorErrorCode } from "../errors.js";
import {
  type ColumnDeclaration,
  type ColumnsDeclaration,
  coerceValue,
  describeType,
} from "./columns.js";
import { suggestionHint } from "./suggest.js";

/**
 * The operators of the filter language. Their meaning, wherever a filter runs:
 *
 * - A comparison (`eq`, `ne`, `gt`, `gte`, `lt`, `lte`, `in`, `contains`, `startsWith`) on a row
 *   whose value is `null` or missing is false, `ne` included (as in SQL). `isNull` tests for it;
 *   `{ eq: null }` means `isNull: true` and `{ ne: null }` means `isNull: false`.
 * - `NOT` negates the result of what it holds (two-valued: `NOT { x: { eq: 1 } }` matches rows
 *   whose `x` is null).
 * - Equality (`eq`, `ne`, `in`) is exact: strings and enums are case-sensitive; references compare
 *   as strings (`42` equals `"42"`); date-times compare as instants, whatever their offset.
 * - `contains` and `startsWith` ignore case (Unicode lower case, locale-independent).
 * - Order (`gt`…`lte`): numbers numerically, dates and date-times chronologically, strings by
 *   UTF-16 code units.
 */
export type Operator =
  | "eq"
  | "ne"
  | "gt"
  | "gte"
  | "lt"
  | "lte"
  | "in"
  | "isNull"
  | "contains"
  | "startsWith";

export const OPERATORS: readonly Operator[] = [
  "eq",
  "ne",
  "gt",
  "gte",
  "lt",
  "lte",
  "in",
  "isNull",
  "contains",
  "startsWith",
];

/** The operators a column type accepts. */
export function operatorsFor(column: ColumnDeclaration): readonly Operator[] {
  switch (column.type) {
    case "json":
      return ["isNull"];
    case "boolean":
    case "enum":
    case "reference":
      return ["eq", "ne", "in", "isNull"];
    case "string":
      return OPERATORS;
    default:
      return ["eq", "ne", "gt", "gte", "lt", "lte", "in", "isNull"];
  }
}

/** Operators on one column; a bare value means `eq`. */
export type ColumnFilter<V> =
  | V
  | null
  | {
      eq?: V | null;
      ne?: V | null;
      gt?: V;
      gte?: V;
      lt?: V;
      lte?: V;
      in?: readonly V[];
      isNull?: boolean;
      contains?: unknown extends V ? string : V extends string ? string : never;
      startsWith?: unknown extends V ? string : V extends string ? string : never;
    };

/** A filter over rows of type `Row`: columns (all must match), `AND`, `OR`, `NOT`. */
export type Where<Row> = { [K in keyof Row]?: ColumnFilter<NonNullable<Row[K]>> } & {
  AND?: readonly Where<Row>[];
  OR?: readonly Where<Row>[];
  NOT?: Where<Row>;
};

/** One test on one column, with its value read into the column's type. */
export interface Condition {
  kind: "condition";
  column: string;
  op: Operator;
  value: unknown;
}

/** A filter after reading: conditions joined by and / or / not. */
export type FilterNode =
  | Condition
  | { kind: "and"; items: FilterNode[] }
  | { kind: "or"; items: FilterNode[] }
  | { kind: "not"; item: FilterNode };

const LOGICAL = new Set(["AND", "OR", "NOT"]);

function invalid(message: string, hint: string): ConnectorError {
  return new ConnectorError(ConnectorErrorCode.InvalidFilter, message, { hint });
}

/**
 * Reads a `where` object against a table's columns. Unknown columns and operators, and values of
 * the wrong type, are typed errors that say where they are.
 */
export function parseWhere(table: string, columns: ColumnsDeclaration, where: unknown): FilterNode {
  return parseObject(table, columns, where, "where");
}

function parseObject(
  table: string,
  columns: ColumnsDeclaration,
  where: unknown,
  path: string,
): FilterNode {
  if (typeof where !== "object" || where === null || Array.isArray(where)) {
    throw invalid(
      `${path} must be an object of columns and AND / OR / NOT, not ${JSON.stringify(where)}.`,
      'Write filters as { status: "open", value: { gt: 1000 } }.',
    );
  }
  const items: FilterNode[] = [];
  for (const [key, value] of Object.entries(where)) {
    if (value === undefined) continue;
    if (LOGICAL.has(key)) {
      items.push(parseLogical(table, columns, key, value, `${path}.${key}`));
      continue;
    }
    const column = columns[key];
    if (!column) {
      throw new ConnectorError(
        ConnectorErrorCode.UnknownColumn,
        `${table} has no column "${key}" (in ${path}).`,
        { hint: suggestionHint(key, Object.keys(columns), "columns") },
      );
    }
    items.push(...parseColumn(table, key, column, value, `${path}.${key}`));
  }
  return items.length === 1 ? (items[0] as FilterNode) : { kind: "and", items };
}

function parseLogical(
  table: string,
  columns: ColumnsDeclaration,
  key: string,
  value: unknown,
  path: string,
): FilterNode {
  if (key === "NOT") return { kind: "not", item: parseObject(table, columns, value, path) };
  if (!Array.isArray(value)) {
    throw invalid(`${path} must be an array of filters.`, `Write { ${key}: [{ … }, { … }] }.`);
  }
  const items = value.map((v, i) => parseObject(table, columns, v, `${path}[${i}]`));
  return { kind: key === "AND" ? "and" : "or", items };
}

function parseColumn(
  table: string,
  name: string,
  column: ColumnDeclaration,
  value: unknown,
  path: string,
): Condition[] {
  const isOperatorObject =
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    column.type !== "json";
  if (!isOperatorObject) return [condition(table, name, column, "eq", value, path)];
  const conditions: Condition[] = [];
  for (const [op, operand] of Object.entries(value as Record<string, unknown>)) {
    if (operand === undefined) continue;
    conditions.push(condition(table, name, column, op, operand, `${path}.${op}`));
  }
  if (conditions.length === 0) {
    throw invalid(`${path} has no operator.`, `Use one of: ${operatorsFor(column).join(", ")}.`);
  }
  return conditions;
}

function condition(
  table: string,
  name: string,
  column: ColumnDeclaration,
  op: string,
  operand: unknown,
  path: string,
): Condition {
  const allowed = operatorsFor(column);
  if (!(OPERATORS as readonly string[]).includes(op)) {
    throw invalid(
      `Unknown operator "${op}" at ${path}.`,
      suggestionHint(op, allowed as string[], `operators for ${column.type} columns`),
    );
  }
  if ((op === "eq" || op === "ne") && operand === null) {
    return { kind: "condition", column: name, op: "isNull", value: op === "eq" };
  }
  if (!allowed.includes(op as Operator)) {
    throw invalid(
      `${table}.${name} is a ${column.type} column: operator "${op}" does not apply (at ${path}).`,
      `Use one of: ${allowed.join(", ")}.`,
    );
  }
  if (op === "isNull") {
    if (typeof operand !== "boolean") {
      throw invalid(`${path} must be true or false.`, "isNull: true matches rows without a value.");
    }
    return { kind: "condition", column: name, op, value: operand };
  }
  if (op === "contains" || op === "startsWith") {
    if (typeof operand !== "string") {
      throw invalid(`${path} must be a string.`, `${op} matches text, ignoring case.`);
    }
    return { kind: "condition", column: name, op, value: operand };
  }
  if (op === "in") {
    if (!Array.isArray(operand)) {
      throw invalid(`${path} must be an array.`, `Write { in: [a, b] }.`);
    }
    const values = operand.map((v, i) => typed(table, name, column, v, `${path}[${i}]`));
    return { kind: "condition", column: name, op, value: values };
  }
  return {
    kind: "condition",
    column: name,
    op: op as Operator,
    value: typed(table, name, column, operand, path),
  };
}

function typed(
  table: string,
  name: string,
  column: ColumnDeclaration,
  value: unknown,
  path: string,
): unknown {
  const read = coerceValue(column, value);
  if (read === undefined) {
    throw invalid(
      `${table}.${name} expects ${describeType(column)}; ${path} is ${JSON.stringify(value)}.`,
      column.type === "json"
        ? "JSON columns can only be tested with isNull."
        : "Pass a value of the column's type.",
    );
  }
  return read;
}

/** The filter that matches every row. */
export const MATCH_ALL: FilterNode = { kind: "and", items: [] };

/** Evaluates a filter on a row, with the semantics documented on {@link Operator}. */
export function matches(
  node: FilterNode,
  row: Record<string, unknown>,
  columns: ColumnsDeclaration,
): boolean {
  switch (node.kind) {
    case "and":
      return node.items.every((item) => matches(item, row, columns));
    case "or":
      return node.items.some((item) => matches(item, row, columns));
    case "not":
      return !matches(node.item, row, columns);
    default:
      return test(node, row[node.column], columns[node.column] as ColumnDeclaration);
  }
}

function test(condition: Condition, actual: unknown, column: ColumnDeclaration): boolean {
  const missing = actual === null || actual === undefined;
  if (condition.op === "isNull") return missing === condition.value;
  if (missing) return false;
  switch (condition.op) {
    case "contains":
      return (
        typeof actual === "string" &&
        actual.toLowerCase().includes((condition.value as string).toLowerCase())
      );
    case "startsWith":
      return (
        typeof actual === "string" &&
        actual.toLowerCase().startsWith((condition.value as string).toLowerCase())
      );
    case "in":
      return (condition.value as unknown[]).some((v) => compare(column, actual, v) === 0);
    default: {
      const order = compare(column, actual, condition.value);
      if (order === undefined) return false;
      switch (condition.op) {
        case "eq":
          return order === 0;
        case "ne":
          return order !== 0;
        case "gt":
          return order > 0;
        case "gte":
          return order >= 0;
        case "lt":
          return order < 0;
        default:
          return order <= 0;
      }
    }
  }
}

/**
 * Compares a row's value with a filter value of the column's type: negative, zero, positive, or
 * `undefined` when the row's value cannot be read as that type (then no comparison matches).
 */
export function compare(
  column: ColumnDeclaration,
  actual: unknown,
  expected: unknown,
): number | undefined {
  switch (column.type) {
    case "integer":
    case "decimal": {
      const a = typeof actual === "string" && actual.trim() !== "" ? Number(actual) : actual;
      if (typeof a !== "number" || Number.isNaN(a)) return undefined;
      return a - (expected as number);
    }
    case "datetime": {
      const a = typeof actual === "string" ? Date.parse(actual) : Number.NaN;
      if (Number.isNaN(a)) return undefined;
      return a - Date.parse(expected as string);
    }
    case "boolean":
      return typeof actual === "boolean" ? Number(actual) - Number(expected) : undefined;
    case "reference":
      return typeof actual === "string" || typeof actual === "number"
        ? codeUnitOrder(String(actual), String(expected))
        : undefined;
    case "json":
      return undefined;
    default:
      return typeof actual === "string" ? codeUnitOrder(actual, expected as string) : undefined;
  }
}

function codeUnitOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A filter written back as text, for `explain`. */
export function formatFilter(node: FilterNode): string {
  switch (node.kind) {
    case "and":
      return node.items.length === 0
        ? "true"
        : node.items
            .map((i) => (i.kind === "or" ? `(${formatFilter(i)})` : formatFilter(i)))
            .join(" AND ");
    case "or":
      return node.items.length === 0
        ? "false"
        : node.items
            .map((i) => (i.kind === "and" ? `(${formatFilter(i)})` : formatFilter(i)))
            .join(" OR ");
    case "not":
      return `NOT (${formatFilter(node.item)})`;
    default:
      return node.op === "isNull"
        ? `${node.column} ${node.value ? "IS NULL" : "IS NOT NULL"}`
        : `${node.column} ${node.op} ${JSON.stringify(node.value)}`;
  }
}
