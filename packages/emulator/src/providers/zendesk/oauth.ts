import type { EmulatorResponse } from "../../core/http.js";
import type { Lifetimes, OAuthServerSpec } from "../../core/oauth/index.js";
import type { RequestContext } from "../../core/types.js";
import { tokenId, type ZendeskShared } from "./state.js";

const INVALID_GRANT =
  "The provided access grant is invalid, expired, or revoked (e.g. invalid assertion, expired authorization token, bad end-user password credentials, or mismatching authorization code and redirection URI).";

const oauthErr = (s: ZendeskShared, status: number, error: string, description: string) =>
  s.core.respond.json(status, { error, error_description: description });

const splitScope = (scope: string) => scope.split(/\s+/).filter(Boolean);

/** Reads an optional lifetime parameter; returns a number, undefined, or an error response. */
function ttlParam(
  s: ZendeskShared,
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

/** `expires_in` / `refresh_token_expires_in` of a token request. */
function requestedLifetimes(s: ZendeskShared, ctx: RequestContext): EmulatorResponse | Lifetimes {
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
  return {
    ...(expiresIn !== undefined ? { accessTtlSeconds: expiresIn } : {}),
    ...(refreshIn !== undefined ? { refreshTtlSeconds: refreshIn } : {}),
  };
}

/**
 * Zendesk's OAuth server, per subdomain: client credentials in the body, PKCE (S256, required
 * for public clients), rotation that deletes the old pair, lifetimes chosen per request, and
 * the `client_credentials` grant.
 */
export function zendeskOAuth(s: ZendeskShared): OAuthServerSpec {
  const o = s.core.options;
  const elsewhere = (ctx: RequestContext) => ctx.hostMatch.params.subdomain !== s.subdomain;
  return {
    authorizePath: "/oauth/authorizations/new",
    tokenPath: "/oauth/tokens",
    clientAuth: "body",
    pkce: { methods: ["S256"], requiredForPublicClients: true },
    requireResponseTypeCode: true,
    userId: String(s.user.id),
    codeTtlSeconds: o.codeTtlSeconds ?? 120,
    accessTtlSeconds: o.accessTokenTtlSeconds ?? 1800,
    refreshTtlSeconds: o.refreshTokenTtlSeconds ?? 30 * 86400,
    refresh: { rotation: "rotate", revokeAccessTokensOnRotation: true },
    consent(ctx) {
      const scope = ctx.param("scope") ?? "read";
      return {
        scopes: splitScope(scope),
        data: { subdomain: s.subdomain, scope },
        ...(elsewhere(ctx) ? { error: `No Zendesk account at ${ctx.host}.` } : {}),
        details: [`Account: ${s.subdomain}.zendesk.com`, `Signed in as ${s.user.email}`],
      };
    },
    precheck: (ctx) =>
      elsewhere(ctx)
        ? oauthErr(s, 404, "not_found", `No Zendesk account at ${ctx.host}`)
        : undefined,
    checkTokenRequest: (ctx) => requestedLifetimes(s, ctx),
    grants: {
      client_credentials(ctx, clientId, requested) {
        if (s.core.clients.get("zendesk", clientId)?.clientSecret === undefined) {
          return oauthErr(
            s,
            401,
            "invalid_client",
            "client_credentials needs a confidential client",
          );
        }
        const scope = ctx.param("scope") ?? "read";
        return s.oauth.issue(ctx, {
          grant: "client_credentials",
          clientId,
          userId: String(s.user.id),
          scopes: scope.split(/\s+/),
          data: { subdomain: s.subdomain, scope },
          withRefresh: false,
          requested,
        });
      },
    },
    onIssued: ({ access }) => {
      tokenId(s, access.token);
    },
    tokenResponse(_ctx, { access, refreshToken, requested }) {
      const body: Record<string, unknown> = {
        access_token: access.token,
        token_type: "bearer",
        scope: access.data.scope,
      };
      if (refreshToken) body.refresh_token = refreshToken;
      if (requested.accessTtlSeconds !== undefined) body.expires_in = requested.accessTtlSeconds;
      if (requested.refreshTtlSeconds !== undefined && refreshToken) {
        body.refresh_token_expires_in = requested.refreshTtlSeconds;
      }
      return s.core.respond.json(200, body);
    },
    error(f) {
      switch (f.error) {
        case "invalid_client":
          return oauthErr(
            s,
            401,
            "invalid_client",
            "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.",
          );
        case "invalid_grant":
          return oauthErr(s, 400, "invalid_grant", INVALID_GRANT);
        case "unsupported_grant_type":
          return oauthErr(
            s,
            400,
            "unsupported_grant_type",
            `The authorization grant type is not supported: ${f.grantType ?? ""}`,
          );
        default:
          return oauthErr(s, 400, f.error, "PKCE is required for public clients");
      }
    },
  };
}
