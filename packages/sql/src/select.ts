import type { ColumnDeclaration, ColumnType } from "@x/connector-kit";
import type { ListRequest, SqlTable } from "./catalog.js";
import { SqlError, SqlErrorCode } from "./errors.js";
import {
  type ColumnRef,
  columnName,
  compareValues,
  describeConstruct,
  notOperand,
  Resolver,
  sameName,
  type Tuple,
} from "./expr.js";
import type { Node, Source } from "./parse.js";

/** A column of a result. */
export interface ResultColumn {
  name: string;
  type: ColumnType;
  /** The table and column it comes from, for plain columns. */
  table?: string | undefined;
  column?: string | undefined;
}

/** A planned SELECT: its result columns, its rows, and its plan as text. */
export interface PlannedSelect {
  columns: ResultColumn[];
  rows(signal?: AbortSignal): AsyncGenerator<Record<string, unknown>>;
  explain(): Promise<string[]>;
}

export interface SelectContext {
  open(name: string, node: Node): Promise<SqlTable>;
  /** Called for each row read from a table (progress). */
  onRow?: ((table: string) => void) | undefined;
  /** `false`: every filter and order runs locally. */
  pushdown?: boolean | undefined;
}

interface Item {
  name: string;
  node: Node;
  meta: ResultColumn;
}

interface Aggregate {
  key: string;
  fn: "COUNT" | "SUM" | "MIN" | "MAX" | "AVG";
  arg: ColumnRef | "*";
  distinct: boolean;
}

interface Join {
  source: number;
  left: boolean;
  /** The joined table's column, and the earlier tuple's column it equals. */
  inner: ColumnRef;
  outer: ColumnRef;
  extra: ((tuple: Tuple) => boolean)[];
  text: string;
}

const JOINS: Record<string, boolean> = {
  JOIN: false,
  "INNER JOIN": false,
  "LEFT JOIN": true,
  "LEFT OUTER JOIN": true,
};
const AGGREGATES = new Set(["COUNT", "SUM", "MIN", "MAX", "AVG"]);

const slice = (source: Source, node: Node): string => {
  const start = node?.loc?.start?.offset;
  const end = node?.loc?.end?.offset;
  return typeof start === "number" && typeof end === "number"
    ? source.text.slice(start + source.shift, end + source.shift)
    : describeConstruct(node);
};

/** Plans a SELECT: what each table's listing takes, and what runs locally. */
export async function planSelect(
  ast: Node,
  source: Source,
  context: SelectContext,
): Promise<PlannedSelect> {
  const r0 = new Resolver([], source);
  refuse(ast, r0);
  const from = ast.from as Node[];
  const tables: SqlTable[] = [];
  for (const item of from) tables.push(await context.open(String(item.table), item));
  const resolver = new Resolver(
    from.map((item, i) => ({
      alias: String(item.as ?? item.table),
      table: (tables[i] as SqlTable).name,
      columns: (tables[i] as SqlTable).columns,
    })),
    source,
  );
  const leftJoined = new Set<number>();
  from.forEach((item, i) => {
    if (i > 0 && JOINS[String(item.join).toUpperCase()]) leftJoined.add(i);
  });

  // WHERE: conditions on one table go to its listing (where the provider's pushdown decides);
  // the others run on joined rows. A LEFT JOIN's table is filtered after the join.
  const pushed: Record<string, unknown>[][] = from.map(() => []);
  const local: { test: (t: Tuple) => boolean; text: string }[] = [];
  for (const term of conjuncts(ast.where)) {
    const translated = resolver.toWhere(term);
    if (translated && !leftJoined.has(translated.source)) {
      (pushed[translated.source] as Record<string, unknown>[]).push(translated.where);
    } else {
      local.push({ test: resolver.predicate(term), text: slice(source, term) });
    }
  }

  const joins: Join[] = [];
  from.forEach((item, i) => {
    if (i === 0) return;
    const ons = conjuncts(item.on);
    let key: { inner: ColumnRef; outer: ColumnRef } | undefined;
    const extra: ((t: Tuple) => boolean)[] = [];
    for (const term of ons) {
      if (
        !key &&
        term?.type === "binary_expr" &&
        term.operator === "=" &&
        term.left?.type === "column_ref" &&
        term.right?.type === "column_ref"
      ) {
        const a = resolver.column(term.left);
        const b = resolver.column(term.right);
        if (a.source === i && b.source < i) key = { inner: a, outer: b };
        else if (b.source === i && a.source < i) key = { inner: b, outer: a };
        if (key) continue;
      }
      const translated = resolver.toWhere(term);
      if (translated && translated.source === i) {
        (pushed[i] as Record<string, unknown>[]).push(translated.where);
      } else extra.push(resolver.predicate(term));
    }
    if (!key) {
      throw resolver.unsupported(
        "A JOIN without an equality between a column of the joined table and an earlier one",
        item.on ?? item,
        "Write JOIN b ON b.key = a.column (more conditions may follow with AND).",
      );
    }
    joins.push({ source: i, left: leftJoined.has(i), ...key, extra, text: slice(source, item.on) });
  });

  // The select list.
  const aggregates = new Map<string, Aggregate>();
  const items = selectItems(ast.columns as Node[], resolver, from);
  const grouped = ast.groupby?.columns ?? (Array.isArray(ast.groupby) ? ast.groupby : null);
  const groupBy: ColumnRef[] = ((grouped ?? []) as Node[]).map((node) => {
    if (node?.type !== "column_ref") {
      throw resolver.unsupported("GROUP BY of an expression", node, "Group by columns.");
    }
    return resolver.column(node);
  });
  const collect = (node: Node): void => {
    if (!node || typeof node !== "object") return;
    if (node.type === "aggr_func") {
      aggregates.set(aggregateKey(node), aggregateOf(node, resolver));
      return;
    }
    for (const [k, v] of Object.entries(node)) if (k !== "loc") collect(v);
  };
  for (const item of items) collect(item.node);
  collect(ast.having);
  for (const term of ast.orderby ?? []) collect(term.expr);
  const aggregating = aggregates.size > 0 || grouped !== null;
  if (!aggregating && ast.having) {
    throw resolver.invalid(
      "HAVING without GROUP BY or an aggregate",
      ast.having,
      "Use WHERE to filter rows.",
    );
  }

  const { limit, offset } = readLimit(ast.limit, resolver);
  const orderTerms = ((ast.orderby ?? []) as Node[]).map((term) => ({
    node: resolveOrder(term.expr, items, resolver),
    descending: String(term.type ?? "ASC").toUpperCase() === "DESC",
    text: slice(source, term.expr),
  }));

  // ORDER BY and LIMIT go to the listing when one table is read and nothing is filtered locally.
  const single = tables.length === 1 && local.length === 0 && !aggregating;
  const orderColumns = orderTerms.map((t) =>
    t.node?.type === "column_ref" ? resolver.column(t.node) : undefined,
  );
  const pushOrder = single && orderColumns.every((c) => c !== undefined && c.source === 0);
  const wanted = limit === undefined ? undefined : offset + limit;
  const requests: ListRequest[] = from.map((_, i) => ({
    where: whereOf(pushed[i] as Record<string, unknown>[]),
    ...(context.pushdown === false ? { pushdown: false } : {}),
  }));
  if (pushOrder) {
    (requests[0] as ListRequest).orderBy = orderColumns.map(
      (c, i) => `${orderTerms[i]?.descending ? "-" : ""}${c?.column}`,
    );
    (requests[0] as ListRequest).limit = wanted;
  }

  const tuples = (signal?: AbortSignal) =>
    readTuples(tables, requests, joins, local, context, signal);

  if (!aggregating) {
    for (const item of items) {
      if (item.node?.type !== "column_ref" && !resolver.literal(item.node)) {
        throw resolver.unsupported(
          describeConstruct(item.node),
          item.node,
          "Select columns, constants and COUNT/SUM/MIN/MAX/AVG.",
        );
      }
    }
    const value = (node: Node) => readValue(node, resolver);
    const projections = items.map((item) => [item.name, value(item.node)] as const);
    const keys = orderTerms.map((t) => ({
      get: value(t.node),
      type: typeOf(t.node, resolver),
      descending: t.descending,
    }));
    const project = (t: Tuple) => {
      const out: Record<string, unknown> = {};
      for (const [name, get] of projections) out[name] = get(t) ?? null;
      return out;
    };
    return {
      columns: items.map((i) => i.meta),
      async *rows(signal) {
        if (limit === 0) return;
        if (orderTerms.length > 0 && !pushOrder) {
          const top = new TopN<Tuple>((a, b) => compareKeys(keys, a, b), wanted);
          for await (const t of tuples(signal)) top.add(t);
          let skipped = 0;
          for (const t of top.rows()) {
            if (skipped++ < offset) continue;
            yield project(t);
          }
          return;
        }
        let index = 0;
        let emitted = 0;
        for await (const t of tuples(signal)) {
          if (index++ < offset) continue;
          yield project(t);
          if (limit !== undefined && ++emitted >= limit) return;
        }
      },
      explain: async () => [
        ...(await explainReads(tables, requests, resolver, joins)),
        ...local.map((l) => `local filter: ${l.text}`),
        ...(orderTerms.length > 0 && !pushOrder
          ? [
              `local order: ${orderTerms.map((t) => `${t.text}${t.descending ? " DESC" : ""}`).join(", ")}${wanted !== undefined ? ` (keeps the top ${wanted} rows)` : " (keeps every row)"}`,
            ]
          : []),
        ...(offset > 0 || limit !== undefined
          ? [`local: offset ${offset}${limit !== undefined ? `, limit ${limit}` : ""}`]
          : []),
      ],
    };
  }

  // Aggregation: one entry per group, whatever the number of rows.
  for (const item of items) checkGrouped(item.node, groupBy, resolver);
  const aggList = [...aggregates.values()];
  const groupValue = (node: Node, group: Group): unknown => {
    if (node?.type === "aggr_func")
      return group.results[aggList.findIndex((a) => a.key === aggregateKey(node))];
    if (node?.type === "column_ref") {
      const ref = resolver.column(node);
      const at = groupBy.findIndex((g) => g.source === ref.source && g.column === ref.column);
      if (at < 0)
        throw resolver.invalid(
          `"${columnName(node)}" is neither grouped nor aggregated`,
          node,
          "Add it to GROUP BY, or wrap it in an aggregate.",
        );
      return group.keys[at];
    }
    const literal = resolver.literal(node);
    if (literal) return literal.value;
    throw resolver.unsupported(
      describeConstruct(node),
      node,
      "Use columns of GROUP BY, aggregates and constants here.",
    );
  };
  const having = ast.having ? groupPredicate(ast.having, groupValue, resolver) : undefined;
  for (const t of orderTerms) checkGrouped(t.node, groupBy, resolver);
  return {
    columns: items.map((i) => i.meta),
    async *rows(signal) {
      const groups = new Map<string, { keys: unknown[]; acc: Accumulator[] }>();
      for await (const t of tuples(signal)) {
        const keys = groupBy.map((g) => t[g.source]?.[g.column] ?? null);
        const id = JSON.stringify(keys.map((k) => (k === null ? null : String(k))));
        let group = groups.get(id);
        if (!group) {
          group = { keys, acc: aggList.map((a) => new Accumulator(a)) };
          groups.set(id, group);
        }
        for (const acc of group.acc) acc.add(t);
      }
      if (groups.size === 0 && groupBy.length === 0) {
        groups.set("[]", { keys: [], acc: aggList.map((a) => new Accumulator(a)) });
      }
      const out: Group[] = [];
      for (const g of groups.values()) {
        const group: Group = { keys: g.keys, results: g.acc.map((a) => a.result()) };
        if (!having || having(group)) out.push(group);
      }
      if (orderTerms.length > 0) {
        out.sort((a, b) => {
          for (const term of orderTerms) {
            const c = nullsLast(
              groupValue(term.node, a),
              groupValue(term.node, b),
              term.descending,
            );
            if (c !== 0) return c;
          }
          return 0;
        });
      }
      const end = limit === undefined ? out.length : offset + limit;
      for (const group of out.slice(offset, end)) {
        const row: Record<string, unknown> = {};
        for (const item of items) row[item.name] = groupValue(item.node, group) ?? null;
        yield row;
      }
    },
    explain: async () => [
      ...(await explainReads(tables, requests, resolver, joins)),
      ...local.map((l) => `local filter: ${l.text}`),
      `local aggregate: ${groupBy.length ? `GROUP BY ${groupBy.map((g) => g.column).join(", ")}` : "one group"} (keeps one entry per group)${ast.having ? `, HAVING ${slice(source, ast.having)}` : ""}`,
      ...(orderTerms.length
        ? [
            `local order of the groups: ${orderTerms.map((t) => `${t.text}${t.descending ? " DESC" : ""}`).join(", ")}`,
          ]
        : []),
      ...(offset > 0 || limit !== undefined
        ? [`local: offset ${offset}${limit !== undefined ? `, limit ${limit}` : ""}`]
        : []),
    ],
  };
}

interface Group {
  keys: unknown[];
  results: unknown[];
}

function refuse(ast: Node, r: Resolver): void {
  const where = (what: string, node: Node, hint: string) => {
    throw r.unsupported(what, node ?? ast, hint);
  };
  if (ast.with) where("WITH", ast.with, "Write the query without a common table expression.");
  if (ast._next || ast.set_op)
    where(
      `${String(ast.set_op ?? "UNION").toUpperCase()}`,
      ast._next,
      "Run each SELECT on its own.",
    );
  if (ast.distinct)
    where("SELECT DISTINCT", ast.columns?.[0]?.expr, "Use GROUP BY on the columns instead.");
  if (ast.window) where("WINDOW", ast, "Window functions are not supported.");
  if (!Array.isArray(ast.from) || ast.from.length === 0) {
    where(
      "SELECT without FROM",
      ast.columns?.[0]?.expr,
      "Select from a table, or from sys_tables.",
    );
  }
  ast.from.forEach((item: Node, i: number) => {
    if (item.expr)
      where("A subquery in FROM", item.expr?.ast ?? item, "Select from tables of the connection.");
    if (i > 0 && !item.join)
      where("A comma join (cross join)", item, "Write JOIN … ON a.key = b.column.");
    if (i > 0 && !(String(item.join).toUpperCase() in JOINS)) {
      where(String(item.join).toUpperCase(), item, "INNER JOIN and LEFT JOIN are supported.");
    }
    if (item.using) where("JOIN … USING", item, "Write ON a.column = b.column.");
  });
}

function conjuncts(node: Node): Node[] {
  if (!node) return [];
  if (node.type === "binary_expr" && node.operator === "AND")
    return [...conjuncts(node.left), ...conjuncts(node.right)];
  return [node];
}

function whereOf(terms: Record<string, unknown>[]): Record<string, unknown> | undefined {
  if (terms.length === 0) return undefined;
  return terms.length === 1 ? terms[0] : { AND: terms };
}

function selectItems(columns: Node[], resolver: Resolver, from: Node[]): Item[] {
  const items: Item[] = [];
  const taken = new Set<string>();
  const name = (wanted: string, fallback: string) => {
    const chosen = taken.has(wanted) ? fallback : wanted;
    taken.add(chosen);
    return chosen;
  };
  for (const column of columns) {
    const e = column.expr;
    if (e?.type === "column_ref" && columnName(e) === "*") {
      resolver.scopes.forEach((scope, source) => {
        if (e.table && !sameName(e.table, scope.alias) && !sameName(e.table, scope.table)) return;
        for (const [col, declaration] of Object.entries(scope.columns)) {
          const node = { type: "column_ref", table: scope.alias, column: col, loc: e.loc };
          items.push({
            name: name(col, `${scope.alias}.${col}`),
            node,
            meta: meta(col, declaration, scope.table),
          });
          void source;
        }
      });
      if (
        e.table &&
        !resolver.scopes.some((s) => sameName(e.table, s.alias) || sameName(e.table, s.table))
      ) {
        resolver.column(e); // throws the unknown-table error
      }
      continue;
    }
    const alias = typeof column.as === "string" ? column.as : undefined;
    if (e?.type === "column_ref") {
      const ref = resolver.column(e);
      const scope = resolver.scopes[ref.source];
      items.push({
        name: name(alias ?? ref.column, alias ?? `${scope?.alias}.${ref.column}`),
        node: e,
        meta: { ...meta(ref.column, ref.declaration, scope?.table ?? ""), name: "" },
      });
    } else if (e?.type === "aggr_func") {
      const agg = aggregateOf(e, resolver);
      const text = `${agg.fn}(${agg.distinct ? "DISTINCT " : ""}${agg.arg === "*" ? "*" : agg.arg.column})`;
      items.push({
        name: name(alias ?? text, `${text}_${items.length + 1}`),
        node: e,
        meta: { name: "", type: aggregateType(agg) },
      });
    } else {
      const literal = resolver.literal(e);
      if (!literal) {
        throw resolver.unsupported(
          describeConstruct(e),
          e,
          "Select columns, constants and COUNT/SUM/MIN/MAX/AVG.",
        );
      }
      const v = literal.value;
      items.push({
        name: name(alias ?? `column${items.length + 1}`, `column${items.length + 1}`),
        node: e,
        meta: {
          name: "",
          type: typeof v === "number" ? "decimal" : typeof v === "boolean" ? "boolean" : "string",
        },
      });
    }
    const last = items[items.length - 1] as Item;
    last.meta.name = last.name;
  }
  void from;
  return items;
}

function meta(name: string, declaration: ColumnDeclaration, table: string): ResultColumn {
  return { name, type: declaration.type, table, column: name };
}

function aggregateKey(node: Node): string {
  return JSON.stringify(node, (k, v) => (k === "loc" || k === "pos" ? undefined : v));
}

function aggregateOf(node: Node, resolver: Resolver): Aggregate {
  const fn = String(node.name).toUpperCase();
  if (!AGGREGATES.has(fn)) {
    throw resolver.unsupported(`The aggregate ${fn}()`, node, "Use COUNT, SUM, MIN, MAX or AVG.");
  }
  if (node.over) throw resolver.unsupported("OVER (window functions)", node, "Use GROUP BY.");
  const expr = node.args?.expr;
  const distinct = Boolean(node.args?.distinct);
  if (expr?.type === "star") {
    if (fn !== "COUNT")
      throw resolver.invalid(`${fn}(*) has no meaning`, node, `Write ${fn}(column).`);
    return { key: aggregateKey(node), fn: "COUNT", arg: "*", distinct };
  }
  if (expr?.type !== "column_ref") {
    throw resolver.unsupported(`${fn}() of an expression`, expr ?? node, `Write ${fn}(column).`);
  }
  const arg = resolver.column(expr);
  if (
    (fn === "SUM" || fn === "AVG") &&
    arg.declaration.type !== "integer" &&
    arg.declaration.type !== "decimal"
  ) {
    throw resolver.invalid(
      `${fn}(${arg.column}): ${arg.column} is a ${arg.declaration.type} column`,
      expr,
      `${fn} adds numbers; use COUNT, MIN or MAX.`,
    );
  }
  return { key: aggregateKey(node), fn: fn as Aggregate["fn"], arg, distinct };
}

function aggregateType(a: Aggregate): ColumnType {
  if (a.fn === "COUNT") return "integer";
  if (a.fn === "AVG") return "decimal";
  if (a.arg === "*") return "integer";
  return a.fn === "SUM" ? a.arg.declaration.type : a.arg.declaration.type;
}

class Accumulator {
  readonly #a: Aggregate;
  #count = 0;
  #sum = 0;
  #best: unknown = null;
  readonly #seen: Set<string> | undefined;

  constructor(a: Aggregate) {
    this.#a = a;
    this.#seen = a.distinct ? new Set() : undefined;
  }

  add(t: Tuple): void {
    const a = this.#a;
    if (a.arg === "*") {
      this.#count += 1;
      return;
    }
    const raw = t[a.arg.source]?.[a.arg.column];
    if (raw === null || raw === undefined) return;
    if (this.#seen) {
      const id = String(raw);
      if (this.#seen.has(id)) return;
      this.#seen.add(id);
    }
    this.#count += 1;
    if (a.fn === "SUM" || a.fn === "AVG") {
      const n = typeof raw === "number" ? raw : Number(raw);
      if (!Number.isNaN(n)) this.#sum += n;
    } else if (a.fn === "MIN" || a.fn === "MAX") {
      const c = this.#best === null ? undefined : compareValues(a.arg.declaration, raw, this.#best);
      if (this.#best === null || (c !== undefined && (a.fn === "MIN" ? c < 0 : c > 0)))
        this.#best = raw;
    }
  }

  result(): unknown {
    switch (this.#a.fn) {
      case "COUNT":
        return this.#count;
      case "SUM":
        return this.#count === 0 ? null : this.#sum;
      case "AVG":
        return this.#count === 0 ? null : this.#sum / this.#count;
      default:
        return this.#best;
    }
  }
}

function checkGrouped(node: Node, groupBy: ColumnRef[], resolver: Resolver): void {
  if (node?.type !== "column_ref") return;
  const ref = resolver.column(node);
  if (!groupBy.some((g) => g.source === ref.source && g.column === ref.column)) {
    throw resolver.invalid(
      `"${ref.column}" is neither grouped nor aggregated`,
      node,
      "Add it to GROUP BY, or wrap it in an aggregate.",
    );
  }
}

function groupPredicate(
  node: Node,
  value: (node: Node, g: Group) => unknown,
  resolver: Resolver,
): (g: Group) => boolean {
  if (node?.type === "binary_expr" && (node.operator === "AND" || node.operator === "OR")) {
    const l = groupPredicate(node.left, value, resolver);
    const r = groupPredicate(node.right, value, resolver);
    return node.operator === "AND" ? (g) => l(g) && r(g) : (g) => l(g) || r(g);
  }
  const negated = notOperand(node);
  if (negated) {
    const inner = groupPredicate(negated, value, resolver);
    return (g) => !inner(g);
  }
  const ops: Record<string, (c: number) => boolean> = {
    "=": (c) => c === 0,
    "<>": (c) => c !== 0,
    "!=": (c) => c !== 0,
    ">": (c) => c > 0,
    ">=": (c) => c >= 0,
    "<": (c) => c < 0,
    "<=": (c) => c <= 0,
  };
  if (node?.type === "binary_expr" && ops[node.operator]) {
    const test = ops[node.operator] as (c: number) => boolean;
    return (g) => {
      const c = compareValues(undefined, value(node.left, g), value(node.right, g));
      return c !== undefined && test(c);
    };
  }
  if (
    node?.type === "binary_expr" &&
    (node.operator === "IS" || node.operator === "IS NOT") &&
    node.right?.type === "null"
  ) {
    return (g) => (value(node.left, g) === null) === (node.operator === "IS");
  }
  throw resolver.unsupported(
    describeConstruct(node),
    node,
    "HAVING compares aggregates and grouped columns with =, <>, <, <=, >, >=, IS NULL, AND, OR, NOT.",
  );
}

function readLimit(limit: Node, resolver: Resolver): { limit: number | undefined; offset: number } {
  const values = (limit?.value ?? []) as Node[];
  if (values.length === 0) return { limit: undefined, offset: 0 };
  const read = (node: Node) => {
    const v = resolver.literal(node)?.value;
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0) {
      throw resolver.invalid(
        `LIMIT and OFFSET take whole numbers (0 or more), not ${JSON.stringify(v ?? describeConstruct(node))}`,
        node,
        "Write LIMIT 10 OFFSET 20.",
      );
    }
    return v;
  };
  if (values.length === 1) return { limit: read(values[0]), offset: 0 };
  return limit.seperator === ","
    ? { offset: read(values[0]), limit: read(values[1]) }
    : { limit: read(values[0]), offset: read(values[1]) };
}

function resolveOrder(node: Node, items: Item[], resolver: Resolver): Node {
  const literal = resolver.literal(node);
  if (literal && typeof literal.value === "number" && node.type === "number") {
    const item = items[literal.value - 1];
    if (!item)
      throw resolver.invalid(
        `ORDER BY ${literal.value}: the select list has ${items.length} columns`,
        node,
        "Order by a column name or a position from 1.",
      );
    return item.node;
  }
  if (node?.type === "column_ref" && !node.table) {
    const item = items.find((i) => sameName(i.name, columnName(node)));
    if (item && item.node?.type !== "column_ref") return item.node;
    if (item) return item.node;
  }
  return node;
}

function readValue(node: Node, resolver: Resolver): (t: Tuple) => unknown {
  if (node?.type === "column_ref") {
    const ref = resolver.column(node);
    return (t) => t[ref.source]?.[ref.column];
  }
  const literal = resolver.literal(node);
  if (literal) return () => literal.value;
  throw resolver.unsupported(
    describeConstruct(node),
    node,
    "Order by columns of the tables, or by select list positions.",
  );
}

function typeOf(node: Node, resolver: Resolver): ColumnDeclaration | undefined {
  return node?.type === "column_ref" ? resolver.column(node).declaration : undefined;
}

function compareKeys(
  keys: { get: (t: Tuple) => unknown; type: ColumnDeclaration | undefined; descending: boolean }[],
  a: Tuple,
  b: Tuple,
): number {
  for (const key of keys) {
    const c = nullsLast(key.get(a), key.get(b), key.descending, key.type);
    if (c !== 0) return c;
  }
  return 0;
}

/** Sort order with nulls last in both directions, as the tables listing sorts. */
function nullsLast(a: unknown, b: unknown, descending: boolean, type?: ColumnDeclaration): number {
  const an = a === null || a === undefined;
  const bn = b === null || b === undefined;
  if (an || bn) return an === bn ? 0 : an ? 1 : -1;
  const c = compareValues(type, a, b) ?? 0;
  return descending ? -c : c;
}

/** Rows read from the first table, joined, filtered locally. */
async function* readTuples(
  tables: SqlTable[],
  requests: ListRequest[],
  joins: Join[],
  local: { test: (t: Tuple) => boolean }[],
  context: SelectContext,
  signal: AbortSignal | undefined,
): AsyncGenerator<Tuple> {
  // Each joined table is read once, into a map from its join column to its rows.
  const maps: Map<string, Record<string, unknown>[]>[] = [];
  for (const join of joins) {
    const map = new Map<string, Record<string, unknown>[]>();
    const table = tables[join.source] as SqlTable;
    for await (const row of table.rows({ ...requests[join.source], signal })) {
      context.onRow?.(table.name);
      const key = row[join.inner.column];
      if (key === null || key === undefined) continue;
      const id = String(key);
      const bucket = map.get(id);
      if (bucket) bucket.push(row);
      else map.set(id, [row]);
    }
    maps.push(map);
  }
  const first = tables[0] as SqlTable;
  for await (const row of first.rows({ ...requests[0], signal })) {
    context.onRow?.(first.name);
    yield* extend([row], 0, joins, maps, local);
  }
}

function* extend(
  tuple: Tuple,
  index: number,
  joins: Join[],
  maps: Map<string, Record<string, unknown>[]>[],
  local: { test: (t: Tuple) => boolean }[],
): Generator<Tuple> {
  if (index === joins.length) {
    if (local.every((l) => l.test(tuple))) yield tuple;
    return;
  }
  const join = joins[index] as Join;
  const key = tuple[join.outer.source]?.[join.outer.column];
  const candidates = key === null || key === undefined ? [] : (maps[index]?.get(String(key)) ?? []);
  let matched = false;
  for (const candidate of candidates) {
    const next = [...tuple, candidate];
    if (!join.extra.every((test) => test(next))) continue;
    matched = true;
    yield* extend(next, index + 1, joins, maps, local);
  }
  if (!matched && join.left) yield* extend([...tuple, undefined], index + 1, joins, maps, local);
}

async function explainReads(
  tables: SqlTable[],
  requests: ListRequest[],
  resolver: Resolver,
  joins: Join[],
): Promise<string[]> {
  const lines: string[] = [];
  for (let i = 0; i < tables.length; i++) {
    const alias = resolver.scopes[i]?.alias;
    const text = await (tables[i] as SqlTable).explain(requests[i] as ListRequest);
    lines.push(
      ...text.map((line, n) =>
        n === 0 && alias !== tables[i]?.name ? `${line} (as ${alias})` : line,
      ),
    );
  }
  for (const join of joins) {
    lines.push(
      `local ${join.left ? "LEFT JOIN" : "INNER JOIN"} ${resolver.scopes[join.source]?.alias} ON ${join.text} (the joined table is read once and kept by ${join.inner.column})`,
    );
  }
  return lines;
}

/** The first `limit` items in an order (all of them without a limit); a stable sort. */
class TopN<T> {
  readonly #items: T[] = [];
  readonly #compare: (a: T, b: T) => number;
  readonly #limit: number;

  constructor(compare: (a: T, b: T) => number, limit: number | undefined) {
    this.#compare = compare;
    this.#limit = limit ?? Number.POSITIVE_INFINITY;
  }

  add(item: T): void {
    const items = this.#items;
    if (this.#limit === 0) return;
    if (this.#limit === Number.POSITIVE_INFINITY) {
      items.push(item);
      return;
    }
    if (items.length >= this.#limit && this.#compare(item, items[items.length - 1] as T) >= 0)
      return;
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#compare(items[mid] as T, item) <= 0) lo = mid + 1;
      else hi = mid;
    }
    items.splice(lo, 0, item);
    if (items.length > this.#limit) items.pop();
  }

  rows(): T[] {
    return this.#limit === Number.POSITIVE_INFINITY ? this.#items.sort(this.#compare) : this.#items;
  }
}

export { SqlError, SqlErrorCode };
