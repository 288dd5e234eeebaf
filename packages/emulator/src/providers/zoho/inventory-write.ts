import type { EmulatorResponse } from "../../core/http.js";
import type { RequestContext, Route } from "../../core/types.js";
import { access, invChanged, invError, invKey, invStore } from "./inventory.js";
import { checked, packagesProblem, readRecord } from "./inventory-check.js";
import { INV_TABLES, type InvTable, invTime } from "./inventory-tables.js";
import type { ZohoShared } from "./state.js";

// Creates, updates and deletes. The record comes as JSON in the `JSONString` form field, as the
// API documents (a JSON body is accepted too); answers carry `code` (0: success) and `message`;
// a refused record is 400 with a non-zero code. Fields Zoho sets (numbers, totals, status) are
// ignored when sent, as are fields the resource does not have.

function create(s: ZohoShared, ctx: RequestContext, name: string): EmulatorResponse {
  const table = INV_TABLES[name] as InvTable;
  const org = access(s, ctx, table, "create");
  if (typeof org !== "string") return org;
  const sent = readRecord(s, ctx);
  if ("response" in sent) return sent.response;
  const input = { ...sent.value };
  // Some creates take a field in the URL (`POST /packages?salesorder_id=…`).
  for (const field of table.query ?? []) {
    const v = ctx.query.get(field);
    if (v === null) delete input[field];
    else input[field] = field === "package_ids" ? v.split(",").filter(Boolean) : v;
  }
  const packages = packagesProblem(s, org, input);
  if (packages) return invError(s, 400, 2, packages);
  const store = invStore(s, org, name);
  const key = store.span + 1;
  const values = checked(s, org, table, input, "create", undefined, key);
  if (typeof values === "string") return invError(s, 400, 2, values);
  const now = invTime(ctx.now());
  const stamps =
    "created_time" in table.fields ? { created_time: now, last_modified_time: now } : {};
  const rec = store.insert({ ...table.defaults?.(key), ...values, ...stamps });
  invChanged(store);
  return s.core.respond.json(201, {
    code: 0,
    message: `The ${table.label.toLowerCase()} has been added.`,
    [table.one]: rec,
  });
}

function update(s: ZohoShared, ctx: RequestContext, name: string): EmulatorResponse {
  const table = INV_TABLES[name] as InvTable;
  const org = access(s, ctx, table, "update");
  if (typeof org !== "string") return org;
  const id = ctx.params.id ?? "";
  const key = invKey(org, table, id);
  const store = invStore(s, org, name);
  const before = key === undefined ? undefined : store.get(key);
  if (key === undefined || !before) {
    return invError(s, 404, 1002, `${table.label} does not exist.`);
  }
  const sent = readRecord(s, ctx);
  if ("response" in sent) return sent.response;
  const input = { ...sent.value };
  // The fields a create takes in the URL are fixed once created; a shipment order's update
  // names its sales order and packages in the URL again.
  for (const field of table.query ?? []) delete input[field];
  if (table.query?.includes("package_ids")) {
    const again = {
      salesorder_id: ctx.query.get("salesorder_id") ?? undefined,
      package_ids: (ctx.query.get("package_ids") ?? "").split(",").filter(Boolean),
    };
    if (again.salesorder_id !== before.salesorder_id) {
      return invError(s, 400, 2, "Invalid value passed for salesorder_id");
    }
    const problem = packagesProblem(s, org, again, before.shipment_id);
    if (problem) return invError(s, 400, 2, problem);
    input.package_ids = again.package_ids;
  }
  const values = checked(s, org, table, input, "update", before, key);
  if (typeof values === "string") return invError(s, 400, 2, values);
  const stamps =
    "last_modified_time" in table.fields ? { last_modified_time: invTime(ctx.now()) } : {};
  const rec = store.update(key, { ...values, ...stamps });
  invChanged(store);
  return s.core.respond.json(200, {
    code: 0,
    message: `The ${table.label.toLowerCase()} details have been saved.`,
    [table.one]: rec,
  });
}

function remove(s: ZohoShared, ctx: RequestContext, name: string): EmulatorResponse {
  const table = INV_TABLES[name] as InvTable;
  const org = access(s, ctx, table, "delete");
  if (typeof org !== "string") return org;
  const key = invKey(org, table, ctx.params.id ?? "");
  const store = invStore(s, org, name);
  if (key === undefined || !store.remove(key)) {
    return invError(s, 404, 1002, `${table.label} does not exist.`);
  }
  invChanged(store);
  return s.core.respond.json(200, {
    code: 0,
    message: `The ${table.label.toLowerCase()} has been deleted.`,
  });
}

/**
 * `DELETE /inventory/v1/{resource}?{ids}=a,b,…` (items: `item_ids`), answered as a whole: every
 * id must name a record, else 404 code 1002 and nothing is deleted; then all are deleted.
 */
function removeMany(s: ZohoShared, ctx: RequestContext, name: string): EmulatorResponse {
  const table = INV_TABLES[name] as InvTable;
  const org = access(s, ctx, table, "delete");
  if (typeof org !== "string") return org;
  const param = table.bulkDelete as string;
  const ids = (ctx.query.get(param) ?? "").split(",").filter(Boolean);
  if (ids.length === 0) return invError(s, 400, 2, `${param} is required`);
  const store = invStore(s, org, name);
  const keys = ids.map((id) => invKey(org, table, id));
  if (keys.some((key) => key === undefined || !store.get(key))) {
    return invError(s, 404, 1002, `${table.label} does not exist.`);
  }
  for (const key of new Set(keys as number[])) store.remove(key);
  invChanged(store);
  return s.core.respond.json(200, {
    code: 0,
    message: `The ${table.list} have been deleted.`,
  });
}

/**
 * `POST /inventory/v1/{resource}`, `PUT` and `DELETE /inventory/v1/{resource}/{id}`, and the bulk
 * delete where the API has one. @internal
 */
export function inventoryWriteRoutes(s: ZohoShared): Route[] {
  const routes: Route[] = [];
  for (const [name, table] of Object.entries(INV_TABLES)) {
    const path = table.path.replace(/\//g, "\\/");
    const many = new RegExp(`^/inventory/v1/${path}$`);
    const one = new RegExp(`^/inventory/v1/${path}/(?<id>[^/]+)$`);
    if (table.writes.includes("create")) {
      routes.push({
        method: "POST",
        hostKind: "api",
        path: many,
        endpoint: "inventory.create",
        handler: (ctx) => create(s, ctx, name),
      });
    }
    if (table.writes.includes("update")) {
      routes.push({
        method: "PUT",
        hostKind: "api",
        path: one,
        endpoint: "inventory.update",
        handler: (ctx) => update(s, ctx, name),
      });
    }
    if (table.bulkDelete) {
      routes.push({
        method: "DELETE",
        hostKind: "api",
        path: many,
        endpoint: "inventory.deleteMany",
        handler: (ctx) => removeMany(s, ctx, name),
      });
    }
    if (table.writes.includes("delete")) {
      routes.push({
        method: "DELETE",
        hostKind: "api",
        path: one,
        endpoint: "inventory.delete",
        handler: (ctx) => remove(s, ctx, name),
      });
    }
  }
  return routes;
}
