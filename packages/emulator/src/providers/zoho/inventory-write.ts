import type { EmulatorResponse } from "../../core/http.js";
import { checkFields, type StoredRecord } from "../../core/records/store.js";
import type { RequestContext, Route } from "../../core/types.js";
import { access, invChanged, invError, invKey, invLookup, invStore } from "./inventory.js";
import { INV_TABLES, type InvTable, invTime, lineItemId, linesTotal } from "./inventory-tables.js";
import type { ZohoShared } from "./state.js";

// Creates, updates and deletes. The record comes as JSON in the `JSONString` form field, as the
// API documents (a JSON body is accepted too); answers carry `code` (0: success) and `message`;
// a refused record is 400 with a non-zero code. Fields Zoho sets (numbers, totals, status) are
// ignored when sent, as are fields the resource does not have.

/** The record sent (`JSONString=…` or a JSON body), or the error to answer. */
function readRecord(
  s: ZohoShared,
  ctx: RequestContext,
): { value: StoredRecord } | { response: EmulatorResponse } {
  let value: unknown;
  if (ctx.body.kind === "form") {
    const raw = ctx.body.fields.get("JSONString");
    if (raw === null) return { response: invError(s, 400, 4, "JSONString is required") };
    try {
      value = JSON.parse(raw);
    } catch {
      return { response: invError(s, 400, 4, "Invalid value passed for JSONString") };
    }
  } else if (ctx.body.kind === "json") value = ctx.body.value;
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return { response: invError(s, 400, 4, "Invalid value passed for JSONString") };
  }
  return { value: value as StoredRecord };
}

/**
 * The checked values of a write, with line items numbered and custom fields merged into the
 * record's; or Zoho's message for the first problem (code 2, "Invalid value passed for …").
 */
function checked(
  s: ZohoShared,
  org: string,
  table: InvTable,
  input: StoredRecord,
  mode: "create" | "update",
  before: StoredRecord | undefined,
  key: number,
): StoredRecord | string {
  const { record, problems } = checkFields(table.fields, input, mode, {
    unknown: "ignore",
    readOnly: "ignore",
  });
  const first = problems[0];
  if (first) return `Invalid value passed for ${first.field}`;
  for (const [field, target] of Object.entries(table.refs ?? {})) {
    const id = record[field];
    if (id !== undefined && (typeof id !== "string" || !invLookup(s, org, target, id))) {
      return `Invalid value passed for ${field}`;
    }
  }
  if (table.lines && (mode === "create" || record.line_items !== undefined)) {
    const lines = record.line_items;
    if (
      !Array.isArray(lines) ||
      lines.length === 0 ||
      lines.some((l) => l === null || typeof l !== "object" || Array.isArray(l))
    ) {
      return "Invalid value passed for line_items";
    }
    record.line_items = (lines as StoredRecord[]).map((l, j) => {
      const rate = Number(l.rate ?? 0);
      const quantity = Number(l.quantity ?? 1);
      if (!Number.isFinite(rate) || !Number.isFinite(quantity)) return undefined;
      return {
        ...l,
        line_item_id: lineItemId(org, key, j),
        rate,
        quantity,
        item_order: j,
        item_total: Math.round(rate * quantity * 100) / 100,
      };
    });
    if ((record.line_items as unknown[]).includes(undefined)) {
      return "Invalid value passed for line_items";
    }
    const total = linesTotal(record.line_items as StoredRecord[]);
    record.sub_total = total;
    record.total = total;
  }
  if (record.custom_fields !== undefined) {
    const merged = customFields(table, record.custom_fields, before?.custom_fields);
    if (typeof merged === "string") return merged;
    record.custom_fields = merged;
  }
  return record;
}

/**
 * `custom_fields: [{ customfield_id | api_name, value }]`: each names one of the resource's
 * fields; the values replace those of the same fields, the others stay.
 */
function customFields(table: InvTable, sent: unknown, before: unknown): StoredRecord[] | string {
  const bad = "Invalid value passed for custom_fields";
  if (!Array.isArray(sent)) return bad;
  const out = new Map<string, StoredRecord>();
  for (const f of Array.isArray(before) ? (before as StoredRecord[]) : []) {
    out.set(String(f.customfield_id), f);
  }
  for (const entry of sent as unknown[]) {
    if (entry === null || typeof entry !== "object") return bad;
    const e = entry as StoredRecord;
    const field = (table.custom ?? []).find(
      (f) => f.customfield_id === e.customfield_id || f.api_name === e.api_name,
    );
    if (!field) return bad;
    const v = e.value;
    const fits =
      v === null ||
      (field.data_type === "number"
        ? typeof v === "number"
        : field.data_type === "check_box"
          ? typeof v === "boolean"
          : typeof v === "string");
    if (!fits) return `Invalid value passed for ${field.label}`;
    const { values: _, ...meta } = field;
    if (v === null || v === "") out.delete(field.customfield_id);
    else out.set(field.customfield_id, { ...meta, value: v });
  }
  return [...out.values()];
}

/**
 * Packages named by a shipment order: at least one, each of its sales order and not shipped by
 * another shipment order (`self` when updating).
 */
function packagesProblem(
  s: ZohoShared,
  org: string,
  input: StoredRecord,
  self?: unknown,
): string | undefined {
  if (input.package_ids === undefined) return undefined;
  const ids = input.package_ids as string[];
  const shipped = new Set(
    invStore(s, org, "shipments")
      .all((r) => r.shipment_id !== self && r.salesorder_id === input.salesorder_id)
      .flatMap((r) => (Array.isArray(r.package_ids) ? r.package_ids : [])),
  );
  const bad =
    ids.length === 0 ||
    ids.some(
      (id) =>
        shipped.has(id) || invLookup(s, org, "packages", id)?.salesorder_id !== input.salesorder_id,
    );
  return bad ? "Invalid value passed for package_ids" : undefined;
}

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
