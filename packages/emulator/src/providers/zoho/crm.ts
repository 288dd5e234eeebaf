import type { EmulatorResponse } from "../../core/http.js";
import type { RequestContext, Route } from "../../core/types.js";
import { CRM_VERSIONS, crmError } from "./crm-common.js";
import { coql } from "./crm-coql.js";
import { fields, modules } from "./crm-fields.js";
import { attachments, list } from "./crm-list.js";
import { search } from "./crm-search.js";
import { insert, show } from "./crm-single.js";
import { org, profiles, roles, user, users } from "./crm-users.js";
import { remove, update, upsert } from "./crm-write.js";
import type { ZohoShared } from "./state.js";

export { CRM_VERSIONS, LIST_LIMIT, PAGE_LIMIT } from "./crm-common.js";

/** Zoho CRM routes on `www.zohoapis.{dc}`. @internal */
export function crmRoutes(s: ZohoShared): Route[] {
  const searchCache = new Map<string, Record<string, unknown>[]>();
  const versions = new RegExp(`^(${CRM_VERSIONS.map((v) => v.replace(".", "\\.")).join("|")})$`);
  const versioned = (handler: (ctx: RequestContext) => EmulatorResponse) => (ctx: RequestContext) =>
    versions.test(ctx.params.version ?? "")
      ? handler(ctx)
      : crmError(
          s,
          404,
          "INVALID_URL_PATTERN",
          "Please check if the URL trying to access is a correct one",
        );
  return [
    {
      method: "POST",
      hostKind: "api",
      path: "/crm/:version/coql",
      endpoint: "crm.coql",
      handler: versioned((ctx) => coql(s, ctx)),
    },
    {
      method: "GET",
      hostKind: "api",
      path: "/crm/:version/users",
      endpoint: "crm.users",
      handler: versioned((ctx) => users(s, ctx)),
    },
    {
      method: "GET",
      hostKind: "api",
      path: "/crm/:version/users/:id",
      endpoint: "crm.user",
      handler: versioned((ctx) => user(s, ctx)),
    },
    {
      method: "GET",
      hostKind: "api",
      path: "/crm/:version/settings/fields",
      endpoint: "crm.fields",
      handler: versioned((ctx) => fields(s, ctx)),
    },
    {
      method: "GET",
      hostKind: "api",
      path: "/crm/:version/settings/modules",
      endpoint: "crm.modules",
      handler: versioned((ctx) => modules(s, ctx)),
    },
    ...(["/crm/:version/settings/roles", "/crm/:version/settings/roles/:id"] as const).map(
      (path) =>
        ({
          method: "GET",
          hostKind: "api",
          path,
          endpoint: "crm.roles",
          handler: versioned((ctx) => roles(s, ctx)),
        }) satisfies Route,
    ),
    ...(["/crm/:version/settings/profiles", "/crm/:version/settings/profiles/:id"] as const).map(
      (path) =>
        ({
          method: "GET",
          hostKind: "api",
          path,
          endpoint: "crm.profiles",
          handler: versioned((ctx) => profiles(s, ctx)),
        }) satisfies Route,
    ),
    {
      method: "GET",
      hostKind: "api",
      path: "/crm/:version/org",
      endpoint: "crm.org",
      handler: versioned((ctx) => org(s, ctx)),
    },
    {
      method: "GET",
      hostKind: "api",
      path: "/crm/:version/:module/:id/Attachments",
      endpoint: "crm.attachments",
      handler: versioned((ctx) => attachments(s, ctx)),
    },
    {
      method: "POST",
      hostKind: "api",
      path: "/crm/:version/:module/upsert",
      endpoint: "crm.upsert",
      handler: versioned((ctx) => upsert(s, ctx, () => searchCache.clear())),
    },
    {
      method: "GET",
      hostKind: "api",
      path: "/crm/:version/:module/search",
      endpoint: "crm.search",
      handler: versioned((ctx) => search(s, ctx, searchCache)),
    },
    {
      method: "GET",
      hostKind: "api",
      path: "/crm/:version/:module",
      endpoint: "crm.list",
      handler: versioned((ctx) => list(s, ctx)),
    },
    {
      method: "GET",
      hostKind: "api",
      path: "/crm/:version/:module/:id",
      endpoint: "crm.get",
      handler: versioned((ctx) => show(s, ctx)),
    },
    {
      method: "POST",
      hostKind: "api",
      path: "/crm/:version/:module",
      endpoint: "crm.insert",
      handler: versioned((ctx) => insert(s, ctx)),
    },
    // Writes change what searches find: their cached hits go.
    ...(["/crm/:version/:module", "/crm/:version/:module/:id"] as const).flatMap((path) => [
      {
        method: "PUT",
        hostKind: "api",
        path,
        endpoint: "crm.update",
        handler: versioned((ctx) => update(s, ctx, () => searchCache.clear())),
      } satisfies Route,
      {
        method: "DELETE",
        hostKind: "api",
        path,
        endpoint: "crm.delete",
        handler: versioned((ctx) => remove(s, ctx, () => searchCache.clear())),
      } satisfies Route,
    ]),
  ];
}
