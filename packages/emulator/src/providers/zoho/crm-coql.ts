import type { EmulatorResponse } from "../../core/http.js";
import type { RequestContext } from "../../core/types.js";
import { auth, crmError, listable, moduleOf, moduleScopes, storeOf } from "./crm-common.js";
import {
  type Comparison,
  CoqlSyntaxError,
  type Criteria,
  criteriaCount,
  type Literal,
  parseCoql,
  type SelectQuery,
} from "./crm-coql-parse.js";
import { spec } from "./crm-modules.js";
import type { ZohoShared } from "./state.js";

// `POST /crm/{version}/coql` with `{ "select_query": "..." }` (Get Records through a COQL Query).
// Limits per the COQL-Limitations pages: v2 to v3 answer at most 200 records a call and 10,000
// in all; v4 to v6 2,000 a call and 10,000; v7 and v8 2,000 a call and 100,000 with LIMIT and
// OFFSET. WHERE holds at most 25 criteria, SELECT 50 fields, IN 50 values, ORDER BY 10 fields.

const SMALL_PAGES = new Set(["v2", "v2.1", "v3"]);
// v4 to v6: the CRM pages are silent; the vertical-solutions pages of v4 and v5 give 2,000 and 10,000.
const LARGE_CEILING = new Set(["v7", "v8"]);

/** Records one call may ask for (LIMIT). */
export const coqlMaxLimit = (version: string) => (SMALL_PAGES.has(version) ? 200 : 2000);
/** Records reachable with LIMIT and OFFSET. */
export const coqlCeiling = (version: string) => (LARGE_CEILING.has(version) ? 100_000 : 10_000);

const MAX_CRITERIA = 25;
const MAX_FIELDS = 50;
const MAX_IN = 50;
const MAX_ORDER = 10;
const DEFAULT_LIMIT = 200;

const TEXT = new Set(["text", "email", "phone", "website", "picklist"]);
const NUMBER = new Set(["integer", "currency", "double"]);

const coqlScope = [/^zohocrm\.coql\.read$/i];

/** A field's data type, `id` included; undefined when the module has no such field. */
function typeOf(module: string, field: string): string | undefined {
  if (field === "id") return "id";
  return spec(module).fields[field]?.type;
}

/** The comparable form of a record's value (lookups by their id); undefined for null. */
function actual(type: string, v: unknown): string | number | undefined {
  if (v === null || v === undefined || v === "") return undefined;
  if (typeof v === "object") {
    const id = (v as { id?: unknown }).id;
    return id === undefined ? undefined : String(id);
  }
  if (NUMBER.has(type)) return Number(v);
  if (type === "datetime") return Date.parse(String(v));
  if (TEXT.has(type)) return String(v).toLowerCase();
  return String(v);
}

/** A literal in the field's comparable form; undefined when it does not fit the type. */
function expected(type: string, l: Literal): string | number | undefined {
  if (NUMBER.has(type)) {
    const n = l.kind === "number" ? l.value : Number(l.value);
    return l.kind === "string" && l.value.trim() === ""
      ? undefined
      : Number.isNaN(n)
        ? undefined
        : n;
  }
  const text = String(l.value);
  if (type === "datetime") {
    const t = Date.parse(text);
    return Number.isNaN(t) ? undefined : t;
  }
  if (type === "date") return /^\d{4}-\d{2}-\d{2}$/.test(text) ? text : undefined;
  if (type === "boolean") return /^(true|false)$/i.test(text) ? text.toLowerCase() : undefined;
  // Text comparisons ignore case, as Zoho's search comparators do.
  return TEXT.has(type) ? text.toLowerCase() : text;
}

function likeTest(pattern: string, value: string): boolean {
  const re = pattern
    .toLowerCase()
    .split("%")
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${re}$`, "s").test(value);
}

function compareOne(cmp: Comparison, type: string, a: string | number, values: unknown[]) {
  const [x, y] = values as (string | number)[];
  switch (cmp.op) {
    case "=":
      return a === x;
    case "!=":
      return a !== x;
    case ">":
      return a > (x as string | number);
    case "<":
      return a < (x as string | number);
    case ">=":
      return a >= (x as string | number);
    case "<=":
      return a <= (x as string | number);
    case "between":
      return a >= (x as string | number) && a <= (y as string | number);
    case "in":
      return values.includes(a);
    case "not in":
      return !values.includes(a);
    case "like":
      return TEXT.has(type) && likeTest(String(x), String(a));
    default:
      return TEXT.has(type) && !likeTest(String(x), String(a));
  }
}

type Checked =
  | { ok: true; test: (r: Record<string, unknown>) => boolean }
  | { ok: false; why: string; field: string };

/** Checks a WHERE clause against the module and compiles it into a record test. */
function compile(module: string, c: Criteria): Checked {
  if (c.kind !== "cmp") {
    const left = compile(module, c.left);
    if (!left.ok) return left;
    const right = compile(module, c.right);
    if (!right.ok) return right;
    return c.kind === "and"
      ? { ok: true, test: (r) => left.test(r) && right.test(r) }
      : { ok: true, test: (r) => left.test(r) || right.test(r) };
  }
  const type = typeOf(module, c.field);
  if (!type || type === "subform") return { ok: false, why: "invalid column", field: c.field };
  if (type === "textarea") {
    return { ok: false, why: "multi-line fields are not allowed in criteria", field: c.field };
  }
  // Booleans take `=` alone (Kaizen #81, COQL API Part II).
  if (type === "boolean" && c.op !== "=") {
    return { ok: false, why: `${c.op} is not supported for this field`, field: c.field };
  }
  if (c.op === "is null" || c.op === "is not null") {
    const want = c.op === "is null";
    return { ok: true, test: (r) => (actual(type, r[c.field]) === undefined) === want };
  }
  // Lookups compare by id for equality only; the record id also orders (ids grow with each
  // record, which is how a listing continues past the LIMIT + OFFSET ceiling: id > last).
  const lookup = type === "lookup" || type === "ownerlookup";
  const allowed =
    type === "id" ? ["=", "!=", "in", "not in", ">", "<", ">=", "<="] : ["=", "!=", "in", "not in"];
  if ((lookup || type === "id") && !allowed.includes(c.op)) {
    return { ok: false, why: `${c.op} is not supported for this field`, field: c.field };
  }
  if ((c.op === "like" || c.op === "not like") && !TEXT.has(type)) {
    return { ok: false, why: `${c.op} is not supported for this field`, field: c.field };
  }
  const values = c.values.map((l) => expected(type, l));
  if (values.some((v) => v === undefined)) {
    return { ok: false, why: "invalid value for the field's data type", field: c.field };
  }
  return {
    ok: true,
    test: (r) => {
      const a = actual(type, r[c.field]);
      // A criterion on an empty field matches only `is null` (SQL's three-valued logic).
      return a !== undefined && compareOne(c, type, a, values);
    },
  };
}

function inTooLong(c: Criteria | undefined): boolean {
  if (!c) return false;
  if (c.kind !== "cmp") return inTooLong(c.left) || inTooLong(c.right);
  return (c.op === "in" || c.op === "not in") && c.values.length > MAX_IN;
}

/** The value a COQL answer carries for a field: lookups as `{ id }` only. */
function shown(module: string, field: string, v: unknown): unknown {
  const type = typeOf(module, field);
  if ((type === "lookup" || type === "ownerlookup") && v && typeof v === "object") {
    return { id: (v as { id?: unknown }).id };
  }
  return v ?? null;
}

function sortKey(module: string, field: string, r: Record<string, unknown>) {
  return actual(typeOf(module, field) ?? "text", r[field]);
}

export function coql(s: ZohoShared, ctx: RequestContext): EmulatorResponse {
  const version = ctx.params.version ?? "";
  const a = auth(s, ctx, version, coqlScope);
  if (!a.ok) return a.response;
  const body = ctx.body.kind === "json" ? (ctx.body.value as Record<string, unknown> | null) : null;
  const src = body?.select_query;
  if (typeof src !== "string" || src.trim() === "") {
    return crmError(s, 400, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", {
      param: "select_query",
    });
  }
  let q: SelectQuery;
  try {
    q = parseCoql(src);
  } catch (e) {
    if (!(e instanceof CoqlSyntaxError)) throw e;
    return crmError(s, 400, "SYNTAX_ERROR", "error occurred while parsing the query", {
      reason: e.message,
    });
  }
  const module = moduleOf(q.module);
  if (!module) {
    return crmError(s, 400, "INVALID_QUERY", "invalid module", { module: q.module });
  }
  // The base module's read scope as well as the COQL scope.
  const read = auth(s, ctx, version, moduleScopes(module));
  if (!read.ok) return read.response;
  const limitError = (clause: string, limit: number) =>
    crmError(s, 400, "LIMIT_EXCEEDED", `the ${clause} exceeds the limit of ${limit}`, {
      clause,
      limit,
    });
  if (q.fields.length > MAX_FIELDS) return limitError("select", MAX_FIELDS);
  if (criteriaCount(q.where) > MAX_CRITERIA) return limitError("where", MAX_CRITERIA);
  if (inTooLong(q.where)) return limitError("in", MAX_IN);
  if (q.order.length > MAX_ORDER) return limitError("order by", MAX_ORDER);
  const limit = q.limit ?? DEFAULT_LIMIT;
  const offset = q.offset ?? 0;
  if (limit > coqlMaxLimit(version)) return limitError("limit", coqlMaxLimit(version));
  if (offset + limit > coqlCeiling(version)) return limitError("offset", coqlCeiling(version));
  for (const f of [...q.fields, ...q.order.map((o) => o.field)]) {
    const type = typeOf(module, f);
    if (!type || (f !== "id" && !listable(module, f))) {
      return crmError(s, 400, "INVALID_QUERY", "invalid column", { column_name: f });
    }
  }
  const compiled = q.where ? compile(module, q.where) : { ok: true as const, test: () => true };
  if (!compiled.ok) {
    return crmError(s, 400, "INVALID_QUERY", compiled.why, { column_name: compiled.field });
  }
  // Records come in key order, which is id order: the documented default.
  const hits = storeOf(s, module).all(compiled.test);
  if (q.order.length > 0) {
    hits.sort((x, y) => {
      for (const o of q.order) {
        const vx = sortKey(module, o.field, x);
        const vy = sortKey(module, o.field, y);
        if (vx === vy) continue;
        // Empty values first ascending, as SQL databases Zoho runs on order them.
        const c = vx === undefined ? -1 : vy === undefined ? 1 : vx < vy ? -1 : 1;
        return o.descending ? -c : c;
      }
      return 0;
    });
  }
  const page = hits.slice(offset, offset + limit);
  if (page.length === 0) return s.core.respond.empty(204);
  const data = page.map((r) => {
    const out: Record<string, unknown> = {};
    for (const f of q.fields) out[f] = shown(module, f, r[f]);
    out.id = r.id;
    return out;
  });
  return s.core.respond.json(200, {
    data,
    info: { count: data.length, more_records: offset + limit < hits.length },
  });
}
