import { isoZ } from "../../core/data.js";
import type { EmulatorResponse } from "../../core/http.js";
import type { AccessTokenRecord } from "../../core/tokens.js";
import type { RequestContext } from "../../core/types.js";
import { guard, identify, rateHeaders } from "./auth.js";
import { base, err, tokenId, type ZendeskShared } from "./state.js";

export function me(s: ZendeskShared, ctx: RequestContext): EmulatorResponse {
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
  return s.core.respond.json(200, { user: meUser(s) }, h as Record<string, string>);
}

/** The emulated (signed-in) user, as `users/me` and `users/{id}` show it. */
export function meUser(s: ZendeskShared): Record<string, unknown> {
  return {
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
  };
}

function tokenJson(s: ZendeskShared, rec: AccessTokenRecord) {
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

export function oauthTokens(s: ZendeskShared, ctx: RequestContext): EmulatorResponse {
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
