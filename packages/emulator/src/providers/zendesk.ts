import { createHash } from "node:crypto";
import { fakePerson, isoZ, recordTimes, words } from "../core/data.js";
import type { EmulatorResponse } from "../core/http.js";
import type { AccessTokenRecord } from "../core/tokens.js";
import type {
  CommonProviderOptions,
  ProviderCore,
  ProviderModule,
  RequestContext,
  Route,
} from "../core/types.js";

/** Options of the Zendesk provider (`startEmulator({ zendesk: { … } })`). */
export interface ZendeskOptions extends CommonProviderOptions {
  /** The account subdomain (default `emulated`); other subdomains answer 404. */
  subdomain?: string;
  /** Role of the emulated user (default `admin`); incremental exports need `admin`. */
  role?: "admin" | "agent" | "end-user";
  /** API token for Basic `{email}/token:{apiToken}` (default `emulator-zendesk-api-token`). */
  apiToken?: string;
  /** Basic `{email}:{password}`: `"disabled"` (default: 401, turned off since 2026-01-12) or `"enabled"`. */
  passwordAuth?: "disabled" | "enabled";
  /** Password for `passwordAuth: "enabled"` (default `emulator-zendesk-password`). */
  password?: string;
  /** Incremental exports: requests per window (default 10 per 60 000 ms); false: off. */
  incrementalRateLimit?: { limit: number; windowMs: number } | false;
  /** Account-wide API requests per minute (default 700); false: off. */
  requestsPerMinute?: number | false;
  /** Exclude items changed in the last 60 s from incremental exports (default true). */
  incrementalLag?: boolean;
  /** The emulated user. */
  user?: { name?: string; email?: string };
}

declare module "../core/types.js" {
  interface ProviderOptionsMap {
    zendesk: ZendeskOptions;
  }
}

type Resource = "tickets" | "users" | "organizations" | "ticket_metrics";
const FALLBACK = { tickets: 250, users: 120, organizations: 40 };
const INVALID_GRANT =
  "The provided access grant is invalid, expired, or revoked (e.g. invalid assertion, expired authorization token, bad end-user password credentials, or mismatching authorization code and redirection URI).";
const EVENTS_PER_TICKET = 3;
const INCREMENTAL_PAGE = 1000;

interface Shared {
  core: ProviderCore<ZendeskOptions>;
  subdomain: string;
  user: { id: number; name: string; email: string };
  /** Access token -> numeric token id (Zendesk token ids), and back. */
  ids: Map<string, number>;
  byId: Map<number, string>;
  nextId: number;
  incHits: number[];
  apiHits: number[];
  usedAt: Map<string, number>;
}

const err = (
  s: Shared,
  status: number,
  error: string,
  description?: string,
  headers?: Record<string, string>,
) => s.core.respond.json(status, description ? { error, description } : { error }, headers);
const oauthErr = (s: Shared, status: number, error: string, description: string) =>
  s.core.respond.json(status, { error, error_description: description });

const base = (s: Shared) => `https://${s.subdomain}.zendesk.com`;
const unix = (ms: number) => Math.floor(ms / 1000);

function tokenId(s: Shared, token: string): number {
  let id = s.ids.get(token);
  if (id === undefined) {
    id = s.nextId++;
    s.ids.set(token, id);
    s.byId.set(id, token);
  }
  return id;
}

// ---------------------------------------------------------------- OAuth

function authorize(s: Shared, ctx: RequestContext): EmulatorResponse {
  const clientId = ctx.param("client_id");
  const client = s.core.clients.get("zendesk", clientId);
  const challenge = ctx.param("code_challenge");
  const method = ctx.param("code_challenge_method") ?? (challenge ? "plain" : undefined);
  const scope = ctx.param("scope") ?? "read";
  let redirectError: string | undefined;
  if (ctx.param("response_type") !== "code") redirectError = "unsupported_response_type";
  else if (client && client.clientSecret === undefined && !challenge)
    redirectError = "invalid_request";
  else if (challenge && method !== "S256") redirectError = "invalid_request";
  return s.core.authorize(ctx, {
    clientId,
    redirectUri: ctx.param("redirect_uri"),
    scopes: scope.split(/\s+/).filter(Boolean),
    state: ctx.param("state"),
    ...(ctx.hostMatch.params.subdomain !== s.subdomain
      ? { error: `No Zendesk account at ${ctx.host}.` }
      : {}),
    ...(redirectError ? { redirectError } : {}),
    details: [`Account: ${s.subdomain}.zendesk.com`, `Signed in as ${s.user.email}`],
    approve: () => ({
      code: s.core.tokens.createCode({
        provider: "zendesk",
        clientId: clientId ?? "",
        userId: String(s.user.id),
        scopes: scope.split(/\s+/).filter(Boolean),
        data: { subdomain: s.subdomain, scope },
        redirectUri: ctx.param("redirect_uri") ?? "",
        ttlSeconds: s.core.options.codeTtlSeconds ?? 120,
        ...(challenge ? { codeChallenge: challenge, codeChallengeMethod: "S256" } : {}),
      }).code,
    }),
  });
}

/** Reads an optional lifetime parameter; returns a number, undefined, or an error response. */
function ttlParam(
  s: Shared,
  ctx: RequestContext,
  name: string,
  min: number,
  max: number,
): number | undefined | EmulatorResponse {
  const raw = ctx.param(name);
  if (raw === undefined || raw === "") return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    return oauthErr(
      s,
      400,
      "invalid_request",
      `${name} must be an integer between ${min} and ${max}`,
    );
  }
  return n;
}

function issue(
  s: Shared,
  grant: { clientId: string; userId: string; scopes: string[]; scope: string },
  expiresIn: number | undefined,
  refreshExpiresIn: number | undefined,
  withRefresh: boolean,
): EmulatorResponse {
  const o = s.core.options;
  const issued = s.core.tokens.issue({
    provider: "zendesk",
    clientId: grant.clientId,
    userId: grant.userId,
    scopes: grant.scopes,
    data: { subdomain: s.subdomain, scope: grant.scope },
    accessTtlSeconds: expiresIn ?? o.accessTokenTtlSeconds ?? 1800,
    newRefresh: withRefresh
      ? { ttlSeconds: refreshExpiresIn ?? o.refreshTokenTtlSeconds ?? 30 * 86400 }
      : false,
  });
  tokenId(s, issued.access.token);
  const body: Record<string, unknown> = {
    access_token: issued.access.token,
    token_type: "bearer",
    scope: grant.scope,
  };
  if (issued.refresh) body.refresh_token = issued.refresh.token;
  if (expiresIn !== undefined) body.expires_in = expiresIn;
  if (refreshExpiresIn !== undefined && issued.refresh)
    body.refresh_token_expires_in = refreshExpiresIn;
  return s.core.respond.json(200, body);
}

function token(s: Shared, ctx: RequestContext): EmulatorResponse {
  if (ctx.hostMatch.params.subdomain !== s.subdomain) {
    return oauthErr(s, 404, "not_found", `No Zendesk account at ${ctx.host}`);
  }
  const clientId = ctx.param("client_id");
  const client = s.core.clients.get("zendesk", clientId);
  const check = s.core.clients.check("zendesk", clientId, ctx.param("client_secret"));
  if (!client || check !== "ok") {
    return oauthErr(
      s,
      401,
      "invalid_client",
      "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.",
    );
  }
  const expiresIn = ttlParam(s, ctx, "expires_in", 300, 172_800);
  if (typeof expiresIn === "object") return expiresIn;
  const refreshIn = ttlParam(s, ctx, "refresh_token_expires_in", 604_800, 7_776_000);
  if (typeof refreshIn === "object") return refreshIn;
  if (expiresIn !== undefined && refreshIn !== undefined && expiresIn >= refreshIn) {
    return oauthErr(
      s,
      400,
      "invalid_request",
      "expires_in must be less than refresh_token_expires_in",
    );
  }
  const grantType = ctx.param("grant_type");
  if (grantType === "authorization_code") {
    const r = s.core.tokens.redeemCode(ctx.param("code") ?? "");
    if (!r.ok || r.record.provider !== "zendesk" || r.record.clientId !== clientId) {
      return oauthErr(s, 400, "invalid_grant", INVALID_GRANT);
    }
    if (ctx.param("redirect_uri") !== r.record.redirectUri)
      return oauthErr(s, 400, "invalid_grant", INVALID_GRANT);
    if (r.record.codeChallenge) {
      const v = ctx.param("code_verifier") ?? "";
      if (createHash("sha256").update(v).digest("base64url") !== r.record.codeChallenge) {
        return oauthErr(s, 400, "invalid_grant", INVALID_GRANT);
      }
    } else if (client.clientSecret === undefined) {
      return oauthErr(s, 400, "invalid_request", "PKCE is required for public clients");
    }
    return issue(
      s,
      {
        clientId: client.clientId,
        userId: r.record.userId,
        scopes: r.record.scopes,
        scope: r.record.data.scope ?? "read",
      },
      expiresIn,
      refreshIn,
      true,
    );
  }
  if (grantType === "refresh_token") {
    const rt = ctx.param("refresh_token") ?? "";
    const found = s.core.tokens.lookupRefresh(rt);
    if (
      found.status !== "valid" ||
      found.record.provider !== "zendesk" ||
      found.record.clientId !== clientId
    ) {
      return oauthErr(s, 400, "invalid_grant", INVALID_GRANT);
    }
    // Rotation: the old pair (refresh token and its access tokens) is deleted.
    s.core.tokens.revoke(rt);
    const r = found.record;
    return issue(
      s,
      {
        clientId: client.clientId,
        userId: r.userId,
        scopes: r.scopes,
        scope: r.data.scope ?? "read",
      },
      expiresIn,
      refreshIn,
      true,
    );
  }
  if (grantType === "client_credentials") {
    if (client.clientSecret === undefined) {
      return oauthErr(s, 401, "invalid_client", "client_credentials needs a confidential client");
    }
    const scope = ctx.param("scope") ?? "read";
    return issue(
      s,
      { clientId: client.clientId, userId: String(s.user.id), scopes: scope.split(/\s+/), scope },
      expiresIn,
      undefined,
      false,
    );
  }
  return oauthErr(
    s,
    400,
    "unsupported_grant_type",
    `The authorization grant type is not supported: ${grantType ?? ""}`,
  );
}

// ---------------------------------------------------------------- API auth

type Who = { kind: "user"; token?: AccessTokenRecord } | { kind: "anonymous" } | { kind: "denied" };

function identify(s: Shared, ctx: RequestContext): Who {
  const a = ctx.authorization;
  if (!a) return { kind: "anonymous" };
  if (a.scheme.toLowerCase() === "bearer") {
    const f = s.core.tokens.lookupAccess(a.credentials);
    if (
      f.status === "valid" &&
      f.record.provider === "zendesk" &&
      f.record.data.subdomain === s.subdomain
    ) {
      return { kind: "user", token: f.record };
    }
    return { kind: "denied" };
  }
  const b = ctx.basicAuth;
  if (b) {
    const o = s.core.options;
    if (
      b.username === `${s.user.email}/token` &&
      b.password === (o.apiToken ?? "emulator-zendesk-api-token")
    ) {
      return { kind: "user" };
    }
    if (
      o.passwordAuth === "enabled" &&
      b.username === s.user.email &&
      b.password === (o.password ?? "emulator-zendesk-password")
    ) {
      return { kind: "user" };
    }
  }
  return { kind: "denied" };
}

function rateHeaders(s: Shared, ctx: RequestContext): Record<string, string> | EmulatorResponse {
  const limit = s.core.options.requestsPerMinute ?? 700;
  if (limit === false) return {};
  const now = ctx.now();
  s.apiHits = s.apiHits.filter((t) => t > now - 60_000);
  if (s.apiHits.length >= limit) {
    const wait = Math.max(1, Math.ceil((s.apiHits[0]! + 60_000 - now) / 1000));
    return throttle(s, wait, limit);
  }
  s.apiHits.push(now);
  return {
    "x-rate-limit": String(limit),
    "x-rate-limit-remaining": String(limit - s.apiHits.length),
  };
}

const throttle = (s: Shared, retryAfter: number, limit: number) =>
  err(s, 429, "APIRateLimitExceeded", "Number of allowed API requests per minute exceeded", {
    "retry-after": String(retryAfter),
    "x-rate-limit": String(limit),
    "x-rate-limit-remaining": "0",
  });

/** Common API guard: subdomain, authentication, account rate limit. */
function guard(
  s: Shared,
  ctx: RequestContext,
): { headers: Record<string, string> } | EmulatorResponse {
  if (ctx.hostMatch.params.subdomain !== s.subdomain) {
    return err(s, 404, "InvalidEndpoint", `No Zendesk account at ${ctx.host}`);
  }
  const who = identify(s, ctx);
  if (who.kind !== "user") return err(s, 401, "Couldn't authenticate you");
  const h = rateHeaders(s, ctx);
  if ("status" in h) return h as EmulatorResponse;
  if (who.token) s.usedAt.set(who.token.token, ctx.now());
  return { headers: h as Record<string, string> };
}

// ---------------------------------------------------------------- data

function ticketTimes(s: Shared, i: number) {
  return recordTimes(s.core.rng("tickets", i), i);
}

function ticket(s: Shared, i: number): Record<string, unknown> {
  const rng = s.core.rng("tickets", i);
  const t = recordTimes(rng, i);
  const users = s.core.datasetSize("users", FALLBACK.users);
  const orgs = s.core.datasetSize("organizations", FALLBACK.organizations);
  const id = i + 1;
  const subject = `${rng.pick(words.products)} ${rng.pick(["not working", "question", "refund request", "delivery delay", "setup help"])}`;
  return {
    url: `${base(s)}/api/v2/tickets/${id}.json`,
    id,
    external_id: null,
    via: { channel: rng.pick(["email", "web", "api"]) },
    created_at: isoZ(t.created),
    updated_at: isoZ(t.modified),
    type: rng.pick([null, "question", "incident", "problem", "task"]),
    subject,
    raw_subject: subject,
    description: `Customer reports: ${subject}.`,
    priority: rng.pick([null, "low", "normal", "high", "urgent"]),
    status: rng.pick(["new", "open", "pending", "solved", "closed"]),
    requester_id: users > 0 ? 1000 + rng.int(0, users - 1) : null,
    submitter_id: users > 0 ? 1000 + rng.int(0, users - 1) : null,
    assignee_id: s.user.id,
    organization_id: orgs > 0 ? 500 + rng.int(0, orgs - 1) : null,
    group_id: 360_000_001,
    tags: [rng.pick(["billing", "shipping", "bug", "vip"])],
    custom_fields: [],
    has_incidents: false,
    is_public: true,
  };
}

function metric(s: Shared, i: number): Record<string, unknown> {
  const rng = s.core.rng("ticket_metrics", i);
  const t = ticketTimes(s, i);
  const reply = rng.int(5, 600);
  return {
    url: `${base(s)}/api/v2/ticket_metrics/${7000 + i}.json`,
    id: 7000 + i,
    ticket_id: i + 1,
    created_at: isoZ(t.created),
    updated_at: isoZ(t.modified),
    group_stations: rng.int(1, 3),
    assignee_stations: rng.int(1, 3),
    reopens: rng.int(0, 2),
    replies: rng.int(0, 6),
    assignee_updated_at: isoZ(t.modified),
    requester_updated_at: isoZ(t.created),
    status_updated_at: isoZ(t.modified),
    initially_assigned_at: isoZ(t.created),
    assigned_at: isoZ(t.created),
    solved_at: null,
    latest_comment_added_at: isoZ(t.modified),
    reply_time_in_minutes: { calendar: reply, business: Math.floor(reply / 2) },
    first_resolution_time_in_minutes: { calendar: null, business: null },
    full_resolution_time_in_minutes: { calendar: null, business: null },
    agent_wait_time_in_minutes: { calendar: 0, business: 0 },
    requester_wait_time_in_minutes: { calendar: reply, business: Math.floor(reply / 2) },
    on_hold_time_in_minutes: { calendar: 0, business: 0 },
  };
}

function user(s: Shared, i: number): Record<string, unknown> {
  const rng = s.core.rng("users", i);
  const p = fakePerson(rng, i);
  const t = recordTimes(rng, i);
  const orgs = s.core.datasetSize("organizations", FALLBACK.organizations);
  return {
    id: 1000 + i,
    url: `${base(s)}/api/v2/users/${1000 + i}.json`,
    name: p.fullName,
    email: p.email,
    created_at: isoZ(t.created),
    updated_at: isoZ(t.modified),
    time_zone: "Europe/London",
    phone: p.phone,
    locale: "en-US",
    organization_id: orgs > 0 ? 500 + rng.int(0, orgs - 1) : null,
    role: "end-user",
    verified: true,
    active: true,
    suspended: false,
  };
}

function organization(s: Shared, i: number): Record<string, unknown> {
  const rng = s.core.rng("organizations", i);
  const t = recordTimes(rng, i);
  const name = `${rng.pick(words.companyStems)} ${rng.pick(words.companySuffixes)} ${i + 1}`;
  return {
    url: `${base(s)}/api/v2/organizations/${500 + i}.json`,
    id: 500 + i,
    name,
    domain_names: [`${name.split(" ")[0]!.toLowerCase()}${i + 1}.example`],
    details: rng.pick(words.industries),
    created_at: isoZ(t.created),
    updated_at: isoZ(t.modified),
    tags: [],
  };
}

const ITEM: Record<Resource, (s: Shared, i: number) => Record<string, unknown>> = {
  tickets: ticket,
  users: user,
  organizations: organization,
  ticket_metrics: metric,
};
const size = (s: Shared, r: Resource) =>
  s.core.datasetSize(
    r === "ticket_metrics" ? "tickets" : r,
    FALLBACK[r === "ticket_metrics" ? "tickets" : r],
  );

// ---------------------------------------------------------------- API handlers

function me(s: Shared, ctx: RequestContext): EmulatorResponse {
  const who =
    ctx.hostMatch.params.subdomain === s.subdomain
      ? identify(s, ctx)
      : { kind: "anonymous" as const };
  if (who.kind !== "user") {
    // Allowed for anonymous users: no or bad credentials still get 200.
    return s.core.respond.json(200, {
      user: {
        id: null,
        url: null,
        name: "Anonymous user",
        email: "invalid@example.com",
        role: "end-user",
        active: true,
        verified: false,
        time_zone: "UTC",
        locale: "en-US",
        organization_id: null,
        created_at: null,
        updated_at: null,
        authenticity_token: "emulated",
      },
    });
  }
  const h = rateHeaders(s, ctx);
  if ("status" in h) return h as EmulatorResponse;
  return s.core.respond.json(
    200,
    {
      user: {
        id: s.user.id,
        url: `${base(s)}/api/v2/users/${s.user.id}.json`,
        name: s.user.name,
        email: s.user.email,
        role: s.core.options.role ?? "admin",
        active: true,
        verified: true,
        time_zone: "Europe/London",
        locale: "en-US",
        organization_id: null,
        created_at: "2020-01-01T00:00:00Z",
        updated_at: "2024-01-01T00:00:00Z",
        authenticity_token: "emulated",
      },
    },
    h as Record<string, string>,
  );
}

const encodeCursor = (i: number) => Buffer.from(`i${i}`).toString("base64url");
function decodeCursor(c: string): number | undefined {
  const m = /^i(\d+)$/.exec(Buffer.from(c, "base64url").toString("utf8"));
  return m ? Number(m[1]) : undefined;
}

function list(s: Shared, ctx: RequestContext, r: Resource): EmulatorResponse {
  const g = guard(s, ctx);
  if ("status" in g) return g;
  const total = size(s, r);
  const q = ctx.query;
  const pageSize = q.get("page[size]");
  const after = q.get("page[after]");
  const before = q.get("page[before]");
  const url = `${base(s)}/api/v2/${r}.json`;
  if (pageSize !== null || after !== null || before !== null) {
    const n = pageSize === null ? 100 : Number(pageSize);
    if (!Number.isInteger(n) || n < 1 || n > 100) {
      return err(s, 400, "InvalidPaginationParameter", "page[size] must be between 1 and 100");
    }
    let start = 0;
    let end: number;
    if (after) {
      const a = decodeCursor(after);
      if (a === undefined)
        return err(s, 400, "InvalidPaginationParameter", "Invalid page[after] cursor");
      start = a;
      end = Math.min(total, start + n);
    } else if (before) {
      const b = decodeCursor(before);
      if (b === undefined)
        return err(s, 400, "InvalidPaginationParameter", "Invalid page[before] cursor");
      end = Math.min(total, b);
      start = Math.max(0, end - n);
    } else end = Math.min(total, n);
    const items = [];
    for (let i = start; i < end; i++) items.push(ITEM[r](s, i));
    const hasMore = end < total;
    const afterCursor = items.length > 0 ? encodeCursor(end) : null;
    const beforeCursor = items.length > 0 ? encodeCursor(start) : null;
    const link = (k: string, c: string | null) => {
      if (c === null) return null;
      const u = new URL(url);
      u.searchParams.set("page[size]", String(n));
      u.searchParams.set(k, c);
      return u.toString();
    };
    return s.core.respond.json(
      200,
      {
        [r]: items,
        meta: { has_more: hasMore, after_cursor: afterCursor, before_cursor: beforeCursor },
        links: {
          next: hasMore ? link("page[after]", afterCursor) : null,
          prev: start > 0 ? link("page[before]", beforeCursor) : null,
        },
      },
      g.headers,
    );
  }
  // Offset pagination: page / per_page, capped at 100 pages (10,000 records).
  const page = Number(q.get("page") ?? "1");
  const perPage = Math.min(100, Number(q.get("per_page") ?? "100"));
  if (!Number.isInteger(page) || page < 1 || !Number.isInteger(perPage) || perPage < 1) {
    return err(s, 400, "InvalidPaginationParameter", "page and per_page must be positive integers");
  }
  if (page > 100 || page * perPage > 10_000) {
    return err(
      s,
      400,
      "InvalidPaginationParameter",
      "Offset pagination is limited to the first 100 pages (10,000 records); use cursor pagination",
    );
  }
  const start = (page - 1) * perPage;
  const end = Math.min(total, start + perPage);
  const items = [];
  for (let i = start; i < end; i++) items.push(ITEM[r](s, i));
  const pageUrl = (p: number) => `${url}?page=${p}&per_page=${perPage}`;
  return s.core.respond.json(
    200,
    {
      [r]: items,
      next_page: end < total && page < 100 ? pageUrl(page + 1) : null,
      previous_page: page > 1 ? pageUrl(page - 1) : null,
      count: total,
    },
    g.headers,
  );
}

/** Guard for incremental exports: admin only, then their own rate limit. */
function incrementalGuard(
  s: Shared,
  ctx: RequestContext,
): { headers: Record<string, string> } | EmulatorResponse {
  const g = guard(s, ctx);
  if ("status" in g) return g;
  if ((s.core.options.role ?? "admin") !== "admin") {
    return err(
      s,
      403,
      "Forbidden",
      "You do not have access to this page. Please contact the account owner of this help desk for further help.",
    );
  }
  const rl = s.core.options.incrementalRateLimit ?? { limit: 10, windowMs: 60_000 };
  if (rl) {
    const now = ctx.now();
    s.incHits = s.incHits.filter((t) => t > now - rl.windowMs);
    if (s.incHits.length >= rl.limit) {
      return throttle(
        s,
        Math.max(1, Math.ceil((s.incHits[0]! + rl.windowMs - now) / 1000)),
        rl.limit,
      );
    }
    s.incHits.push(now);
  }
  return g;
}

/** Number of tickets visible to exports now (items changed in the last minute are excluded). */
function visibleTickets(s: Shared, now: number): number {
  const total = size(s, "tickets");
  const cutoff = s.core.options.incrementalLag === false ? Number.POSITIVE_INFINITY : now - 60_000;
  let lo = 0;
  let hi = total;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ticketTimes(s, mid).modified >= cutoff) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function parseStart(s: Shared, ctx: RequestContext): number | EmulatorResponse {
  const raw = ctx.query.get("start_time");
  if (raw === null || !/^\d+$/.test(raw)) {
    return err(
      s,
      400,
      "InvalidValue",
      "start_time is required and must be a Unix epoch time in seconds",
    );
  }
  const t = Number(raw) * 1000;
  if (s.core.options.incrementalLag !== false && t > ctx.now() - 60_000) {
    return err(
      s,
      400,
      "InvalidValue",
      "Too recent start_time. Use a start_time older than 1 minute.",
    );
  }
  return t;
}

function incrementalTickets(s: Shared, ctx: RequestContext): EmulatorResponse {
  const g = incrementalGuard(s, ctx);
  if ("status" in g) return g;
  const visible = visibleTickets(s, ctx.now());
  let start: number;
  const cursor = ctx.query.get("cursor");
  if (cursor !== null) {
    const c = decodeCursor(cursor);
    if (c === undefined) return err(s, 400, "InvalidValue", "Invalid cursor");
    start = c;
  } else {
    const t = parseStart(s, ctx);
    if (typeof t !== "number") return t;
    let lo = 0;
    let hi = size(s, "tickets");
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ticketTimes(s, mid).modified >= t) hi = mid;
      else lo = mid + 1;
    }
    start = lo;
  }
  const perPage = Math.min(
    INCREMENTAL_PAGE,
    Number(ctx.query.get("per_page") ?? INCREMENTAL_PAGE) || INCREMENTAL_PAGE,
  );
  const end = Math.max(start, Math.min(visible, start + perPage));
  const tickets = [];
  const metricSets = [];
  const withMetrics = (ctx.query.get("include") ?? "").split(",").includes("metric_sets");
  for (let i = start; i < end; i++) {
    tickets.push(ticket(s, i));
    if (withMetrics) metricSets.push(metric(s, i));
  }
  const cursorUrl = (c: string) =>
    `${base(s)}/api/v2/incremental/tickets/cursor.json?cursor=${c}${withMetrics ? "&include=metric_sets" : ""}`;
  const afterCursor = encodeCursor(end);
  const beforeCursor = encodeCursor(start);
  return s.core.respond.json(
    200,
    {
      tickets,
      ...(withMetrics ? { metric_sets: metricSets } : {}),
      after_url: cursorUrl(afterCursor),
      after_cursor: afterCursor,
      before_url: start > 0 ? cursorUrl(beforeCursor) : null,
      before_cursor: start > 0 ? beforeCursor : null,
      end_of_stream: end >= visible,
    },
    g.headers,
  );
}

function metricEvents(s: Shared, ctx: RequestContext): EmulatorResponse {
  const g = incrementalGuard(s, ctx);
  if ("status" in g) return g;
  const t = parseStart(s, ctx);
  if (typeof t !== "number") return t;
  const eventTime = (j: number) =>
    ticketTimes(s, Math.floor(j / EVENTS_PER_TICKET)).created + (j % EVENTS_PER_TICKET) * 1000;
  const total = visibleTickets(s, ctx.now()) * EVENTS_PER_TICKET;
  let lo = 0;
  let hi = total;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (eventTime(mid) >= t) hi = mid;
    else lo = mid + 1;
  }
  const end = Math.min(total, lo + INCREMENTAL_PAGE);
  const events = [];
  const kinds = [
    ["reply_time", "activate"],
    ["agent_work_time", "activate"],
    ["reply_time", "fulfill"],
  ] as const;
  for (let j = lo; j < end; j++) {
    const [metricName, type] = kinds[j % EVENTS_PER_TICKET]!;
    events.push({
      id: 9_000_000 + j,
      ticket_id: Math.floor(j / EVENTS_PER_TICKET) + 1,
      metric: metricName,
      instance_id: 1,
      type,
      time: isoZ(eventTime(j)),
    });
  }
  const endTime = end > lo ? unix(eventTime(end - 1)) + (end >= total ? 1 : 0) : unix(t);
  const eos = end >= total;
  return s.core.respond.json(
    200,
    {
      ticket_metric_events: events,
      next_page: `${base(s)}/api/v2/incremental/ticket_metric_events.json?start_time=${endTime}`,
      count: events.length,
      end_time: endTime,
      end_of_stream: eos,
    },
    g.headers,
  );
}

function tokenJson(s: Shared, rec: AccessTokenRecord) {
  const id = tokenId(s, rec.token);
  const refresh = rec.refreshToken
    ? s.core.tokens.refreshTokens({ token: rec.refreshToken })[0]
    : undefined;
  return {
    token: {
      url: `${base(s)}/api/v2/oauth/tokens/${id}.json`,
      id,
      user_id: Number(rec.userId),
      client_id: rec.clientId,
      token: rec.token.slice(0, 10),
      refresh_token: refresh ? refresh.token.slice(0, 10) : null,
      created_at: isoZ(rec.issuedAt),
      expires_at: isoZ(rec.expiresAt),
      refresh_token_expires_at: refresh?.expiresAt !== undefined ? isoZ(refresh.expiresAt) : null,
      used_at: s.usedAt.has(rec.token) ? isoZ(s.usedAt.get(rec.token)!) : null,
      scopes: rec.scopes,
    },
  };
}

function oauthTokens(s: Shared, ctx: RequestContext): EmulatorResponse {
  const g = guard(s, ctx);
  if ("status" in g) return g;
  const who = identify(s, ctx);
  const current = who.kind === "user" ? who.token : undefined;
  const idParam = ctx.params.id ?? "";
  if (idParam === "current") {
    if (!current) return err(s, 404, "RecordNotFound", "Not found");
    // Reported behaviour: DELETE …/current.json answers 204 but does not revoke the token.
    if (ctx.method === "DELETE") return s.core.respond.empty(204, g.headers);
    return s.core.respond.json(200, tokenJson(s, current), g.headers);
  }
  const token = /^\d+$/.test(idParam) ? s.byId.get(Number(idParam)) : undefined;
  const found = token ? s.core.tokens.lookupAccess(token) : undefined;
  if (!found || found.status === "unknown" || found.record.provider !== "zendesk") {
    return err(s, 404, "RecordNotFound", "Not found");
  }
  if (ctx.method === "DELETE") {
    // Revokes the pair: the access token and the refresh token it came with.
    if (found.record.refreshToken) s.core.tokens.revoke(found.record.refreshToken);
    s.core.tokens.revoke(found.record.token);
    return s.core.respond.empty(204, g.headers);
  }
  return s.core.respond.json(200, tokenJson(s, found.record), g.headers);
}

function routes(s: Shared): Route[] {
  const r: Route[] = [
    {
      method: ["GET", "POST"],
      path: "/oauth/authorizations/new",
      endpoint: (ctx) => (ctx.method === "POST" ? "authorize.decision" : "authorize"),
      handler: (ctx) => authorize(s, ctx),
    },
    {
      method: "POST",
      path: "/oauth/tokens",
      endpoint: (ctx) => {
        const g = ctx.param("grant_type");
        return g === "refresh_token"
          ? "token.refresh"
          : g === "authorization_code"
            ? "token.exchange"
            : g === "client_credentials"
              ? "token.client_credentials"
              : "token.other";
      },
      handler: (ctx) => token(s, ctx),
    },
    {
      method: ["GET", "DELETE"],
      path: /^\/api\/v2\/oauth\/tokens\/(?<id>[^/.]+)(\.json)?$/,
      endpoint: (ctx) => (ctx.method === "DELETE" ? "token.revoke" : "oauth_tokens.get"),
      handler: (ctx) => oauthTokens(s, ctx),
    },
    {
      method: "GET",
      path: /^\/api\/v2\/users\/me(\.json)?$/,
      endpoint: "users.me",
      handler: (ctx) => me(s, ctx),
    },
    {
      method: "GET",
      path: /^\/api\/v2\/incremental\/tickets\/cursor(\.json)?$/,
      endpoint: "incremental.tickets",
      handler: (ctx) => incrementalTickets(s, ctx),
    },
    {
      method: "GET",
      path: /^\/api\/v2\/incremental\/ticket_metric_events(\.json)?$/,
      endpoint: "incremental.ticket_metric_events",
      handler: (ctx) => metricEvents(s, ctx),
    },
  ];
  for (const res of ["tickets", "users", "organizations", "ticket_metrics"] as const) {
    r.push({
      method: "GET",
      path: new RegExp(`^/api/v2/${res}(\\.json)?$`),
      endpoint: `${res}.list`,
      handler: (ctx) => list(s, ctx, res),
    });
  }
  return r;
}

/**
 * Zendesk Support: per-subdomain OAuth (PKCE, rotating refresh tokens, optional lifetimes)
 * and the API v2 (cursor/offset pagination, incremental exports, anonymous `users/me`).
 * Default client `emulator-zendesk-client` / `emulator-zendesk-secret`.
 */
export const zendesk: ProviderModule<ZendeskOptions> = {
  id: "zendesk",
  name: "Zendesk",
  defaultClient: { clientId: "emulator-zendesk-client", clientSecret: "emulator-zendesk-secret" },
  matchHost(host) {
    const m = /^([a-z0-9-]+)\.zendesk\.com$/.exec(host);
    return m ? { kind: "subdomain", params: { subdomain: m[1]! } } : undefined;
  },
  create(core) {
    const o = core.options;
    const s: Shared = {
      core,
      subdomain: (o.subdomain ?? "emulated").toLowerCase(),
      user: {
        id: 361_000_000_001,
        name: o.user?.name ?? "Katherine Johnson",
        email: o.user?.email ?? "katherine.johnson@emulator.example",
      },
      ids: new Map(),
      byId: new Map(),
      nextId: 1001,
      incHits: [],
      apiHits: [],
      usedAt: new Map(),
    };
    return {
      routes: routes(s),
      throttled: (_ctx, { retryAfterSeconds }) => throttle(s, retryAfterSeconds, 700),
      notFound: () => err(s, 404, "InvalidEndpoint", "Not found"),
      reset() {
        s.ids.clear();
        s.byId.clear();
        s.usedAt.clear();
        s.incHits = [];
        s.apiHits = [];
      },
      info: () => ({
        subdomain: s.subdomain,
        authorizeUrl: `${base(s)}/oauth/authorizations/new`,
        tokenUrl: `${base(s)}/oauth/tokens`,
        apiBase: `${base(s)}/api/v2`,
        user: { ...s.user, role: o.role ?? "admin" },
        apiToken: o.apiToken ?? "emulator-zendesk-api-token",
        passwordAuth: o.passwordAuth ?? "disabled",
      }),
    };
  },
};
