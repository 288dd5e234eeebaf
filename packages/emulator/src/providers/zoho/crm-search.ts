import type { EmulatorResponse } from "../../core/http.js";
import type { RequestContext } from "../../core/types.js";
import {
  asOf,
  auth,
  crmError,
  listable,
  moduleOf,
  moduleScopes,
  PAGE_LIMIT,
  parseFields,
  project,
  shownFields,
  storeOf,
} from "./crm-common.js";
import { spec } from "./crm-modules.js";
import type { ZohoShared } from "./state.js";

type Criteria =
  | { op: "and" | "or"; left: Criteria; right: Criteria }
  | { field: string; comparator: string; value: string };

/** Parses `(Field:op:value)` groups joined by `and` / `or`, with `\` escapes. */
export function parseCriteria(src: string): Criteria {
  let i = 0;
  const ws = () => {
    while (src[i] === " ") i++;
  };
  const term = (): Criteria => {
    ws();
    if (src[i] !== "(") throw new Error(`expected "(" at ${i}`);
    i++;
    ws();
    if (src[i] === "(") {
      const e = expr();
      ws();
      if (src[i] !== ")") throw new Error(`expected ")" at ${i}`);
      i++;
      return e;
    }
    let text = "";
    while (i < src.length && src[i] !== ")") {
      if (src[i] === "\\" && i + 1 < src.length) {
        text += src[i + 1];
        i += 2;
      } else text += src[i++];
    }
    if (src[i] !== ")") throw new Error("unbalanced parentheses");
    i++;
    const a = text.indexOf(":");
    const b = a === -1 ? -1 : text.indexOf(":", a + 1);
    if (a <= 0 || b === -1) throw new Error(`expected Field:operator:value, got "${text}"`);
    return {
      field: text.slice(0, a).trim(),
      comparator: text
        .slice(a + 1, b)
        .trim()
        .toLowerCase(),
      value: text.slice(b + 1),
    };
  };
  const expr = (): Criteria => {
    let left = term();
    for (;;) {
      ws();
      const m = /^(and|or)\b/i.exec(src.slice(i));
      if (!m?.[1]) return left;
      i += m[1].length;
      left = { op: m[1].toLowerCase() as "and" | "or", left, right: term() };
    }
  };
  const e = expr();
  ws();
  if (i !== src.length) throw new Error(`unexpected "${src.slice(i)}"`);
  return e;
}

function text(v: unknown): string {
  if (v && typeof v === "object" && "name" in v) return String((v as { name: unknown }).name);
  return v === null || v === undefined ? "" : String(v);
}

/** How many conditions criteria hold. */
function conditions(c: Criteria): number {
  return "op" in c ? conditions(c.left) + conditions(c.right) : 1;
}

/**
 * `equals` inside criteria of two or more conditions: Zoho documents that `(Company:equals:ABC)`
 * then also finds "ABC Inc", i.e. the value followed by more words. Alone, `equals` is exact.
 */
export function equalsOrLonger(actual: string, wanted: string): boolean {
  return (
    actual === wanted || (actual.startsWith(wanted) && /^\W/.test(actual.slice(wanted.length)))
  );
}

/**
 * Evaluates criteria on a record. `equals` and `starts_with` compare case-insensitively;
 * `not_equal`, `greater_than`, `less_than` compare numbers when both sides are numeric.
 * `multi` (default: the criteria have two or more conditions) turns on the `equals` quirk.
 */
export function matchCriteria(
  c: Criteria,
  r: Record<string, unknown>,
  multi = conditions(c) > 1,
): boolean {
  if ("op" in c) {
    return c.op === "and"
      ? matchCriteria(c.left, r, multi) && matchCriteria(c.right, r, multi)
      : matchCriteria(c.left, r, multi) || matchCriteria(c.right, r, multi);
  }
  const actual = text(r[c.field]).toLowerCase();
  const wanted = c.value.toLowerCase();
  const num = (x: string) => (x !== "" && !Number.isNaN(Number(x)) ? Number(x) : undefined);
  switch (c.comparator) {
    case "equals":
      return c.value
        .split(",")
        .some((v) =>
          multi ? equalsOrLonger(actual, v.toLowerCase()) : actual === v.toLowerCase(),
        );
    case "starts_with":
      return actual.startsWith(wanted);
    case "not_equal":
      return actual !== wanted;
    case "greater_than":
    case "less_than": {
      const x = num(actual) ?? actual;
      const y = num(wanted) ?? wanted;
      return c.comparator === "greater_than" ? x > y : x < y;
    }
    default:
      throw new Error(`unsupported operator "${c.comparator}"`);
  }
}

export function search(
  s: ZohoShared,
  ctx: RequestContext,
  cache: Map<string, Record<string, unknown>[]>,
): EmulatorResponse {
  const version = ctx.params.version ?? "";
  const module = moduleOf(ctx.params.module);
  if (!module)
    return crmError(s, 400, "INVALID_MODULE", "the module name given seems to be invalid");
  const a = auth(s, ctx, version, moduleScopes(module));
  if (!a.ok) return a.response;
  if (spec(module).noSearch) {
    return crmError(s, 400, "NOT_SUPPORTED", "search is not supported for this module", {
      module: { api_name: module },
    });
  }
  // Search also needs the ZohoSearch scope, on top of read access to the module.
  const searchScope = auth(s, ctx, version, [/^zohosearch\.securesearch\.(all|read)$/i]);
  if (!searchScope.ok) return searchScope.response;
  const fields = parseFields(s, ctx, module, false);
  if (fields && !Array.isArray(fields)) return fields;
  const criteriaSrc = ctx.query.get("criteria");
  const email = ctx.query.get("email");
  const phone = ctx.query.get("phone");
  const word = ctx.query.get("word");
  let criteria: Criteria;
  try {
    if (criteriaSrc) criteria = parseCriteria(criteriaSrc);
    else if (email) criteria = { field: "Email", comparator: "equals", value: email };
    else if (phone) criteria = { field: "Phone", comparator: "equals", value: phone };
    else if (word) {
      const w = { comparator: "starts_with", value: word };
      criteria = { op: "or", left: { field: "Last_Name", ...w }, right: { field: "Email", ...w } };
    } else {
      return crmError(
        s,
        400,
        "REQUIRED_PARAM_MISSING",
        "One of the expected parameter is missing",
        {
          param: "criteria",
        },
      );
    }
    const check = (c: Criteria): void => {
      if ("op" in c) {
        check(c.left);
        check(c.right);
      } else if (
        c.field !== "id" &&
        (!Object.hasOwn(spec(module).fields, c.field) || !listable(module, c.field))
      ) {
        throw new Error(`invalid field "${c.field}"`);
      } else if (
        !["equals", "starts_with", "not_equal", "greater_than", "less_than"].includes(c.comparator)
      ) {
        throw new Error(`unsupported operator "${c.comparator}"`);
      }
    };
    check(criteria);
  } catch (e) {
    return crmError(s, 400, "INVALID_QUERY", "invalid query formed", {
      reason: (e as Error).message,
    });
  }
  const perPage = Math.min(Number(ctx.query.get("per_page") ?? 200) || 200, 200);
  const page = Math.max(1, Number(ctx.query.get("page") ?? 1) || 1);
  if (page * perPage > PAGE_LIMIT) {
    return crmError(
      s,
      400,
      "DISCRETE_PAGINATION_LIMIT_EXCEEDED",
      `search returns at most ${PAGE_LIMIT} records`,
      {
        limit: PAGE_LIMIT,
      },
    );
  }
  const store = storeOf(s, module);
  const key = `${module}\u0000${store.span}\u0000${JSON.stringify(criteria)}`;
  let hits = cache.get(key);
  if (!hits) {
    hits = store.scan(0, PAGE_LIMIT + 1, (r) => matchCriteria(criteria, r)).records;
    if (cache.size >= 16) cache.delete(cache.keys().next().value as string);
    cache.set(key, hits);
  }
  const reachable = Math.min(hits.length, PAGE_LIMIT);
  const offset = (page - 1) * perPage;
  if (offset >= reachable) return s.core.respond.empty(204);
  const end = Math.min(offset + perPage, reachable);
  const shown = shownFields(module, version, fields);
  const data = hits.slice(offset, end).map((r) => project(asOf(module, version, r), shown));
  return s.core.respond.json(200, {
    data,
    // At the cap, more_records still says whether matches remain: they exist, but the search
    // API cannot reach them (the next page is DISCRETE_PAGINATION_LIMIT_EXCEEDED).
    info: { per_page: perPage, count: data.length, page, more_records: end < hits.length },
  });
}
