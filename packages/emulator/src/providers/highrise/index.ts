import { createOAuthServer } from "../../core/oauth/index.js";
import { SlidingWindow } from "../../core/rate-limit.js";
import type { HostMatch, ProviderModule, Route } from "../../core/types.js";
import { account, list, me, search, throttled } from "./api.js";
import { authorizationJson, launchpadOAuth } from "./oauth.js";
import { show } from "./show.js";
import { type HighriseOptions, type HighriseShared, LAUNCHPAD, plain } from "./state.js";
import { create, remove, update } from "./writes.js";

export {
  HIGHRISE_PAGE_SIZE,
  HIGHRISE_SEARCH_PAGE_SIZE,
  type HighriseOptions,
  type LaunchpadAccount,
} from "./state.js";

declare module "../../core/types.js" {
  interface ProviderOptionsMap {
    highrise: HighriseOptions;
  }
}

function apiRoutes(s: HighriseShared): Route[] {
  return [
    {
      method: "GET",
      hostKind: "launchpad",
      path: /^\/authorization(\.json)?$/,
      endpoint: "launchpad.authorization",
      handler: (ctx) => authorizationJson(s, ctx),
    },
    {
      method: "GET",
      hostKind: "api",
      path: "/me.xml",
      endpoint: "me.get",
      handler: (ctx) => me(s, ctx),
    },
    {
      method: "GET",
      hostKind: "api",
      path: "/account.xml",
      endpoint: "account.get",
      handler: (ctx) => account(s, ctx),
    },
    {
      method: "GET",
      hostKind: "api",
      path: "/people/search.xml",
      endpoint: "people.search",
      handler: (ctx) => search(s, ctx),
    },
    ...(["people", "companies", "deals"] as const).map(
      (r): Route => ({
        method: "GET",
        hostKind: "api",
        path: `/${r}.xml`,
        endpoint: `${r}.list`,
        handler: (ctx) => list(s, ctx, r),
      }),
    ),
    ...(["people", "companies", "deals"] as const).map(
      (r): Route => ({
        method: "GET",
        hostKind: "api",
        path: new RegExp(`^/${r}/(?<id>[^/.]+)\\.xml$`),
        endpoint: `${r}.get`,
        handler: (ctx) => show(s, ctx, r),
      }),
    ),
    ...(["people", "companies", "deals"] as const).flatMap((r): Route[] => {
      const one = new RegExp(`^/${r}/(?<id>\\d+)\\.xml$`);
      return [
        {
          method: "POST",
          hostKind: "api",
          path: `/${r}.xml`,
          endpoint: `${r}.create`,
          handler: (ctx) => create(s, ctx, r),
        },
        {
          method: "PUT",
          hostKind: "api",
          path: one,
          endpoint: `${r}.update`,
          handler: (ctx) => update(s, ctx, r),
        },
        {
          method: "DELETE",
          hostKind: "api",
          path: one,
          endpoint: `${r}.delete`,
          handler: (ctx) => remove(s, ctx, r),
        },
      ];
    }),
  ];
}

/**
 * Highrise: 37signals Launchpad OAuth (the standard `response_type=code` / `grant_type` form, and
 * the legacy `type=web_server` / `type=refresh`; params not Basic; `authorization.json`) plus the
 * XML API on `<subdomain>.highrisehq.com`.
 * Default client `emulator-highrise-client` / `emulator-highrise-secret`.
 */
export const highrise: ProviderModule<HighriseOptions> = {
  id: "highrise",
  name: "Highrise (37signals)",
  defaultClient: { clientId: "emulator-highrise-client", clientSecret: "emulator-highrise-secret" },
  matchHost(host): HostMatch | undefined {
    if (host === LAUNCHPAD) return { kind: "launchpad", params: {} };
    const m = /^([a-z0-9-]+)\.highrisehq\.com$/.exec(host);
    return m ? { kind: "api", params: { subdomain: m[1]! } } : undefined;
  },
  create(core) {
    const o = core.options;
    const throttle = o.throttle === undefined ? { limit: 150, windowMs: 5000 } : o.throttle;
    const s = {
      core,
      subdomain: (o.subdomain ?? "emulated").toLowerCase(),
      accountId: o.accountId ?? 3_004_005,
      accountName: o.accountName ?? "Emulated Highrise",
      apiToken: o.apiToken ?? "emulator-highrise-api-token",
      identity: {
        id: 9_876_543,
        first_name: o.user?.firstName ?? "Margaret",
        last_name: o.user?.lastName ?? "Hamilton",
        email_address: o.user?.email ?? "margaret.hamilton@emulator.example",
      },
      userId: 112_233,
      window: throttle ? new SlidingWindow(throttle) : undefined,
      written: new Map(),
      added: new Map(),
    } as Omit<HighriseShared, "oauth"> as HighriseShared;
    s.oauth = createOAuthServer(core, launchpadOAuth(s));
    return {
      routes: [...s.oauth.routes, ...apiRoutes(s)],
      throttled: (ctx, { retryAfterSeconds }) =>
        ctx.hostMatch.kind === "launchpad"
          ? plain(s, 429, "Too Many Requests")
          : throttled(s, retryAfterSeconds),
      notFound: (ctx) =>
        ctx.hostMatch.kind === "launchpad"
          ? core.respond.json(404, { status: 404, error: "Not Found" })
          : plain(s, 404, "The page you were looking for doesn't exist."),
      reset() {
        s.window?.reset();
        s.written.clear();
        s.added.clear();
      },
      info: () => ({
        authorizeUrl: `https://${LAUNCHPAD}/authorization/new?response_type=code`,
        tokenUrl: `https://${LAUNCHPAD}/authorization/token`,
        apiBase: `https://${s.subdomain}.highrisehq.com`,
        accountId: s.accountId,
        apiToken: s.apiToken,
        identity: { ...s.identity },
      }),
    };
  },
};
