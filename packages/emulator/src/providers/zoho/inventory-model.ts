import { type Rng, recordTimes, words } from "../../core/data.js";
import type { FieldSpecs, StoredRecord } from "../../core/records/store.js";

// The shape of the emulator's own description of Zoho Inventory's resources (from the API
// reference, not from the connector), and the pieces the resource descriptions share.

/** Zoho Inventory timestamps: `2024-01-01T10:20:30+0000`. */
export function invTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "+0000");
}

/** A list filter: a query parameter and the test it applies to a record. */
export interface InvFilter {
  param: string;
  field: string;
  /**
   * `eq` exact; `gte`/`lte` inclusive and `gt`/`lt` exclusive bounds (dates as `YYYY-MM-DD`,
   * times as instants); `contains`/`startswith` ignore case; `status` is `filter_by=Status.X`.
   */
  test: "eq" | "gte" | "lte" | "gt" | "lt" | "contains" | "startswith" | "status";
  /** What a bound compares as (default `date`). */
  kind?: "date" | "time" | "number";
}

/** A custom field of a resource (in `custom_fields` on every record, settable on writes). */
export interface InvCustomField {
  customfield_id: string;
  api_name: string;
  label: string;
  data_type: "string" | "number" | "date" | "check_box";
  values: readonly (string | number | boolean)[];
}

/** Everything the generators of one organization need. */
export interface InvGen {
  org: string;
  rng: (table: string, i: number) => Rng;
  /** The id of record `i` (0-based) of a table, or undefined when the data set is smaller. */
  ref: (table: string, i: number) => string | undefined;
  /** Size of a table's generated data set. */
  size: (table: string) => number;
}

/** One resource of the API. */
export interface InvTable {
  /** URL path under `/inventory/v1/`. */
  path: string;
  /** Key of the list in list answers, and of the record in single answers. */
  list: string;
  one: string;
  /** The id field; ids are `prefix` + the organization's last 4 digits + the key on 9 digits. */
  key: string;
  prefix: string;
  /** The OAuth scope's resource part (`ZohoInventory.{scope}.READ`). */
  scope: string;
  /** Data-set name (`datasets.zoho[…]`) and default size. */
  dataset: string;
  fallback: number;
  /** Name used in messages (`Item does not exist.`). */
  label: string;
  /** Fields a write may set (read-only ones are ignored, unknown ones dropped). */
  fields: FieldSpecs;
  /** Operations the API offers beyond list and get. */
  writes: readonly ("create" | "update" | "delete")[];
  /** Query parameter of the bulk delete (`DELETE /items?item_ids=…`), where the API has one. */
  bulkDelete?: string;
  /** Values set on create unless sent. */
  defaults?: (n: number) => StoredRecord;
  /** Ids that must name an existing record of another table (`customer_id` → contacts). */
  refs?: Readonly<Record<string, string>>;
  /** Fields the create call takes as query parameters (`salesorder_id` of a package). */
  query?: readonly string[];
  filters?: readonly InvFilter[];
  /** Columns `sort_column` takes (with `sort_order` `A` or `D`). */
  sorts?: readonly string[];
  /** Has `line_items` (shown by get, left out of lists). */
  lines?: boolean;
  /** No list endpoint (shipment orders): read by id, or through another resource. */
  unlisted?: boolean;
  /** A single read also shows the record's packages and their shipments (sales orders). */
  packages?: boolean;
  /** Child resource listed under its parent: `/contacts/{id}/contactpersons`. */
  parent?: { table: string; field: string };
  custom?: readonly InvCustomField[];
  generate: (g: InvGen, i: number) => StoredRecord;
}

/**
 * A resource from what sets it apart: `path`, `list`, `scope` and `dataset` default to its name
 * and `writes` to create, update and delete (every resource described here has all three).
 */
export function resource(
  name: string,
  spec: Omit<InvTable, "path" | "list" | "scope" | "dataset" | "writes"> &
    Partial<Pick<InvTable, "path" | "list" | "scope" | "dataset" | "writes">>,
): InvTable {
  return {
    path: name,
    list: name,
    scope: name,
    dataset: name,
    writes: ["create", "update", "delete"],
    ...spec,
  };
}

/** Creation and modification times of record `i`, `step` apart on average. */
export const times = (rng: Rng, i: number, step = 3_600_000) => {
  const t = recordTimes(rng, i, step);
  return {
    created: t.created,
    created_time: invTime(t.created),
    last_modified_time: invTime(t.modified),
  };
};
export const day = (ms: number) => invTime(ms).slice(0, 10);
export const money = (rng: Rng, lo: number, hi: number) => rng.int(lo * 100, hi * 100) / 100;
export const num = (n: number, width = 5) => String(n).padStart(width, "0");

export const stamps: FieldSpecs = {
  created_time: { type: "datetime", readOnly: true },
  last_modified_time: { type: "datetime", readOnly: true },
};

/** Line item ids: `60`, the organization's last 4 digits, the document key and the line. */
export function lineItemId(org: string, key: number, j: number): string {
  return `60${org.slice(-4)}${String(key * 10 + j).padStart(10, "0")}`;
}

/** The total of line items as Zoho computes it (rate × quantity, rounded to cents). */
export function linesTotal(lines: readonly StoredRecord[]): number {
  const sum = lines.reduce((t, l) => t + (Number(l.rate) || 0) * (Number(l.quantity ?? 1) || 0), 0);
  return Math.round(sum * 100) / 100;
}

/** Line items of document `key`: 1 to 4 items of the organization. */
export function lineItems(g: InvGen, rng: Rng, key: number): StoredRecord[] {
  const n = rng.int(1, 4);
  const items = g.size("items");
  return Array.from({ length: n }, (_, j) => {
    const rate = money(rng, 1, 900);
    const quantity = rng.int(1, 20);
    return {
      line_item_id: lineItemId(g.org, key, j),
      item_id: items > 0 ? g.ref("items", rng.int(0, items - 1)) : null,
      name: `${rng.pick(words.adjectives)} ${rng.pick(words.products)}`,
      rate,
      quantity,
      unit: rng.pick(["pcs", "box", "kg"]),
      item_order: j,
      item_total: Math.round(rate * quantity * 100) / 100,
    };
  });
}

/** The custom field values of a generated record. */
export function custom(rng: Rng, fields: readonly InvCustomField[]): StoredRecord[] {
  // Zoho lists the fields that have a value; some records leave a field empty.
  return fields
    .filter(() => rng.chance(0.85))
    .map((f) => ({
      customfield_id: f.customfield_id,
      api_name: f.api_name,
      label: f.label,
      data_type: f.data_type,
      value: rng.pick(f.values),
    }));
}

const cf = (
  id: number,
  api: string,
  label: string,
  data_type: InvCustomField["data_type"],
  values: InvCustomField["values"],
): InvCustomField => ({
  customfield_id: `460000000${String(id).padStart(6, "0")}`,
  api_name: api,
  label,
  data_type,
  values,
});

/** The custom fields of the organizations' resources. */
export const CUSTOM_FIELDS = {
  items: [
    cf(101, "cf_colour", "Colour", "string", ["Red", "Green", "Blue", "Black"]),
    cf(102, "cf_warranty_months", "Warranty months", "number", [0, 6, 12, 24]),
  ],
  contacts: [cf(201, "cf_segment", "Segment", "string", ["Retail", "Wholesale", "Online"])],
  salesorders: [
    cf(301, "cf_priority", "Priority", "string", ["Low", "Normal", "High"]),
    cf(302, "cf_gift_wrap", "Gift wrap", "check_box", [true, false]),
  ],
  invoices: [cf(401, "cf_cost_centre", "Cost centre", "string", ["North", "South"])],
} satisfies Record<string, readonly InvCustomField[]>;
