import { ConnectorError, ConnectorErrorCode } from "../errors.js";
import { type ColumnsDeclaration, coerceValue, describeType } from "./columns.js";
import { suggestionHint } from "./suggest.js";

function invalidRecord(message: string, hint: string): ConnectorError {
  return new ConnectorError(ConnectorErrorCode.InvalidRecord, message, { hint });
}

/**
 * Checks a row to insert (`mode: "insert"`) or the changes of an update against the columns,
 * before anything is sent: unknown columns (with the nearest name), read-only columns, every
 * missing required column at once, values of the wrong type. Returns the values in the columns'
 * types (dates as `YYYY-MM-DD`, date-times as ISO strings).
 */
export function validateRecord(
  table: string,
  columns: ColumnsDeclaration,
  input: unknown,
  mode: "insert" | "update",
  where = mode === "insert" ? "the row" : "the changes",
): Record<string, unknown> {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw invalidRecord(
      `${table}: ${where} must be an object of column values, not ${JSON.stringify(input)}.`,
      "Pass { column: value, … }.",
    );
  }
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(input)) {
    if (value === undefined) continue;
    const column = columns[name];
    if (!column || !Object.hasOwn(columns, name)) {
      throw new ConnectorError(
        ConnectorErrorCode.UnknownColumn,
        `${table} has no column "${name}" (in ${where}).`,
        { hint: suggestionHint(name, Object.keys(columns), "columns") },
      );
    }
    if (column.readOnly) {
      throw invalidRecord(
        `${table}.${name} is read-only: the provider sets it (in ${where}).`,
        `Leave ${name} out; writable columns: ${writable(columns).join(", ")}.`,
      );
    }
    if (value === null) {
      if (!column.nullable || (mode === "insert" && column.required)) {
        throw invalidRecord(
          `${table}.${name} cannot be null (in ${where}).`,
          `Give ${describeType(column)}.`,
        );
      }
      out[name] = null;
      continue;
    }
    const read = coerceValue(column, value);
    if (read === undefined) {
      throw invalidRecord(
        `${table}.${name} expects ${describeType(column)}; ${where} has ${JSON.stringify(value)}.`,
        `Give ${describeType(column)}.`,
      );
    }
    out[name] = read;
  }
  if (mode === "insert") {
    const missing = Object.entries(columns)
      .filter(([name, c]) => c.required && !c.readOnly && out[name] === undefined)
      .map(([name]) => name);
    if (missing.length > 0) {
      throw invalidRecord(
        `${table}: ${where} lacks the required column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}.`,
        `Every insert into ${table} gives ${missing.join(", ")}.`,
      );
    }
  } else if (Object.keys(out).length === 0) {
    throw invalidRecord(
      `${table}: ${where} change nothing.`,
      "Pass at least one column to change.",
    );
  }
  return out;
}

function writable(columns: ColumnsDeclaration): string[] {
  return Object.entries(columns)
    .filter(([, c]) => !c.readOnly)
    .map(([n]) => n);
}
