import { createHash } from "node:crypto";
import type { EmulatorResponse } from "../../core/http.js";
import type { RequestContext, Route } from "../../core/types.js";
import { ZOHO_DATA_CENTRES } from "./dc.js";
import { splitScopes, type ZohoShared } from "./state.js";

/** Zoho token-endpoint errors: always HTTP 200. */
const err = (s: ZohoShared, error: string): EmulatorResponse => s.core.respond.json(200, { error });

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

function authorize(s: ZohoShared, ctx: RequestContext): EmulatorResponse {
  const here = ctx.hostMatch.params.dc ?? "us";
  const clientId = ctx.param("client_id");
  const redirectUri = ctx.param("redirect_uri");
  const scope = ctx.param("scope");
  const responseType = ctx.param("response_type");
  const accessType = (ctx.param("access_type") ?? "online").toLowerCase();
  const prompt = ctx.param("prompt");
  let error: string | undefined;
  if (s.dc.location === "cn" && here !== "cn") {
    error =
      "This account belongs to the China data centre: authorize at https://accounts.zoho.com.cn.";
  } else if (s.dc.location !== "cn" && here === "cn") {
    error = "No such account in the China data centre: authorize at https://accounts.zoho.com.";
  } else if (here !== "us" && here !== s.dc.location) {
    error = `No such account in this data centre (${here}); the user lives in ${s.dc.location}.`;
  } else if (responseType !== "code") {
    error = `Invalid response_type "${responseType ?? ""}": only "code" is supported.`;
  } else if (splitScopes(scope).length === 0) {
    error = "Invalid OAuth scope: the scope parameter is required.";
  } else if (accessType !== "online" && accessType !== "offline") {
    error = `Invalid access_type "${accessType}".`;
  }
  return s.core.authorize(ctx, {
    clientId,
    redirectUri,
    scopes: splitScopes(scope),
    state: ctx.param("state"),
    ...(error ? { error } : {}),
    details: [
      `Data centre: ${s.dc.location} (${s.dc.accountsHost})`,
      `Signed in as ${s.user.email}`,
    ],
    approve: () => {
      const key = `${clientId}\u0000${s.user.id}`;
      const first = !s.consented.has(key);
      s.consented.add(key);
      const challenge = ctx.param("code_challenge");
      const code = s.core.tokens.createCode({
        provider: "zoho",
        clientId: clientId ?? "",
        userId: s.user.id,
        scopes: splitScopes(scope),
        data: {
          location: s.dc.location,
          scope: scope ?? "",
          issueRefresh: accessType === "offline" && (first || prompt === "consent") ? "1" : "0",
        },
        redirectUri: redirectUri ?? "",
        ttlSeconds: s.core.options.codeTtlSeconds ?? 180,
        prefix: "1000.",
        ...(challenge
          ? {
              codeChallenge: challenge,
              codeChallengeMethod: ctx.param("code_challenge_method") ?? "plain",
            }
          : {}),
      });
      return {
        code: code.code,
        location: s.dc.location,
        "accounts-server": `https://${s.dc.accountsHost}`,
      };
    },
  });
}

function token(s: ZohoShared, ctx: RequestContext): EmulatorResponse {
  const here = ctx.hostMatch.params.dc;
  const grantType = ctx.param("grant_type");
  const clientId = ctx.param("client_id");
  const check = s.core.clients.check("zoho", clientId, ctx.param("client_secret"));
  if (check === "unknown_client") return err(s, "invalid_client");
  if (check !== "ok") return err(s, "invalid_client_secret");
  const now = ctx.now();
  if (grantType === "authorization_code") {
    const code = ctx.param("code") ?? "";
    const peek = s.core.tokens.peekCode(code);
    // Codes live only in the user's data centre: elsewhere they are unknown.
    if (peek?.provider !== "zoho" || peek.data.location !== here) return err(s, "invalid_code");
    const redeemed = s.core.tokens.redeemCode(code);
    if (!redeemed.ok) return err(s, "invalid_code");
    const c = redeemed.record;
    if (c.clientId !== clientId) return err(s, "invalid_code");
    if (ctx.param("redirect_uri") !== c.redirectUri) return err(s, "invalid_redirect_uri");
    if (c.codeChallenge) {
      const verifier = ctx.param("code_verifier") ?? "";
      const computed =
        c.codeChallengeMethod === "S256"
          ? createHash("sha256").update(verifier).digest("base64url")
          : verifier;
      if (computed !== c.codeChallenge) return err(s, "invalid_code");
    }
    const withRefresh = c.data.issueRefresh === "1";
    const issued = s.core.tokens.issue({
      provider: "zoho",
      clientId: c.clientId,
      userId: c.userId,
      scopes: c.scopes,
      data: { location: c.data.location ?? s.dc.location, scope: c.data.scope ?? "" },
      accessTtlSeconds: s.accessTtl,
      newRefresh: withRefresh ? {} : false,
      prefix: "1000.",
      maxAccessPerRefresh: s.core.options.maxAccessTokensPerRefreshToken ?? 15,
    });
    if (issued.refresh) {
      // 20 refresh tokens per user and client: the 21st silently deletes the oldest.
      const max = s.core.options.maxRefreshTokensPerUser ?? 20;
      const live = s.core.tokens
        .refreshTokens({ provider: "zoho", clientId: c.clientId })
        .filter((r) => r.userId === c.userId && !r.revoked);
      while (live.length > max) s.core.tokens.revoke(live.shift()!.token);
    }
    return s.core.respond.json(
      200,
      tokenBody(s, issued.access.token, c.data.scope ?? "", issued.refresh?.token),
    );
  }
  if (grantType === "refresh_token") {
    const rt = ctx.param("refresh_token") ?? "";
    const found = s.core.tokens.lookupRefresh(rt);
    if (
      found.status !== "valid" ||
      found.record.provider !== "zoho" ||
      found.record.data.location !== here
    ) {
      return err(s, "invalid_code");
    }
    const r = found.record;
    if (r.clientId !== clientId) return err(s, "invalid_client");
    const limit = s.core.options.refreshLimit ?? { max: 10, windowMs: 600_000 };
    const attempts = (s.refreshAttempts.get(rt) ?? []).filter((t) => t > now - limit.windowMs);
    attempts.push(now);
    s.refreshAttempts.set(rt, attempts);
    if (attempts.length > limit.max) {
      return s.core.respond.json(200, {
        error_description:
          "You have made too many requests continuously. Please try again after some time.",
        error: "Access Denied",
        status: "failure",
      });
    }
    const issued = s.core.tokens.issue({
      provider: "zoho",
      clientId: r.clientId,
      userId: r.userId,
      scopes: r.scopes,
      data: { ...r.data },
      accessTtlSeconds: s.accessTtl,
      refreshToken: rt,
      prefix: "1000.",
      maxAccessPerRefresh: s.core.options.maxAccessTokensPerRefreshToken ?? 15,
    });
    return s.core.respond.json(200, tokenBody(s, issued.access.token, r.data.scope ?? ""));
  }
  return err(s, "unsupported_grant_type");
}

function revoke(s: ZohoShared, ctx: RequestContext): EmulatorResponse {
  const t = ctx.param("token") ?? "";
  const here = ctx.hostMatch.params.dc;
  const refresh = s.core.tokens.lookupRefresh(t);
  const access = s.core.tokens.lookupAccess(t);
  const rec =
    refresh.status !== "unknown"
      ? refresh.record
      : access.status !== "unknown"
        ? access.record
        : undefined;
  if (rec?.provider !== "zoho" || rec.data.location !== here) {
    return s.core.respond.json(200, { error: "invalid_token" });
  }
  s.core.tokens.revoke(t);
  return s.core.respond.json(200, { status: "success" });
}

/** Zoho Accounts routes (every data centre's accounts host). @internal */
export function accountsRoutes(s: ZohoShared): Route[] {
  return [
    {
      method: ["GET", "POST"],
      hostKind: "accounts",
      path: "/oauth/v2/auth",
      endpoint: (ctx) => (ctx.method === "POST" ? "authorize.decision" : "authorize"),
      handler: (ctx) => authorize(s, ctx),
    },
    {
      method: "POST",
      hostKind: "accounts",
      path: "/oauth/v2/token",
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
      hostKind: "accounts",
      path: "/oauth/v2/token/revoke",
      endpoint: "token.revoke",
      handler: (ctx) => revoke(s, ctx),
    },
    {
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
    },
  ];
}
