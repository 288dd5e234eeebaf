import type { EmulatorResponse } from "../../core/http.js";
import { decodeCursor, encodeCursor, isOffset } from "../../core/paging.js";
import type { RequestContext } from "../../core/types.js";
import {
  asOf,
  auth,
  crmError,
  fieldsRequired,
  LIST_LIMIT,
  lookup,
  moduleOf,
  moduleScopes,
  PAGE_LIMIT,
  pageTokens as pageTokens_,
  parseFields,
  project,
  shownFields,
  storeOf,
} from "./crm-common.js";
import { listByIds } from "./crm-ids.js";
import { keyOf } from "./crm-modules.js";
import type { ZohoShared } from "./state.js";

// Listings of the CRM: a module's records (`page`, then `page_token`; `ids`; If-Modified-Since)
// and a record's attachments.

const PAGE_TOKEN_TTL_MS = 24 * 3_600_000;

const pageTokens = {
  encode: (module: string, at: { position: number; count: number }, issued: number) =>
    encodeCursor({ m: module, p: at.position, c: at.count, t: issued }),
  decode(token: string): { m: string; p: number; c: number; t: number } | undefined {
    const v = decodeCursor(token);
    if (v && typeof v.m === "string" && isOffset(v.p) && isOffset(v.c) && typeof v.t === "number") {
      return { m: v.m, p: v.p, c: v.c, t: v.t };
    }
    return undefined;
  },
};

function intParam(ctx: RequestContext, name: string): number | undefined | "bad" {
  const v = ctx.query.get(name);
  if (v === null) return undefined;
  return /^\d+$/.test(v) ? Number(v) : "bad";
}

/** `If-Modified-Since`: records modified after it (the header's instant), or an error. */
function modifiedSince(
  ctx: RequestContext,
): ((r: Record<string, unknown>) => boolean) | undefined | "bad-date" {
  const ims = ctx.header("if-modified-since");
  if (!ims) return undefined;
  const since = Date.parse(ims);
  if (Number.isNaN(since)) return "bad-date";
  return (r) => Date.parse(String(r.Modified_Time)) > since;
}

/** The path's module, authenticated for reading, and the version; or the error answer. */
function readable(
  s: ZohoShared,
  ctx: RequestContext,
): { ok: true; module: string; version: string } | { ok: false; response: EmulatorResponse } {
  const version = ctx.params.version ?? "";
  const module = moduleOf(ctx.params.module);
  if (!module) {
    const response = crmError(
      s,
      400,
      "INVALID_MODULE",
      "the module name given seems to be invalid",
      {
        resource_path_index: 0,
      },
    );
    return { ok: false, response };
  }
  const a = auth(s, ctx, version, moduleScopes(module));
  return a.ok ? { ok: true, module, version } : { ok: false, response: a.response };
}

/** `GET /crm/{version}/{Module}`. */
export function list(s: ZohoShared, ctx: RequestContext): EmulatorResponse {
  const r = readable(s, ctx);
  if (!r.ok) return r.response;
  const { module, version } = r;
  const fields = parseFields(s, ctx, module, fieldsRequired(version));
  if (fields && !Array.isArray(fields)) return fields;
  const ids = ctx.query.get("ids");
  if (ids !== null) return listByIds(s, module, version, ids, fields);
  const perPageRaw = intParam(ctx, "per_page");
  const pageRaw = intParam(ctx, "page");
  if (perPageRaw === "bad" || perPageRaw === 0) {
    return crmError(s, 400, "INVALID_DATA", "invalid data", { param: "per_page" });
  }
  if (pageRaw === "bad" || pageRaw === 0)
    return crmError(s, 400, "INVALID_DATA", "invalid data", { param: "page" });
  const perPage = Math.min(perPageRaw ?? 200, 200);
  const pageToken = ctx.query.get("page_token");
  if (pageToken !== null && !pageTokens_(version)) {
    return crmError(s, 400, "INVALID_REQUEST", "page_token is not supported in this version", {
      param: "page_token",
    });
  }
  if (pageToken !== null && pageRaw !== undefined) {
    return crmError(s, 400, "INVALID_REQUEST", "page and page_token cannot be used together", {
      params: ["page", "page_token"],
    });
  }
  const test = modifiedSince(ctx);
  if (test === "bad-date")
    return crmError(s, 400, "INVALID_DATA", "invalid If-Modified-Since", {
      header: "If-Modified-Since",
    });
  const store = storeOf(s, module);
  if (test && store.scan(0, 1, test).records.length === 0) return s.core.respond.empty(304);
  const now = ctx.now();
  let at: { position: number; count: number };
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
    at = { position: decoded.p, count: decoded.c };
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
    const offset = (page - 1) * perPage;
    if (test) {
      const skipped = offset > 0 ? store.scan(0, offset, test) : { records: [], next: 0 };
      if (skipped.records.length < offset || skipped.next === undefined) {
        return s.core.respond.empty(204);
      }
      at = { position: skipped.next, count: offset };
    } else at = { position: offset, count: offset };
  }
  const room = Math.min(perPage, LIST_LIMIT - at.count);
  let found: { records: Record<string, unknown>[]; next: number | undefined };
  if (test) {
    found = room > 0 ? store.scan(at.position, room, test) : { records: [], next: undefined };
  } else {
    // Without a filter a page is a range of positions: a deleted record leaves a gap (the page
    // is shorter), and the positions of the rest stay.
    const end = Math.min(at.position + room, store.span, LIST_LIMIT);
    const records: Record<string, unknown>[] = [];
    for (let k = at.position + 1; k <= end; k++) {
      const r = store.get(k);
      if (r) records.push(r);
    }
    found = { records, next: end < Math.min(store.span, LIST_LIMIT) ? end : undefined };
  }
  if (found.records.length === 0 && (test || found.next === undefined)) {
    return s.core.respond.empty(204);
  }
  const count = test ? at.count + found.records.length : (found.next ?? at.position + room);
  const more =
    found.next !== undefined &&
    count < LIST_LIMIT &&
    (!test || store.scan(found.next, 1, test).records.length > 0);
  const shown = shownFields(module, version, fields);
  const data = found.records.map((r) => project(asOf(module, version, r), shown));
  const next = { position: found.next ?? 0, count };
  return s.core.respond.json(200, {
    data,
    info: {
      per_page: perPage,
      ...(pageTokens_(version)
        ? {
            next_page_token: more ? pageTokens.encode(module, next, now) : null,
            previous_page_token: null,
            page_token_expiry: more
              ? new Date(now + PAGE_TOKEN_TTL_MS).toISOString().replace(/\.\d{3}Z$/, "+00:00")
              : null,
          }
        : {}),
      count: data.length,
      sort_by: "id",
      page: Math.floor(at.count / perPage) + 1,
      sort_order: "asc",
      more_records: more,
    },
  });
}

const ATTACHMENT_FIELDS = [
  "File_Name",
  "Size",
  "Owner",
  "Created_Time",
  "Modified_Time",
  "Parent_Id",
];

/**
 * `GET /crm/{version}/{Module}/{id}/Attachments`: the files' metadata (0 to 2 per generated
 * record), `fields` required from v3 as for listings; 204 when there are none.
 */
export function attachments(s: ZohoShared, ctx: RequestContext): EmulatorResponse {
  const r = readable(s, ctx);
  if (!r.ok) return r.response;
  const { module, version } = r;
  const raw = ctx.query.get("fields");
  if (fieldsRequired(version) && !raw) {
    return crmError(s, 400, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", {
      param: "fields",
    });
  }
  const wanted = raw ? raw.split(",").map((f) => f.trim()) : ATTACHMENT_FIELDS;
  const unknown = wanted.find((f) => f !== "id" && !ATTACHMENT_FIELDS.includes(f));
  if (unknown) {
    return crmError(s, 400, "INVALID_DATA", "invalid field name", {
      param: "fields",
      api_name: unknown,
    });
  }
  const id = ctx.params.id ?? "";
  const record = lookup(s, module, id);
  if (!record)
    return crmError(s, 400, "INVALID_DATA", "the related id given seems to be invalid", { id });
  const k = keyOf(module, id) ?? 0;
  const data = Array.from({ length: k % 3 }, (_, n) => {
    const full: Record<string, unknown> = {
      id: `${id.slice(0, 10)}6${String(k * 3 + n).padStart(8, "0")}`,
      File_Name: `${module.toLowerCase()}-${k}-${n + 1}.${n === 0 ? "pdf" : "png"}`,
      Size: String(1024 * (k % 97) + 512 * (n + 1)),
      Owner: record.Owner,
      Created_Time: record.Created_Time,
      Modified_Time: record.Modified_Time,
      Parent_Id: { id, name: String(record.Full_Name ?? record.id), module: { api_name: module } },
    };
    return project(full, wanted);
  });
  if (data.length === 0) return s.core.respond.empty(204);
  return s.core.respond.json(200, {
    data,
    info: { per_page: 200, count: data.length, page: 1, more_records: false },
  });
}
