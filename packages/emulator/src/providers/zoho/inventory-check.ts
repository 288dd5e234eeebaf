import type { EmulatorResponse } from "../../core/http.js";
import { checkFields, type StoredRecord } from "../../core/records/store.js";
import type { RequestContext } from "../../core/types.js";
import { invError, invLookup, invStore } from "./inventory.js";
import { type InvTable, lineItemId, linesTotal } from "./inventory-tables.js";
import type { ZohoShared } from "./state.js";

// What a write sends, read and checked: the record, its fields, line items, custom fields and
// the packages of a shipment order.

/** The record sent (`JSONString=…` or a JSON body), or the error to answer. */
export function readRecord(
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
export function checked(
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
export function packagesProblem(
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
