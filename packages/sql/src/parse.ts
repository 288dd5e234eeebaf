import mysql from "node-sql-parser/build/mysql.js";
import { positionAt, SqlError, SqlErrorCode, type SqlPosition } from "./errors.js";

/** A node of the parser's tree (node-sql-parser, MySQL grammar), loosely typed. */
// biome-ignore lint/suspicious/noExplicitAny: the parser's tree is walked generically.
export type Node = any;

/** Values a parameter may take; they are bound into the tree, never into the text. */
export type SqlValue = string | number | boolean | null | Date;

/** Parameters: by position (`?`) as an array, by name (`:name`) as an object. */
export type SqlParams = readonly SqlValue[] | Readonly<Record<string, SqlValue>>;

/** A parsed statement with its parameters bound. */
export type Statement =
  | { kind: "select" | "insert" | "update" | "delete"; ast: Node; explain: boolean; source: Source }
  | {
      kind: "exec";
      procedure: string;
      args: { name: string; value: Node; node: Node }[];
      at: SqlPosition;
      source: Source;
    };

const parser = new mysql.Parser();
const EXEC = /^(\s*)(EXEC|EXECUTE)\s+([A-Za-z_][A-Za-z0-9_]*)\s*/i;
const EXPLAIN = /^(\s*)EXPLAIN\s+/i;

/** The source text of a statement, to turn the parser's offsets into positions. */
export interface Source {
  text: string;
  /** Added to the parser's offsets (when a prefix was cut before parsing). */
  shift: number;
}

/** Position of a node (its own, or `fallback`). */
export function at(source: Source, node: Node, fallback?: SqlPosition): SqlPosition | undefined {
  if (node?.pos) return node.pos as SqlPosition;
  const offset = node?.loc?.start?.offset;
  return typeof offset === "number" ? positionAt(source.text, offset + source.shift) : fallback;
}

function astify(source: Source, text: string): Node {
  let ast: Node;
  try {
    ast = parser.astify(text, { database: "mysql", parseOptions: { includeLocations: true } });
  } catch (error) {
    const loc = (error as { location?: { start?: { offset?: number } } }).location?.start?.offset;
    const found = /but (.*) found\.?$/.exec((error as Error).message)?.[1];
    throw new SqlError(
      SqlErrorCode.Syntax,
      `SQL syntax error${found ? `: unexpected ${found}` : ""}`,
      {
        position: typeof loc === "number" ? positionAt(source.text, loc + source.shift) : undefined,
        hint: "Check the statement near that position (strings in 'single quotes', names with spaces in `backticks`).",
        cause: error,
      },
    );
  }
  if (Array.isArray(ast)) {
    if (ast.length !== 1) {
      throw new SqlError(SqlErrorCode.Unsupported, "Only one statement per call is run", {
        position: at(source, ast[1]?.loc ? ast[1] : undefined),
        hint: "Send each statement in its own call.",
      });
    }
    ast = ast[0];
  }
  return ast;
}

/** Parses one statement and binds its parameters. */
export function parseStatement(text: string, params: SqlParams | undefined): Statement {
  if (typeof text !== "string") {
    throw new SqlError(SqlErrorCode.Syntax, "The statement must be a string", {
      hint: 'Pass SQL text: db.query("SELECT …").',
    });
  }
  const binder = new Binder(text, params);
  const exec = EXEC.exec(text);
  if (exec) {
    const rest = text.slice(exec[0].length).replace(/;\s*$/, "");
    const procedure = exec[3] as string;
    const start = positionAt(text, (exec[1] as string).length);
    if (rest.trim() === "") {
      binder.finish();
      return { kind: "exec", procedure, args: [], at: start, source: { text, shift: 0 } };
    }
    // The argument list `A='x', B=?` is read by the parser as a select list.
    const source = { text, shift: exec[0].length - "SELECT ".length };
    const ast = binder.bind(astify(source, `SELECT ${rest}`), source);
    binder.finish();
    const args = (ast.columns as Node[]).map((column) => {
      const e = column.expr;
      const name =
        e?.type === "binary_expr" && e.operator === "="
          ? e.left?.type === "column_ref"
            ? e.left.column
            : e.left?.type === "var"
              ? e.left.name
              : undefined
          : undefined;
      if (typeof name !== "string" || column.as) {
        throw new SqlError(SqlErrorCode.Syntax, "EXEC arguments are Name = value pairs", {
          position: at(source, e, start),
          hint: "Write EXEC Procedure Name1 = 'value', Name2 = ?.",
        });
      }
      return { name, value: e.right, node: e };
    });
    return { kind: "exec", procedure, args, at: start, source };
  }
  const explain = EXPLAIN.exec(text);
  const source = { text, shift: explain ? explain[0].length : 0 };
  const ast = binder.bind(astify(source, explain ? text.slice(explain[0].length) : text), source);
  binder.finish();
  const kind = ast.type;
  if (kind === "select" || kind === "insert" || kind === "update" || kind === "delete") {
    if (explain && kind !== "select") {
      throw new SqlError(SqlErrorCode.Unsupported, `EXPLAIN ${String(kind).toUpperCase()}`, {
        position: positionAt(text, 0),
        hint: "EXPLAIN shows the plan of a SELECT.",
      });
    }
    return { kind, ast, explain: explain !== null, source };
  }
  throw new SqlError(
    SqlErrorCode.Unsupported,
    `${String(kind ?? "this statement").toUpperCase()} statements are not supported`,
    {
      position: positionAt(text, source.shift),
      hint: "Run SELECT, INSERT, UPDATE, DELETE, EXEC or EXPLAIN SELECT.",
    },
  );
}

/** Replaces `?` and `:name` in the tree with their values, as `{ type: "bound" }` nodes. */
class Binder {
  readonly #text: string;
  readonly #params: SqlParams | undefined;
  #next = 0;
  readonly #used = new Set<string>();

  constructor(text: string, params: SqlParams | undefined) {
    this.#text = text;
    this.#params = params;
    if (params !== undefined && (typeof params !== "object" || params === null)) {
      throw new SqlError(SqlErrorCode.Parameter, "Parameters must be an array or an object", {
        hint: "Pass [value, …] for ? placeholders, or { name: value } for :name placeholders.",
      });
    }
  }

  bind(node: Node, source: Source, near?: SqlPosition): Node {
    if (Array.isArray(node)) return node.map((n) => this.bind(n, source, near));
    if (node === null || typeof node !== "object") return node;
    const here = at(source, node, near);
    if (node.type === "origin" && node.value === "?") {
      return this.#value(this.#positional(here), here);
    }
    if (node.type === "param" && typeof node.value === "string") {
      return this.#value(this.#named(node.value, here), here);
    }
    const out: Node = {};
    for (const [key, value] of Object.entries(node)) out[key] = this.bind(value, source, here);
    return out;
  }

  #positional(position: SqlPosition | undefined): unknown {
    const params = this.#params;
    const index = this.#next++;
    if (!Array.isArray(params) || index >= params.length) {
      throw new SqlError(
        SqlErrorCode.Parameter,
        `No value for the ? placeholder number ${index + 1}`,
        {
          position,
          hint: "Pass one value per ? in an array: db.query(sql, [a, b]).",
        },
      );
    }
    return params[index];
  }

  #named(name: string, position: SqlPosition | undefined): unknown {
    const params = this.#params;
    if (params === undefined || Array.isArray(params) || !Object.hasOwn(params, name)) {
      throw new SqlError(SqlErrorCode.Parameter, `No value for the parameter :${name}`, {
        position,
        hint: `Pass it by name: db.query(sql, { ${name}: … }).`,
      });
    }
    this.#used.add(name);
    return (params as Record<string, unknown>)[name];
  }

  #value(value: unknown, position: SqlPosition | undefined): Node {
    const ok =
      value === null ||
      typeof value === "string" ||
      typeof value === "boolean" ||
      (typeof value === "number" && Number.isFinite(value)) ||
      (value instanceof Date && !Number.isNaN(value.getTime()));
    if (!ok) {
      throw new SqlError(
        SqlErrorCode.Parameter,
        `A parameter has a value of an unsupported type (${value === undefined ? "undefined" : typeof value})`,
        { position, hint: "Parameters are strings, finite numbers, booleans, null or Dates." },
      );
    }
    return {
      type: "bound",
      value: value instanceof Date ? value.toISOString() : value,
      pos: position,
    };
  }

  /** Refuses parameters the statement does not use: a typo would otherwise be ignored. */
  finish(): void {
    const params = this.#params;
    if (params === undefined) return;
    if (Array.isArray(params)) {
      if (params.length > this.#next) {
        throw new SqlError(
          SqlErrorCode.Parameter,
          `${params.length} positional parameters given, but the statement has ${this.#next} ? placeholders`,
          { hint: "Pass exactly one value per ?." },
        );
      }
      return;
    }
    for (const name of Object.keys(params)) {
      if (!this.#used.has(name)) {
        throw new SqlError(
          SqlErrorCode.Parameter,
          `The parameter "${name}" is not used in the statement`,
          {
            hint: `Write :${name} where it belongs, or leave it out.`,
          },
        );
      }
    }
    void this.#text;
  }
}
