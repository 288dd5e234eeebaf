import {
  type ColumnDeclaration,
  type ColumnsDeclaration,
  ConnectorError,
  matches,
  parseWhere,
  sortCompare,
} from "@x/connector-kit";
import { firstLine, SqlError, SqlErrorCode, type SqlPosition } from "./errors.js";
import { at, type Node, type Source } from "./parse.js";

/** A table of the query, as FROM and JOIN name it. */
export interface Scope {
  /** The name the query uses for it (its alias, or its name). */
  alias: string;
  table: string;
  columns: ColumnsDeclaration;
}

/** A row of the query: one row per table of FROM / JOIN (`undefined` for a LEFT JOIN miss). */
export type Tuple = (Record<string, unknown> | undefined)[];

/** A column reference resolved to its table and declared name. */
export interface ColumnRef {
  source: number;
  column: string;
  declaration: ColumnDeclaration;
}

const COMPARISON: Record<string, string> = {
  "=": "eq",
  "<>": "ne",
  "!=": "ne",
  ">": "gt",
  ">=": "gte",
  "<": "lt",
  "<=": "lte",
};
const FLIPPED: Record<string, string> = { gt: "lt", gte: "lte", lt: "gt", lte: "gte" };

/** Names in the query's text resolved against the tables of FROM / JOIN. */
export class Resolver {
  constructor(
    readonly scopes: Scope[],
    readonly source: Source,
  ) {}

  position(node: Node, fallback?: SqlPosition): SqlPosition | undefined {
    return at(this.source, node, fallback);
  }

  unsupported(construct: string, node: Node, hint: string): SqlError {
    return new SqlError(SqlErrorCode.Unsupported, `${construct} is not supported`, {
      position: this.position(node),
      hint,
    });
  }

  invalid(message: string, node: Node, hint: string): SqlError {
    return new SqlError(SqlErrorCode.Invalid, message, { position: this.position(node), hint });
  }

  /** The table and column a `column_ref` names. */
  column(node: Node): ColumnRef {
    const name = columnName(node);
    const qualifier: string | null = node.table ?? null;
    const candidates: ColumnRef[] = [];
    this.scopes.forEach((scope, source) => {
      if (
        qualifier !== null &&
        !sameName(qualifier, scope.alias) &&
        !sameName(qualifier, scope.table)
      )
        return;
      const found = findColumn(scope.columns, name);
      if (found)
        candidates.push({
          source,
          column: found,
          declaration: scope.columns[found] as ColumnDeclaration,
        });
    });
    if (
      qualifier !== null &&
      !this.scopes.some((s) => sameName(qualifier, s.alias) || sameName(qualifier, s.table))
    ) {
      throw new SqlError(SqlErrorCode.UnknownName, `No table "${qualifier}" in FROM or JOIN`, {
        position: this.position(node),
        hint: `Tables of this query: ${this.scopes.map((s) => s.alias).join(", ")}.`,
      });
    }
    if (candidates.length === 1) return candidates[0] as ColumnRef;
    if (candidates.length > 1) {
      throw new SqlError(SqlErrorCode.UnknownName, `The column "${name}" is ambiguous`, {
        position: this.position(node),
        hint: `Qualify it: ${candidates.map((c) => `${this.scopes[c.source]?.alias}.${name}`).join(" or ")}.`,
      });
    }
    const known = this.scopes.flatMap((s) => Object.keys(s.columns));
    const near = nearest(name, known);
    throw new SqlError(
      SqlErrorCode.UnknownName,
      `No column "${name}"${qualifier ? ` in ${qualifier}` : ""}`,
      {
        position: this.position(node),
        hint: near ? `Did you mean "${near}"?` : `Columns: ${known.slice(0, 20).join(", ")}.`,
      },
    );
  }

  /**
   * The part of a condition one table's listing can take, in the tables filter language, or
   * `undefined` when it needs more than one table or a test the filter language has no word for.
   */
  toWhere(node: Node): { source: number; where: Record<string, unknown> } | undefined {
    const t = node?.type;
    if (t === "binary_expr" && (node.operator === "AND" || node.operator === "OR")) {
      const left = this.toWhere(node.left);
      const right = this.toWhere(node.right);
      if (!left || !right || left.source !== right.source) return undefined;
      return { source: left.source, where: { [node.operator]: [left.where, right.where] } };
    }
    const negated = notOperand(node);
    if (negated) {
      const inner = this.toWhere(negated);
      return inner && { source: inner.source, where: { NOT: inner.where } };
    }
    if (t !== "binary_expr") return undefined;
    const op: string = node.operator;
    const leftIsColumn = node.left?.type === "column_ref";
    const rightIsColumn = node.right?.type === "column_ref";
    if (COMPARISON[op] && leftIsColumn !== rightIsColumn) {
      const ref = this.column(leftIsColumn ? node.left : node.right);
      const valueNode = leftIsColumn ? node.right : node.left;
      const value = this.literal(valueNode);
      if (value === undefined) return undefined;
      if (value.value === null) {
        throw this.invalid(
          `A comparison with NULL is never true`,
          node,
          "Write IS NULL or IS NOT NULL.",
        );
      }
      let filterOp = COMPARISON[op] as string;
      if (!leftIsColumn) filterOp = FLIPPED[filterOp] ?? filterOp;
      return this.#leaf(ref, { [filterOp]: value.value }, node);
    }
    if (!leftIsColumn) return undefined;
    const ref = this.column(node.left);
    if (op === "IS" || op === "IS NOT") {
      if (node.right?.type !== "null") return undefined;
      return this.#leaf(ref, { isNull: op === "IS" }, node);
    }
    if (op === "IN" || op === "NOT IN") {
      const list = node.right?.type === "expr_list" ? (node.right.value as Node[]) : undefined;
      const values = list?.map((v) => this.literal(v));
      if (!values || values.some((v) => v === undefined)) return undefined;
      if (values.some((v) => v?.value === null)) {
        throw this.invalid(
          "NULL in an IN list never matches",
          node,
          "Add OR column IS NULL instead.",
        );
      }
      const leaf = this.#leaf(ref, { in: values.map((v) => v?.value) }, node);
      return op === "IN" ? leaf : { source: leaf.source, where: { NOT: leaf.where } };
    }
    if (op === "BETWEEN" || op === "NOT BETWEEN") {
      const [low, high] = (node.right?.value as Node[]) ?? [];
      const a = this.literal(low);
      const b = this.literal(high);
      if (!a || !b || a.value === null || b.value === null) return undefined;
      const leaf = this.#leaf(ref, { gte: a.value, lte: b.value }, node);
      return op === "BETWEEN" ? leaf : { source: leaf.source, where: { NOT: leaf.where } };
    }
    if ((op === "LIKE" || op === "NOT LIKE") && ref.declaration.type === "string") {
      const pattern = this.literal(node.right);
      if (!pattern || typeof pattern.value !== "string") return undefined;
      const p = pattern.value;
      const plain = (s: string) => s !== "" && !/[%_]/.test(s);
      let test: Record<string, unknown> | undefined;
      if (p.startsWith("%") && p.endsWith("%") && plain(p.slice(1, -1)))
        test = { contains: p.slice(1, -1) };
      else if (p.endsWith("%") && plain(p.slice(0, -1))) test = { startsWith: p.slice(0, -1) };
      if (!test) return undefined;
      const leaf = this.#leaf(ref, test, node);
      return op === "LIKE" ? leaf : { source: leaf.source, where: { NOT: leaf.where } };
    }
    return undefined;
  }

  /** One condition on one column, checked against the column now so errors carry a position. */
  #leaf(ref: ColumnRef, test: Record<string, unknown>, node: Node) {
    const where = { [ref.column]: test };
    const scope = this.scopes[ref.source] as Scope;
    try {
      parseWhere(scope.table, scope.columns, where);
    } catch (error) {
      if (!(error instanceof ConnectorError)) throw error;
      throw new SqlError(SqlErrorCode.Invalid, firstLine(error.message), {
        position: this.position(node),
        hint: error.hint ?? "Compare the column with a value of its type.",
        cause: error,
      });
    }
    return { source: ref.source, where };
  }

  /** A constant: a literal or a bound parameter (`{ value }`), or `undefined` for anything else. */
  literal(node: Node): { value: unknown } | undefined {
    switch (node?.type) {
      case "number":
        return { value: Number(node.value) };
      case "single_quote_string":
      case "double_quote_string":
      case "string":
        return {
          value: String(node.value)
            .replace(/''/g, "'")
            .replace(/\\(['"\\])/g, "$1"),
        };
      case "bool":
        return { value: Boolean(node.value) };
      case "null":
        return { value: null };
      case "bound":
        return { value: node.value };
      default:
        return undefined;
    }
  }

  /**
   * A predicate over tuples with the tables filter language's meaning: a comparison with a null
   * is false (`<>` included), NOT negates, LIKE ignores case.
   */
  predicate(node: Node): (tuple: Tuple) => boolean {
    const translated = this.toWhere(node);
    if (translated) {
      const scope = this.scopes[translated.source] as Scope;
      const filter = parseWhere(scope.table, scope.columns, translated.where);
      const source = translated.source;
      return (tuple) => matches(filter, tuple[source] ?? {}, scope.columns);
    }
    if (node?.type === "binary_expr" && (node.operator === "AND" || node.operator === "OR")) {
      const left = this.predicate(node.left);
      const right = this.predicate(node.right);
      return node.operator === "AND" ? (t) => left(t) && right(t) : (t) => left(t) || right(t);
    }
    const negated = notOperand(node);
    if (negated) {
      const inner = this.predicate(negated);
      return (t) => !inner(t);
    }
    if (node?.type === "binary_expr" && COMPARISON[node.operator]) {
      if (node.left?.type === "column_ref" && node.right?.type === "column_ref") {
        const a = this.column(node.left);
        const b = this.column(node.right);
        const op = COMPARISON[node.operator] as string;
        return (t) => {
          const c = compareValues(a.declaration, t[a.source]?.[a.column], t[b.source]?.[b.column]);
          return c !== undefined && holds(op, c);
        };
      }
      const a = this.literal(node.left);
      const b = this.literal(node.right);
      if (a && b) {
        if (a.value === null || b.value === null) return () => false;
        const c = compareValues(undefined, a.value, b.value);
        const result = c !== undefined && holds(COMPARISON[node.operator] as string, c);
        return () => result;
      }
    }
    if (
      node?.type === "binary_expr" &&
      (node.operator === "LIKE" || node.operator === "NOT LIKE") &&
      node.left?.type === "column_ref"
    ) {
      const ref = this.column(node.left);
      const pattern = this.literal(node.right);
      if (pattern && typeof pattern.value === "string") {
        const regex = likePattern(pattern.value);
        const like = (t: Tuple) => {
          const v = t[ref.source]?.[ref.column];
          return (typeof v === "string" || typeof v === "number") && regex.test(String(v));
        };
        return node.operator === "LIKE" ? like : (t) => !like(t);
      }
    }
    throw this.unsupported(
      describeConstruct(node),
      node,
      "Conditions compare a column with a value or another column: =, <>, <, <=, >, >=, IN, LIKE, IS NULL, BETWEEN, joined by AND, OR, NOT.",
    );
  }
}

/** The operand of NOT, in either form the parser gives (`NOT x` or `NOT (x)`). */
export function notOperand(node: Node): Node | undefined {
  if (node?.type === "unary_expr" && node.operator === "NOT") return node.expr;
  if (node?.type === "function" && functionName(node) === "NOT") return node.args?.value?.[0];
  return undefined;
}

export function functionName(node: Node): string {
  const parts = node?.name?.name;
  return Array.isArray(parts)
    ? parts
        .map((p: Node) => p.value)
        .join(".")
        .toUpperCase()
    : String(node?.name ?? "").toUpperCase();
}

/** What a node is, for "… is not supported". */
export function describeConstruct(node: Node): string {
  switch (node?.type) {
    case "function":
      return `The function ${functionName(node)}()`;
    case "aggr_func":
      return `The aggregate ${node.name}() here`;
    case "binary_expr":
      return `The operator ${node.operator}`;
    case "case":
      return "CASE";
    case "cast":
      return "CAST";
    case "interval":
      return "INTERVAL";
    case "column_ref":
      return "A bare column as a condition";
    case undefined:
      return "This expression";
    default:
      return node.ast ? "A subquery" : `An expression of type ${node.type}`;
  }
}

function holds(op: string, c: number): boolean {
  switch (op) {
    case "eq":
      return c === 0;
    case "ne":
      return c !== 0;
    case "gt":
      return c > 0;
    case "gte":
      return c >= 0;
    case "lt":
      return c < 0;
    default:
      return c <= 0;
  }
}

/** Compares two values (of a column's type when known); `undefined` when either is null. */
export function compareValues(
  column: ColumnDeclaration | undefined,
  a: unknown,
  b: unknown,
): number | undefined {
  if (a === null || a === undefined || b === null || b === undefined) return undefined;
  const declaration: ColumnDeclaration = column ?? {
    type: typeof a === "number" && typeof b === "number" ? "decimal" : "string",
  };
  return sortCompare(declaration, a, b, false);
}

function likePattern(pattern: string): RegExp {
  let source = "";
  for (const ch of pattern) {
    source +=
      ch === "%"
        ? "[\\s\\S]*"
        : ch === "_"
          ? "[\\s\\S]"
          : ch.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`, "iu");
}

/** The column name of a `column_ref` (the parser nests it in some forms). */
export function columnName(node: Node): string {
  const c = node?.column;
  if (typeof c === "string") return c;
  return String(c?.expr?.value ?? "");
}

export function sameName(a: string, b: string): boolean {
  return a === b || a.toLowerCase() === b.toLowerCase();
}

/** A column's declared name, matched exactly or else ignoring case. */
export function findColumn(columns: ColumnsDeclaration, name: string): string | undefined {
  if (Object.hasOwn(columns, name)) return name;
  return Object.keys(columns).find((k) => k.toLowerCase() === name.toLowerCase());
}

/** The closest name, for did-you-mean. */
export function nearest(name: string, names: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const candidate of names) {
    const d = distance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] as number;
      row[j] = Math.min(
        (row[j] as number) + 1,
        (row[j - 1] as number) + 1,
        previous + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      previous = current;
    }
  }
  return row[b.length] as number;
}
