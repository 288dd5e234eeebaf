import { createOAuthServer } from "../../core/oauth/index.js";
import { SlidingWindow } from "../../core/rate-limit.js";
import type { ProviderModule, Route } from "../../core/types.js";
import { list, me, oauthTokens } from "./api.js";
import { incrementalTickets, incrementalTicketsByTime, metricEvents } from "./incremental.js";
import { zendeskOAuth } from "./oauth.js";
import { createTicket, show, ticketMetrics } from "./show.js";
import { base, err, throttle, type ZendeskOptions, type ZendeskShared } from "./state.js";
import { create, remove, update } from "./writes.js";

export type { ZendeskOptions } from "./state.js";

declare module "../../core/types.js" {
  interface ProviderOptionsMap {
    zendesk: ZendeskOptions;
  }
}

function apiRoutes(s: ZendeskShared): Route[] {
  const r: Route[] = [
    {
      method: ["GET", "DELETE"],
      path: /^\/api\/v2\/oauth\/tokens\/(?<id>[^/.]+)(\.json)?$/,
      endpoint: (ctx) => (ctx.method === "DELETE" ? "token.revoke" : "oauth_tokens.get"),
      handler: (ctx) => oauthTokens(s, ctx),
    },
    {
      method: "GET",
      path: /^\/api\/v2\/users\/me(\.json)?$/,
      endpoint: "users.me",
      handler: (ctx) => me(s, ctx),
    },
    {
      method: "GET",
      path: /^\/api\/v2\/incremental\/tickets\/cursor(\.json)?$/,
      endpoint: "incremental.tickets",
      handler: (ctx) => incrementalTickets(s, ctx),
    },
    {
      method: "GET",
      path: /^\/api\/v2\/incremental\/tickets(\.json)?$/,
      endpoint: "incremental.tickets_time",
      handler: (ctx) => incrementalTicketsByTime(s, ctx),
    },
    {
      method: "GET",
      path: /^\/api\/v2\/incremental\/ticket_metric_events(\.json)?$/,
      endpoint: "incremental.ticket_metric_events",
      handler: (ctx) => metricEvents(s, ctx),
    },
  ];
  for (const res of ["tickets", "users", "organizations", "ticket_metrics"] as const) {
    r.push({
      method: "GET",
      path: new RegExp(`^/api/v2/${res}(\\.json)?$`),
      endpoint: `${res}.list`,
      handler: (ctx) => list(s, ctx, res),
    });
    r.push({
      method: "GET",
      path: new RegExp(`^/api/v2/${res}/(?<id>[^/.]+)(\\.json)?$`),
      endpoint: `${res}.get`,
      handler: (ctx) => show(s, ctx, res),
    });
  }
  r.push(
    {
      method: "GET",
      path: /^\/api\/v2\/tickets\/(?<id>[^/.]+)\/metrics(\.json)?$/,
      endpoint: "ticket_metrics.get",
      handler: (ctx) => ticketMetrics(s, ctx),
    },
    {
      method: "POST",
      path: /^\/api\/v2\/tickets(\.json)?$/,
      endpoint: "tickets.create",
      handler: (ctx) => createTicket(s, ctx),
    },
  );
  for (const res of ["tickets", "users", "organizations"] as const) {
    const one = new RegExp(`^/api/v2/${res}/(?<id>[^/.]+)(\\.json)?$`);
    if (res !== "tickets") {
      r.push({
        method: "POST",
        path: new RegExp(`^/api/v2/${res}(\\.json)?$`),
        endpoint: `${res}.create`,
        handler: (ctx) => create(s, ctx, res),
      });
    }
    r.push(
      {
        method: "PUT",
        path: one,
        endpoint: `${res}.update`,
        handler: (ctx) => update(s, ctx, res),
      },
      {
        method: "DELETE",
        path: one,
        endpoint: `${res}.delete`,
        handler: (ctx) => remove(s, ctx, res),
      },
    );
  }
  return r;
}

/**
 * Zendesk Support: per-subdomain OAuth (PKCE, rotating refresh tokens, optional lifetimes)
 * and the API v2 (cursor/offset pagination, incremental exports, anonymous `users/me`).
 * Default client `emulator-zendesk-client` / `emulator-zendesk-secret`.
 */
export const zendesk: ProviderModule<ZendeskOptions> = {
  id: "zendesk",
  name: "Zendesk",
  defaultClient: { clientId: "emulator-zendesk-client", clientSecret: "emulator-zendesk-secret" },
  matchHost(host) {
    const m = /^([a-z0-9-]+)\.zendesk\.com$/.exec(host);
    return m ? { kind: "subdomain", params: { subdomain: m[1]! } } : undefined;
  },
  create(core) {
    const o = core.options;
    const perMinute = o.requestsPerMinute ?? 700;
    const incremental = o.incrementalRateLimit ?? { limit: 10, windowMs: 60_000 };
    const s = {
      core,
      subdomain: (o.subdomain ?? "emulated").toLowerCase(),
      user: {
        id: 361_000_000_001,
        name: o.user?.name ?? "Katherine Johnson",
        email: o.user?.email ?? "katherine.johnson@emulator.example",
      },
      ids: new Map(),
      byId: new Map(),
      nextId: 1001,
      apiWindow:
        perMinute === false ? undefined : new SlidingWindow({ limit: perMinute, windowMs: 60_000 }),
      incrementalWindow: incremental ? new SlidingWindow(incremental) : undefined,
      usedAt: new Map(),
      createdTickets: new Map(),
      written: new Map(),
      added: new Map(),
    } as Omit<ZendeskShared, "oauth"> as ZendeskShared;
    s.oauth = createOAuthServer(core, zendeskOAuth(s));
    return {
      routes: [...s.oauth.routes, ...apiRoutes(s)],
      throttled: (_ctx, { retryAfterSeconds }) => throttle(s, retryAfterSeconds, 700),
      notFound: () => err(s, 404, "InvalidEndpoint", "Not found"),
      reset() {
        s.ids.clear();
        s.byId.clear();
        s.usedAt.clear();
        s.createdTickets.clear();
        s.written.clear();
        s.added.clear();
        s.apiWindow?.reset();
        s.incrementalWindow?.reset();
      },
      info: () => ({
        subdomain: s.subdomain,
        authorizeUrl: `${base(s)}/oauth/authorizations/new`,
        tokenUrl: `${base(s)}/oauth/tokens`,
        apiBase: `${base(s)}/api/v2`,
        user: { ...s.user, role: o.role ?? "admin" },
        apiToken: o.apiToken ?? "emulator-zendesk-api-token",
        passwordAuth: o.passwordAuth ?? "disabled",
      }),
    };
  },
};
