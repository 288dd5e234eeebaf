import { isoZ } from "../../core/data.js";
import type { EmulatorResponse } from "../../core/http.js";
import { pageAt, sliceItems } from "../../core/paging.js";
import type { AccessTokenRecord } from "../../core/tokens.js";
import type { RequestContext } from "../../core/types.js";
import { guard, identify, rateHeaders } from "./auth.js";
import { size, visible } from "./records.js";
import { base, cursors, err, type Resource, tokenId, type ZendeskShared } from "./state.js";

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

export function list(s: ZendeskShared, ctx: RequestContext, r: Resource): EmulatorResponse {
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
      const a = cursors.decode(after);
      if (a === undefined)
        return err(s, 400, "InvalidPaginationParameter", "Invalid page[after] cursor");
      start = a;
      end = Math.min(total, start + n);
    } else if (before) {
      const b = cursors.decode(before);
      if (b === undefined)
        return err(s, 400, "InvalidPaginationParameter", "Invalid page[before] cursor");
      end = Math.min(total, b);
      start = Math.max(0, end - n);
    } else end = Math.min(total, n);
    const items = sliceItems({ start, end, more: end < total }, (i) => visible(s, r, i)).filter(
      (x) => x !== undefined,
    );
    const hasMore = end < total;
    const afterCursor = items.length > 0 ? cursors.encode(end) : null;
    const beforeCursor = items.length > 0 ? cursors.encode(start) : null;
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
  const window = pageAt((page - 1) * perPage, perPage, total);
  const items = sliceItems(window, (i) => visible(s, r, i)).filter((x) => x !== undefined);
  const pageUrl = (p: number) => `${url}?page=${p}&per_page=${perPage}`;
  return s.core.respond.json(
    200,
    {
      [r]: items,
      next_page: window.more && page < 100 ? pageUrl(page + 1) : null,
      previous_page: page > 1 ? pageUrl(page - 1) : null,
      count: total,
    },
    g.headers,
  );
}

/** Guard for incremental exports: admin only, then their own rate limit. */
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
