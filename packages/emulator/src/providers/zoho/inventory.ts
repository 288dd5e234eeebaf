import type { EmulatorResponse } from "../../core/http.js";
import {
  createRecordStore,
  type RecordStore,
  type StoredRecord,
} from "../../core/records/store.js";
import type { RequestContext, Route } from "../../core/types.js";
import { list } from "./inventory-list.js";
import { INV_TABLES, type InvGen, type InvTable } from "./inventory-tables.js";

export { invChanged } from "./inventory-list.js";

import { inventoryWriteRoutes } from "./inventory-write.js";
import { hasScope, type ZohoAuth, type ZohoShared } from "./state.js";

export const invError = (s: ZohoShared, status: number, code: number, message: string) =>
  s.core.respond.json(status, { code, message });

function auth(s: ZohoShared, ctx: RequestContext, scopes: RegExp[]): ZohoAuth {
  const bearer = s.oauth.bearer(ctx);
  const refused = {
    ok: false as const,
    response: invError(s, 401, 57, "You are not authorized to perform this operation"),
  };
  if (bearer.kind !== "valid" || bearer.token.data.location !== ctx.hostMatch.params.dc) {
    return refused;
  }
  if (
    s.core.options.enforceScopes !== false &&
    !hasScope(bearer.token.scopes, [/^zohoinventory\.fullaccess\.all$/i, ...scopes])
  ) {
    return refused;
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
  table: InvTable,
  op: "read" | "create" | "update" | "delete" = "read",
): string | EmulatorResponse {
  const a = auth(s, ctx, [new RegExp(`^zohoinventory\\.${table.scope}\\.(${op}|all)$`, "i")]);
  if (!a.ok) return a.response;
  const org = ctx.query.get("organization_id");
  if (!org) return invError(s, 400, 2, "organization_id is required: send it with every request");
  if (!s.organizations.some((o) => o.organization_id === org)) {
    return invError(s, 400, 2, "Invalid value passed for organization_id");
  }
  return org;
}

/** Record ids: the table's prefix, the organization's last 4 digits, the key on 9 digits. */
export function invId(org: string, table: InvTable, key: number): string {
  return `${table.prefix}${org.slice(-4)}${String(key).padStart(9, "0")}`;
}

/** The store key an id names in this organization, or undefined. */
export function invKey(org: string, table: InvTable, id: string): number | undefined {
  if (!/^\d{15}$/.test(id) || !id.startsWith(`${table.prefix}${org.slice(-4)}`)) return undefined;
  return Number(id.slice(-9));
}

/** The records of one table of one organization (created on first use). */
export function invStore(s: ZohoShared, org: string, name: string): RecordStore {
  const id = `${org}/${name}`;
  let store = s.inventoryStores.get(id);
  if (!store) {
    const table = INV_TABLES[name] as InvTable;
    const g: InvGen = {
      org,
      rng: (t, i) => s.core.rng("inventory", org, t, i),
      size: (t) => {
        const other = INV_TABLES[t] as InvTable;
        return s.core.datasetSize(other.dataset, other.fallback);
      },
      ref: (t, i) => invId(org, INV_TABLES[t] as InvTable, i + 1),
    };
    store = createRecordStore(
      {
        size: () => g.size(name),
        generate: (i) => ({ [table.key]: invId(org, table, i + 1), ...table.generate(g, i) }),
        keyValue: (k) => invId(org, table, k),
      },
      table.key,
    );
    s.inventoryStores.set(id, store);
  }
  return store;
}

/** A record by id, or undefined. */
export function invLookup(s: ZohoShared, org: string, name: string, id: string) {
  const key = invKey(org, INV_TABLES[name] as InvTable, id);
  return key === undefined ? undefined : invStore(s, org, name).get(key);
}

/**
 * `GET /inventory/v1/{resource}/{id}`: `{ code: 0, message, [singular]: {…} }` with line items;
 * an unknown id is 404 `{ code: 1002, message: "Item does not exist." }`.
 */
function show(s: ZohoShared, ctx: RequestContext, name: string): EmulatorResponse {
  const table = INV_TABLES[name] as InvTable;
  const org = access(s, ctx, table);
  if (typeof org !== "string") return org;
  const rec = invLookup(s, org, name, ctx.params.id ?? "");
  if (!rec) return invError(s, 404, 1002, `${table.label} does not exist.`);
  const shown = table.packages ? { ...rec, packages: orderPackages(s, org, rec[table.key]) } : rec;
  return s.core.respond.json(200, { code: 0, message: "success", [table.one]: shown });
}

/**
 * The packages of a sales order, each with the shipment that carries it (if any), as a single
 * read of the order shows them.
 */
function orderPackages(s: ZohoShared, org: string, orderId: unknown): StoredRecord[] {
  const shipments = invStore(s, org, "shipments").all((r) => r.salesorder_id === orderId);
  return invStore(s, org, "packages")
    .all((p) => p.salesorder_id === orderId)
    .map((p) => {
      const shipment = shipments.find(
        (sh) => Array.isArray(sh.package_ids) && sh.package_ids.includes(p.package_id),
      );
      return {
        package_id: p.package_id,
        package_number: p.package_number,
        date: p.date,
        status: p.status,
        shipment_id: shipment?.shipment_id ?? "",
        shipment_number: shipment?.shipment_number ?? "",
        shipment_date: shipment?.date ?? "",
        shipment_status: shipment?.status ?? "",
        delivery_method: shipment?.delivery_method ?? "",
        carrier: shipment?.carrier ?? "",
        tracking_number: shipment?.tracking_number ?? "",
      };
    });
}

const escaped = (path: string) => path.replace(/\//g, "\\/");

/** Zoho Inventory routes on `www.zohoapis.{dc}`. @internal */
export function inventoryRoutes(s: ZohoShared): Route[] {
  const routes: Route[] = [
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
  ];
  for (const [name, table] of Object.entries(INV_TABLES)) {
    if (table.parent) {
      const parent = INV_TABLES[table.parent.table] as InvTable;
      const [, child] = table.path.split("/");
      // Listed under the parent: `/contacts/{contact_id}/contactpersons`.
      routes.push({
        method: "GET",
        hostKind: "api",
        path: new RegExp(`^/inventory/v1/${escaped(parent.path)}/(?<parent>\\d+)/${child}$`),
        endpoint: "inventory.list",
        handler: (ctx) => list(s, ctx, name),
      });
    } else if (!table.unlisted) {
      routes.push({
        method: "GET",
        hostKind: "api",
        path: new RegExp(`^/inventory/v1/${escaped(table.path)}$`),
        endpoint: "inventory.list",
        handler: (ctx) => list(s, ctx, name),
      });
    }
    // A child is read under its parent too: `/contacts/{contact_id}/contactpersons/{id}`.
    const one = table.parent
      ? `${escaped((INV_TABLES[table.parent.table] as InvTable).path)}/\\d+/${table.path.split("/")[1]}`
      : escaped(table.path);
    routes.push({
      method: "GET",
      hostKind: "api",
      path: new RegExp(`^/inventory/v1/${one}/(?<id>[^/]+)$`),
      endpoint: "inventory.get",
      handler: (ctx) => show(s, ctx, name),
    });
  }
  routes.push(...inventoryWriteRoutes(s));
  return routes;
}
