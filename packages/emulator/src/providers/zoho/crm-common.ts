import type { EmulatorResponse } from "../../core/http.js";
import { createRecordStore, type RecordStore } from "../../core/records/store.js";
import type { RequestContext } from "../../core/types.js";
import { generate } from "./crm-generate.js";
import { keyOf, spec } from "./crm-modules.js";
import { atLeast, fieldIn } from "./crm-spec.js";
import { zohoDc } from "./dc.js";
import { hasScope, type ZohoAuth, type ZohoShared } from "./state.js";

// What the CRM handlers share: authentication, the record stores, field projection.

export { CRM_VERSIONS } from "./crm-spec.js";

/** v2 and v2.1 take a listing without `fields`; from v3 it is required. */
export const fieldsRequired = (version: string) => version !== "v2" && version !== "v2.1";

/**
 * Versions that page past 2,000 records with `page_token` (v2 and v2.1 stop at `page`). The
 * emulator follows the v8 docs for every later version.
 */
export const pageTokens = (version: string) => version !== "v2" && version !== "v2.1";

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

export { moduleOf } from "./crm-modules.js";

export function moduleScopes(m: string): RegExp[] {
  const l = m.toLowerCase();
  return [
    /^zohocrm\.modules\.(all|read)$/i,
    new RegExp(`^zohocrm\\.modules\\.${l}\\.(all|read)$`, "i"),
  ];
}

/** The module's records (generated data set + writes), created on first use. */
export function storeOf(s: ZohoShared, module: string): RecordStore {
  let store = s.crm.get(module);
  if (!store) {
    const m = spec(module);
    const owner = { id: s.user.id, name: s.user.fullName, email: s.user.email };
    store = createRecordStore(
      {
        size: () => s.core.datasetSize(m.resource, m.fallback),
        generate: (i) => generate(module, i, s.core.rng("crm", module, i), owner),
      },
      STORE_KEY,
    );
    s.crm.set(module, store);
  }
  return store;
}

/** The store's own key field, kept out of answers. */
const STORE_KEY = "$key";

/** A record by id as clients see it now, or undefined (never existed, or deleted). */
export function lookup(
  s: ZohoShared,
  module: string,
  id: string,
): Record<string, unknown> | undefined {
  const k = keyOf(module, id);
  return k === undefined ? undefined : storeOf(s, module).get(k);
}

/** Every field of the module, or those of `fields` (plus `id`), without internal ones. */
export function project(
  r: Record<string, unknown>,
  fields: string[] | undefined,
): Record<string, unknown> {
  if (!fields) {
    const { [STORE_KEY]: _, ...rest } = r;
    return rest;
  }
  const out: Record<string, unknown> = { id: r.id };
  for (const f of fields) out[f] = r[f] ?? null;
  return out;
}

/** Subforms (line items) come with a single record only, never in listings. */
export const listable = (module: string, field: string) =>
  spec(module).fields[field]?.type !== "subform";

/** Every field a listing shows when `fields` is absent (v2, v2.1). */
export const listedFields = (module: string, version: string) =>
  Object.entries(spec(module).fields)
    .filter(([name, f]) => listable(module, name) && fieldIn(f, version))
    .map(([name]) => name);

/** What a listing shows: `fields`, or without it every listable field and `$` properties. */
export const shownFields = (module: string, version: string, fields: string[] | undefined) =>
  fields ?? [
    ...listedFields(module, version),
    ...(converted(module, version) ? ["$converted"] : []),
  ];

const converted = (module: string, version: string) =>
  module === "Leads" && !atLeast(version, "v4");

/** Fields of a module that a version does not have yet, worked out once per module and version. */
const laterFields = new Map<string, Set<string>>();

function laterOf(module: string, version: string): Set<string> {
  const key = `${module}\u0000${version}`;
  let later = laterFields.get(key);
  if (!later) {
    later = new Set(
      Object.entries(spec(module).fields)
        .filter(([, f]) => !fieldIn(f, version))
        .map(([name]) => name),
    );
    laterFields.set(key, later);
  }
  return later;
}

/**
 * A record as `version` answers it: fields of later versions left out; before v4 a lead's
 * conversion is the `$converted` property (v4 made it the field `Converted__s`).
 */
export function asOf(
  module: string,
  version: string,
  r: Record<string, unknown>,
): Record<string, unknown> {
  const later = laterOf(module, version);
  const conversion = converted(module, version);
  let out = r;
  if (later.size > 0 && Object.keys(r).some((name) => later.has(name))) {
    // A copy without them, in the record's own order.
    out = {};
    for (const name of Object.keys(r)) if (!later.has(name)) out[name] = r[name];
  }
  if (conversion) {
    if (out === r) out = { ...r };
    out.$converted = r.Converted__s === true;
  }
  return out;
}

/** Parses and validates `fields`; returns the list or an error response. */
export function parseFields(
  s: ZohoShared,
  ctx: RequestContext,
  module: string,
  required: boolean,
  listing = true,
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
  const known = spec(module).fields;
  const version = ctx.params.version ?? "";
  for (const f of fields) {
    const field = Object.hasOwn(known, f) ? known[f] : undefined;
    if (f !== "id" && (!field || !fieldIn(field, version) || (listing && !listable(module, f)))) {
      return crmError(s, 400, "INVALID_DATA", "invalid field name", {
        param: "fields",
        api_name: f,
      });
    }
  }
  return fields;
}
