import type { EmulatorResponse } from "../http.js";
import type { Grant } from "../tokens.js";
import type { ProviderCore, RequestContext, Route } from "../types.js";
import { lookupBearer, pkceMatches } from "./checks.js";
import { standardOAuthError } from "./errors.js";
import type {
  IssueRequest,
  Lifetimes,
  OAuthFailure,
  OAuthServer,
  OAuthServerSpec,
} from "./spec.js";

/**
 * Serves a provider's OAuth 2.0 endpoints from its spec. The module keeps only what is its own:
 * hosts, wording and envelopes of errors, token response fields, and hooks for real quirks.
 */
export function createOAuthServer(core: ProviderCore<unknown>, spec: OAuthServerSpec): OAuthServer {
  const standard: Record<string, string> = {
    authorization_code: "code",
    refresh_token: "refresh",
  };
  const isExtra = (g: string | undefined): g is string =>
    g !== undefined && spec.grants !== undefined && Object.hasOwn(spec.grants, g);
  const grantOf =
    spec.grantOf ??
    ((ctx: RequestContext) => {
      const g = ctx.param("grant_type");
      if (g !== undefined && Object.hasOwn(standard, g)) return standard[g];
      return isExtra(g) ? g : undefined;
    });
  const fail = (ctx: RequestContext, f: OAuthFailure) =>
    spec.error ? spec.error(f, ctx) : standardOAuthError(f);
  const mine = (ctx: RequestContext, g: Grant) =>
    g.provider === core.id && (spec.visible?.(ctx, g) ?? true);

  function authorize(ctx: RequestContext): EmulatorResponse {
    const clientId = ctx.param("client_id");
    const redirectUri = ctx.param("redirect_uri");
    const decision = spec.consent(ctx);
    const pkce = typeof spec.pkce === "object" ? spec.pkce : undefined;
    const challenge = pkce ? ctx.param("code_challenge") : undefined;
    const method = ctx.param("code_challenge_method") ?? "plain";
    let redirectError = decision.redirectError;
    if (!redirectError && spec.requireResponseTypeCode && ctx.param("response_type") !== "code") {
      redirectError = "unsupported_response_type";
    }
    if (!redirectError && pkce) {
      const client = core.clients.get(core.id, clientId);
      if (
        pkce.requiredForPublicClients &&
        client &&
        client.clientSecret === undefined &&
        !challenge
      ) {
        redirectError = "invalid_request";
      } else if (
        challenge &&
        pkce.enforce !== false &&
        !(pkce.methods as string[]).includes(method)
      ) {
        redirectError = "invalid_request";
      }
    }
    return core.authorize(ctx, {
      clientId,
      redirectUri,
      scopes: decision.scopes,
      state: ctx.param("state"),
      ...(decision.error ? { error: decision.error } : {}),
      ...(redirectError ? { redirectError } : {}),
      ...(decision.details ? { details: decision.details } : {}),
      approve: () => {
        const more = decision.onApprove?.() ?? {};
        const code = core.tokens.createCode({
          provider: core.id,
          clientId: clientId ?? "",
          userId: spec.userId,
          scopes: decision.scopes,
          data: { ...decision.data, ...more.data },
          redirectUri: redirectUri ?? "",
          ttlSeconds: spec.codeTtlSeconds,
          ...(spec.tokenPrefix ? { prefix: spec.tokenPrefix } : {}),
          ...(challenge ? { codeChallenge: challenge, codeChallengeMethod: method } : {}),
        });
        return { code: code.code, ...more.params };
      },
    });
  }

  /** The authenticated client id, or the failure answer. */
  function authenticate(ctx: RequestContext): string | EmulatorResponse {
    const basic = ctx.basicAuth;
    let id: string | undefined;
    let secret: string | undefined;
    if (spec.clientAuth === "basic") {
      if (!basic) {
        const cause =
          ctx.param("client_id") !== undefined ? "client_auth_method" : "missing_client";
        return fail(ctx, { error: "invalid_client", cause });
      }
      ({ username: id, password: secret } = basic);
    } else if (spec.clientAuth === "body") {
      id = ctx.param("client_id");
      secret = ctx.param("client_secret");
      if (id === undefined) {
        const cause = basic ? "client_auth_method" : "missing_client";
        return fail(ctx, { error: "invalid_client", cause });
      }
    } else {
      id = basic?.username ?? ctx.param("client_id");
      secret = basic?.password ?? ctx.param("client_secret");
      if (id === undefined) return fail(ctx, { error: "invalid_client", cause: "missing_client" });
    }
    const check = core.clients.check(core.id, id, secret);
    return check === "ok" ? id : fail(ctx, { error: "invalid_client", cause: check });
  }

  function issue(ctx: RequestContext, r: IssueRequest, keep?: string): EmulatorResponse {
    const requested = r.requested ?? {};
    const refreshTtl = requested.refreshTtlSeconds ?? spec.refreshTtlSeconds;
    const issued = core.tokens.issue({
      provider: core.id,
      clientId: r.clientId,
      userId: r.userId,
      scopes: r.scopes,
      data: r.data,
      accessTtlSeconds: requested.accessTtlSeconds ?? spec.accessTtlSeconds,
      newRefresh: r.withRefresh
        ? refreshTtl === undefined
          ? {}
          : { ttlSeconds: refreshTtl }
        : false,
      ...(keep !== undefined ? { refreshToken: keep } : {}),
      ...(spec.tokenPrefix ? { prefix: spec.tokenPrefix } : {}),
      ...(spec.maxAccessPerRefresh !== undefined
        ? { maxAccessPerRefresh: spec.maxAccessPerRefresh }
        : {}),
    });
    const sent = issued.refresh?.token ?? (spec.refresh.rotation === "echo" ? keep : undefined);
    const out = {
      grant: r.grant,
      access: issued.access,
      ...(issued.refresh ? { refresh: issued.refresh } : {}),
      ...(sent !== undefined ? { refreshToken: sent } : {}),
      requested,
    };
    spec.onIssued?.(out, ctx);
    return spec.tokenResponse(ctx, out);
  }

  function exchange(ctx: RequestContext, clientId: string, requested: Lifetimes) {
    if (
      spec.pkce === "reject" &&
      (ctx.param("code_verifier") !== undefined || ctx.param("code_challenge") !== undefined)
    ) {
      return fail(ctx, { error: "invalid_request", cause: "pkce_not_supported" });
    }
    const code = ctx.param("code") ?? "";
    const peek = core.tokens.peekCode(code);
    // A code of another provider or data centre is unknown here: it stays redeemable there.
    if (peek && !mine(ctx, peek)) {
      return fail(ctx, { error: "invalid_grant", cause: "code", status: "unknown" });
    }
    const redeemed = core.tokens.redeemCode(code);
    if (!redeemed.ok) {
      return fail(ctx, { error: "invalid_grant", cause: "code", status: redeemed.reason });
    }
    const c = redeemed.record;
    if (c.clientId !== clientId) {
      return fail(ctx, { error: "invalid_grant", cause: "code", status: "client" });
    }
    if (ctx.param("redirect_uri") !== c.redirectUri) {
      return fail(ctx, { error: "invalid_grant", cause: "redirect_uri" });
    }
    if (typeof spec.pkce === "object") {
      if (c.codeChallenge !== undefined) {
        if (
          !pkceMatches(c.codeChallenge, c.codeChallengeMethod, ctx.param("code_verifier") ?? "")
        ) {
          return fail(ctx, { error: "invalid_grant", cause: "code_verifier" });
        }
      } else if (
        spec.pkce.requiredForPublicClients &&
        core.clients.get(core.id, clientId)?.clientSecret === undefined
      ) {
        return fail(ctx, { error: "invalid_request", cause: "pkce_required" });
      }
    }
    return issue(ctx, {
      grant: "code",
      clientId,
      userId: c.userId,
      scopes: c.scopes,
      data: spec.tokenData?.(c, ctx, "code") ?? { ...c.data },
      withRefresh: spec.issueRefresh?.(c) ?? true,
      requested,
    });
  }

  function refresh(ctx: RequestContext, clientId: string, requested: Lifetimes) {
    const rt = ctx.param("refresh_token") ?? "";
    const found = core.tokens.lookupRefresh(rt);
    if (found.status === "unknown" || !mine(ctx, found.record)) {
      return fail(ctx, { error: "invalid_grant", cause: "refresh_token", status: "unknown" });
    }
    if (found.status !== "valid") {
      return fail(ctx, { error: "invalid_grant", cause: "refresh_token", status: found.status });
    }
    const r = found.record;
    if (r.clientId !== clientId) {
      return fail(ctx, { error: "invalid_grant", cause: "refresh_token", status: "client" });
    }
    const blocked = spec.beforeRefresh?.(ctx, r);
    if (blocked) return blocked;
    const rotate = spec.refresh.rotation === "rotate";
    if (rotate) {
      core.tokens.revoke(rt, { cascade: spec.refresh.revokeAccessTokensOnRotation ?? false });
    }
    const data = spec.tokenData?.(r, ctx, "refresh") ?? { ...r.data };
    const grant = { grant: "refresh", clientId, userId: r.userId, scopes: r.scopes, data };
    // Without rotation the new access token joins the refresh token the client keeps.
    return issue(ctx, { ...grant, withRefresh: rotate, requested }, rotate ? undefined : rt);
  }

  function token(ctx: RequestContext): EmulatorResponse {
    const early = spec.precheck?.(ctx);
    if (early) return early;
    const clientId = authenticate(ctx);
    if (typeof clientId !== "string") return clientId;
    const checked = spec.checkTokenRequest?.(ctx, clientId);
    if (checked && "status" in checked) return checked;
    const requested: Lifetimes = checked ?? {};
    const grant = grantOf(ctx);
    if (grant === "code") return exchange(ctx, clientId, requested);
    if (grant === "refresh") return refresh(ctx, clientId, requested);
    if (isExtra(grant)) return spec.grants![grant]!(ctx, clientId, requested);
    return fail(ctx, {
      error: "unsupported_grant_type",
      cause: "grant_type",
      grantType: ctx.param("grant_type"),
    });
  }

  function revoke(ctx: RequestContext): EmulatorResponse {
    const r = spec.revoke!;
    let clientId: string | undefined;
    if (r.clientAuth) {
      const c = authenticate(ctx);
      if (typeof c !== "string") return c;
      clientId = c;
    }
    const t = ctx.param("token") ?? "";
    const rec = core.tokens.find(t);
    const ours = rec !== undefined && mine(ctx, rec) && (clientId ?? rec.clientId) === rec.clientId;
    if (!ours && r.unknownToken === "error") {
      return fail(ctx, { error: "invalid_request", cause: "revoke_token" });
    }
    if (ours) core.tokens.revoke(t);
    return r.response(ctx);
  }

  function tokenEndpoint(ctx: RequestContext): string {
    const g = grantOf(ctx);
    if (g === "code") return "token.exchange";
    if (g === "refresh") return "token.refresh";
    return isExtra(g) ? `token.${g}` : "token.other";
  }

  const hostKind = spec.hostKind !== undefined ? { hostKind: spec.hostKind } : {};
  const routes: Route[] = [
    {
      method: ["GET", "POST"],
      ...hostKind,
      path: spec.authorizePath,
      endpoint: (ctx) => (ctx.method === "POST" ? "authorize.decision" : "authorize"),
      handler: authorize,
    },
    { method: "POST", ...hostKind, path: spec.tokenPath, endpoint: tokenEndpoint, handler: token },
  ];
  if (spec.revoke) {
    routes.push({
      method: "POST",
      ...hostKind,
      path: spec.revoke.path,
      endpoint: "token.revoke",
      handler: revoke,
    });
  }

  const bearer = (ctx: RequestContext) => lookupBearer(core, ctx, spec.bearerScheme);

  return { routes, bearer, issue };
}
