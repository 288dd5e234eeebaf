import type { EmulatorResponse } from "../../core/http.js";
import type { AccessTokenRecord } from "../../core/tokens.js";
import type { RequestContext } from "../../core/types.js";
import { err, throttle, type ZendeskShared } from "./state.js";

/** Who is calling: a user (with the OAuth token when there is one), nobody, or refused credentials. */
export type Who =
  | { kind: "user"; token?: AccessTokenRecord }
  | { kind: "anonymous" }
  | { kind: "denied" };

/** OAuth tokens of this subdomain, API tokens (`{email}/token`), passwords when enabled. */
export function identify(s: ZendeskShared, ctx: RequestContext): Who {
  if (!ctx.authorization) return { kind: "anonymous" };
  const bearer = s.oauth.bearer(ctx);
  if (bearer.kind === "valid" && bearer.token.data.subdomain === s.subdomain) {
    return { kind: "user", token: bearer.token };
  }
  if (bearer.kind !== "none") return { kind: "denied" };
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

/** The account-wide limit: `x-rate-limit` headers, or the 429 answer. */
export function rateHeaders(
  s: ZendeskShared,
  ctx: RequestContext,
): Record<string, string> | EmulatorResponse {
  if (!s.apiWindow) return {};
  const r = s.apiWindow.take(ctx.now());
  if (!r.ok) return throttle(s, r.retryAfterSeconds, r.limit);
  return { "x-rate-limit": String(r.limit), "x-rate-limit-remaining": String(r.remaining) };
}

/** Common API guard: subdomain, authentication, account rate limit. */
export function guard(
  s: ZendeskShared,
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
