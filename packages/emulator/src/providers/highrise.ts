import { fakePerson, isoZ, recordTimes, words } from "../core/data.js";
import type { EmulatorResponse } from "../core/http.js";
import { escapeXml } from "../core/http.js";
import type {
  CommonProviderOptions,
  HostMatch,
  ProviderCore,
  ProviderModule,
  RequestContext,
  Route,
} from "../core/types.js";

/** A non-Highrise account listed by Launchpad's `authorization.json`. */
export interface LaunchpadAccount {
  product: string;
  id: number;
  name: string;
  href: string;
  app_href: string;
}

/** Options of the Highrise provider (`startEmulator({ highrise: { … } })`). */
export interface HighriseOptions extends CommonProviderOptions {
  /** Highrise account subdomain: API base `https://<subdomain>.highrisehq.com` (default `emulated`). */
  subdomain?: string;
  /** Highrise account id (default 3004005). */
  accountId?: number;
  /** Highrise account name (default `Emulated Highrise`). */
  accountName?: string;
  /** API token for Basic `<token>:X` (default `emulator-highrise-api-token`). */
  apiToken?: string;
  /** Other products of the identity (default: one Basecamp 4 account, product `bc3`). */
  otherAccounts?: LaunchpadAccount[];
  /** The identity has no active accounts: Launchpad answers 401 `Unknown Basecamp ID.` (default false). */
  noActiveAccounts?: boolean;
  /**
   * Refresh responses: `"same"` (default, the documented shape: the same refresh token comes
   * back), `"none"` (no `refresh_token`; the old one keeps working) or `"rotate"` (a new one; the
   * old one stops working).
   */
  refreshTokenRotation?: "none" | "same" | "rotate";
  /** Requests without `User-Agent` get 400 (default true). */
  requireUserAgent?: boolean;
  /** Throttle per account: 503 + Retry-After past `limit` per `windowMs` (default 150 per 5000 ms); false: off. */
  throttle?: { limit: number; windowMs: number } | false;
  /** The emulated identity. */
  user?: { firstName?: string; lastName?: string; email?: string };
}

declare module "../core/types.js" {
  interface ProviderOptionsMap {
    highrise: HighriseOptions;
  }
}

const LAUNCHPAD = "launchpad.37signals.com";
/** Page size of `/people.xml`, `/companies.xml`, `/deals.xml`. */
export const HIGHRISE_PAGE_SIZE = 500;
/** Page size of `/people/search.xml`. */
export const HIGHRISE_SEARCH_PAGE_SIZE = 25;

type Resource = "people" | "companies" | "deals";
const FALLBACK: Record<Resource, number> = { people: 1234, companies: 321, deals: 150 };

interface Shared {
  core: ProviderCore<HighriseOptions>;
  subdomain: string;
  accountId: number;
  accountName: string;
  apiToken: string;
  identity: { id: number; first_name: string; last_name: string; email_address: string };
  userId: number;
  hits: number[];
}

// ---------------------------------------------------------------- XML writer

type XmlValue = string | number | boolean | null | undefined | XmlNode[];
/** One element: name, value, and the Rails `type` attribute when typed. */
type XmlNode = [name: string, value: XmlValue, type?: "integer" | "datetime" | "boolean" | "array"];

function xmlNode([name, value, type]: XmlNode): string {
  if (value === null || value === undefined) {
    return `<${name}${type && type !== "array" ? ` type="${type}"` : ""} nil="true"></${name}>`;
  }
  const attr = type ? ` type="${type}"` : "";
  if (Array.isArray(value)) return `<${name}${attr}>${value.map(xmlNode).join("")}</${name}>`;
  return `<${name}${attr}>${escapeXml(String(value))}</${name}>`;
}

const xmlDoc = (root: XmlNode) => `<?xml version="1.0" encoding="UTF-8"?>\n${xmlNode(root)}\n`;

const hrTime = (ms: number): string => isoZ(ms);

// ---------------------------------------------------------------- data

function companyName(s: Shared, i: number): string {
  const rng = s.core.rng("companies", i);
  return `${rng.pick(words.companyStems)} ${rng.pick(words.companySuffixes)} ${i + 1}`;
}

function personNodes(s: Shared, i: number): XmlNode[] {
  const rng = s.core.rng("people", i);
  const p = fakePerson(rng, i);
  const t = recordTimes(rng, i);
  const companies = s.core.datasetSize("companies", FALLBACK.companies);
  const ci = companies > 0 && rng.chance(0.8) ? rng.int(0, companies - 1) : -1;
  return [
    ["id", 1000 + i, "integer"],
    ["first-name", p.firstName],
    ["last-name", p.lastName],
    ["title", rng.pick(["CEO", "CTO", "Buyer", "Sales Manager", "Engineer", ""])],
    ["background", null],
    ["company-id", ci >= 0 ? 500_000 + ci : null, "integer"],
    ["company-name", ci >= 0 ? companyName(s, ci) : null],
    ["created-at", hrTime(t.created), "datetime"],
    ["updated-at", hrTime(t.modified), "datetime"],
    ["visible-to", "Everyone"],
    ["owner-id", null, "integer"],
    ["group-id", null, "integer"],
    ["author-id", s.userId, "integer"],
    [
      "contact-data",
      [
        [
          "email-addresses",
          [
            [
              "email-address",
              [
                ["id", 7000 + i, "integer"],
                ["address", p.email],
                ["location", "Work"],
              ],
            ],
          ],
          "array",
        ],
        [
          "phone-numbers",
          [
            [
              "phone-number",
              [
                ["id", 8000 + i, "integer"],
                ["number", p.phone],
                ["location", "Work"],
              ],
            ],
          ],
          "array",
        ],
        [
          "addresses",
          [
            [
              "address",
              [
                ["id", 9000 + i, "integer"],
                ["city", p.city],
                ["country", p.country],
                ["street", p.street],
                ["location", "Work"],
              ],
            ],
          ],
          "array",
        ],
      ],
    ],
    ["subject_datas", [], "array"],
  ];
}

function companyNodes(s: Shared, i: number): XmlNode[] {
  const rng = s.core.rng("companies", i);
  const t = recordTimes(rng, i);
  const [city, country] = rng.pick(words.cities);
  return [
    ["id", 500_000 + i, "integer"],
    ["name", companyName(s, i)],
    ["background", `${rng.pick(words.industries)} company`],
    ["created-at", hrTime(t.created), "datetime"],
    ["updated-at", hrTime(t.modified), "datetime"],
    ["visible-to", "Everyone"],
    ["owner-id", null, "integer"],
    ["group-id", null, "integer"],
    ["author-id", s.userId, "integer"],
    [
      "contact-data",
      [
        [
          "addresses",
          [
            [
              "address",
              [
                ["id", 600_000 + i, "integer"],
                ["city", city],
                ["country", country],
              ],
            ],
          ],
          "array",
        ],
      ],
    ],
  ];
}

function dealNodes(s: Shared, i: number): XmlNode[] {
  const rng = s.core.rng("deals", i);
  const t = recordTimes(rng, i);
  const people = s.core.datasetSize("people", FALLBACK.people);
  const status = rng.pick(["pending", "pending", "won", "lost"]);
  return [
    ["id", 40_000 + i, "integer"],
    ["name", `${rng.pick(words.adjectives)} ${rng.pick(words.products)} deal #${i + 1}`],
    ["background", null],
    ["status", status],
    ["status-changed-on", status === "pending" ? null : hrTime(t.modified).slice(0, 10)],
    ["currency", rng.pick(["USD", "EUR"])],
    ["price", rng.int(5, 500) * 100, "integer"],
    ["price-type", "fixed"],
    ["duration", null, "integer"],
    ["party-id", people > 0 ? 1000 + rng.int(0, people - 1) : null, "integer"],
    ["category-id", null, "integer"],
    ["responsible-party-id", s.userId, "integer"],
    ["author-id", s.userId, "integer"],
    ["visible-to", "Everyone"],
    ["created-at", hrTime(t.created), "datetime"],
    ["updated-at", hrTime(t.modified), "datetime"],
    ["account-id", s.accountId, "integer"],
  ];
}

const ELEMENT: Record<Resource, string> = { people: "person", companies: "company", deals: "deal" };
function nodes(s: Shared, r: Resource, i: number): XmlNode[] {
  return r === "people"
    ? personNodes(s, i)
    : r === "companies"
      ? companyNodes(s, i)
      : dealNodes(s, i);
}

// ---------------------------------------------------------------- Launchpad OAuth

const plain = (s: Shared, status: number, text: string) => s.core.respond.text(status, text);
const lpJson = (s: Shared, status: number, error: string, description?: string) =>
  s.core.respond.json(status, description ? { error, error_description: description } : { error });

/**
 * The grant of a token request: the documented standard `grant_type=authorization_code` /
 * `refresh_token`, or the legacy `type=web_server` / `type=refresh` Launchpad still accepts.
 */
function launchpadGrant(ctx: RequestContext): "web_server" | "refresh" | undefined {
  const grant = ctx.param("grant_type");
  if (grant !== undefined) {
    return grant === "authorization_code"
      ? "web_server"
      : grant === "refresh_token"
        ? "refresh"
        : undefined;
  }
  const type = ctx.param("type");
  return type === "web_server" || type === "refresh" ? type : undefined;
}

function launchpadToken(s: Shared, ctx: RequestContext): EmulatorResponse {
  const o = s.core.options;
  const type = launchpadGrant(ctx);
  if (type === undefined) {
    return lpJson(
      s,
      400,
      "unsupported_grant_type",
      `Unsupported grant: use grant_type=authorization_code or grant_type=refresh_token (the legacy type=web_server / type=refresh is accepted too); got ${
        ctx.param("grant_type") !== undefined
          ? `grant_type="${ctx.param("grant_type")}"`
          : `type="${ctx.param("type") ?? ""}"`
      }`,
    );
  }
  const clientId = ctx.param("client_id");
  const secret = ctx.param("client_secret");
  if (clientId === undefined) {
    return lpJson(
      s,
      400,
      "invalid_client",
      ctx.basicAuth
        ? "client_id and client_secret must be sent as parameters, not with HTTP Basic"
        : "Missing client_id",
    );
  }
  if (s.core.clients.check("highrise", clientId, secret) !== "ok") {
    return lpJson(s, 401, "invalid_client", "Invalid client_id or client_secret");
  }
  if (o.noActiveAccounts) return plain(s, 401, "Unknown Basecamp ID.");
  const accessTtl = o.accessTokenTtlSeconds ?? 1_209_600;
  if (type === "web_server") {
    const r = s.core.tokens.redeemCode(ctx.param("code") ?? "");
    if (!r.ok || r.record.provider !== "highrise" || r.record.clientId !== clientId) {
      return lpJson(s, 400, "authorization_expired", "The verification code is invalid or expired");
    }
    if (ctx.param("redirect_uri") !== r.record.redirectUri) {
      return lpJson(
        s,
        400,
        "invalid_redirect_uri",
        "redirect_uri does not match the authorization",
      );
    }
    const issued = s.core.tokens.issue({
      provider: "highrise",
      clientId,
      userId: r.record.userId,
      scopes: [],
      data: {},
      accessTtlSeconds: accessTtl,
      newRefresh:
        o.refreshTokenTtlSeconds !== undefined ? { ttlSeconds: o.refreshTokenTtlSeconds } : {},
    });
    return s.core.respond.json(200, {
      access_token: issued.access.token,
      token_type: "Bearer",
      expires_in: accessTtl,
      refresh_token: issued.refresh?.token,
    });
  }
  const rt = ctx.param("refresh_token") ?? "";
  const found = s.core.tokens.lookupRefresh(rt);
  if (found.status === "unknown" || found.record.provider !== "highrise") {
    return lpJson(s, 400, "invalid_grant", "Unknown refresh token");
  }
  // A password change (emulator.revokeAll({ provider: "highrise" })) or an expired refresh
  // token: the authorization is gone and the user must authorize again.
  if (found.status !== "valid") return lpJson(s, 400, "authorization_expired");
  if (found.record.clientId !== clientId) return lpJson(s, 400, "invalid_grant", "Wrong client");
  const rotation = o.refreshTokenRotation ?? "same";
  if (rotation === "rotate") s.core.tokens.revoke(rt, { cascade: false });
  const issued = s.core.tokens.issue({
    provider: "highrise",
    clientId,
    userId: found.record.userId,
    scopes: [],
    data: {},
    accessTtlSeconds: accessTtl,
    ...(rotation === "rotate"
      ? {
          newRefresh:
            o.refreshTokenTtlSeconds !== undefined ? { ttlSeconds: o.refreshTokenTtlSeconds } : {},
        }
      : { refreshToken: rt }),
  });
  const body: Record<string, unknown> = {
    access_token: issued.access.token,
    token_type: "Bearer",
    expires_in: accessTtl,
  };
  if (rotation === "same") body.refresh_token = rt;
  if (rotation === "rotate") body.refresh_token = issued.refresh?.token;
  return s.core.respond.json(200, body);
}

function authorizationJson(s: Shared, ctx: RequestContext): EmulatorResponse {
  const a = ctx.authorization;
  const found =
    a?.scheme.toLowerCase() === "bearer" ? s.core.tokens.lookupAccess(a.credentials) : undefined;
  if (found?.status !== "valid" || found.record.provider !== "highrise") {
    return plain(
      s,
      401,
      "OAuth token could not be verified. The token may have expired or been revoked.",
    );
  }
  if (s.core.options.noActiveAccounts) return plain(s, 401, "Unknown Basecamp ID.");
  const others = s.core.options.otherAccounts ?? [
    {
      product: "bc3",
      id: 5_123_456,
      name: `${s.accountName} (Basecamp)`,
      href: "https://3.basecampapi.com/5123456",
      app_href: "https://3.basecamp.com/5123456",
    },
  ];
  return s.core.respond.json(200, {
    expires_at: new Date(found.record.expiresAt).toISOString(),
    identity: { ...s.identity },
    accounts: [
      ...others,
      {
        product: "highrise",
        id: s.accountId,
        name: s.accountName,
        href: `https://${s.subdomain}.highrisehq.com`,
        app_href: `https://${s.subdomain}.highrisehq.com`,
      },
    ],
  });
}

// ---------------------------------------------------------------- Highrise API

/** Authenticates an API call: User-Agent, account, throttle, then Bearer or Basic `token:X`. */
function guard(s: Shared, ctx: RequestContext): EmulatorResponse | undefined {
  const o = s.core.options;
  if (o.requireUserAgent !== false && !ctx.header("user-agent")?.trim()) {
    return plain(
      s,
      400,
      'Bad Request: send a User-Agent header naming your application and a contact, e.g. "MyApp (me@example.com)".',
    );
  }
  if (ctx.hostMatch.params.subdomain !== s.subdomain) {
    return plain(s, 404, "The account you requested does not exist.");
  }
  const throttle = o.throttle === undefined ? { limit: 150, windowMs: 5000 } : o.throttle;
  if (throttle) {
    const now = ctx.now();
    s.hits = s.hits.filter((t) => t > now - throttle.windowMs);
    if (s.hits.length >= throttle.limit) {
      const wait = Math.max(1, Math.ceil((s.hits[0]! + throttle.windowMs - now) / 1000));
      return throttled(s, wait);
    }
    s.hits.push(now);
  }
  const a = ctx.authorization;
  if (a?.scheme.toLowerCase() === "bearer") {
    const found = s.core.tokens.lookupAccess(a.credentials);
    if (found.status === "valid" && found.record.provider === "highrise") return undefined;
    return plain(
      s,
      401,
      "OAuth token could not be verified. The token may have expired or been revoked.",
    );
  }
  const b = ctx.basicAuth;
  if (b && b.username === s.apiToken) return undefined;
  return s.core.respond.text(401, "HTTP Basic: Access denied.\n", {
    "www-authenticate": 'Basic realm="Application"',
  });
}

const throttled = (s: Shared, retryAfter: number) =>
  s.core.respond.text(503, "Service Unavailable: rate limit exceeded, retry later.", {
    "retry-after": String(retryAfter),
  });

function offsetParam(ctx: RequestContext): number | undefined {
  const n = ctx.query.get("n");
  if (n === null || n === "") return 0;
  return /^\d+$/.test(n) ? Number(n) : undefined;
}

/** First index whose updated-at is after `since` (yyyymmddhhmmss, UTC); undefined when bad. */
function sinceIndex(s: Shared, r: Resource, since: string, total: number): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(since);
  if (!m) return undefined;
  const t = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  let lo = 0;
  let hi = total;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (recordTimes(s.core.rng(r, mid), mid).modified > t) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function list(s: Shared, ctx: RequestContext, r: Resource): EmulatorResponse {
  const denied = guard(s, ctx);
  if (denied) return denied;
  const n = offsetParam(ctx);
  if (n === undefined) return plain(s, 400, "Bad Request: n must be a non-negative integer");
  const total = s.core.datasetSize(r, FALLBACK[r]);
  let first = 0;
  const since = ctx.query.get("since");
  if (since !== null && r !== "deals") {
    const f = sinceIndex(s, r, since, total);
    if (f === undefined) return plain(s, 400, "Bad Request: since must be yyyymmddhhmmss");
    first = f;
  }
  const items: XmlNode[] = [];
  for (let i = first + n; i < Math.min(total, first + n + HIGHRISE_PAGE_SIZE); i++) {
    items.push([ELEMENT[r], nodes(s, r, i)]);
  }
  return s.core.respond.xml(200, xmlDoc([r, items, "array"]));
}

function search(s: Shared, ctx: RequestContext): EmulatorResponse {
  const denied = guard(s, ctx);
  if (denied) return denied;
  const n = offsetParam(ctx);
  if (n === undefined) return plain(s, 400, "Bad Request: n must be a non-negative integer");
  const term = (ctx.query.get("term") ?? "").trim().toLowerCase();
  const total = s.core.datasetSize("people", FALLBACK.people);
  const items: XmlNode[] = [];
  let seen = 0;
  for (let i = 0; i < total && items.length < HIGHRISE_SEARCH_PAGE_SIZE; i++) {
    const p = fakePerson(s.core.rng("people", i), i);
    if (term && !`${p.fullName} ${p.email}`.toLowerCase().includes(term)) continue;
    if (seen++ < n) continue;
    items.push(["person", personNodes(s, i)]);
  }
  return s.core.respond.xml(200, xmlDoc(["people", items, "array"]));
}

function me(s: Shared, ctx: RequestContext): EmulatorResponse {
  const denied = guard(s, ctx);
  if (denied) return denied;
  return s.core.respond.xml(
    200,
    xmlDoc([
      "user",
      [
        ["id", s.userId, "integer"],
        ["name", `${s.identity.first_name} ${s.identity.last_name}`],
        ["email-address", s.identity.email_address],
        ["token", s.apiToken],
        ["dropbox", `dropbox@${s.accountId}.${s.subdomain}.highrisehq.com`],
        ["admin", true, "boolean"],
        ["created-at", hrTime(Date.UTC(2015, 2, 1)), "datetime"],
        ["updated-at", hrTime(Date.UTC(2024, 0, 1)), "datetime"],
      ],
    ]),
  );
}

function account(s: Shared, ctx: RequestContext): EmulatorResponse {
  const denied = guard(s, ctx);
  if (denied) return denied;
  return s.core.respond.xml(
    200,
    xmlDoc([
      "account",
      [
        ["id", s.accountId, "integer"],
        ["name", s.accountName],
        ["subdomain", s.subdomain],
        ["plan", "solo"],
        ["owner-id", s.userId, "integer"],
        ["people-count", s.core.datasetSize("people", FALLBACK.people), "integer"],
        ["storage", 0, "integer"],
        ["color_theme", "default"],
        ["ssl_enabled", true, "boolean"],
        ["created-at", hrTime(Date.UTC(2015, 2, 1)), "datetime"],
        ["updated-at", hrTime(Date.UTC(2024, 0, 1)), "datetime"],
      ],
    ]),
  );
}

function routes(s: Shared): Route[] {
  return [
    {
      method: ["GET", "POST"],
      hostKind: "launchpad",
      path: "/authorization/new",
      endpoint: (ctx) => (ctx.method === "POST" ? "authorize.decision" : "authorize"),
      handler: (ctx) => {
        const clientId = ctx.param("client_id");
        const type = ctx.param("type");
        const responseType = ctx.param("response_type");
        return s.core.authorize(ctx, {
          clientId,
          redirectUri: ctx.param("redirect_uri"),
          scopes: [],
          state: ctx.param("state"),
          ...(type !== "web_server" && responseType !== "code"
            ? {
                error: `Unsupported authorization request: use response_type=code (or the legacy type=web_server); got type="${type ?? ""}".`,
              }
            : {}),
          details: [`Signed in as ${s.identity.email_address} (37signals ID)`],
          approve: () => ({
            code: s.core.tokens.createCode({
              provider: "highrise",
              clientId: clientId ?? "",
              userId: String(s.identity.id),
              scopes: [],
              data: {},
              redirectUri: ctx.param("redirect_uri") ?? "",
              ttlSeconds: s.core.options.codeTtlSeconds ?? 300,
            }).code,
          }),
        });
      },
    },
    {
      method: "POST",
      hostKind: "launchpad",
      path: "/authorization/token",
      endpoint: (ctx) => {
        const t = launchpadGrant(ctx);
        return t === "refresh"
          ? "token.refresh"
          : t === "web_server"
            ? "token.exchange"
            : "token.other";
      },
      handler: (ctx) => launchpadToken(s, ctx),
    },
    {
      method: "GET",
      hostKind: "launchpad",
      path: /^\/authorization(\.json)?$/,
      endpoint: "launchpad.authorization",
      handler: (ctx) => authorizationJson(s, ctx),
    },
    {
      method: "GET",
      hostKind: "api",
      path: "/me.xml",
      endpoint: "me.get",
      handler: (ctx) => me(s, ctx),
    },
    {
      method: "GET",
      hostKind: "api",
      path: "/account.xml",
      endpoint: "account.get",
      handler: (ctx) => account(s, ctx),
    },
    {
      method: "GET",
      hostKind: "api",
      path: "/people/search.xml",
      endpoint: "people.search",
      handler: (ctx) => search(s, ctx),
    },
    ...(["people", "companies", "deals"] as const).map(
      (r): Route => ({
        method: "GET",
        hostKind: "api",
        path: `/${r}.xml`,
        endpoint: `${r}.list`,
        handler: (ctx) => list(s, ctx, r),
      }),
    ),
  ];
}

/**
 * Highrise: 37signals Launchpad OAuth (the standard `response_type=code` / `grant_type` form, and
 * the legacy `type=web_server` / `type=refresh`; params not Basic; `authorization.json`) plus the XML API on `<subdomain>.highrisehq.com`.
 * Default client `emulator-highrise-client` / `emulator-highrise-secret`.
 */
export const highrise: ProviderModule<HighriseOptions> = {
  id: "highrise",
  name: "Highrise (37signals)",
  defaultClient: { clientId: "emulator-highrise-client", clientSecret: "emulator-highrise-secret" },
  matchHost(host): HostMatch | undefined {
    if (host === LAUNCHPAD) return { kind: "launchpad", params: {} };
    const m = /^([a-z0-9-]+)\.highrisehq\.com$/.exec(host);
    return m ? { kind: "api", params: { subdomain: m[1]! } } : undefined;
  },
  create(core) {
    const o = core.options;
    const s: Shared = {
      core,
      subdomain: (o.subdomain ?? "emulated").toLowerCase(),
      accountId: o.accountId ?? 3_004_005,
      accountName: o.accountName ?? "Emulated Highrise",
      apiToken: o.apiToken ?? "emulator-highrise-api-token",
      identity: {
        id: 9_876_543,
        first_name: o.user?.firstName ?? "Margaret",
        last_name: o.user?.lastName ?? "Hamilton",
        email_address: o.user?.email ?? "margaret.hamilton@emulator.example",
      },
      userId: 112_233,
      hits: [],
    };
    return {
      routes: routes(s),
      throttled: (ctx, { retryAfterSeconds }) =>
        ctx.hostMatch.kind === "launchpad"
          ? plain(s, 429, "Too Many Requests")
          : throttled(s, retryAfterSeconds),
      notFound: (ctx) =>
        ctx.hostMatch.kind === "launchpad"
          ? s.core.respond.json(404, { status: 404, error: "Not Found" })
          : plain(s, 404, "The page you were looking for doesn't exist."),
      reset() {
        s.hits = [];
      },
      info: () => ({
        authorizeUrl: `https://${LAUNCHPAD}/authorization/new?response_type=code`,
        tokenUrl: `https://${LAUNCHPAD}/authorization/token`,
        apiBase: `https://${s.subdomain}.highrisehq.com`,
        accountId: s.accountId,
        apiToken: s.apiToken,
        identity: { ...s.identity },
      }),
    };
  },
};
