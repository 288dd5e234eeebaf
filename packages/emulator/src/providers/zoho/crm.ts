import type { EmulatorResponse } from "../../core/http.js";
import { decodeCursor, encodeCursor, isOffset, pageAt, sliceItems } from "../../core/paging.js";
import type { RequestContext, Route } from "../../core/types.js";
import {
  auth,
  CRM_VERSIONS,
  crmError,
  current,
  LIST_LIMIT,
  moduleOf,
  moduleScopes,
  PAGE_LIMIT,
  parseFields,
  project,
  view,
} from "./crm-common.js";
import { fields } from "./crm-fields.js";
import { search } from "./crm-search.js";
import { insert, show } from "./crm-single.js";
import { user, users } from "./crm-users.js";
import { remove, update } from "./crm-write.js";
import type { CrmModule } from "./records.js";
import type { ZohoShared } from "./state.js";

export { CRM_VERSIONS, LIST_LIMIT, PAGE_LIMIT } from "./crm-common.js";

const PAGE_TOKEN_TTL_MS = 24 * 3_600_000;

const pageTokens = {
  encode: (module: CrmModule, offset: number, issued: number) =>
    encodeCursor({ m: module, o: offset, t: issued }),
  decode(token: string): { m: string; o: number; t: number } | undefined {
    const v = decodeCursor(token);
    if (v && typeof v.m === "string" && isOffset(v.o) && typeof v.t === "number") {
      return { m: v.m, o: v.o, t: v.t };
    }
    return undefined;
  },
};

function intParam(ctx: RequestContext, name: string): number | undefined | "bad" {
  const v = ctx.query.get(name);
  if (v === null) return undefined;
  return /^\d+$/.test(v) ? Number(v) : "bad";
}

function list(s: ZohoShared, ctx: RequestContext): EmulatorResponse {
  const version = ctx.params.version ?? "";
  const module = moduleOf(ctx.params.module);
  if (!module) {
    return crmError(s, 400, "INVALID_MODULE", "the module name given seems to be invalid", {
      resource_path_index: 0,
    });
  }
  const a = auth(s, ctx, version, moduleScopes(module));
  if (!a.ok) return a.response;
  const fields = parseFields(s, ctx, module, version !== "v2" && version !== "v2.1");
  if (fields && !Array.isArray(fields)) return fields;
  const perPageRaw = intParam(ctx, "per_page");
  const pageRaw = intParam(ctx, "page");
  if (perPageRaw === "bad" || perPageRaw === 0) {
    return crmError(s, 400, "INVALID_DATA", "invalid data", { param: "per_page" });
  }
  if (pageRaw === "bad" || pageRaw === 0)
    return crmError(s, 400, "INVALID_DATA", "invalid data", { param: "page" });
  const perPage = Math.min(perPageRaw ?? 200, 200);
  const pageToken = ctx.query.get("page_token");
  if (pageToken !== null && pageRaw !== undefined) {
    return crmError(s, 400, "INVALID_REQUEST", "page and page_token cannot be used together", {
      params: ["page", "page_token"],
    });
  }
  const now = ctx.now();
  let offset: number;
  if (pageToken !== null) {
    const decoded = pageTokens.decode(pageToken);
    if (!decoded || decoded.m !== module) {
      return crmError(s, 400, "INVALID_DATA", "invalid page_token", { param: "page_token" });
    }
    if (now >= decoded.t + PAGE_TOKEN_TTL_MS) {
      return crmError(s, 400, "INVALID_DATA", "the page_token has expired", {
        param: "page_token",
      });
    }
    offset = decoded.o;
  } else {
    const page = pageRaw ?? 1;
    if (page * perPage > PAGE_LIMIT) {
      return crmError(
        s,
        400,
        "DISCRETE_PAGINATION_LIMIT_EXCEEDED",
        `cannot fetch more than ${PAGE_LIMIT} records with the page parameter; use page_token`,
        { limit: PAGE_LIMIT },
      );
    }
    offset = (page - 1) * perPage;
  }
  const v = view(s, ctx, module);
  if (v === "not-modified") return s.core.respond.empty(304);
  if (v === "bad-date")
    return crmError(s, 400, "INVALID_DATA", "invalid If-Modified-Since", {
      header: "If-Modified-Since",
    });
  const size = Math.min(v.total - v.start, LIST_LIMIT);
  if (offset >= size) return s.core.respond.empty(204);
  const { end, more } = pageAt(offset, perPage, size);
  // Deleted records leave a gap: the page is shorter, the positions of the rest stay.
  const data = sliceItems({ start: offset, end, more }, (i) => current(s, module, v.start + i))
    .filter((r) => r !== undefined)
    .map((r) => project(r, fields));
  return s.core.respond.json(200, {
    data,
    info: {
      per_page: perPage,
      next_page_token: more ? pageTokens.encode(module, end, now) : null,
      count: data.length,
      sort_by: "id",
      page: Math.floor(offset / perPage) + 1,
      previous_page_token:
        pageToken !== null && offset > 0
          ? pageTokens.encode(module, Math.max(0, offset - perPage), now)
          : null,
      page_token_expiry: more
        ? new Date(now + PAGE_TOKEN_TTL_MS).toISOString().replace(/\.\d{3}Z$/, "+00:00")
        : null,
      sort_order: "asc",
      more_records: more,
    },
  });
}

/** Zoho CRM routes on `www.zohoapis.{dc}`. @internal */
export function crmRoutes(s: ZohoShared): Route[] {
  const searchCache = new Map<string, number[]>();
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
