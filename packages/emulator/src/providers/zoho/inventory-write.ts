import type { EmulatorResponse } from "../../core/http.js";
import type { RequestContext, Route } from "../../core/types.js";
import { access, ID_KEY, invError, lookup, MISSING, SINGULAR } from "./inventory.js";
import { INVENTORY_RESOURCES, type InventoryResource, invTime } from "./records.js";
import type { ZohoShared } from "./state.js";

// Creates, updates and deletes of items, contacts and sales orders. The record comes as JSON in
// the `JSONString` form field, as the API documents (a JSON body is accepted too); answers carry
// `code` (0: success) and `message`; a refused record is 400 with a non-zero code.

const ID_PREFIX = { items: "46", salesorders: "47", contacts: "48" } as const;
const LABEL = { items: "item", salesorders: "Sales Order", contacts: "contact" } as const;
/** Fields Zoho sets: values sent for them are ignored. */
const SYSTEM = new Set([
  "created_time",
  "last_modified_time",
  "stock_on_hand",
  "available_stock",
  "salesorder_number",
  "customer_name",
  "total",
  "outstanding_receivable_amount",
  "status",
]);
/** The field a create needs, per resource. */
const REQUIRED = { items: "name", contacts: "contact_name", salesorders: "customer_id" } as const;

/** The record sent (`JSONString=…` or a JSON body), or the error to answer. */
function readRecord(
  s: ZohoShared,
  ctx: RequestContext,
): { value: Record<string, unknown> } | { response: EmulatorResponse } {
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
  const fields = Object.entries(value as Record<string, unknown>).filter(([k]) => !SYSTEM.has(k));
  return { value: Object.fromEntries(fields) };
}

/** A problem with the record as it would be stored, as Zoho words it; undefined when fine. */
function problem(s: ZohoShared, org: string, r: InventoryResource, rec: Record<string, unknown>) {
  const required = REQUIRED[r];
  const v = rec[required];
  if (typeof v !== "string" || !v.trim()) return `Invalid value passed for ${required}`;
  if (r === "items" && typeof rec.rate !== "number") return "Invalid value passed for rate";
  if (r === "salesorders") {
    if (!lookup(s, org, "contacts", v)) return "Invalid value passed for customer_id";
    const lines = rec.line_items;
    if (!Array.isArray(lines) || lines.length === 0) return "Invalid value passed for line_items";
  }
  return undefined;
}

function salesorderTotal(rec: Record<string, unknown>): number | undefined {
  if (!Array.isArray(rec.line_items)) return undefined;
  const sum = (rec.line_items as { rate?: unknown; quantity?: unknown }[]).reduce(
    (t, l) => t + (Number(l.rate) || 0) * (Number(l.quantity ?? 1) || 0),
    0,
  );
  return Math.round(sum * 100) / 100;
}

function create(s: ZohoShared, ctx: RequestContext, r: InventoryResource): EmulatorResponse {
  const org = access(s, ctx, r, "create");
  if (typeof org !== "string") return org;
  const sent = readRecord(s, ctx);
  if ("response" in sent) return sent.response;
  const meta = INVENTORY_RESOURCES[r];
  const added = (s.inventoryAdded.get(`${org}/${r}`) ?? 0) + 1;
  const n = s.core.datasetSize(meta.resource, meta.fallback) + added;
  const id = `${ID_PREFIX[r]}${org.slice(-4)}${String(n).padStart(9, "0")}`;
  const now = invTime(ctx.now());
  const defaults: Record<string, Record<string, unknown>> = {
    items: { status: "active", item_type: "inventory", product_type: "goods", stock_on_hand: 0 },
    contacts: { contact_type: "customer", status: "active", outstanding_receivable_amount: 0 },
    salesorders: { status: "draft", salesorder_number: `SO-${String(n).padStart(5, "0")}` },
  };
  const rec: Record<string, unknown> = {
    [ID_KEY[r]]: id,
    ...defaults[r],
    ...sent.value,
    created_time: now,
    last_modified_time: now,
  };
  const bad = problem(s, org, r, rec);
  if (bad) return invError(s, 400, 2, bad);
  if (r === "salesorders") rec.total = salesorderTotal(rec);
  s.inventoryAdded.set(`${org}/${r}`, added);
  s.inventoryWritten.set(`${org}/${r}/${id}`, rec);
  return s.core.respond.json(201, {
    code: 0,
    message: `The ${LABEL[r]} has been added.`,
    [SINGULAR[r]]: rec,
  });
}

function update(s: ZohoShared, ctx: RequestContext, r: InventoryResource): EmulatorResponse {
  const org = access(s, ctx, r, "update");
  if (typeof org !== "string") return org;
  const id = ctx.params.id ?? "";
  const before = lookup(s, org, r, id);
  if (!before) return invError(s, 404, 1002, MISSING[r]);
  const sent = readRecord(s, ctx);
  if ("response" in sent) return sent.response;
  const rec: Record<string, unknown> = {
    ...before,
    ...sent.value,
    [ID_KEY[r]]: id,
    last_modified_time: invTime(ctx.now()),
  };
  // Sales orders generated without line items keep their total until lines are sent.
  const bad = problem(
    s,
    org,
    r,
    r === "salesorders" && !rec.line_items ? { ...rec, line_items: [{}] } : rec,
  );
  if (bad) return invError(s, 400, 2, bad);
  if (r === "salesorders" && sent.value.line_items) rec.total = salesorderTotal(rec);
  s.inventoryWritten.set(`${org}/${r}/${id}`, rec);
  return s.core.respond.json(200, {
    code: 0,
    message: `The ${LABEL[r]} details have been saved.`,
    [SINGULAR[r]]: rec,
  });
}

function remove(s: ZohoShared, ctx: RequestContext, r: InventoryResource): EmulatorResponse {
  const org = access(s, ctx, r, "delete");
  if (typeof org !== "string") return org;
  const id = ctx.params.id ?? "";
  if (!lookup(s, org, r, id)) return invError(s, 404, 1002, MISSING[r]);
  s.inventoryWritten.set(`${org}/${r}/${id}`, null);
  return s.core.respond.json(200, { code: 0, message: `The ${LABEL[r]} has been deleted.` });
}

/** `POST /inventory/v1/{resource}`, `PUT` and `DELETE /inventory/v1/{resource}/{id}`. @internal */
export function inventoryWriteRoutes(s: ZohoShared): Route[] {
  const resource = (ctx: RequestContext) => ctx.params.resource as InventoryResource;
  const many = /^\/inventory\/v1\/(?<resource>items|salesorders|contacts)$/;
  const one = /^\/inventory\/v1\/(?<resource>items|salesorders|contacts)\/(?<id>[^/]+)$/;
  return [
    {
      method: "POST",
      hostKind: "api",
      path: many,
      endpoint: "inventory.create",
      handler: (ctx) => create(s, ctx, resource(ctx)),
    },
    {
      method: "PUT",
      hostKind: "api",
      path: one,
      endpoint: "inventory.update",
      handler: (ctx) => update(s, ctx, resource(ctx)),
    },
    {
      method: "DELETE",
      hostKind: "api",
      path: one,
      endpoint: "inventory.delete",
      handler: (ctx) => remove(s, ctx, resource(ctx)),
    },
  ];
}
