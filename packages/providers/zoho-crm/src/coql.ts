import {
  type ApiRequest,
  type ColumnDeclaration,
  type ColumnsDeclaration,
  type Condition,
  type CustomTables,
  type FilterNode,
  MATCH_ALL,
  type Operator,
  operatorsFor,
  type PaginationSpec,
  type QueryListing,
  type TableDeclaration,
  type TableQuery,
} from "@x/connector-kit";
import { tables } from "./tables.js";

// Filters sent as COQL (`POST /crm/{version}/coql`, `{"select_query": …}`), where its meaning
// is ours or a superset of it (docs/providers/zoho-crm.md, "COQL"):
// - numbers and dates compare exactly; a negated or `ne` condition adds `is null` /
//   `is not null`, so how Zoho treats empty fields with `!=` does not matter;
// - booleans take `=` only (Kaizen #81): `ne v` is `= !v`, negations stay local;
// - text (`=`, `in`, `like`) may ignore case: sent only where a superset is enough (never under
//   NOT), and the rows are checked again locally;
// - the record id compares exactly, negated too (it is never empty);
// - multi-line fields may not appear in criteria; discovered text fields might be multi-line,
//   so only declared text columns are sent.

/** Criteria in one WHERE clause (one is kept for the id range that pages). */
const MAX_CRITERIA = 25 - 1;
/** Values in one `in`. */
const MAX_IN = 50;
/** Declared text columns that are multi-line fields in Zoho (not allowed in criteria). */
const MULTI_LINE = new Set(["Description", "Question", "Answer", "Note_Content"]);

/** Records one COQL call returns at most (LIMIT): 200 through v3, 2,000 from v4. */
export const coqlPageSize = (schema: string) =>
  ["v2", "v2.1", "v3"].includes(schema) ? 200 : 2000;

type Sent = { expr: string; criteria: number; exact: boolean };

const quote = (v: string) => `'${v.replace(/'/g, "''")}'`;

/** SQL keywords a field may be named like (a custom `Order`, `Limit`, `External`). */
const RESERVED = new Set(
  (
    "select from where and or not in is null like between order by group having limit offset " +
    "asc desc as on join inner outer left right full cross union all any some distinct exists " +
    "case when then else end true false external insert update delete into values set table " +
    "create drop alter index view primary foreign references default check unique with user"
  ).split(" "),
);
/** A field name as COQL takes it: quoted when named like a keyword (Kaizen #171). */
const field = (f: string) => (RESERVED.has(f.toLowerCase()) ? quote(f) : f);

/** Zoho's form of a value of the column, or undefined where it cannot be said exactly. */
function literal(column: ColumnDeclaration, value: unknown): string | undefined {
  switch (column.type) {
    case "integer":
    case "decimal":
      return typeof value === "number" && Number.isFinite(value) ? String(value) : undefined;
    case "boolean":
      return quote(String(value));
    case "date":
      return quote(String(value));
    case "datetime": {
      // Zoho keeps whole seconds: an instant with milliseconds stays local.
      const t = Date.parse(String(value));
      if (Number.isNaN(t) || t % 1000 !== 0) return undefined;
      return quote(new Date(t).toISOString().replace(/\.000Z$/, "+00:00"));
    }
    default:
      return quote(String(value));
  }
}

const or = (a: string, b: string) => `(${a} or ${b})`;
const and = (a: string, b: string) => `(${a} and ${b})`;

/** One condition, or its negation, as COQL. */
function leaf(
  c: Condition,
  column: ColumnDeclaration,
  declared: boolean,
  negated: boolean,
): Sent | undefined {
  // Discovered text fields may be multi-line, which criteria refuse.
  if (column.type === "string" && c.column !== "id" && (!declared || MULTI_LINE.has(c.column)))
    return undefined;
  const f = field(c.column);
  if (column.type === "boolean") return booleanLeaf(c, negated);
  if (c.op === "isNull") {
    if (column.type === "json" && !column.references) return undefined;
    const isNull = (c.value as boolean) !== negated;
    return { expr: `${f} ${isNull ? "is null" : "is not null"}`, criteria: 1, exact: true };
  }
  const values = c.op === "in" ? (c.value as unknown[]) : [c.value];
  if (values.length === 0 || values.length > MAX_IN) return undefined;
  const lits = values.map((v) => literal(column, v));
  if (lits.some((l) => l === undefined)) return undefined;
  const [v] = lits as string[];
  const list = `(${(lits as string[]).join(",")})`;
  if (f === "id") {
    // Exact and never empty: negation is the opposite comparator.
    const eqLike = c.op === "eq" || c.op === "in";
    if (!eqLike && c.op !== "ne") return undefined;
    const positive = (c.op === "ne") === negated;
    const expr =
      c.op === "in"
        ? `id ${positive ? "in" : "not in"} ${list}`
        : `id ${positive ? "=" : "!="} ${v}`;
    return { expr, criteria: 1, exact: true };
  }
  if (column.type === "string" || column.type === "enum") {
    // Text may compare ignoring case: a superset of ours, so never negated, and checked again.
    if (negated) return undefined;
    const text = String(c.value);
    const like = (pattern: string) =>
      /[%_]/.test(text)
        ? undefined
        : { expr: `${f} like ${quote(pattern)}`, criteria: 1, exact: false };
    switch (c.op) {
      case "eq":
        return { expr: `${f} = ${v}`, criteria: 1, exact: false };
      case "in":
        return { expr: `${f} in ${list}`, criteria: 1, exact: false };
      case "contains":
        return like(`%${text}%`);
      case "startsWith":
        return like(`${text}%`);
      default:
        return undefined;
    }
  }
  if (!["integer", "decimal", "date", "datetime"].includes(column.type)) return undefined;
  const empty = `${f} is null`;
  const filled = `${f} is not null`;
  const opposite: Partial<Record<Operator, string>> = { gt: "<=", gte: "<", lt: ">=", lte: ">" };
  const comparator: Partial<Record<Operator, string>> = { gt: ">", gte: ">=", lt: "<", lte: "<=" };
  switch (c.op) {
    case "eq":
      return negated
        ? { expr: or(`${f} != ${v}`, empty), criteria: 2, exact: true }
        : { expr: `${f} = ${v}`, criteria: 1, exact: true };
    case "ne":
      return negated
        ? { expr: or(`${f} = ${v}`, empty), criteria: 2, exact: true }
        : { expr: and(`${f} != ${v}`, filled), criteria: 2, exact: true };
    case "in":
      return negated
        ? { expr: or(`${f} not in ${list}`, empty), criteria: 2, exact: true }
        : { expr: `${f} in ${list}`, criteria: 1, exact: true };
    default: {
      const op = (negated ? opposite : comparator)[c.op];
      if (!op) return undefined;
      return negated
        ? { expr: or(`${f} ${op} ${v}`, empty), criteria: 2, exact: true }
        : { expr: `${f} ${op} ${v}`, criteria: 1, exact: true };
    }
  }
}

/**
 * A boolean condition as COQL, which compares booleans with `=` only. `ne v` (false on empty
 * fields, as `= v` is) is `= !v`; an `in` of one value is `=`, of both it says nothing (the
 * rest of the filter is sent and the rows re-checked). A negation or `isNull` would need
 * `is null`, so it stays local.
 */
function booleanLeaf(c: Condition, negated: boolean): Sent | undefined {
  if (negated || !["eq", "ne", "in"].includes(c.op)) return undefined;
  const values = c.op === "in" ? (c.value as unknown[]) : [c.value];
  if (values.length === 0 || values.some((v) => typeof v !== "boolean")) return undefined;
  const wanted = new Set(c.op === "ne" ? values.map((v) => !v) : values);
  if (wanted.size !== 1) return undefined;
  return {
    expr: `${field(c.column)} = ${quote(String([...wanted][0]))}`,
    criteria: 1,
    exact: true,
  };
}

interface Context {
  columns: ColumnsDeclaration;
  declared: ColumnsDeclaration;
}

/**
 * A node (or its negation) as COQL whose matches include every row the node matches: parts of
 * a conjunction that cannot be said are left out (then it is no longer exact).
 */
function translate(node: FilterNode, negated: boolean, ctx: Context): Sent | undefined {
  if (node.kind === "condition") {
    const column = ctx.columns[node.column];
    return column
      ? leaf(node, column, Object.hasOwn(ctx.declared, node.column), negated)
      : undefined;
  }
  if (node.kind === "not") return translate(node.item, !negated, ctx);
  const items = node.items.map((item) => translate(item, negated, ctx));
  // `and`, or a negated `or`: every part must hold; `or`, or a negated `and`: any part.
  const conjunction = (node.kind === "and") !== negated;
  if (conjunction) return combine(items, "and", MAX_CRITERIA);
  if (items.some((i) => i === undefined)) return undefined;
  return combine(items, "or", Number.POSITIVE_INFINITY);
}

/** Parts joined in bracketed pairs, `((A and B) and C)`, as COQL requires. */
function combine(items: (Sent | undefined)[], op: "and" | "or", budget: number): Sent | undefined {
  let out: Sent | undefined;
  let exact = true;
  for (const item of items) {
    if (!item || (out?.criteria ?? 0) + item.criteria > budget) {
      exact = false;
      continue;
    }
    exact &&= item.exact;
    out = out
      ? { expr: `(${out.expr} ${op} ${item.expr})`, criteria: out.criteria + item.criteria, exact }
      : { ...item };
  }
  return out && { ...out, exact: exact && out.exact };
}

/** One page: in id order, after the last id read (none on the first page). */
function build(base: string, where: string, after: string | undefined, limit: number) {
  const w = after ? `(${where} and id > ${quote(after)})` : where;
  return `${base} where ${w} order by id asc limit ${limit}`;
}

type Page = { data?: { id?: unknown }[]; info?: { more_records?: boolean } };

/**
 * Pages after the last id read (`id > last`, in id order) from the first page on, never with
 * OFFSET: a record deleted between two pages would shift an offset and skip a row, and the
 * id range also reaches past the version's LIMIT + OFFSET ceiling.
 */
function coqlPaging(select: string, where: string, size: number): PaginationSpec {
  return {
    items: (body) => (body as Page).data ?? [],
    next(body, request, items) {
      if (!(body as Page).info?.more_records) return undefined;
      const last = (items.at(-1) as { id?: unknown } | undefined)?.id;
      if (last === undefined || last === null) return undefined;
      return { ...request, json: { select_query: build(select, where, String(last), size) } };
    },
  };
}

/** The COQL listing of a module table, for the version `schema`. */
export function coqlQuery(schema: string, table: TableDeclaration): TableQuery {
  const declared = table.columns;
  const complete = table.list.complete;
  return {
    operators(column, declaration) {
      const c: Condition = { kind: "condition", column, op: "eq", value: null };
      const sayable = (op: Operator, value: unknown) =>
        leaf({ ...c, op, value }, declaration, Object.hasOwn(declared, column), false) !==
        undefined;
      const sample: Record<string, unknown> = {
        integer: 1,
        decimal: 1,
        boolean: true,
        date: "2024-01-01",
        datetime: "2024-01-01T00:00:00Z",
      };
      const v = sample[declaration.type] ?? "a";
      return operatorsFor(declaration).filter((op) =>
        sayable(
          op,
          op === "in"
            ? [v]
            : op === "isNull"
              ? true
              : op === "contains" || op === "startsWith"
                ? "a"
                : v,
        ),
      );
    },
    plan(filter, columns, base, limit): QueryListing | undefined {
      const terms = filter.kind === "and" ? filter.items : [filter];
      const ctx = { columns, declared };
      // Top-level terms that can be said, while the criteria fit; the rest stays local.
      const kept: FilterNode[] = [];
      const said: Sent[] = [];
      let criteria = 0;
      for (const term of terms) {
        const s = translate(term, false, ctx);
        if (!s || criteria + s.criteria > MAX_CRITERIA) continue;
        kept.push(term);
        said.push(s);
        criteria += s.criteria;
      }
      const where = combine(said, "and", MAX_CRITERIA);
      if (!where) return undefined;
      const exact = where.exact && kept.length === terms.length;
      // COQL answers a lookup as `{ id }` only, where a listing gives `{ id, name }`: JSON
      // columns are left out of the select and read by id with the listing's completion, so
      // rows are the same whichever way they were found.
      const listed = (new URLSearchParams(base.searchParams as URLSearchParams).get("fields") ?? "")
        .split(",")
        .filter(Boolean);
      const selected = complete ? listed.filter((f) => columns[f]?.type !== "json") : listed;
      const names = selected.length > 0 ? selected.map(field).join(", ") : "id";
      const select = `select ${names} from ${base.path}`;
      const asked: ApiRequest = {
        path: base.path,
        searchParams: new URLSearchParams({ fields: selected.join(",") }),
      };
      const max = coqlPageSize(schema);
      const size = exact && limit !== undefined ? Math.max(1, Math.min(limit, max)) : max;
      return {
        request: {
          method: "POST",
          path: "coql",
          json: { select_query: build(select, where.expr, undefined, size) },
        },
        pagination: coqlPaging(select, where.expr, size),
        sent: kept,
        local: exact ? MATCH_ALL : filter,
        ...(complete
          ? { complete: (records, context) => complete(records, { ...context, request: asked }) }
          : {}),
      };
    },
  };
}

/** Whether a table lists a CRM module (`GET {Module}` with `fields`, modified-since). */
const isModule = (t: TableDeclaration) =>
  !t.parent && typeof t.list.request === "function" && t.incremental === "Modified_Time";

/**
 * The tables with COQL for the module listings, unless `UseServerSideFiltering=false` (then
 * filters stay as they were: search criteria where declared, the rest local).
 */
export function withCoql<T extends Record<string, TableDeclaration>>(
  tables: T,
  config: { Schema: string; UseServerSideFiltering: boolean },
): T {
  if (!config.UseServerSideFiltering) return tables;
  return Object.fromEntries(
    Object.entries(tables).map(([name, t]) => [
      name,
      isModule(t) ? { ...t, query: coqlQuery(config.Schema, t) } : t,
    ]),
  ) as T;
}

/** Custom modules with COQL, as {@link withCoql}. */
export function withCoqlCustom(
  custom: CustomTables,
  config: { Schema: string; UseServerSideFiltering: boolean },
): CustomTables {
  if (!config.UseServerSideFiltering) return custom;
  return {
    ...custom,
    declare(name) {
      const t = custom.declare(name);
      return t && isModule(t) ? { ...t, query: coqlQuery(config.Schema, t) } : t;
    },
  };
}

/**
 * Zoho CRM's tables as a connection with the default properties (`Schema=v8`, server-side
 * filtering) declares them: module listings filter with COQL where search criteria cannot.
 */
export const defaultTables = withCoql(tables, { Schema: "v8", UseServerSideFiltering: true });
