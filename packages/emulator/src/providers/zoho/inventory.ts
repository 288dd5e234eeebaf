import type { EmulatorResponse } from "../../core/http.js";
import { pageAt, sliceItems } from "../../core/paging.js";
import type { RequestContext, Route } from "../../core/types.js";
import { inventoryWriteRoutes } from "./inventory-write.js";
import { INVENTORY_RESOURCES, type InventoryResource, inventoryRecord } from "./records.js";
import { hasScope, type ZohoAuth, type ZohoShared } from "./state.js";

export const invError = (s: ZohoShared, status: number, code: number, message: string) =>
  s.core.respond.json(status, { code, message });

function auth(s: ZohoShared, ctx: RequestContext, scopes: RegExp[]): ZohoAuth {
  const bearer = s.oauth.bearer(ctx);
  if (bearer.kind !== "valid" || bearer.token.data.location !== ctx.hostMatch.params.dc) {
    return {
      ok: false,
      response: invError(s, 401, 57, "You are not authorized to perform this operation"),
    };
  }
  if (
    s.core.options.enforceScopes !== false &&
    !hasScope(bearer.token.scopes, [/^zohoinventory\.fullaccess\.all$/i, ...scopes])
  ) {
    return {
      ok: false,
      response: invError(s, 401, 57, "You are not authorized to perform this operation"),
    };
  }
  return { ok: true, token: bearer.token };
}

function organizations(s: ZohoShared, ctx: RequestContext): EmulatorResponse {
  const a = auth(s, ctx, [/^zohoinventory\.settings\.(read|all)$/i]);
  if (!a.ok) return a.response;
  return s.core.respond.json(200, { code: 0, message: "success", organizations: s.organizations });
}

/**
 * `GET /inventory/v1/organizations/{id}` → `{code:0, message, organization}`; an organization
 * the user does not belong to answers like any unauthorized call (401 code 57: the docs give no
 * separate answer).
 */
function organization(s: ZohoShared, ctx: RequestContext): EmulatorResponse {
  const a = auth(s, ctx, [/^zohoinventory\.settings\.(read|all)$/i]);
  if (!a.ok) return a.response;
  const org = s.organizations.find((o) => o.organization_id === ctx.params.id);
  if (!org) return invError(s, 401, 57, "You are not authorized to perform this operation");
  return s.core.respond.json(200, { code: 0, message: "success", organization: org });
}

/** Auth, scope and `organization_id`: the organization id, or the error response. */
export function access(
  s: ZohoShared,
  ctx: RequestContext,
  resource: InventoryResource,
  op: "read" | "create" | "update" | "delete" = "read",
) {
  const a = auth(s, ctx, [new RegExp(`^zohoinventory\\.${resource}\\.(${op}|all)$`, "i")]);
  if (!a.ok) return a.response;
  const org = ctx.query.get("organization_id");
  if (!org) return invError(s, 400, 2, "organization_id is required: send it with every request");
  if (!s.organizations.some((o) => o.organization_id === org)) {
    return invError(s, 400, 2, "Invalid value passed for organization_id");
  }
  return org;
}

export const SINGULAR = { items: "item", salesorders: "salesorder", contacts: "contact" } as const;
export const ID_KEY = {
  items: "item_id",
  salesorders: "salesorder_id",
  contacts: "contact_id",
} as const;
export const MISSING = {
  items: "Item does not exist.",
  salesorders: "Sales Order does not exist.",
  contacts: "Contact does not exist.",
} as const;

/**
 * `GET /inventory/v1/{items,salesorders,contacts}/{id}`: `{code:0, message, item: {…}}`; an
 * unknown id is 404 `{code: 1002, message: "Item does not exist."}`.
 */
function show(s: ZohoShared, ctx: RequestContext): EmulatorResponse {
  const resource = ctx.params.resource as InventoryResource;
  const org = access(s, ctx, resource);
  if (typeof org !== "string") return org;
  const rec = lookup(s, org, resource, ctx.params.id ?? "");
  if (!rec) return invError(s, 404, 1002, MISSING[resource]);
  return s.core.respond.json(200, { code: 0, message: "success", [SINGULAR[resource]]: rec });
}

function list(s: ZohoShared, ctx: RequestContext): EmulatorResponse {
  const resource = ctx.params.resource as InventoryResource;
  const meta = INVENTORY_RESOURCES[resource];
  const org = access(s, ctx, resource);
  if (typeof org !== "string") return org;
  const page = Number(ctx.query.get("page") ?? "1");
  const perPageRaw = Number(ctx.query.get("per_page") ?? "200");
  if (!Number.isInteger(page) || page < 1)
    return invError(s, 400, 2, "Invalid value passed for page");
  if (!Number.isInteger(perPageRaw) || perPageRaw < 1)
    return invError(s, 400, 2, "Invalid value passed for per_page");
  const perPage = Math.min(perPageRaw, 200);
  const total = s.core.datasetSize(meta.resource, meta.fallback);
  const window = pageAt((page - 1) * perPage, perPage, total);
  // Deleted records leave a gap in their page; changed ones show as changed.
  const rows = sliceItems(window, (i) => current(s, org, resource, i)).filter(
    (r) => r !== undefined,
  );
  return s.core.respond.json(200, {
    code: 0,
    message: "success",
    [resource]: rows,
    page_context: {
      page,
      per_page: perPage,
      has_more_page: window.more,
      report_name: meta.report,
      applied_filter: "Status.All",
      sort_column: "created_time",
      sort_order: "D",
    },
  });
}

/** Record `i` of the data set as clients see it (changed), or undefined once deleted. */
function current(s: ZohoShared, org: string, resource: InventoryResource, i: number) {
  const rec = inventoryRecord(resource, org, i, s.core.rng("inventory", org, resource, i));
  const written = s.inventoryWritten.get(`${org}/${resource}/${rec[ID_KEY[resource]]}`);
  return written === null ? undefined : (written ?? rec);
}

/** A record by id (generated, created or changed), or undefined. */
export function lookup(s: ZohoShared, org: string, resource: InventoryResource, id: string) {
  const written = s.inventoryWritten.get(`${org}/${resource}/${id}`);
  if (written !== undefined) return written ?? undefined;
  const meta = INVENTORY_RESOURCES[resource];
  const total = s.core.datasetSize(meta.resource, meta.fallback);
  // Ids are a prefix, the organization's last 4 digits and the index + 1 on 9 digits.
  const i = /^\d{15}$/.test(id) ? Number(id.slice(-9)) - 1 : -1;
  const rec = i >= 0 && i < total ? current(s, org, resource, i) : undefined;
  return rec && rec[ID_KEY[resource]] === id ? rec : undefined;
}

/** Zoho Inventory routes on `www.zohoapis.{dc}`. @internal */
export function inventoryRoutes(s: ZohoShared): Route[] {
  return [
    {
      method: "GET",
      hostKind: "api",
      path: "/inventory/v1/organizations",
      endpoint: "inventory.organizations",
      handler: (ctx) => organizations(s, ctx),
    },
    {
      method: "GET",
      hostKind: "api",
      path: "/inventory/v1/organizations/:id",
      endpoint: "inventory.organization",
      handler: (ctx) => organization(s, ctx),
    },
    {
      method: "GET",
      hostKind: "api",
      path: /^\/inventory\/v1\/(?<resource>items|salesorders|contacts)$/,
      endpoint: "inventory.list",
      handler: (ctx) => list(s, ctx),
    },
    {
      method: "GET",
      hostKind: "api",
      path: /^\/inventory\/v1\/(?<resource>items|salesorders|contacts)\/(?<id>[^/]+)$/,
      endpoint: "inventory.get",
      handler: (ctx) => show(s, ctx),
    },
    ...inventoryWriteRoutes(s),
  ];
}
