import type { EmulatorResponse } from "../../core/http.js";
import type { RequestContext } from "../../core/types.js";
import { zohoDc } from "./dc.js";
import { CRM_FIELDS, CRM_MODULES, type CrmModule, crmRecord } from "./records.js";
import { hasScope, type ZohoAuth, type ZohoShared } from "./state.js";

// What the CRM list, search and users handlers share: authentication, modules, field projection.

/** API versions the CRM routes accept. */
export const CRM_VERSIONS = ["v2", "v2.1", "v3", "v4", "v5", "v6", "v7", "v8"] as const;

/** Records reachable with `page` (beyond: `page_token`). */
export const PAGE_LIMIT = 2000;
/** Records reachable by listing at all. */
export const LIST_LIMIT = 100_000;
export const crmError = (
  s: ZohoShared,
  status: number,
  code: string,
  message: string,
  details: Record<string, unknown> = {},
) => s.core.respond.json(status, { code, details, message, status: "error" });

/** Authenticates a CRM call: header scheme, token state, data centre and scope. */
export function auth(
  s: ZohoShared,
  ctx: RequestContext,
  version: string,
  scopes: RegExp[],
): ZohoAuth {
  const bearer = s.oauth.bearer(ctx);
  if (bearer.kind === "none") {
    return {
      ok: false,
      response: crmError(s, 401, "AUTHENTICATION_FAILURE", "Authentication failed"),
    };
  }
  if (bearer.kind === "invalid") {
    return { ok: false, response: crmError(s, 401, "INVALID_OAUTHTOKEN", "invalid oauth token") };
  }
  const token = bearer.token;
  if (token.data.location !== ctx.hostMatch.params.dc) {
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
                api_domain: `https://${zohoDc(token.data.location ?? "")?.apiHost ?? s.dc.apiHost}`,
              },
            ),
    };
  }
  if (s.core.options.enforceScopes !== false && !hasScope(token.scopes, scopes)) {
    return {
      ok: false,
      response: crmError(s, 401, "OAUTH_SCOPE_MISMATCH", "invalid oauth scope to access this URL"),
    };
  }
  return { ok: true, token };
}

export function moduleOf(name: string | undefined): CrmModule | undefined {
  const n = (name ?? "").toLowerCase();
  return (Object.keys(CRM_MODULES) as CrmModule[]).find((m) => m.toLowerCase() === n);
}

export function moduleScopes(m: CrmModule): RegExp[] {
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

export function view(
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

export function record(s: ZohoShared, module: CrmModule, i: number): Record<string, unknown> {
  return crmRecord(module, i, s.core.rng("crm", module, i), {
    id: s.user.id,
    name: s.user.fullName,
    email: s.user.email,
  });
}

/**
 * Record `i` as clients see it now: with their updates, or undefined once deleted. (`record`
 * stays the generated one, whose times order the data set.)
 */
export function current(
  s: ZohoShared,
  module: CrmModule,
  i: number,
): Record<string, unknown> | undefined {
  const base = record(s, module, i);
  const edited = s.edited.get(String(base.id));
  return edited === null ? undefined : (edited ?? base);
}

export function project(
  r: Record<string, unknown>,
  fields: string[] | undefined,
): Record<string, unknown> {
  if (!fields) return r;
  const out: Record<string, unknown> = { id: r.id };
  for (const f of fields) out[f] = r[f];
  return out;
}

/** Parses and validates `fields`; returns the list or an error response. */
export function parseFields(
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
