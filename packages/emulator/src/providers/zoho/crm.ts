import type { EmulatorResponse } from "../../core/http.js";
import type { RequestContext, Route } from "../../core/types.js";
import { zohoDc } from "./dc.js";
import { CRM_FIELDS, CRM_MODULES, type CrmModule, crmRecord } from "./records.js";
import { hasScope, type ZohoAuth, type ZohoShared, zohoToken } from "./state.js";

/** API versions the CRM routes accept. */
export const CRM_VERSIONS = ["v2", "v2.1", "v3", "v4", "v5", "v6", "v7", "v8"] as const;

/** Records reachable with `page` (beyond: `page_token`). */
export const PAGE_LIMIT = 2000;
/** Records reachable by listing at all. */
export const LIST_LIMIT = 100_000;
const PAGE_TOKEN_TTL_MS = 24 * 3_600_000;

const crmError = (
  s: ZohoShared,
  status: number,
  code: string,
  message: string,
  details: Record<string, unknown> = {},
) => s.core.respond.json(status, { code, details, message, status: "error" });

/** Authenticates a CRM call: header scheme, token state, data centre and scope. */
function auth(s: ZohoShared, ctx: RequestContext, version: string, scopes: RegExp[]): ZohoAuth {
  const t = zohoToken(ctx);
  if (t === undefined) {
    return {
      ok: false,
      response: crmError(s, 401, "AUTHENTICATION_FAILURE", "Authentication failed"),
    };
  }
  const found = s.core.tokens.lookupAccess(t);
  if (found.status !== "valid" || found.record.provider !== "zoho") {
    return { ok: false, response: crmError(s, 401, "INVALID_OAUTHTOKEN", "invalid oauth token") };
  }
  if (found.record.data.location !== ctx.hostMatch.params.dc) {
    // From v2.1 on, a host other than the token's api_domain is INVALID_HOST.
    return {
      ok: false,
      response:
        version === "v2"
          ? crmError(s, 401, "INVALID_OAUTHTOKEN", "invalid oauth token")
          : crmError(
              s,
              400,
              "INVALID_HOST",
              "the host is not valid for this user; use the api_domain of the token",
              {
                api_domain: `https://${zohoDc(found.record.data.location ?? "")?.apiHost ?? s.dc.apiHost}`,
              },
            ),
    };
  }
  if (s.core.options.enforceScopes !== false && !hasScope(found.record.scopes, scopes)) {
    return {
      ok: false,
      response: crmError(s, 401, "OAUTH_SCOPE_MISMATCH", "invalid oauth scope to access this URL"),
    };
  }
  return { ok: true, token: found.record };
}

function moduleOf(name: string | undefined): CrmModule | undefined {
  const n = (name ?? "").toLowerCase();
  return (Object.keys(CRM_MODULES) as CrmModule[]).find((m) => m.toLowerCase() === n);
}

function moduleScopes(m: CrmModule): RegExp[] {
  const l = m.toLowerCase();
  return [
    /^zohocrm\.modules\.(all|read)$/i,
    new RegExp(`^zohocrm\\.modules\\.${l}\\.(all|read)$`, "i"),
  ];
}

/** A list view: records [start, total) of a module (start > 0 after If-Modified-Since). */
interface View {
  module: CrmModule;
  start: number;
  total: number;
}

function view(
  s: ZohoShared,
  ctx: RequestContext,
  module: CrmModule,
): View | "not-modified" | "bad-date" {
  const total = s.core.datasetSize(CRM_MODULES[module].resource, CRM_MODULES[module].fallback);
  const ims = ctx.header("if-modified-since");
  if (!ims) return { module, start: 0, total };
  const since = Date.parse(ims);
  if (Number.isNaN(since)) return "bad-date";
  // Modified_Time grows with the index: find the first record modified after `since`.
  let lo = 0;
  let hi = total;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const modified = Date.parse(String(record(s, module, mid).Modified_Time));
    if (modified > since) hi = mid;
    else lo = mid + 1;
  }
  if (lo >= total) return "not-modified";
  return { module, start: lo, total };
}

function record(s: ZohoShared, module: CrmModule, i: number): Record<string, unknown> {
  return crmRecord(module, i, s.core.rng("crm", module, i), {
    id: s.user.id,
    name: s.user.fullName,
    email: s.user.email,
  });
}

function project(
  r: Record<string, unknown>,
  fields: string[] | undefined,
): Record<string, unknown> {
  if (!fields) return r;
  const out: Record<string, unknown> = { id: r.id };
  for (const f of fields) out[f] = r[f];
  return out;
}

/** Parses and validates `fields`; returns the list or an error response. */
function parseFields(
  s: ZohoShared,
  ctx: RequestContext,
  module: CrmModule,
  required: boolean,
): string[] | undefined | EmulatorResponse {
  const raw = ctx.query.get("fields");
  if (raw === null || raw.trim() === "") {
    if (!required) return undefined;
    return crmError(s, 400, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", {
      param: "fields",
    });
  }
  const fields = raw
    .split(",")
    .map((f) => f.trim())
    .filter(Boolean);
  if (fields.length > 50) {
    return crmError(s, 400, "LIMIT_EXCEEDED", "the number of fields exceeds the limit of 50", {
      param: "fields",
      limit: 50,
    });
  }
  const known = CRM_FIELDS[module];
  for (const f of fields) {
    if (f !== "id" && !known.includes(f)) {
      return crmError(s, 400, "INVALID_DATA", "invalid field name", {
        param: "fields",
        api_name: f,
      });
    }
  }
  return fields;
}

function encodePageToken(module: CrmModule, offset: number, issued: number): string {
  return Buffer.from(JSON.stringify({ m: module, o: offset, t: issued })).toString("base64url");
}

function decodePageToken(t: string): { m: string; o: number; t: number } | undefined {
  try {
    const v = JSON.parse(Buffer.from(t, "base64url").toString("utf8")) as {
      m: unknown;
      o: unknown;
      t: unknown;
    };
    if (typeof v.m === "string" && Number.isInteger(v.o) && typeof v.t === "number") {
      return { m: v.m, o: v.o as number, t: v.t };
    }
  } catch {
    // fall through
  }
  return undefined;
}

function intParam(ctx: RequestContext, name: string): number | undefined | "bad" {
  const v = ctx.query.get(name);
  if (v === null) return undefined;
  return /^\d+$/.test(v) ? Number(v) : "bad";
}

function list(s: ZohoShared, ctx: RequestContext): EmulatorResponse {
  const version = ctx.params.version ?? "";
  const module = moduleOf(ctx.params.module);
  if (!module) {
    return crmError(s, 400, "INVALID_MODULE", "the module name given seems to be invalid", {
      resource_path_index: 0,
    });
  }
  const a = auth(s, ctx, version, moduleScopes(module));
  if (!a.ok) return a.response;
  const fields = parseFields(s, ctx, module, version !== "v2" && version !== "v2.1");
  if (fields && !Array.isArray(fields)) return fields;
  const perPageRaw = intParam(ctx, "per_page");
  const pageRaw = intParam(ctx, "page");
  if (perPageRaw === "bad" || perPageRaw === 0) {
    return crmError(s, 400, "INVALID_DATA", "invalid data", { param: "per_page" });
  }
  if (pageRaw === "bad" || pageRaw === 0)
    return crmError(s, 400, "INVALID_DATA", "invalid data", { param: "page" });
  const perPage = Math.min(perPageRaw ?? 200, 200);
  const pageToken = ctx.query.get("page_token");
  if (pageToken !== null && pageRaw !== undefined) {
    return crmError(s, 400, "INVALID_REQUEST", "page and page_token cannot be used together", {
      params: ["page", "page_token"],
    });
  }
  const now = ctx.now();
  let offset: number;
  if (pageToken !== null) {
    const decoded = decodePageToken(pageToken);
    if (!decoded || decoded.m !== module) {
      return crmError(s, 400, "INVALID_DATA", "invalid page_token", { param: "page_token" });
    }
    if (now >= decoded.t + PAGE_TOKEN_TTL_MS) {
      return crmError(s, 400, "INVALID_DATA", "the page_token has expired", {
        param: "page_token",
      });
    }
    offset = decoded.o;
  } else {
    const page = pageRaw ?? 1;
    if (page * perPage > PAGE_LIMIT) {
      return crmError(
        s,
        400,
        "DISCRETE_PAGINATION_LIMIT_EXCEEDED",
        `cannot fetch more than ${PAGE_LIMIT} records with the page parameter; use page_token`,
        { limit: PAGE_LIMIT },
      );
    }
    offset = (page - 1) * perPage;
  }
  const v = view(s, ctx, module);
  if (v === "not-modified") return s.core.respond.empty(304);
  if (v === "bad-date")
    return crmError(s, 400, "INVALID_DATA", "invalid If-Modified-Since", {
      header: "If-Modified-Since",
    });
  const size = Math.min(v.total - v.start, LIST_LIMIT);
  if (offset >= size) return s.core.respond.empty(204);
  const end = Math.min(offset + perPage, size);
  const data: Record<string, unknown>[] = [];
  for (let i = offset; i < end; i++) data.push(project(record(s, module, v.start + i), fields));
  const more = end < size;
  return s.core.respond.json(200, {
    data,
    info: {
      per_page: perPage,
      next_page_token: more ? encodePageToken(module, end, now) : null,
      count: data.length,
      sort_by: "id",
      page: Math.floor(offset / perPage) + 1,
      previous_page_token:
        pageToken !== null && offset > 0
          ? encodePageToken(module, Math.max(0, offset - perPage), now)
          : null,
      page_token_expiry: more
        ? new Date(now + PAGE_TOKEN_TTL_MS).toISOString().replace(/\.\d{3}Z$/, "+00:00")
        : null,
      sort_order: "asc",
      more_records: more,
    },
  });
}

// ---- search -------------------------------------------------------------------------------

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

function search(
  s: ZohoShared,
  ctx: RequestContext,
  cache: Map<string, number[]>,
): EmulatorResponse {
  const version = ctx.params.version ?? "";
  const module = moduleOf(ctx.params.module);
  if (!module)
    return crmError(s, 400, "INVALID_MODULE", "the module name given seems to be invalid");
  const a = auth(s, ctx, version, moduleScopes(module));
  if (!a.ok) return a.response;
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
    const known = CRM_FIELDS[module];
    const check = (c: Criteria): void => {
      if ("op" in c) {
        check(c.left);
        check(c.right);
      } else if (c.field !== "id" && !known.includes(c.field)) {
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
  const total = s.core.datasetSize(CRM_MODULES[module].resource, CRM_MODULES[module].fallback);
  const key = `${module}\u0000${total}\u0000${JSON.stringify(criteria)}`;
  let hits = cache.get(key);
  if (!hits) {
    hits = [];
    for (let i = 0; i < total && hits.length < PAGE_LIMIT + 1; i++) {
      if (matchCriteria(criteria, record(s, module, i))) hits.push(i);
    }
    if (cache.size >= 16) cache.delete(cache.keys().next().value as string);
    cache.set(key, hits);
  }
  const reachable = Math.min(hits.length, PAGE_LIMIT);
  const offset = (page - 1) * perPage;
  if (offset >= reachable) return s.core.respond.empty(204);
  const end = Math.min(offset + perPage, reachable);
  const data = hits.slice(offset, end).map((i) => project(record(s, module, i), fields));
  return s.core.respond.json(200, {
    data,
    info: { per_page: perPage, count: data.length, page, more_records: end < reachable },
  });
}

function users(s: ZohoShared, ctx: RequestContext): EmulatorResponse {
  const a = auth(s, ctx, ctx.params.version ?? "", [/^zohocrm\.users\.(all|read)$/i]);
  if (!a.ok) return a.response;
  const type = ctx.query.get("type") ?? "AllUsers";
  const u = s.user;
  const current = {
    id: u.id,
    zuid: u.zuid,
    full_name: u.fullName,
    first_name: u.firstName,
    last_name: u.lastName,
    email: u.email,
    role: { name: "CEO", id: "5725767000000015969" },
    profile: { name: "Administrator", id: "5725767000000015975" },
    status: "active",
    confirm: true,
    time_zone: "Europe/Berlin",
    locale: "en_GB",
    country: "DE",
    created_time: "2023-06-01T09:00:00+00:00",
  };
  if (
    type !== "CurrentUser" &&
    type !== "AllUsers" &&
    type !== "ActiveUsers" &&
    type !== "AdminUsers"
  ) {
    return crmError(s, 400, "INVALID_DATA", "invalid data", { param: "type" });
  }
  return s.core.respond.json(200, {
    users: [current],
    info: { per_page: 200, count: 1, page: 1, more_records: false },
  });
}

/** Zoho CRM routes on `www.zohoapis.{dc}`. @internal */
export function crmRoutes(s: ZohoShared): Route[] {
  const searchCache = new Map<string, number[]>();
  const versions = new RegExp(`^(${CRM_VERSIONS.map((v) => v.replace(".", "\\.")).join("|")})$`);
  const versioned = (handler: (ctx: RequestContext) => EmulatorResponse) => (ctx: RequestContext) =>
    versions.test(ctx.params.version ?? "")
      ? handler(ctx)
      : crmError(
          s,
          404,
          "INVALID_URL_PATTERN",
          "Please check if the URL trying to access is a correct one",
        );
  return [
    {
      method: "GET",
      hostKind: "api",
      path: "/crm/:version/users",
      endpoint: "crm.users",
      handler: versioned((ctx) => users(s, ctx)),
    },
    {
      method: "GET",
      hostKind: "api",
      path: "/crm/:version/:module/search",
      endpoint: "crm.search",
      handler: versioned((ctx) => search(s, ctx, searchCache)),
    },
    {
      method: "GET",
      hostKind: "api",
      path: "/crm/:version/:module",
      endpoint: "crm.list",
      handler: versioned((ctx) => list(s, ctx)),
    },
  ];
}
