import { createOAuthServer } from "../../core/oauth/index.js";
import { SlidingWindow } from "../../core/rate-limit.js";
import type { ProviderModule, Route } from "../../core/types.js";
import { me, oauthTokens } from "./api.js";
import { CHILDREN, TABLES } from "./catalog.js";
import { customFields, ORGANIZATION_FIELDS, ticketFields, USER_FIELDS } from "./fields.js";
import { cursorExport, metricEvents, ticketEvents, timeExport } from "./incremental.js";
import { BULK, createMany, jobStatus, updateMany } from "./jobs.js";
import {
  listArray,
  listChildren,
  listTable,
  showArray,
  showRecord,
  tagCounts,
  ticketMetrics,
} from "./lists.js";
import { zendeskOAuth } from "./oauth.js";
import { search } from "./search.js";
import { base, err, throttle, type ZendeskOptions, type ZendeskShared } from "./state.js";
import { type ZendeskStore, zendeskStore } from "./store.js";
import { create, remove, update } from "./writes.js";

export type { ZendeskOptions } from "./state.js";

declare module "../../core/types.js" {
  interface ProviderOptionsMap {
    zendesk: ZendeskOptions;
  }
}

const json = "(\\.json)?$";

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
      path: /^\/api\/v2\/tickets\/(?<id>[^/.]+)\/metrics(\.json)?$/,
      endpoint: "ticket_metrics.get",
      handler: (ctx) => ticketMetrics(s, ctx),
    },
  ];
  for (const e of ["tickets", "users"] as const) {
    r.push({
      method: "GET",
      path: new RegExp(`^/api/v2/incremental/${e}/cursor${json}`),
      endpoint: `incremental.${e}`,
      handler: (ctx) => cursorExport(s, ctx, e),
    });
  }
  for (const e of ["tickets", "users", "organizations"] as const) {
    r.push({
      method: "GET",
      path: new RegExp(`^/api/v2/incremental/${e}${json}`),
      endpoint: e === "tickets" ? "incremental.tickets_time" : `incremental.${e}_time`,
      handler: (ctx) => timeExport(s, ctx, e),
    });
  }
  r.push(
    {
      method: "GET",
      path: /^\/api\/v2\/incremental\/ticket_events(\.json)?$/,
      endpoint: "incremental.ticket_events",
      handler: (ctx) => ticketEvents(s, ctx),
    },
    {
      method: "GET",
      path: /^\/api\/v2\/incremental\/ticket_metric_events(\.json)?$/,
      endpoint: "incremental.ticket_metric_events",
      handler: (ctx) => metricEvents(s, ctx),
    },
  );
  const fixed: [string, (s: ZendeskShared) => Record<string, unknown>[]][] = [
    ["ticket_fields", ticketFields],
    ["user_fields", (x) => customFields(x, "user_fields", USER_FIELDS)],
    ["organization_fields", (x) => customFields(x, "organization_fields", ORGANIZATION_FIELDS)],
    ["tags", tagCounts],
  ];
  for (const [name, items] of fixed) {
    r.push({
      method: "GET",
      path: new RegExp(`^/api/v2/${name}${json}`),
      endpoint: `${name}.list`,
      handler: (ctx) => listArray(s, ctx, name, items),
    });
    if (name === "tags") continue;
    r.push({
      method: "GET",
      path: new RegExp(`^/api/v2/${name}/(?<id>[^/.]+)${json}`),
      endpoint: `${name}.get`,
      handler: (ctx) => showArray(s, ctx, name.replace(/s$/, ""), items),
    });
  }
  for (const c of CHILDREN) {
    r.push({
      method: "GET",
      path: new RegExp(`^/api/v2/${c.parent}/(?<id>[^/.]+)/${c.path}${json}`),
      endpoint: `${c.name}.list`,
      handler: (ctx) => listChildren(s, ctx, c),
    });
  }
  for (const t of BULK) {
    r.push(
      {
        method: "POST",
        path: new RegExp(`^/api/v2/${t.path}/create_many${json}`),
        endpoint: `${t.name}.create_many`,
        handler: (ctx) => createMany(s, ctx, t),
      },
      {
        method: "PUT",
        path: new RegExp(`^/api/v2/${t.path}/update_many${json}`),
        endpoint: `${t.name}.update_many`,
        handler: (ctx) => updateMany(s, ctx, t),
      },
    );
  }
  r.push(
    {
      method: "GET",
      path: /^\/api\/v2\/job_statuses\/(?<id>[^/.]+)(\.json)?$/,
      endpoint: "job_statuses.get",
      handler: (ctx) => jobStatus(s, ctx),
    },
    {
      method: "GET",
      path: /^\/api\/v2\/search(\.json)?$/,
      endpoint: "search",
      handler: (ctx) => search(s, ctx),
    },
  );
  for (const t of TABLES) {
    const path = t.path.replaceAll("/", "\\/");
    const one = new RegExp(`^/api/v2/${path}/(?<id>[^/.]+)${json}`);
    r.push(
      {
        method: "GET",
        path: new RegExp(`^/api/v2/${path}${json}`),
        endpoint: `${t.name}.list`,
        handler: (ctx) => listTable(s, ctx, t),
      },
      {
        method: "GET",
        path: one,
        endpoint: `${t.name}.get`,
        handler: (ctx) => showRecord(s, ctx, t),
      },
    );
    if (!t.fields) continue;
    r.push(
      {
        method: "POST",
        path: new RegExp(`^/api/v2/${path}${json}`),
        endpoint: `${t.name}.create`,
        handler: (ctx) => create(s, ctx, t),
      },
      {
        method: "PUT",
        path: one,
        endpoint: `${t.name}.update`,
        handler: (ctx) => update(s, ctx, t),
      },
      {
        method: "DELETE",
        path: one,
        endpoint: `${t.name}.delete`,
        handler: (ctx) => remove(s, ctx, t),
      },
    );
  }
  return r;
}

/** A fresh store per list (and per child list), over the generated data sets. */
function createStores(s: ZendeskShared): Record<string, ZendeskStore> {
  const stores: Record<string, ZendeskStore> = {};
  for (const t of TABLES) {
    stores[t.name] = zendeskStore(
      t.firstId,
      () => t.size(s),
      (i) => t.record(s, i),
    );
  }
  for (const c of CHILDREN) {
    const parent = TABLES.find((t) => t.name === c.parent)!;
    stores[c.name] = zendeskStore(
      c.firstId,
      () => parent.size(s) * c.perParent,
      (i) => c.record(s, Math.floor(i / c.perParent), i % c.perParent),
    );
  }
  return stores;
}

function clearWrites(s: ZendeskShared): void {
  s.stores = createStores(s);
  s.childKeys = new Map();
  s.log = { tickets: new Map(), users: new Map(), organizations: new Map() };
  s.tombstones = new Map();
  s.seq = 0;
  s.jobs = new Map();
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
    } as Omit<ZendeskShared, "oauth"> as ZendeskShared;
    clearWrites(s);
    s.oauth = createOAuthServer(core, zendeskOAuth(s));
    return {
      routes: [...s.oauth.routes, ...apiRoutes(s)],
      throttled: (_ctx, { retryAfterSeconds }) => throttle(s, retryAfterSeconds, 700),
      notFound: () => err(s, 404, "InvalidEndpoint", "Not found"),
      reset() {
        s.ids.clear();
        s.byId.clear();
        s.usedAt.clear();
        clearWrites(s);
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
