import { XConnError } from "@x/errors";

/** Where in the SQL text something is: 0-based offset, 1-based line and column. */
export interface SqlPosition {
  offset: number;
  line: number;
  column: number;
}

/** Stable codes of {@link SqlError}. */
export const SqlErrorCode = {
  /** The text is not SQL the parser understands. */
  Syntax: "SQL_SYNTAX",
  /** Valid SQL, but a construct this package does not run (a subquery, UNION, a function…). */
  Unsupported: "SQL_UNSUPPORTED",
  /** A table, column or procedure that is not in the catalog, or an ambiguous column. */
  UnknownName: "SQL_UNKNOWN_NAME",
  /** A parameter is missing, extra, or of a type that cannot be bound. */
  Parameter: "SQL_PARAMETER",
  /** A statement that cannot run as written (UPDATE without WHERE, a non-aggregated column…). */
  Invalid: "SQL_INVALID",
  /** UPDATE or DELETE stopped on a row after writing others (`written` lists their keys). */
  PartialWrite: "SQL_PARTIAL_WRITE",
} as const;
export type SqlErrorCode = (typeof SqlErrorCode)[keyof typeof SqlErrorCode];

/**
 * Every error of `@x/sql`: an {@link XConnError} with a stable `code`, the `position` in the text
 * when known, and a `hint`. Statement errors are of kind `configuration` (fix the SQL); a write
 * that stopped half-way is of kind `provider`.
 */
export class SqlError extends XConnError {
  declare readonly code: SqlErrorCode;
  declare readonly hint: string;
  readonly position: SqlPosition | undefined;
  /** `SQL_PARTIAL_WRITE`: keys of the rows written before the statement stopped. */
  readonly written: readonly unknown[] | undefined;

  constructor(
    code: SqlErrorCode,
    message: string,
    options: {
      position?: SqlPosition | undefined;
      hint: string;
      cause?: unknown;
      written?: readonly unknown[];
    },
  ) {
    const at = options.position
      ? ` (line ${options.position.line}, column ${options.position.column})`
      : "";
    super(
      code,
      code === SqlErrorCode.PartialWrite ? "provider" : "configuration",
      `${message}${at}`,
      { hint: options.hint, cause: options.cause },
    );
    this.position = options.position;
    this.written = options.written;
  }
}

/** The position of an offset in a text. */
export function positionAt(text: string, offset: number): SqlPosition {
  const before = text.slice(0, offset);
  const lines = before.split("\n");
  return {
    offset,
    line: lines.length,
    column: (lines[lines.length - 1] ?? "").length + 1,
  };
}

/** A wrapped error's message without its trailing hint line and full stop. */
export function firstLine(message: string): string {
  return (message.split("\n")[0] ?? "").replace(/\.$/, "");
}
