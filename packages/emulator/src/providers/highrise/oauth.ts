import type { EmulatorResponse } from "../../core/http.js";
import { type OAuthServerSpec, standardOAuthError } from "../../core/oauth/index.js";
import type { RequestContext } from "../../core/types.js";
import { type HighriseShared, plain } from "./state.js";

const lpJson = (s: HighriseShared, status: number, error: string, description?: string) =>
  s.core.respond.json(status, description ? { error, error_description: description } : { error });

/**
 * The grant of a token request: the documented standard `grant_type=authorization_code` /
 * `refresh_token`, or the legacy `type=web_server` / `type=refresh` Launchpad still accepts.
 */
function launchpadGrant(ctx: RequestContext): "code" | "refresh" | undefined {
  const grant = ctx.param("grant_type");
  const [code, refresh] =
    grant !== undefined ? ["authorization_code", "refresh_token"] : ["web_server", "refresh"];
  const value = grant ?? ctx.param("type");
  return value === code ? "code" : value === refresh ? "refresh" : undefined;
}

const ROTATION = { none: "none", same: "echo", rotate: "rotate" } as const;

/**
 * 37signals Launchpad: client credentials as parameters (never Basic), no scopes, long-lived
 * access tokens, refresh tokens that by default are sent again unchanged, and an account list
 * (`authorization.json`) instead of a who-am-I on the API.
 */
export function launchpadOAuth(s: HighriseShared): OAuthServerSpec {
  const o = s.core.options;
  const accessTtl = o.accessTokenTtlSeconds ?? 1_209_600;
  return {
    hostKind: "launchpad",
    authorizePath: "/authorization/new",
    tokenPath: "/authorization/token",
    grantOf: launchpadGrant,
    clientAuth: "body",
    pkce: "ignore",
    userId: String(s.identity.id),
    codeTtlSeconds: o.codeTtlSeconds ?? 300,
    accessTtlSeconds: accessTtl,
    ...(o.refreshTokenTtlSeconds !== undefined
      ? { refreshTtlSeconds: o.refreshTokenTtlSeconds }
      : {}),
    refresh: { rotation: ROTATION[o.refreshTokenRotation ?? "same"] },
    consent(ctx) {
      const type = ctx.param("type");
      const unsupported = type !== "web_server" && ctx.param("response_type") !== "code";
      return {
        scopes: [],
        ...(unsupported
          ? {
              error: `Unsupported authorization request: use response_type=code (or the legacy type=web_server); got type="${type ?? ""}".`,
            }
          : {}),
        details: [`Signed in as ${s.identity.email_address} (37signals ID)`],
      };
    },
    precheck: (ctx) =>
      launchpadGrant(ctx)
        ? undefined
        : lpJson(
            s,
            400,
            "unsupported_grant_type",
            `Unsupported grant: use grant_type=authorization_code or grant_type=refresh_token (the legacy type=web_server / type=refresh is accepted too); got ${
              ctx.param("grant_type") !== undefined
                ? `grant_type="${ctx.param("grant_type")}"`
                : `type="${ctx.param("type") ?? ""}"`
            }`,
          ),
    checkTokenRequest: () =>
      o.noActiveAccounts ? plain(s, 401, "Unknown Basecamp ID.") : undefined,
    tokenResponse: (_ctx, { access, refreshToken }) =>
      s.core.respond.json(200, {
        access_token: access.token,
        token_type: "Bearer",
        expires_in: accessTtl,
        ...(refreshToken !== undefined ? { refresh_token: refreshToken } : {}),
      }),
    error(f): EmulatorResponse {
      switch (f.cause) {
        case "missing_client":
          return lpJson(s, 400, "invalid_client", "Missing client_id");
        case "client_auth_method":
          return lpJson(
            s,
            400,
            "invalid_client",
            "client_id and client_secret must be sent as parameters, not with HTTP Basic",
          );
        case "unknown_client":
        case "bad_secret":
        case "missing_secret":
          return lpJson(s, 401, "invalid_client", "Invalid client_id or client_secret");
        case "code":
          return lpJson(
            s,
            400,
            "authorization_expired",
            "The verification code is invalid or expired",
          );
        case "redirect_uri":
          return lpJson(
            s,
            400,
            "invalid_redirect_uri",
            "redirect_uri does not match the authorization",
          );
        case "refresh_token":
          // A password change (emulator.revokeAll({ provider: "highrise" })) or an expired
          // refresh token: the authorization is gone and the user must authorize again.
          if (f.status === "expired" || f.status === "revoked") {
            return lpJson(s, 400, "authorization_expired");
          }
          return lpJson(
            s,
            400,
            "invalid_grant",
            f.status === "client" ? "Wrong client" : "Unknown refresh token",
          );
        default:
          return standardOAuthError(f);
      }
    },
  };
}

/** `GET /authorization.json`: the identity and its accounts (Highrise among other products). */
export function authorizationJson(s: HighriseShared, ctx: RequestContext): EmulatorResponse {
  const bearer = s.oauth.bearer(ctx);
  if (bearer.kind !== "valid") {
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
    expires_at: new Date(bearer.token.expiresAt).toISOString(),
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
