import { type OAuthServerSpec, standardOAuthError } from "../../core/oauth/index.js";
import { OAUTH_HOST, type PipedriveShared } from "./state.js";

/**
 * Pipedrive's OAuth server: HTTP Basic client authentication only, scopes fixed by the app (not
 * the request), rotating refresh tokens (old access tokens live on), and `api_domain` naming the
 * company, which a refresh reports afresh.
 */
export function pipedriveOAuth(s: PipedriveShared): OAuthServerSpec {
  const o = s.core.options;
  const scope = o.scope ?? "base,deals:full,contacts:full";
  return {
    hostKind: "oauth",
    authorizePath: "/oauth/authorize",
    tokenPath: "/oauth/token",
    revoke: {
      path: "/oauth/revoke",
      clientAuth: true,
      unknownToken: "error",
      response: () => s.core.respond.empty(200),
    },
    clientAuth: "basic",
    pkce: o.pkce === "reject" ? "reject" : "ignore",
    userId: String(s.user.id),
    codeTtlSeconds: o.codeTtlSeconds ?? 300,
    accessTtlSeconds: o.accessTokenTtlSeconds ?? 3599,
    refreshTtlSeconds: o.refreshTokenTtlSeconds ?? 60 * 86400,
    refresh: { rotation: "rotate" },
    consent: () => ({
      scopes: scope.split(","),
      data: { scope, company: s.company },
      details: [`Company: ${s.companyName} (${s.company}.pipedrive.com)`],
    }),
    // The company domain can change: refreshes report the current one.
    tokenData: (grant, _ctx, via) =>
      via === "refresh" ? { ...grant.data, company: s.company } : { ...grant.data },
    tokenResponse: (_ctx, { access, refreshToken }) =>
      s.core.respond.json(200, {
        access_token: access.token,
        token_type: "Bearer",
        expires_in: Math.round((access.expiresAt - access.issuedAt) / 1000),
        refresh_token: refreshToken,
        scope: access.data.scope ?? "",
        api_domain: `https://${access.data.company ?? s.company}.pipedrive.com`,
      }),
    error: (f) => {
      switch (f.cause) {
        case "missing_client":
          return standardOAuthError(f, "Missing client authentication (HTTP Basic)");
        case "client_auth_method":
          return standardOAuthError(
            f,
            "Client credentials must be sent with HTTP Basic authentication, not in the request body",
          );
        case "unknown_client":
        case "bad_secret":
        case "missing_secret":
          return standardOAuthError(f, "Invalid client credentials");
        case "redirect_uri":
          return standardOAuthError(f, "Invalid redirect_uri");
        default:
          return standardOAuthError(f);
      }
    },
  };
}

/** Public facts about the OAuth endpoints. */
export const oauthInfo = () => ({
  authorizeUrl: `https://${OAUTH_HOST}/oauth/authorize`,
  tokenUrl: `https://${OAUTH_HOST}/oauth/token`,
});
