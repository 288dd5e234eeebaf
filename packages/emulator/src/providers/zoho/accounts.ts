import type { EmulatorResponse } from "../../core/http.js";
import type { ConsentDecision, OAuthServerSpec } from "../../core/oauth/index.js";
import type { RequestContext, Route } from "../../core/types.js";
import { ZOHO_DATA_CENTRES } from "./dc.js";
import { splitScopes, type ZohoShared } from "./state.js";

/** Zoho token-endpoint errors: always HTTP 200. */
const err = (s: ZohoShared, error: string): EmulatorResponse => s.core.respond.json(200, { error });

/** Zoho's answer when a client asks too often. @internal */
export const accessDenied = (s: ZohoShared) =>
  s.core.respond.json(200, {
    error_description:
      "You have made too many requests continuously. Please try again after some time.",
    error: "Access Denied",
    status: "failure",
  });

function tokenBody(s: ZohoShared, access: string, scope: string, refresh?: string) {
  const ttl = s.accessTtl;
  const body: Record<string, unknown> = { access_token: access };
  if (refresh) body.refresh_token = refresh;
  body.scope = scope;
  body.api_domain = `https://${s.dc.apiHost}`;
  body.token_type = "Bearer";
  if (s.core.options.legacyExpiresIn) {
    body.expires_in_sec = ttl;
    body.expires_in = ttl * 1000;
  } else body.expires_in = ttl;
  return body;
}

/** The user lives in one data centre; China is a separate world. */
function wrongPlace(s: ZohoShared, here: string): string | undefined {
  if (s.dc.location === "cn" && here !== "cn") {
    return "This account belongs to the China data centre: authorize at https://accounts.zoho.com.cn.";
  }
  if (s.dc.location !== "cn" && here === "cn") {
    return "No such account in the China data centre: authorize at https://accounts.zoho.com.";
  }
  if (here !== "us" && here !== s.dc.location) {
    return `No such account in this data centre (${here}); the user lives in ${s.dc.location}.`;
  }
  return undefined;
}

function consent(s: ZohoShared, ctx: RequestContext): ConsentDecision {
  const scope = ctx.param("scope");
  const responseType = ctx.param("response_type");
  const accessType = (ctx.param("access_type") ?? "online").toLowerCase();
  const error =
    wrongPlace(s, ctx.hostMatch.params.dc ?? "us") ??
    (responseType !== "code"
      ? `Invalid response_type "${responseType ?? ""}": only "code" is supported.`
      : splitScopes(scope).length === 0
        ? "Invalid OAuth scope: the scope parameter is required."
        : accessType !== "online" && accessType !== "offline"
          ? `Invalid access_type "${accessType}".`
          : undefined);
  return {
    scopes: splitScopes(scope),
    data: { location: s.dc.location, scope: scope ?? "" },
    ...(error ? { error } : {}),
    details: [
      `Data centre: ${s.dc.location} (${s.dc.accountsHost})`,
      `Signed in as ${s.user.email}`,
    ],
    onApprove() {
      // A refresh token only with offline access, on the first consent or prompt=consent.
      const key = `${ctx.param("client_id")}\u0000${s.user.id}`;
      const first = !s.consented.has(key);
      s.consented.add(key);
      const again = ctx.param("prompt") === "consent";
      return {
        data: { issueRefresh: accessType === "offline" && (first || again) ? "1" : "0" },
        params: { location: s.dc.location, "accounts-server": `https://${s.dc.accountsHost}` },
      };
    },
  };
}

/**
 * Zoho Accounts in every data centre: errors as HTTP 200 bodies, codes and tokens valid only in
 * the user's data centre, refresh tokens that never rotate (and come only with offline access on
 * first consent), caps on access tokens per refresh token, refresh tokens per user and refreshes
 * per window.
 */
export function zohoOAuth(s: ZohoShared): OAuthServerSpec {
  const o = s.core.options;
  return {
    hostKind: "accounts",
    authorizePath: "/oauth/v2/auth",
    tokenPath: "/oauth/v2/token",
    revoke: {
      path: "/oauth/v2/token/revoke",
      clientAuth: false,
      unknownToken: "error",
      response: () => s.core.respond.json(200, { status: "success" }),
    },
    clientAuth: "body",
    pkce: { methods: ["plain", "S256"], enforce: false },
    userId: s.user.id,
    codeTtlSeconds: o.codeTtlSeconds ?? 180,
    accessTtlSeconds: s.accessTtl,
    refresh: { rotation: "none" },
    tokenPrefix: "1000.",
    maxAccessPerRefresh: o.maxAccessTokensPerRefreshToken ?? 15,
    bearerScheme: "Zoho-oauthtoken",
    consent: (ctx) => consent(s, ctx),
    visible: (ctx, grant) => grant.data.location === ctx.hostMatch.params.dc,
    issueRefresh: (code) => code.data.issueRefresh === "1",
    tokenData: (grant, _ctx, via) =>
      via === "code"
        ? { location: grant.data.location ?? s.dc.location, scope: grant.data.scope ?? "" }
        : { ...grant.data },
    beforeRefresh: (ctx, token) =>
      s.refreshLimit.take(token.token, ctx.now()).ok ? undefined : accessDenied(s),
    onIssued({ refresh }) {
      if (!refresh) return;
      // 20 refresh tokens per user and client: the 21st silently deletes the oldest.
      const max = o.maxRefreshTokensPerUser ?? 20;
      const live = s.core.tokens
        .refreshTokens({ provider: "zoho", clientId: refresh.clientId })
        .filter((r) => r.userId === refresh.userId && !r.revoked);
      while (live.length > max) s.core.tokens.revoke(live.shift()!.token);
    },
    tokenResponse: (_ctx, { access, refreshToken }) =>
      s.core.respond.json(200, tokenBody(s, access.token, access.data.scope ?? "", refreshToken)),
    error(f) {
      switch (f.cause) {
        case "bad_secret":
        case "missing_secret":
          return err(s, "invalid_client_secret");
        case "missing_client":
        case "client_auth_method":
        case "unknown_client":
          return err(s, "invalid_client");
        case "redirect_uri":
          return err(s, "invalid_redirect_uri");
        case "refresh_token":
          return err(s, f.status === "client" ? "invalid_client" : "invalid_code");
        case "grant_type":
          return err(s, "unsupported_grant_type");
        case "revoke_token":
          return err(s, "invalid_token");
        default:
          return err(s, "invalid_code");
      }
    },
  };
}

/** `GET /oauth/serverinfo`: every data centre's accounts server. @internal */
export function serverInfoRoute(s: ZohoShared): Route {
  return {
    method: "GET",
    hostKind: "accounts",
    path: "/oauth/serverinfo",
    endpoint: "serverinfo",
    handler: () =>
      s.core.respond.json(200, {
        result: "success",
        locations: Object.fromEntries(
          ZOHO_DATA_CENTRES.map((d) => [d.location, `https://${d.accountsHost}`]),
        ),
      }),
  };
}
