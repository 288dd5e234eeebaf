import { fakePerson, isoZ, recordTimes, words } from "../core/data.js";
import type { EmulatorResponse } from "../core/http.js";
import type { AccessTokenRecord } from "../core/tokens.js";
import type {
  CommonProviderOptions,
  HostMatch,
  ProviderCore,
  ProviderModule,
  RequestContext,
  Route,
} from "../core/types.js";

/** Options of the Pipedrive provider (`startEmulator({ pipedrive: { … } })`). */
export interface PipedriveOptions extends CommonProviderOptions {
  /** Company domain: the API host is `https://<companyDomain>.pipedrive.com` (default `emulatedcompany`). */
  companyDomain?: string;
  /** Personal API token accepted in `x-api-token` / `?api_token=` (default `emulator-pipedrive-api-token`). */
  apiToken?: string;
  /** Scope string returned in token responses (default `base,deals:full,contacts:full`). */
  scope?: string;
  /**
   * What the token endpoint does with PKCE parameters (undocumented by Pipedrive): `"ignore"`
   * (default: accepted and not checked) or `"reject"` (`invalid_request`).
   */
  pkce?: "ignore" | "reject";
  /** v1 deals/persons/organizations lists: `"deprecated"` (default: served with `Deprecation`/`Sunset` headers) or `"removed"` (410). */
  v1Lists?: "deprecated" | "removed";
  /** The emulated user. */
  user?: { id?: number; name?: string; email?: string };
  /** Company name (default `Emulated Company`). */
  companyName?: string;
}

declare module "../core/types.js" {
  interface ProviderOptionsMap {
    pipedrive: PipedriveOptions;
  }
}

const OAUTH_HOST = "oauth.pipedrive.com";
const API_HOST = "api.pipedrive.com";
/** v1 deals/persons/organizations: deprecated 2026-01-01, out of support from 2026-08-01. */
export const PIPEDRIVE_V1_DEPRECATION = "@1767225600";
export const PIPEDRIVE_V1_SUNSET = "Sat, 01 Aug 2026 00:00:00 GMT";

type Resource = "deals" | "persons" | "organizations";
const FALLBACK: Record<Resource, number> = { deals: 250, persons: 300, organizations: 80 };
const STAGES = [1, 2, 3, 4, 5];

interface Shared {
  core: ProviderCore<PipedriveOptions>;
  company: string;
  apiToken: string;
  user: { id: number; name: string; email: string };
  companyId: number;
  companyName: string;
  /** Records added through the API, per resource (ids continue after the dataset). */
  created: Record<Resource, number>;
}

const apiError = (
  s: Shared,
  status: number,
  error: string,
  errorInfo: string,
  headers?: Record<string, string>,
) =>
  s.core.respond.json(
    status,
    { success: false, error, error_info: errorInfo, data: null, additional_data: null },
    headers,
  );

const oauthError = (s: Shared, status: number, error: string, description: string) =>
  s.core.respond.json(status, { error, error_description: description });

// ---------------------------------------------------------------- OAuth

function tokenBody(s: Shared, access: AccessTokenRecord, refresh: string | undefined) {
  return {
    access_token: access.token,
    token_type: "Bearer",
    expires_in: Math.round((access.expiresAt - access.issuedAt) / 1000),
    refresh_token: refresh,
    scope: access.data.scope ?? "",
    api_domain: `https://${access.data.company ?? s.company}.pipedrive.com`,
  };
}

/** Client authentication: HTTP Basic only. */
function clientAuth(s: Shared, ctx: RequestContext): EmulatorResponse | string {
  const basic = ctx.basicAuth;
  if (!basic) {
    return oauthError(
      s,
      401,
      "invalid_client",
      ctx.param("client_id") !== undefined
        ? "Client credentials must be sent with HTTP Basic authentication, not in the request body"
        : "Missing client authentication (HTTP Basic)",
    );
  }
  const check = s.core.clients.check("pipedrive", basic.username, basic.password);
  if (check !== "ok") return oauthError(s, 401, "invalid_client", "Invalid client credentials");
  return basic.username;
}

function token(s: Shared, ctx: RequestContext): EmulatorResponse {
  const client = clientAuth(s, ctx);
  if (typeof client !== "string") return client;
  const o = s.core.options;
  const grant = ctx.param("grant_type");
  const accessTtl = o.accessTokenTtlSeconds ?? 3599;
  const refreshTtl = o.refreshTokenTtlSeconds ?? 60 * 86400;
  if (grant === "authorization_code") {
    if (
      o.pkce === "reject" &&
      (ctx.param("code_verifier") !== undefined || ctx.param("code_challenge") !== undefined)
    ) {
      return oauthError(s, 400, "invalid_request", "PKCE is not supported");
    }
    const r = s.core.tokens.redeemCode(ctx.param("code") ?? "");
    if (!r.ok || r.record.provider !== "pipedrive" || r.record.clientId !== client) {
      return oauthError(s, 400, "invalid_grant", "Invalid authorization code");
    }
    if (ctx.param("redirect_uri") !== r.record.redirectUri) {
      return oauthError(s, 400, "invalid_grant", "Invalid redirect_uri");
    }
    const issued = s.core.tokens.issue({
      provider: "pipedrive",
      clientId: client,
      userId: r.record.userId,
      scopes: r.record.scopes,
      data: { ...r.record.data },
      accessTtlSeconds: accessTtl,
      newRefresh: { ttlSeconds: refreshTtl },
    });
    return s.core.respond.json(200, tokenBody(s, issued.access, issued.refresh?.token));
  }
  if (grant === "refresh_token") {
    const rt = ctx.param("refresh_token") ?? "";
    const found = s.core.tokens.lookupRefresh(rt);
    if (
      found.status !== "valid" ||
      found.record.provider !== "pipedrive" ||
      found.record.clientId !== client
    ) {
      return oauthError(s, 400, "invalid_grant", "Invalid refresh token");
    }
    // Rotation: a new refresh token each time; the old one stops working (its access tokens
    // stay valid until they expire).
    s.core.tokens.revoke(rt, { cascade: false });
    const r = found.record;
    const issued = s.core.tokens.issue({
      provider: "pipedrive",
      clientId: client,
      userId: r.userId,
      scopes: r.scopes,
      // The company domain can change: refreshes report the current one.
      data: { ...r.data, company: s.company },
      accessTtlSeconds: accessTtl,
      newRefresh: { ttlSeconds: refreshTtl },
    });
    return s.core.respond.json(200, tokenBody(s, issued.access, issued.refresh?.token));
  }
  return oauthError(s, 400, "unsupported_grant_type", `Unsupported grant_type "${grant ?? ""}"`);
}

function revoke(s: Shared, ctx: RequestContext): EmulatorResponse {
  const client = clientAuth(s, ctx);
  if (typeof client !== "string") return client;
  const t = ctx.param("token") ?? "";
  const rec =
    s.core.tokens.refreshTokens({ provider: "pipedrive", token: t })[0] ??
    s.core.tokens.accessTokens({ provider: "pipedrive", token: t })[0];
  if (!rec || rec.clientId !== client) {
    return oauthError(s, 400, "invalid_request", "Invalid token");
  }
  s.core.tokens.revoke(t);
  return s.core.respond.empty(200);
}

// ---------------------------------------------------------------- API auth

type Auth = { ok: true; via: "oauth" | "api_token" } | { ok: false; response: EmulatorResponse };

function auth(s: Shared, ctx: RequestContext): Auth {
  const company = ctx.hostMatch.params.company ?? "";
  const unauthorized = (info = "Please check developers.pipedrive.com") => ({
    ok: false as const,
    response: apiError(s, 401, "unauthorized access", info),
  });
  const a = ctx.authorization;
  if (a && a.scheme.toLowerCase() === "bearer") {
    const found = s.core.tokens.lookupAccess(a.credentials);
    if (found.status !== "valid" || found.record.provider !== "pipedrive") return unauthorized();
    // OAuth calls go to the token's api_domain.
    if (company !== (found.record.data.company ?? s.company)) {
      return unauthorized("Use the api_domain returned with the access token");
    }
    return { ok: true, via: "oauth" };
  }
  const key = ctx.header("x-api-token") ?? ctx.query.get("api_token") ?? undefined;
  if (key !== undefined) {
    if (key !== s.apiToken) return unauthorized();
    if (company !== "" && company !== s.company) return unauthorized();
    return { ok: true, via: "api_token" };
  }
  return unauthorized("You need to be authorized to make this request.");
}

// ---------------------------------------------------------------- data

const pdTime = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace("T", " ");

function orgName(s: Shared, i: number): string {
  const rng = s.core.rng("organizations", i);
  return `${rng.pick(words.companyStems)} ${rng.pick(words.companySuffixes)} ${i + 1}`;
}

function personBasics(s: Shared, i: number) {
  const rng = s.core.rng("persons", i);
  const p = fakePerson(rng, i);
  const orgs = s.core.datasetSize("organizations", FALLBACK.organizations);
  const orgIndex = orgs > 0 ? rng.int(0, orgs - 1) : -1;
  return { p, orgIndex, times: recordTimes(rng, i), rng };
}

function dealBasics(s: Shared, i: number) {
  const rng = s.core.rng("deals", i);
  const persons = s.core.datasetSize("persons", FALLBACK.persons);
  const orgs = s.core.datasetSize("organizations", FALLBACK.organizations);
  return {
    title: `${rng.pick(words.adjectives)} ${rng.pick(words.products)} deal #${i + 1}`,
    value: rng.int(5, 500) * 100,
    currency: rng.pick(["EUR", "USD", "GBP"]),
    status: rng.pick(["open", "open", "open", "won", "lost"]),
    stageId: rng.pick(STAGES),
    probability: rng.pick([null, 10, 25, 50, 75, 90]),
    personIndex: persons > 0 ? rng.int(0, persons - 1) : -1,
    orgIndex: orgs > 0 ? rng.int(0, orgs - 1) : -1,
    times: recordTimes(rng, i),
  };
}

function record(s: Shared, r: Resource, i: number, v1: boolean): Record<string, unknown> {
  const id = i + 1;
  const owner = s.user.id;
  if (r === "organizations") {
    const rng = s.core.rng("organizations", i);
    const t = recordTimes(rng, i);
    const [city, country] = rng.pick(words.cities);
    const base = {
      id,
      name: orgName(s, i),
      address: `${rng.int(1, 250)} ${rng.pick(words.streets)}, ${city}, ${country}`,
      visible_to: 3,
    };
    return v1
      ? {
          ...base,
          owner_id: { id: owner, name: s.user.name, email: s.user.email, value: owner },
          add_time: pdTime(t.created),
          update_time: pdTime(t.modified),
          active_flag: true,
        }
      : {
          ...base,
          owner_id: owner,
          add_time: isoZ(t.created),
          update_time: isoZ(t.modified),
          is_deleted: false,
        };
  }
  if (r === "persons") {
    const { p, orgIndex, times } = personBasics(s, i);
    const orgId = orgIndex >= 0 ? orgIndex + 1 : null;
    if (v1) {
      return {
        id,
        name: p.fullName,
        first_name: p.firstName,
        last_name: p.lastName,
        email: [{ label: "work", value: p.email, primary: true }],
        phone: [{ label: "work", value: p.phone, primary: true }],
        owner_id: { id: owner, name: s.user.name, email: s.user.email, value: owner },
        org_id: orgId === null ? null : { name: orgName(s, orgIndex), value: orgId },
        add_time: pdTime(times.created),
        update_time: pdTime(times.modified),
        active_flag: true,
        visible_to: "3",
      };
    }
    return {
      id,
      name: p.fullName,
      first_name: p.firstName,
      last_name: p.lastName,
      emails: [{ label: "work", value: p.email, primary: true }],
      phones: [{ label: "work", value: p.phone, primary: true }],
      owner_id: owner,
      org_id: orgId,
      add_time: isoZ(times.created),
      update_time: isoZ(times.modified),
      is_deleted: false,
      visible_to: 3,
    };
  }
  const d = dealBasics(s, i);
  const personId = d.personIndex >= 0 ? d.personIndex + 1 : null;
  const orgId = d.orgIndex >= 0 ? d.orgIndex + 1 : null;
  if (v1) {
    return {
      id,
      title: d.title,
      value: d.value,
      currency: d.currency,
      status: d.status,
      stage_id: d.stageId,
      pipeline_id: 1,
      probability: d.probability,
      user_id: { id: owner, name: s.user.name, email: s.user.email, value: owner },
      person_id:
        personId === null
          ? null
          : { name: personBasics(s, d.personIndex).p.fullName, value: personId },
      org_id: orgId === null ? null : { name: orgName(s, d.orgIndex), value: orgId },
      add_time: pdTime(d.times.created),
      update_time: pdTime(d.times.modified),
      active: d.status === "open",
      deleted: false,
    };
  }
  return {
    id,
    title: d.title,
    value: d.value,
    currency: d.currency,
    status: d.status,
    stage_id: d.stageId,
    pipeline_id: 1,
    probability: d.probability,
    owner_id: owner,
    creator_user_id: owner,
    person_id: personId,
    org_id: orgId,
    add_time: isoZ(d.times.created),
    update_time: isoZ(d.times.modified),
    is_deleted: false,
    is_archived: false,
  };
}

// ---------------------------------------------------------------- API handlers

function usersMe(s: Shared, ctx: RequestContext): EmulatorResponse {
  const a = auth(s, ctx);
  if (!a.ok) return a.response;
  return s.core.respond.json(200, {
    success: true,
    data: {
      id: s.user.id,
      name: s.user.name,
      email: s.user.email,
      lang: 1,
      locale: "en_US",
      default_currency: "EUR",
      timezone_name: "Europe/Berlin",
      timezone_offset: "+01:00",
      role_id: 1,
      icon_url: null,
      active_flag: true,
      is_you: true,
      activated: true,
      is_admin: 1,
      last_login: pdTime(s.core.clock.now()),
      created: "2024-01-01 00:00:00",
      modified: "2024-01-01 00:00:00",
      has_created_company: true,
      access: [{ app: "sales", admin: true, permission_set_id: "1" }],
      company_id: s.companyId,
      company_name: s.companyName,
      company_domain: s.company,
      company_country: "DE",
      company_industry: "Software",
      language: { language_code: "en", country_code: "US" },
    },
  });
}

function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString("base64url");
}
function decodeCursor(c: string): number | undefined {
  try {
    const v = JSON.parse(Buffer.from(c, "base64url").toString("utf8")) as { o?: unknown };
    return Number.isInteger(v.o) && (v.o as number) >= 0 ? (v.o as number) : undefined;
  } catch {
    return undefined;
  }
}

function listV2(s: Shared, ctx: RequestContext, r: Resource): EmulatorResponse {
  const a = auth(s, ctx);
  if (!a.ok) return a.response;
  const limitRaw = ctx.query.get("limit");
  let limit = 100;
  if (limitRaw !== null) {
    if (!/^\d+$/.test(limitRaw) || Number(limitRaw) < 1 || Number(limitRaw) > 500) {
      return apiError(
        s,
        400,
        "Validation failed: limit: Number must be less than or equal to 500",
        "Please check developers.pipedrive.com",
      );
    }
    limit = Number(limitRaw);
  }
  const cursor = ctx.query.get("cursor");
  let start = 0;
  if (cursor !== null && cursor !== "") {
    const o = decodeCursor(cursor);
    if (o === undefined) {
      return apiError(s, 400, "Invalid cursor", "Please check developers.pipedrive.com");
    }
    start = o;
  }
  const total = s.core.datasetSize(r, FALLBACK[r]);
  const end = Math.min(total, start + limit);
  const data: Record<string, unknown>[] = [];
  for (let i = start; i < end; i++) data.push(record(s, r, i, false));
  return s.core.respond.json(200, {
    success: true,
    data,
    additional_data: { next_cursor: end < total ? encodeCursor(end) : null },
  });
}

function listV1(s: Shared, ctx: RequestContext, r: Resource): EmulatorResponse {
  const headers = {
    deprecation: PIPEDRIVE_V1_DEPRECATION,
    sunset: PIPEDRIVE_V1_SUNSET,
    link: `<https://developers.pipedrive.com/docs/api/v1>; rel="deprecation"`,
  };
  if (s.core.options.v1Lists === "removed") {
    return apiError(s, 410, `GET /v1/${r} is no longer available`, `Use GET /api/v2/${r}`, headers);
  }
  const a = auth(s, ctx);
  if (!a.ok) return a.response;
  const startRaw = ctx.query.get("start") ?? "0";
  const limitRaw = ctx.query.get("limit") ?? "100";
  if (!/^\d+$/.test(startRaw) || !/^\d+$/.test(limitRaw)) {
    return apiError(s, 400, "Invalid start or limit", "Please check developers.pipedrive.com");
  }
  const start = Number(startRaw);
  const limit = Math.min(500, Math.max(1, Number(limitRaw)));
  const total = s.core.datasetSize(r, FALLBACK[r]);
  const end = Math.min(total, start + limit);
  const data: Record<string, unknown>[] = [];
  for (let i = start; i < end; i++) data.push(record(s, r, i, true));
  const more = end < total;
  return s.core.respond.json(
    200,
    {
      success: true,
      data: data.length > 0 ? data : null,
      additional_data: {
        pagination: {
          start,
          limit,
          more_items_in_collection: more,
          ...(more ? { next_start: end } : {}),
        },
      },
    },
    headers,
  );
}

// POST /api/v2/{resource}: "Add a ..." (name required; answers 200 with the new record).
function create(s: Shared, ctx: RequestContext, r: Resource): EmulatorResponse {
  const a = auth(s, ctx);
  if (!a.ok) return a.response;
  const body = ctx.body.kind === "json" ? ctx.body.value : undefined;
  const input =
    body !== null && typeof body === "object" && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : undefined;
  const nameField = r === "deals" ? "title" : "name";
  const name = input?.[nameField];
  if (typeof name !== "string" || name.trim() === "") {
    return apiError(
      s,
      400,
      `Validation failed: ${nameField}: Required`,
      "Please check developers.pipedrive.com",
    );
  }
  s.created[r] += 1;
  const id = s.core.datasetSize(r, FALLBACK[r]) + s.created[r];
  const now = new Date(s.core.clock.now()).toISOString().replace(/\.\d{3}Z$/, "Z");
  return s.core.respond.json(200, {
    success: true,
    data: { ...input, id, owner_id: s.user.id, add_time: now, update_time: now },
  });
}

function routes(s: Shared): Route[] {
  const out: Route[] = [
    {
      method: ["GET", "POST"],
      hostKind: "oauth",
      path: "/oauth/authorize",
      endpoint: (ctx) => (ctx.method === "POST" ? "authorize.decision" : "authorize"),
      handler: (ctx) => {
        const clientId = ctx.param("client_id");
        const scope = s.core.options.scope ?? "base,deals:full,contacts:full";
        return s.core.authorize(ctx, {
          clientId,
          redirectUri: ctx.param("redirect_uri"),
          scopes: scope.split(","),
          state: ctx.param("state"),
          details: [`Company: ${s.companyName} (${s.company}.pipedrive.com)`],
          approve: () => ({
            code: s.core.tokens.createCode({
              provider: "pipedrive",
              clientId: clientId ?? "",
              userId: String(s.user.id),
              scopes: scope.split(","),
              data: { scope, company: s.company },
              redirectUri: ctx.param("redirect_uri") ?? "",
              ttlSeconds: s.core.options.codeTtlSeconds ?? 300,
            }).code,
          }),
        });
      },
    },
    {
      method: "POST",
      hostKind: "oauth",
      path: "/oauth/token",
      endpoint: (ctx) => {
        const g = ctx.param("grant_type");
        return g === "refresh_token"
          ? "token.refresh"
          : g === "authorization_code"
            ? "token.exchange"
            : "token.other";
      },
      handler: (ctx) => token(s, ctx),
    },
    {
      method: "POST",
      hostKind: "oauth",
      path: "/oauth/revoke",
      endpoint: "token.revoke",
      handler: (ctx) => revoke(s, ctx),
    },
    {
      method: "GET",
      hostKind: "api",
      path: /^(?:\/api)?\/v1\/users\/me$/,
      endpoint: "users.me",
      handler: (ctx) => usersMe(s, ctx),
    },
  ];
  for (const r of ["deals", "persons", "organizations"] as const) {
    out.push(
      {
        method: "GET",
        hostKind: "api",
        path: `/api/v2/${r}`,
        endpoint: `${r}.list`,
        handler: (ctx) => listV2(s, ctx, r),
      },
      {
        method: "POST",
        hostKind: "api",
        path: `/api/v2/${r}`,
        endpoint: `${r}.create`,
        handler: (ctx) => create(s, ctx, r),
      },
      {
        method: "GET",
        hostKind: "api",
        path: new RegExp(`^(?:/api)?/v1/${r}$`),
        endpoint: `${r}.list_v1`,
        handler: (ctx) => listV1(s, ctx, r),
      },
    );
  }
  return out;
}

/**
 * Pipedrive: OAuth at `oauth.pipedrive.com` (HTTP Basic client auth, rotating refresh tokens,
 * `api_domain`), API v1/v2 on `<company>.pipedrive.com` and `api.pipedrive.com`.
 * Default client `emulator-pipedrive-client` / `emulator-pipedrive-secret`.
 */
export const pipedrive: ProviderModule<PipedriveOptions> = {
  id: "pipedrive",
  name: "Pipedrive",
  defaultClient: {
    clientId: "emulator-pipedrive-client",
    clientSecret: "emulator-pipedrive-secret",
  },
  matchHost(host): HostMatch | undefined {
    if (host === OAUTH_HOST) return { kind: "oauth", params: {} };
    if (host === API_HOST) return { kind: "api", params: { company: "" } };
    const m = /^([a-z0-9-]+)\.pipedrive\.com$/.exec(host);
    return m ? { kind: "api", params: { company: m[1]! } } : undefined;
  },
  create(core) {
    const o = core.options;
    const s: Shared = {
      core,
      company: (o.companyDomain ?? "emulatedcompany").toLowerCase(),
      apiToken: o.apiToken ?? "emulator-pipedrive-api-token",
      user: {
        id: o.user?.id ?? 12345678,
        name: o.user?.name ?? "Grace Hopper",
        email: o.user?.email ?? "grace.hopper@emulator.example",
      },
      companyId: 7654321,
      companyName: o.companyName ?? "Emulated Company",
      created: { deals: 0, persons: 0, organizations: 0 },
    };
    return {
      routes: routes(s),
      throttled(_ctx, { retryAfterSeconds }) {
        const reset = Math.max(1, retryAfterSeconds);
        return apiError(
          s,
          429,
          "Request over limit",
          "Please check developers.pipedrive.com/docs/api/v1#rate-limiting",
          {
            "x-ratelimit-limit": "80",
            "x-ratelimit-remaining": "0",
            "x-ratelimit-reset": String(reset),
            "retry-after": String(reset),
          },
        );
      },
      notFound(ctx) {
        if (ctx.hostMatch.kind === "oauth") return oauthError(s, 404, "not_found", "Not found");
        return apiError(s, 404, "Unknown method .", "Please check developers.pipedrive.com");
      },
      info: () => ({
        apiDomain: `https://${s.company}.pipedrive.com`,
        authorizeUrl: `https://${OAUTH_HOST}/oauth/authorize`,
        tokenUrl: `https://${OAUTH_HOST}/oauth/token`,
        apiToken: s.apiToken,
        user: { ...s.user },
      }),
    };
  },
};
