import type { EmulatorResponse } from "../../core/http.js";
import { pageAt, sliceItems } from "../../core/paging.js";
import type { RequestContext, Route } from "../../core/types.js";
import { pdTime, record } from "./records.js";
import { show } from "./single.js";
import { apiError, FALLBACK, type PipedriveShared, type Resource } from "./state.js";
import { listV2 } from "./v2-list.js";
import { createRecord, deleteRecord, updateRecord } from "./v2-writes.js";

/** v1 deals/persons/organizations: deprecated 2026-01-01, out of support from 2026-08-01. */
export const PIPEDRIVE_V1_DEPRECATION = "@1767225600";
export const PIPEDRIVE_V1_SUNSET = "Sat, 01 Aug 2026 00:00:00 GMT";

export type Auth =
  | { ok: true; via: "oauth" | "api_token" }
  | { ok: false; response: EmulatorResponse };

/** OAuth access tokens on their own company's host, or the personal API token. */
export function auth(s: PipedriveShared, ctx: RequestContext): Auth {
  const company = ctx.hostMatch.params.company ?? "";
  const unauthorized = (info = "Please check developers.pipedrive.com") => ({
    ok: false as const,
    response: apiError(s, 401, "unauthorized access", info),
  });
  const bearer = s.oauth.bearer(ctx);
  if (bearer.kind === "invalid") return unauthorized();
  if (bearer.kind === "valid") {
    // OAuth calls go to the token's api_domain.
    if (company !== (bearer.token.data.company ?? s.company)) {
      return unauthorized("Use the api_domain returned with the access token");
    }
    return { ok: true, via: "oauth" };
  }
  const key = ctx.header("x-api-token") ?? ctx.query.get("api_token") ?? undefined;
  if (key !== undefined) {
    if (key !== s.apiToken) return unauthorized();
    if (company !== "" && company !== s.company) return unauthorized();
    return { ok: true, via: "api_token" };
  }
  return unauthorized("You need to be authorized to make this request.");
}

function usersMe(s: PipedriveShared, ctx: RequestContext): EmulatorResponse {
  const a = auth(s, ctx);
  if (!a.ok) return a.response;
  return s.core.respond.json(200, {
    success: true,
    data: {
      id: s.user.id,
      name: s.user.name,
      email: s.user.email,
      lang: 1,
      locale: "en_US",
      default_currency: "EUR",
      timezone_name: "Europe/Berlin",
      timezone_offset: "+01:00",
      role_id: 1,
      icon_url: null,
      active_flag: true,
      is_you: true,
      activated: true,
      is_admin: 1,
      last_login: pdTime(s.core.clock.now()),
      created: "2024-01-01 00:00:00",
      modified: "2024-01-01 00:00:00",
      has_created_company: true,
      access: [{ app: "sales", admin: true, permission_set_id: "1" }],
      company_id: s.companyId,
      company_name: s.companyName,
      company_domain: s.company,
      company_country: "DE",
      company_industry: "Software",
      language: { language_code: "en", country_code: "US" },
    },
  });
}

function listV1(s: PipedriveShared, ctx: RequestContext, r: Resource): EmulatorResponse {
  const headers = {
    deprecation: PIPEDRIVE_V1_DEPRECATION,
    sunset: PIPEDRIVE_V1_SUNSET,
    link: `<https://developers.pipedrive.com/docs/api/v1>; rel="deprecation"`,
  };
  if (s.core.options.v1Lists === "removed") {
    return apiError(s, 410, `GET /v1/${r} is no longer available`, `Use GET /api/v2/${r}`, headers);
  }
  const a = auth(s, ctx);
  if (!a.ok) return a.response;
  const startRaw = ctx.query.get("start") ?? "0";
  const limitRaw = ctx.query.get("limit") ?? "100";
  if (!/^\d+$/.test(startRaw) || !/^\d+$/.test(limitRaw)) {
    return apiError(s, 400, "Invalid start or limit", "Please check developers.pipedrive.com");
  }
  const start = Number(startRaw);
  const limit = Math.min(500, Math.max(1, Number(limitRaw)));
  const page = pageAt(start, limit, s.core.datasetSize(r, FALLBACK[r]));
  const data = sliceItems(page, (i) => record(s, r, i, true));
  return s.core.respond.json(
    200,
    {
      success: true,
      data: data.length > 0 ? data : null,
      additional_data: {
        pagination: {
          start,
          limit,
          more_items_in_collection: page.more,
          ...(page.more ? { next_start: page.end } : {}),
        },
      },
    },
    headers,
  );
}

/** The API routes (the OAuth routes come from the core). @internal */
export function apiRoutes(s: PipedriveShared): Route[] {
  const out: Route[] = [
    {
      method: "GET",
      hostKind: "api",
      path: /^(?:\/api)?\/v1\/users\/me$/,
      endpoint: "users.me",
      handler: (ctx) => usersMe(s, ctx),
    },
  ];
  for (const r of ["deals", "persons", "organizations", "activities"] as const) {
    out.push(
      {
        method: "GET",
        hostKind: "api",
        path: `/api/v2/${r}`,
        endpoint: `${r}.list`,
        handler: (ctx) => listV2(s, ctx, r),
      },
      {
        method: "GET",
        hostKind: "api",
        path: `/api/v2/${r}/:id`,
        endpoint: `${r}.get`,
        handler: (ctx) => show(s, ctx, r, false),
      },
      {
        method: "GET",
        hostKind: "api",
        path: new RegExp(`^(?:/api)?/v1/${r}$`),
        endpoint: `${r}.list_v1`,
        handler: (ctx) => listV1(s, ctx, r),
      },
      {
        method: "GET",
        hostKind: "api",
        path: new RegExp(`^(?:/api)?/v1/${r}/(?<id>[^/]+)$`),
        endpoint: `${r}.get_v1`,
        handler: (ctx) => show(s, ctx, r, true),
      },
    );
    out.push(
      {
        method: "POST",
        hostKind: "api",
        path: `/api/v2/${r}`,
        endpoint: `${r}.create`,
        handler: (ctx) => createRecord(s, ctx, r),
      },
      {
        method: "PATCH",
        hostKind: "api",
        path: `/api/v2/${r}/:id`,
        endpoint: `${r}.update`,
        handler: (ctx) => updateRecord(s, ctx, r),
      },
      {
        method: "DELETE",
        hostKind: "api",
        path: `/api/v2/${r}/:id`,
        endpoint: `${r}.delete`,
        handler: (ctx) => deleteRecord(s, ctx, r),
      },
    );
  }
  return out;
}
