import { createOAuthServer } from "../../core/oauth/index.js";
import { SlidingWindow } from "../../core/rate-limit.js";
import { createRecordStore, type RecordStore } from "../../core/records/store.js";
import type { HostMatch, ProviderModule, RequestContext, Route } from "../../core/types.js";
import {
  account,
  listComments,
  listDeals,
  listKases,
  listParties,
  listRecordings,
  listRecords,
  listSubjectTags,
  listTasks,
  me,
  search,
  throttled,
} from "./api.js";
import { TABLES } from "./declarations.js";
import { authorizationJson, launchpadOAuth } from "./oauth.js";
import { generate } from "./records.js";
import { show } from "./show.js";
import {
  FALLBACK,
  type HighriseOptions,
  type HighriseShared,
  LAUNCHPAD,
  plain,
  type Resource,
} from "./state.js";
import { addTag, create, dealStatus, remove, removeTag, update } from "./writes.js";

export {
  HIGHRISE_PAGE_SIZE,
  HIGHRISE_RECORDINGS_PAGE_SIZE,
  HIGHRISE_SEARCH_PAGE_SIZE,
  type HighriseOptions,
  type LaunchpadAccount,
} from "./state.js";

declare module "../../core/types.js" {
  interface ProviderOptionsMap {
    highrise: HighriseOptions;
  }
}

const SUBJECTS = "(?<subject>people|companies|deals|kases)/(?<sid>\\d+)";
const re = (pattern: string) => new RegExp(`^/${pattern}$`);
const get = (path: string | RegExp, endpoint: string, handler: Route["handler"]): Route => ({
  method: "GET",
  hostKind: "api",
  path,
  endpoint,
  handler,
});

/** Records clients can create, change and delete at `/{path}.xml` and `/{path}/{id}.xml`. */
const WRITABLE: Resource[] = [
  "people",
  "companies",
  "deals",
  "kases",
  "notes",
  "emails",
  "comments",
  "tasks",
  "groups",
  "deal_categories",
  "task_categories",
  "subject_fields",
];
/** Records with `GET /{path}/{id}.xml`. */
const SHOWN: Resource[] = [
  "people",
  "companies",
  "deals",
  "kases",
  "notes",
  "emails",
  "comments",
  "tasks",
  "users",
  "groups",
  "deal_categories",
  "task_categories",
];

function apiRoutes(s: HighriseShared): Route[] {
  const whole = (r: Resource) => (ctx: RequestContext) => listRecords(s, ctx, r, {});
  return [
    {
      method: "GET",
      hostKind: "launchpad",
      path: /^\/authorization(\.json)?$/,
      endpoint: "launchpad.authorization",
      handler: (ctx) => authorizationJson(s, ctx),
    },
    get("/me.xml", "me.get", (ctx) => me(s, ctx)),
    get("/account.xml", "account.get", (ctx) => account(s, ctx)),
    get("/people/search.xml", "people.search", (ctx) => search(s, ctx)),
    get("/people.xml", "people.list", (ctx) => listParties(s, ctx, "people")),
    get("/companies.xml", "companies.list", (ctx) => listParties(s, ctx, "companies")),
    get("/deals.xml", "deals.list", (ctx) => listDeals(s, ctx)),
    get(re("kases/(?<which>open|closed)\\.xml"), "kases.list", (ctx) =>
      listKases(s, ctx, ctx.params.which as "open" | "closed"),
    ),
    get(re("tasks/(?<which>upcoming|assigned|completed)\\.xml"), "tasks.list", (ctx) =>
      listTasks(s, ctx, ctx.params.which!),
    ),
    get(re(`${SUBJECTS}/tasks\\.xml`), "tasks.list", (ctx) => listTasks(s, ctx, "subject")),
    get(re(`${SUBJECTS}/notes\\.xml`), "notes.list", (ctx) => listRecordings(s, ctx, "notes")),
    get(re(`${SUBJECTS}/emails\\.xml`), "emails.list", (ctx) => listRecordings(s, ctx, "emails")),
    get(re("(?<parent>notes|emails)/(?<pid>\\d+)/comments\\.xml"), "comments.list", (ctx) =>
      listComments(s, ctx, ctx.params.parent as "notes" | "emails"),
    ),
    get(
      re("(?<subject>people|companies|deals|kases)/(?<sid>\\d+)/tags\\.xml"),
      "tags.list",
      (ctx) => listSubjectTags(s, ctx),
    ),
    ...(
      ["tags", "users", "groups", "deal_categories", "task_categories", "subject_fields"] as const
    ).map((r) => get(`/${r}.xml`, `${r}.list`, whole(r))),
    ...SHOWN.map((r) => get(re(`${r}/(?<id>[^/.]+)\\.xml`), `${r}.get`, (ctx) => show(s, ctx, r))),
    {
      method: "POST",
      hostKind: "api",
      path: re("(?<subject>people|companies|deals|kases)/(?<sid>\\d+)/tags\\.xml"),
      endpoint: "tags.create",
      handler: (ctx) => addTag(s, ctx),
    },
    {
      method: "DELETE",
      hostKind: "api",
      path: re("(?<subject>people|companies|deals|kases)/(?<sid>\\d+)/tags/(?<id>\\d+)\\.xml"),
      endpoint: "tags.delete",
      handler: (ctx) => removeTag(s, ctx),
    },
    {
      method: "PUT",
      hostKind: "api",
      path: re("deals/(?<id>\\d+)/status\\.xml"),
      endpoint: "deals.status",
      handler: (ctx) => dealStatus(s, ctx),
    },
    ...(["notes", "emails"] as const).map(
      (r): Route => ({
        method: "POST",
        hostKind: "api",
        path: re(`${SUBJECTS}/${r}\\.xml`),
        endpoint: `${r}.create`,
        handler: (ctx) => create(s, ctx, r),
      }),
    ),
    ...WRITABLE.flatMap((r): Route[] => {
      const one = re(`${r}/(?<id>\\d+)\\.xml`);
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
      nextNestedId: 50_000_000,
      subjectTags: new Map(),
    } as Omit<HighriseShared, "oauth" | "stores"> as HighriseShared;
    s.oauth = createOAuthServer(core, launchpadOAuth(s));
    const stores = () =>
      Object.fromEntries(
        (Object.keys(TABLES) as Resource[]).map((r) => [
          r,
          createRecordStore({
            size: () => core.datasetSize(r, FALLBACK[r]),
            generate: (i) => generate(s, r, i),
            firstKey: TABLES[r].base,
          }),
        ]),
      ) as Record<Resource, RecordStore>;
    s.stores = stores();
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
        s.stores = stores();
        s.nextNestedId = 50_000_000;
        s.subjectTags.clear();
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
