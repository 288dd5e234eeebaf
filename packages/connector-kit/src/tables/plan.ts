import { ConnectorError, ConnectorErrorCode } from "../errors.js";
import type { ApiRequest } from "../http.js";
import { type PaginationSpec, withSearchParams } from "../paginate.js";
import type { ColumnsDeclaration } from "./columns.js";
import type { PushdownMapping, QueryListing, TableDeclaration } from "./declaration.js";
import { type Condition, type FilterNode, formatFilter, MATCH_ALL, parseWhere } from "./filter.js";
import { suggestionHint } from "./suggest.js";

/** One sort term: `"value"` ascending, `"-value"` descending. */
export interface OrderTerm {
  column: string;
  descending: boolean;
}

/** What a listing will do: the first request, and what runs locally. */
export interface ListPlan {
  /** The first request, with the pushed-down conditions, order and page size applied. */
  request: ApiRequest;
  /** The first request of the unfiltered listing (where a capped filtered listing continues). */
  base: ApiRequest;
  /** Conditions the provider applies. */
  pushed: Condition[];
  /** What is filtered locally (MATCH_ALL when nothing). */
  local: FilterNode;
  /** The whole filter, for the fallback past a provider cap. */
  filter: FilterNode;
  /** Sort applied by the provider, and sort applied locally (after reading every row). */
  pushedOrder: OrderTerm[];
  localOrder: OrderTerm[];
  select: string[] | undefined;
  limit: number | undefined;
  /** How the listing pages: the table's, or a query language's own. */
  pagination: PaginationSpec<unknown>;
  /** What the provider was sent (the pushed conditions, or a query language's filter). */
  sent: FilterNode[];
  /** How the listing completes its records: the table's `list.complete`, or a query language's. */
  complete: QueryListing["complete"];
  /** Filtered rows the provider returns at most, past which the unfiltered listing continues. */
  cap: number | undefined;
}

/** `explain()`: what goes to the provider and what is evaluated locally. */
export interface Explanation {
  table: string;
  /** The first request: method, path, query parameters and its JSON body, if any. */
  request: { method: string; path: string; query: Record<string, string>; json?: unknown };
  /** Conditions sent to the provider. */
  pushedFilters: string[];
  /** The filter applied to rows as they arrive, or `null`. */
  localFilter: string | null;
  pushedOrder: string[];
  /** Sorted locally: every matching row is read before the first is handed out. */
  localOrder: string[];
  limit: number | null;
  /** The provider's cap on filtered listings, when the table has one and the listing is filtered. */
  filteredCap: number | null;
  /** The same as a few readable lines. */
  text: string;
}

export function parseOrderBy(
  table: string,
  columns: ColumnsDeclaration,
  orderBy: unknown,
): OrderTerm[] {
  if (orderBy === undefined) return [];
  const terms = typeof orderBy === "string" ? [orderBy] : orderBy;
  if (!Array.isArray(terms)) {
    throw new ConnectorError(
      ConnectorErrorCode.InvalidOption,
      `orderBy must be a column name or an array of them, not ${JSON.stringify(orderBy)}.`,
      { hint: 'Write orderBy: ["-value", "title"] ("-" for descending).' },
    );
  }
  return terms.map((term) => {
    if (typeof term !== "string" || term.replace(/^-/, "") === "") {
      throw new ConnectorError(
        ConnectorErrorCode.InvalidOption,
        `orderBy has ${JSON.stringify(term)}; each term is a column name, "-" first for descending.`,
        { hint: 'Write orderBy: ["-value", "title"].' },
      );
    }
    const descending = term.startsWith("-");
    const column = descending ? term.slice(1) : term;
    assertColumn(table, columns, column, "orderBy");
    return { column, descending };
  });
}

export function assertColumn(
  table: string,
  columns: ColumnsDeclaration,
  column: string,
  where: string,
): void {
  if (!Object.hasOwn(columns, column)) {
    throw new ConnectorError(
      ConnectorErrorCode.UnknownColumn,
      `${table} has no column "${column}" (in ${where}).`,
      { hint: suggestionHint(column, Object.keys(columns), "columns") },
    );
  }
}

function applyMapping(mapping: PushdownMapping, condition: Condition, request: ApiRequest) {
  if (typeof mapping === "object") return applyMapping(mapping.apply, condition, request);
  if (typeof mapping === "function") return mapping(condition.value, request);
  const value = Array.isArray(condition.value)
    ? condition.value.map(String).join(",")
    : String(condition.value);
  return withSearchParams(request, { [mapping]: value });
}

/** Splits a query between the provider and local evaluation. */
export function planList(
  table: TableDeclaration,
  columns: ColumnsDeclaration,
  query: {
    where?: unknown;
    orderBy?: unknown;
    select?: unknown;
    limit?: unknown;
    pushdown?: boolean | undefined;
  },
): ListPlan {
  // pushdown: false keeps everything local but the parent key, which addresses the listing.
  const pushable = (column: string, op: string) =>
    query.pushdown !== false || (table.parent?.column === column && op === "eq");
  const filter =
    query.where === undefined ? MATCH_ALL : parseWhere(table.name, columns, query.where);
  const order = parseOrderBy(table.name, columns, query.orderBy);
  const select = parseSelect(table.name, columns, query.select);
  const limit = parseLimit(query.limit);

  // Only top-level AND terms can be split; one condition per column and operator is sent.
  const terms = filter.kind === "and" ? filter.items : [filter];
  const pushed: Condition[] = [];
  const local: FilterNode[] = [];
  const base =
    typeof table.list.request === "function" ? table.list.request(columns) : table.list.request;
  let request = base;
  for (const term of terms) {
    const mapping = term.kind === "condition" ? table.filters?.[term.column]?.[term.op] : undefined;
    if (
      term.kind === "condition" &&
      mapping !== undefined &&
      pushable(term.column, term.op) &&
      !pushed.some((p) => p.column === term.column && p.op === term.op)
    ) {
      pushed.push(term);
      request = applyMapping(mapping, term, request);
      if (typeof mapping === "object") local.push(term);
    } else {
      local.push(term);
    }
  }
  if (table.parent && !pushed.some((p) => p.column === table.parent?.column && p.op === "eq")) {
    throw new ConnectorError(
      ConnectorErrorCode.InvalidFilter,
      `${table.name} is listed per ${table.parent.table} record: the filter needs ${table.parent.column} equal to one key.`,
      {
        hint: `Write where: { ${table.parent.column}: <key of the ${table.parent.table} record> }.`,
      },
    );
  }

  let pushedOrder: OrderTerm[] = [];
  let localOrder = order;
  const only = order.length === 1 ? order[0] : undefined;
  const sort = only && table.orderBy?.[only.column]?.[only.descending ? "desc" : "asc"];
  if (only && sort && query.pushdown !== false) {
    request = sort(request);
    pushedOrder = [only];
    localOrder = [];
  }

  const size = table.list.pageSize;
  if (size && limit !== undefined && local.length === 0 && localOrder.length === 0) {
    request = withSearchParams(request, { [size.param]: Math.max(1, Math.min(limit, size.max)) });
  }
  // A query language (COQL) takes the listing when it leaves fewer conditions unsent than the
  // per-condition mappings; its rows are re-checked locally wherever it is only a superset.
  const unsent = countConditions(local.filter((term) => !pushed.includes(term as Condition)));
  if (table.query && query.pushdown !== false && !table.parent && unsent > 0) {
    // Its order is all local, so a limit may only shrink its pages when there is no order.
    const listing = table.query.plan(filter, columns, base, order.length === 0 ? limit : undefined);
    if (listing && countConditions([filter]) - countConditions(listing.sent) < unsent) {
      return {
        request: listing.request,
        base,
        pushed: listing.sent.flatMap(conditionsOf),
        local: listing.local,
        filter,
        pushedOrder: [],
        localOrder: order,
        select,
        limit,
        pagination: listing.pagination,
        sent: listing.sent,
        complete: listing.complete,
        // A query language's listing pages on its own terms (past any cap, or a typed error).
        cap: undefined,
      };
    }
  }
  return {
    request,
    base,
    pushed,
    local:
      local.length === 0
        ? MATCH_ALL
        : local.length === 1
          ? (local[0] as FilterNode)
          : { kind: "and", items: local },
    filter,
    pushedOrder,
    localOrder,
    select,
    limit,
    pagination: table.list.pagination,
    sent: pushed,
    complete: table.list.complete,
    cap: pushed.length > 0 ? table.list.filteredCap : undefined,
  };
}

/**
 * The columns a listing's rows need before projection: selected, filtered, sorted locally, the
 * key and parent; `undefined` when nothing is selected (every column is).
 */
export function neededColumns(plan: ListPlan, table: TableDeclaration): string[] | undefined {
  if (!plan.select) return undefined;
  const parent = table.parent ? [table.parent.column] : [];
  const filtered = conditionsOf(plan.filter).map((c) => c.column);
  const sorted = plan.localOrder.map((o) => o.column);
  return [...new Set([...plan.select, table.key, ...parent, ...filtered, ...sorted])];
}

function conditionsOf(node: FilterNode): Condition[] {
  if (node.kind === "condition") return [node];
  return node.kind === "not" ? conditionsOf(node.item) : node.items.flatMap(conditionsOf);
}

const countConditions = (nodes: FilterNode[]) =>
  nodes.reduce((n, node) => n + conditionsOf(node).length, 0);

function parseSelect(
  table: string,
  columns: ColumnsDeclaration,
  select: unknown,
): string[] | undefined {
  if (select === undefined) return undefined;
  if (!Array.isArray(select) || select.some((s) => typeof s !== "string")) {
    throw new ConnectorError(
      ConnectorErrorCode.InvalidOption,
      `select must be an array of column names, not ${JSON.stringify(select)}.`,
      { hint: 'Write select: ["id", "title"].' },
    );
  }
  for (const column of select as string[]) assertColumn(table, columns, column, "select");
  return select as string[];
}

function parseLimit(limit: unknown): number | undefined {
  if (limit === undefined) return undefined;
  if (typeof limit !== "number" || !Number.isInteger(limit) || limit < 0) {
    throw new ConnectorError(
      ConnectorErrorCode.InvalidOption,
      `limit must be a whole number of rows (0 or more), not ${JSON.stringify(limit)}.`,
      { hint: "Leave limit out to read every row." },
    );
  }
  return limit;
}

const formatTerm = (t: OrderTerm) => `${t.column} ${t.descending ? "desc" : "asc"}`;

/** The plan as `explain()` shows it. */
export function explainPlan(table: TableDeclaration, plan: ListPlan): Explanation {
  const query: Record<string, string> = {};
  const sp = plan.request.searchParams;
  const entries = sp instanceof URLSearchParams ? [...sp] : Object.entries(sp ?? {});
  for (const [k, v] of entries) if (v !== undefined) query[k] = String(v);
  const localFilter = plan.local === MATCH_ALL ? null : formatFilter(plan.local);
  const cap = plan.cap ?? null;
  const method = (plan.request.method ?? "GET").toUpperCase();
  const search = new URLSearchParams(query).toString();
  const json = plan.request.json;
  const lines = [
    `${table.name}: ${method} ${plan.request.path}${search ? `?${search}` : ""}${json === undefined ? "" : ` ${JSON.stringify(json)}`}`,
    `  provider filters: ${plan.sent.length ? plan.sent.map(formatFilter).join(" AND ") : "none"}`,
    `  local filter: ${localFilter ?? "none"}`,
    `  provider order: ${plan.pushedOrder.map(formatTerm).join(", ") || "none"}`,
    `  local order: ${plan.localOrder.map(formatTerm).join(", ") || "none"}`,
    `  limit: ${plan.limit ?? "none"}`,
  ];
  if (cap !== null) {
    lines.push(`  past ${cap} filtered records: the unfiltered listing, filtered locally`);
  }
  return {
    table: table.name,
    request: { method, path: plan.request.path, query, ...(json === undefined ? {} : { json }) },
    pushedFilters: plan.sent.map(formatFilter),
    localFilter,
    pushedOrder: plan.pushedOrder.map(formatTerm),
    localOrder: plan.localOrder.map(formatTerm),
    limit: plan.limit ?? null,
    filteredCap: cap,
    text: lines.join("\n"),
  };
}
