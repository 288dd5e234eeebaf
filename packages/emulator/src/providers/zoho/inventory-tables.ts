import { fakePerson, type Rng, recordTimes, words } from "../../core/data.js";
import type { FieldSpecs, StoredRecord } from "../../core/records/store.js";

// The emulator's own description of Zoho Inventory's resources (from the API reference, not
// from the connector): where each lives, its list and record keys, its id prefix, the fields a
// write may set, the list filters it takes and how its data set is generated.

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

const times = (rng: Rng, i: number, step = 3_600_000) => {
  const t = recordTimes(rng, i, step);
  return {
    created: t.created,
    created_time: invTime(t.created),
    last_modified_time: invTime(t.modified),
  };
};
const day = (ms: number) => invTime(ms).slice(0, 10);
const money = (rng: Rng, lo: number, hi: number) => rng.int(lo * 100, hi * 100) / 100;
const num = (n: number, width = 5) => String(n).padStart(width, "0");

const stamps: FieldSpecs = {
  created_time: { type: "datetime", readOnly: true },
  last_modified_time: { type: "datetime", readOnly: true },
};

/** Fields of documents with line items (sales orders, invoices, bills, …). */
const document: FieldSpecs = {
  date: { type: "date" },
  reference_number: { type: "string", nullable: true },
  line_items: { type: "json" },
  notes: { type: "string", nullable: true },
  custom_fields: { type: "json" },
  sub_total: { type: "decimal", readOnly: true },
  total: { type: "decimal", readOnly: true },
  currency_code: { type: "string", readOnly: true },
  ...stamps,
};

/** Filters of documents by date: `date_start`/`date_end` inclusive, `date_after`/`date_before` not. */
const byDate: readonly InvFilter[] = [
  { param: "date_start", field: "date", test: "gte" },
  { param: "date_end", field: "date", test: "lte" },
  { param: "date_after", field: "date", test: "gt" },
  { param: "date_before", field: "date", test: "lt" },
];

/** Line items of document `i`: 1 to 4 items of the organization. */
function lineItems(g: InvGen, rng: Rng, key: number): StoredRecord[] {
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

/** Line item ids: `60`, the organization's last 4 digits, the document key and the line. */
export function lineItemId(org: string, key: number, j: number): string {
  return `60${org.slice(-4)}${String(key * 10 + j).padStart(10, "0")}`;
}

/** The total of line items as Zoho computes it (rate × quantity, rounded to cents). */
export function linesTotal(lines: readonly StoredRecord[]): number {
  const sum = lines.reduce((t, l) => t + (Number(l.rate) || 0) * (Number(l.quantity ?? 1) || 0), 0);
  return Math.round(sum * 100) / 100;
}

function custom(rng: Rng, fields: readonly InvCustomField[]): StoredRecord[] {
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

const ITEM_CF = [
  cf(101, "cf_colour", "Colour", "string", ["Red", "Green", "Blue", "Black"]),
  cf(102, "cf_warranty_months", "Warranty months", "number", [0, 6, 12, 24]),
];
const CONTACT_CF = [cf(201, "cf_segment", "Segment", "string", ["Retail", "Wholesale", "Online"])];
const ORDER_CF = [
  cf(301, "cf_priority", "Priority", "string", ["Low", "Normal", "High"]),
  cf(302, "cf_gift_wrap", "Gift wrap", "check_box", [true, false]),
];
const INVOICE_CF = [cf(401, "cf_cost_centre", "Cost centre", "string", ["North", "South"])];

/** A document with line items: number, party, date, status and totals. */
function doc(
  g: InvGen,
  table: string,
  i: number,
  spec: {
    number: [string, string];
    party: "customer" | "vendor";
    statuses: readonly string[];
    custom?: readonly InvCustomField[];
  },
): StoredRecord {
  const rng = g.rng(table, i);
  const t = times(rng, i);
  const p = fakePerson(rng, i);
  const lines = lineItems(g, rng, i + 1);
  const total = linesTotal(lines);
  const contacts = g.size("contacts");
  const party = contacts > 0 ? g.ref("contacts", rng.int(0, contacts - 1)) : null;
  return {
    [spec.number[0]]: `${spec.number[1]}-${num(i + 1)}`,
    date: day(t.created),
    status: rng.pick(spec.statuses),
    [`${spec.party}_id`]: party,
    [`${spec.party}_name`]: p.company,
    reference_number: rng.chance(0.7) ? `REF-${rng.int(10000, 99999)}` : null,
    line_items: lines,
    notes: null,
    sub_total: total,
    total,
    currency_code: rng.pick(["EUR", "USD", "GBP"]),
    ...(spec.custom ? { custom_fields: custom(rng, spec.custom) } : {}),
    created_time: t.created_time,
    last_modified_time: t.last_modified_time,
  };
}

const DOC_STATUS = {
  salesorders: ["draft", "confirmed", "fulfilled", "void"],
  invoices: ["draft", "sent", "overdue", "paid", "void", "partially_paid"],
  purchaseorders: ["draft", "open", "billed", "cancelled"],
  bills: ["draft", "open", "overdue", "paid", "void", "partially_paid"],
  creditnotes: ["draft", "open", "closed", "void"],
} as const;

const statusFilter = (field = "status"): InvFilter => ({ param: "status", field, test: "eq" });

/** The resources, by table name. */
export const INV_TABLES: Readonly<Record<string, InvTable>> = {
  items: {
    path: "items",
    list: "items",
    one: "item",
    key: "item_id",
    prefix: "46",
    scope: "items",
    dataset: "items",
    fallback: 250,
    label: "Item",
    fields: {
      name: { type: "string", required: true },
      rate: { type: "decimal", required: true },
      sku: { type: "string", nullable: true },
      description: { type: "string", nullable: true },
      purchase_rate: { type: "decimal", nullable: true },
      unit: { type: "string", nullable: true },
      item_type: { type: "string" },
      product_type: { type: "enum", values: ["goods", "service"] },
      custom_fields: { type: "json" },
      status: { type: "string", readOnly: true },
      stock_on_hand: { type: "decimal", readOnly: true },
      available_stock: { type: "decimal", readOnly: true },
      ...stamps,
    },
    writes: ["create", "update", "delete"],
    defaults: () => ({
      status: "active",
      item_type: "inventory",
      product_type: "goods",
      stock_on_hand: 0,
      available_stock: 0,
    }),
    filters: [
      { param: "status", field: "status", test: "eq" },
      { param: "filter_by", field: "status", test: "status" },
      { param: "name_startswith", field: "name", test: "startswith" },
      { param: "name_contains", field: "name", test: "contains" },
      { param: "rate_less_than", field: "rate", test: "lt", kind: "number" },
      { param: "rate_less_equals", field: "rate", test: "lte", kind: "number" },
      { param: "rate_greater_than", field: "rate", test: "gt", kind: "number" },
      { param: "rate_greater_equals", field: "rate", test: "gte", kind: "number" },
      // "Modified after the given time": strictly after.
      { param: "last_modified_time", field: "last_modified_time", test: "gt", kind: "time" },
    ],
    sorts: [
      "name",
      "sku",
      "rate",
      "purchase_rate",
      "created_time",
      "last_modified_time",
      "stock_on_hand",
    ],
    custom: ITEM_CF,
    generate(g, i) {
      const rng = g.rng("items", i);
      const t = times(rng, i);
      const name = `${rng.pick(words.adjectives)} ${rng.pick(words.products)} ${String.fromCharCode(65 + (i % 26))}${i}`;
      const stock = rng.int(0, 900);
      const rate = rng.int(100, 90_000) / 100;
      return {
        name,
        sku: `SKU-${num(i + 1, 6)}`,
        status: rng.chance(0.9) ? "active" : "inactive",
        description: `${name} for ${rng.pick(words.industries).toLowerCase()}`,
        rate,
        purchase_rate: Math.round(rate * 60) / 100,
        unit: rng.pick(["pcs", "box", "kg", "m"]),
        item_type: "inventory",
        product_type: "goods",
        stock_on_hand: stock,
        available_stock: Math.max(0, stock - rng.int(0, 20)),
        custom_fields: custom(rng, ITEM_CF),
        created_time: t.created_time,
        last_modified_time: t.last_modified_time,
      };
    },
  },
  itemgroups: {
    path: "itemgroups",
    list: "itemgroups",
    one: "item_group",
    key: "group_id",
    prefix: "49",
    scope: "items",
    dataset: "itemgroups",
    fallback: 40,
    label: "Item group",
    fields: {
      group_name: { type: "string", required: true },
      unit: { type: "string", required: true },
      brand: { type: "string", nullable: true },
      manufacturer: { type: "string", nullable: true },
      description: { type: "string", nullable: true },
      status: { type: "string", readOnly: true },
      ...stamps,
    },
    writes: ["create", "update", "delete"],
    defaults: () => ({ status: "active" }),
    generate(g, i) {
      const rng = g.rng("itemgroups", i);
      const t = times(rng, i, 86_400_000);
      return {
        group_name: `${rng.pick(words.products)} range ${i + 1}`,
        unit: rng.pick(["pcs", "box"]),
        brand: rng.chance(0.6) ? rng.pick(words.companyStems) : null,
        manufacturer: rng.chance(0.5) ? rng.pick(words.companyStems) : null,
        description: null,
        status: rng.chance(0.9) ? "active" : "inactive",
        created_time: t.created_time,
        last_modified_time: t.last_modified_time,
      };
    },
  },
  contacts: {
    path: "contacts",
    list: "contacts",
    one: "contact",
    key: "contact_id",
    prefix: "48",
    scope: "contacts",
    dataset: "inventoryContacts",
    fallback: 120,
    label: "Contact",
    fields: {
      contact_name: { type: "string", required: true },
      company_name: { type: "string", nullable: true },
      contact_type: { type: "enum", values: ["customer", "vendor"] },
      email: { type: "string", nullable: true },
      phone: { type: "string", nullable: true },
      currency_code: { type: "string", nullable: true },
      custom_fields: { type: "json" },
      status: { type: "string", readOnly: true },
      outstanding_receivable_amount: { type: "decimal", readOnly: true },
      ...stamps,
    },
    writes: ["create", "update", "delete"],
    defaults: () => ({
      contact_type: "customer",
      status: "active",
      outstanding_receivable_amount: 0,
    }),
    filters: [
      { param: "filter_by", field: "status", test: "status" },
      { param: "contact_name_startswith", field: "contact_name", test: "startswith" },
      { param: "contact_name_contains", field: "contact_name", test: "contains" },
    ],
    custom: CONTACT_CF,
    generate(g, i) {
      const rng = g.rng("contacts", i);
      const t = times(rng, i);
      const p = fakePerson(rng, i);
      return {
        contact_name: p.fullName,
        company_name: p.company,
        contact_type: rng.chance(0.8) ? "customer" : "vendor",
        status: rng.chance(0.95) ? "active" : "inactive",
        email: p.email,
        phone: p.phone,
        currency_code: rng.pick(["EUR", "USD", "GBP"]),
        outstanding_receivable_amount: rng.int(0, 500_000) / 100,
        custom_fields: custom(rng, CONTACT_CF),
        created_time: t.created_time,
        last_modified_time: t.last_modified_time,
      };
    },
  },
  contactpersons: {
    path: "contacts/contactpersons",
    list: "contact_persons",
    one: "contact_person",
    key: "contact_person_id",
    prefix: "50",
    scope: "contacts",
    dataset: "contactPersons",
    fallback: 200,
    label: "Contact person",
    fields: {
      contact_id: { type: "string", required: true },
      first_name: { type: "string", nullable: true },
      last_name: { type: "string", required: true },
      email: { type: "string", nullable: true },
      phone: { type: "string", nullable: true },
      is_primary_contact: { type: "boolean", readOnly: true },
    },
    writes: ["create", "update", "delete"],
    defaults: () => ({ is_primary_contact: false }),
    refs: { contact_id: "contacts" },
    parent: { table: "contacts", field: "contact_id" },
    generate(g, i) {
      const rng = g.rng("contactpersons", i);
      const p = fakePerson(rng, i);
      const contacts = g.size("contacts");
      return {
        contact_id: contacts > 0 ? g.ref("contacts", i % contacts) : null,
        first_name: p.firstName,
        last_name: p.lastName,
        email: p.email,
        phone: p.phone,
        is_primary_contact: contacts > 0 && i < contacts,
      };
    },
  },
  salesorders: {
    path: "salesorders",
    list: "salesorders",
    one: "salesorder",
    key: "salesorder_id",
    prefix: "47",
    scope: "salesorders",
    dataset: "salesorders",
    fallback: 300,
    label: "Sales Order",
    fields: {
      ...document,
      customer_id: { type: "string", required: true },
      shipment_date: { type: "date", nullable: true },
      salesorder_number: { type: "string", readOnly: true },
      customer_name: { type: "string", readOnly: true },
      status: { type: "string", readOnly: true },
    },
    writes: ["create", "update", "delete"],
    defaults: (n) => ({ status: "draft", salesorder_number: `SO-${num(n)}` }),
    refs: { customer_id: "contacts" },
    filters: [
      statusFilter(),
      { param: "customer_id", field: "customer_id", test: "eq" },
      ...byDate,
    ],
    lines: true,
    packages: true,
    custom: ORDER_CF,
    generate(g, i) {
      const rec = doc(g, "salesorders", i, {
        number: ["salesorder_number", "SO"],
        party: "customer",
        statuses: DOC_STATUS.salesorders,
        custom: ORDER_CF,
      });
      const rng = g.rng("salesorders-ship", i);
      return {
        ...rec,
        shipment_date: day(Date.parse(`${rec.date}T00:00:00Z`) + rng.int(1, 14) * 86_400_000),
      };
    },
  },
  invoices: {
    path: "invoices",
    list: "invoices",
    one: "invoice",
    key: "invoice_id",
    prefix: "51",
    scope: "invoices",
    dataset: "invoices",
    fallback: 200,
    label: "Invoice",
    fields: {
      ...document,
      customer_id: { type: "string", required: true },
      due_date: { type: "date", nullable: true },
      invoice_number: { type: "string", readOnly: true },
      customer_name: { type: "string", readOnly: true },
      status: { type: "string", readOnly: true },
      balance: { type: "decimal", readOnly: true },
    },
    writes: ["create", "update", "delete"],
    defaults: (n) => ({ status: "draft", invoice_number: `INV-${num(n)}` }),
    refs: { customer_id: "contacts" },
    filters: [
      statusFilter(),
      { param: "customer_id", field: "customer_id", test: "eq" },
      ...byDate,
    ],
    lines: true,
    sorts: [
      "customer_name",
      "invoice_number",
      "date",
      "due_date",
      "total",
      "balance",
      "created_time",
    ],
    custom: INVOICE_CF,
    generate(g, i) {
      const rec = doc(g, "invoices", i, {
        number: ["invoice_number", "INV"],
        party: "customer",
        statuses: DOC_STATUS.invoices,
        custom: INVOICE_CF,
      });
      const paid = rec.status === "paid" ? (rec.total as number) : 0;
      return {
        ...rec,
        due_date: day(Date.parse(`${rec.date}T00:00:00Z`) + 30 * 86_400_000),
        balance: Math.round(((rec.total as number) - paid) * 100) / 100,
      };
    },
  },
  purchaseorders: {
    path: "purchaseorders",
    list: "purchaseorders",
    one: "purchaseorder",
    key: "purchaseorder_id",
    prefix: "52",
    scope: "purchaseorders",
    dataset: "purchaseorders",
    fallback: 120,
    label: "Purchase Order",
    fields: {
      ...document,
      vendor_id: { type: "string", required: true },
      delivery_date: { type: "date", nullable: true },
      purchaseorder_number: { type: "string", readOnly: true },
      vendor_name: { type: "string", readOnly: true },
      status: { type: "string", readOnly: true },
    },
    writes: ["create", "update", "delete"],
    defaults: (n) => ({ status: "draft", purchaseorder_number: `PO-${num(n)}` }),
    refs: { vendor_id: "contacts" },
    filters: [statusFilter(), { param: "vendor_id", field: "vendor_id", test: "eq" }, ...byDate],
    lines: true,
    generate(g, i) {
      const rec = doc(g, "purchaseorders", i, {
        number: ["purchaseorder_number", "PO"],
        party: "vendor",
        statuses: DOC_STATUS.purchaseorders,
      });
      return { ...rec, delivery_date: null };
    },
  },
  bills: {
    path: "bills",
    list: "bills",
    one: "bill",
    key: "bill_id",
    prefix: "53",
    scope: "bills",
    dataset: "bills",
    fallback: 120,
    label: "Bill",
    fields: {
      ...document,
      vendor_id: { type: "string", required: true },
      bill_number: { type: "string", required: true },
      due_date: { type: "date", nullable: true },
      vendor_name: { type: "string", readOnly: true },
      status: { type: "string", readOnly: true },
      balance: { type: "decimal", readOnly: true },
    },
    writes: ["create", "update", "delete"],
    defaults: () => ({ status: "open" }),
    refs: { vendor_id: "contacts" },
    filters: [statusFilter(), { param: "vendor_id", field: "vendor_id", test: "eq" }, ...byDate],
    lines: true,
    generate(g, i) {
      const rec = doc(g, "bills", i, {
        number: ["bill_number", "BILL"],
        party: "vendor",
        statuses: DOC_STATUS.bills,
      });
      return {
        ...rec,
        due_date: day(Date.parse(`${rec.date}T00:00:00Z`) + 30 * 86_400_000),
        balance: rec.status === "paid" ? 0 : rec.total,
      };
    },
  },
  customerpayments: {
    path: "customerpayments",
    list: "customerpayments",
    one: "payment",
    key: "payment_id",
    prefix: "54",
    scope: "customerpayments",
    dataset: "customerpayments",
    fallback: 150,
    label: "Payment",
    fields: {
      customer_id: { type: "string", required: true },
      amount: { type: "decimal", required: true },
      date: { type: "date", required: true },
      payment_mode: { type: "string", required: true },
      reference_number: { type: "string", nullable: true },
      description: { type: "string", nullable: true },
      payment_number: { type: "string", readOnly: true },
      customer_name: { type: "string", readOnly: true },
      ...stamps,
    },
    writes: ["create", "update", "delete"],
    defaults: (n) => ({ payment_number: String(n) }),
    refs: { customer_id: "contacts" },
    filters: [{ param: "customer_id", field: "customer_id", test: "eq" }, ...byDate],
    generate(g, i) {
      const rng = g.rng("customerpayments", i);
      const t = times(rng, i);
      const contacts = g.size("contacts");
      return {
        payment_number: String(i + 1),
        customer_id: contacts > 0 ? g.ref("contacts", rng.int(0, contacts - 1)) : null,
        customer_name: fakePerson(rng, i).company,
        amount: money(rng, 10, 5000),
        date: day(t.created),
        payment_mode: rng.pick(["cash", "check", "banktransfer", "creditcard"]),
        reference_number: rng.chance(0.5) ? `PAY-${rng.int(1000, 9999)}` : null,
        description: null,
        created_time: t.created_time,
        last_modified_time: t.last_modified_time,
      };
    },
  },
  creditnotes: {
    path: "creditnotes",
    list: "creditnotes",
    one: "creditnote",
    key: "creditnote_id",
    prefix: "55",
    scope: "creditnotes",
    dataset: "creditnotes",
    fallback: 60,
    label: "Credit note",
    fields: {
      ...document,
      customer_id: { type: "string", required: true },
      creditnote_number: { type: "string", readOnly: true },
      customer_name: { type: "string", readOnly: true },
      status: { type: "string", readOnly: true },
      balance: { type: "decimal", readOnly: true },
    },
    writes: ["create", "update", "delete"],
    defaults: (n) => ({ status: "open", creditnote_number: `CN-${num(n)}` }),
    refs: { customer_id: "contacts" },
    filters: [
      statusFilter(),
      { param: "customer_id", field: "customer_id", test: "eq" },
      ...byDate,
    ],
    lines: true,
    generate(g, i) {
      const rec = doc(g, "creditnotes", i, {
        number: ["creditnote_number", "CN"],
        party: "customer",
        statuses: DOC_STATUS.creditnotes,
      });
      return { ...rec, balance: rec.status === "closed" ? 0 : rec.total };
    },
  },
  packages: {
    path: "packages",
    list: "packages",
    one: "package",
    key: "package_id",
    prefix: "56",
    scope: "packages",
    dataset: "packages",
    fallback: 80,
    label: "Package",
    fields: {
      salesorder_id: { type: "string", required: true },
      date: { type: "date", required: true },
      package_number: { type: "string", nullable: true },
      notes: { type: "string", nullable: true },
      line_items: { type: "json" },
      status: { type: "string", readOnly: true },
      customer_id: { type: "string", readOnly: true },
      salesorder_number: { type: "string", readOnly: true },
      ...stamps,
    },
    writes: ["create", "update", "delete"],
    defaults: (n) => ({ status: "not_shipped", package_number: `PKG-${num(n)}` }),
    refs: { salesorder_id: "salesorders" },
    query: ["salesorder_id"],
    generate(g, i) {
      const rng = g.rng("packages", i);
      const t = times(rng, i);
      const orders = g.size("salesorders");
      const order = orders > 0 ? rng.int(0, orders - 1) : -1;
      return {
        package_number: `PKG-${num(i + 1)}`,
        salesorder_id: order >= 0 ? g.ref("salesorders", order) : null,
        salesorder_number: order >= 0 ? `SO-${num(order + 1)}` : null,
        customer_id: null,
        date: day(t.created),
        status: rng.pick(["not_shipped", "shipped", "delivered"]),
        notes: null,
        created_time: t.created_time,
        last_modified_time: t.last_modified_time,
      };
    },
  },
  shipments: {
    path: "shipmentorders",
    list: "shipmentorders",
    one: "shipment_order",
    key: "shipment_id",
    prefix: "57",
    scope: "shipmentorders",
    dataset: "shipments",
    fallback: 40,
    label: "Shipment Order",
    fields: {
      salesorder_id: { type: "string", required: true },
      package_ids: { type: "json", required: true },
      shipment_number: { type: "string", required: true },
      date: { type: "date", required: true },
      delivery_method: { type: "string", required: true },
      tracking_number: { type: "string", required: true },
      shipping_charge: { type: "decimal", nullable: true },
      notes: { type: "string", nullable: true },
      status: { type: "string", readOnly: true },
      carrier: { type: "string", readOnly: true },
      ...stamps,
    },
    writes: ["create", "update", "delete"],
    defaults: () => ({ status: "shipped" }),
    refs: { salesorder_id: "salesorders" },
    query: ["salesorder_id", "package_ids"],
    unlisted: true,
    generate(g, i) {
      const rng = g.rng("shipments", i);
      const t = times(rng, i);
      const packages = g.size("packages");
      // Shipment i ships package i (of that package's sales order).
      const pkg = packages > 0 ? i % packages : -1;
      const order =
        pkg >= 0 ? (INV_TABLES.packages as InvTable).generate(g, pkg).salesorder_id : null;
      const method = rng.pick(["FedEx", "UPS", "DHL", "Courier"]);
      return {
        shipment_number: `SH-${num(i + 1)}`,
        salesorder_id: order,
        package_ids: pkg >= 0 ? [g.ref("packages", pkg)] : [],
        date: day(t.created),
        status: rng.pick(["shipped", "delivered"]),
        delivery_method: method,
        carrier: method,
        tracking_number: `TRK${rng.int(100000, 999999)}`,
        shipping_charge: null,
        notes: null,
        created_time: t.created_time,
        last_modified_time: t.last_modified_time,
      };
    },
  },
  salesreturns: {
    path: "salesreturns",
    list: "salesreturns",
    one: "salesreturn",
    key: "salesreturn_id",
    prefix: "58",
    scope: "salesreturns",
    dataset: "salesreturns",
    fallback: 40,
    label: "Sales return",
    fields: {
      salesorder_id: { type: "string", required: true },
      date: { type: "date", required: true },
      reason: { type: "string", nullable: true },
      line_items: { type: "json" },
      salesreturn_number: { type: "string", readOnly: true },
      salesreturn_status: { type: "string", readOnly: true },
      ...stamps,
    },
    writes: ["create", "update", "delete"],
    defaults: (n) => ({ salesreturn_status: "pending", salesreturn_number: `RMA-${num(n)}` }),
    refs: { salesorder_id: "salesorders" },
    query: ["salesorder_id"],
    generate(g, i) {
      const rng = g.rng("salesreturns", i);
      const t = times(rng, i);
      const orders = g.size("salesorders");
      return {
        salesreturn_number: `RMA-${num(i + 1)}`,
        salesorder_id: orders > 0 ? g.ref("salesorders", rng.int(0, orders - 1)) : null,
        date: day(t.created),
        reason: rng.pick(["Damaged", "Wrong item", null]),
        salesreturn_status: rng.pick(["pending", "approved", "received"]),
        created_time: t.created_time,
        last_modified_time: t.last_modified_time,
      };
    },
  },
  locations: {
    path: "locations",
    list: "locations",
    one: "location",
    key: "location_id",
    prefix: "59",
    scope: "settings",
    dataset: "locations",
    fallback: 4,
    label: "Location",
    fields: {
      location_name: { type: "string", required: true },
      type: { type: "enum", values: ["general", "line_item_only"] },
      email: { type: "string", nullable: true },
      phone: { type: "string", nullable: true },
      is_primary: { type: "boolean", readOnly: true },
      status: { type: "string", readOnly: true },
    },
    writes: ["create", "update", "delete"],
    defaults: () => ({ type: "general", is_primary: false, status: "active" }),
    generate(g, i) {
      const rng = g.rng("locations", i);
      const [city] = rng.pick(words.cities);
      return {
        location_name: `${city} warehouse`,
        type: "general",
        email: null,
        phone: null,
        is_primary: i === 0,
        status: "active",
      };
    },
  },
  warehouses: {
    path: "settings/warehouses",
    list: "warehouses",
    one: "warehouse",
    key: "warehouse_id",
    prefix: "64",
    scope: "settings",
    dataset: "warehouses",
    fallback: 3,
    label: "Warehouse",
    fields: {
      warehouse_name: { type: "string", required: true },
      attention: { type: "string", nullable: true },
      address: { type: "string", nullable: true },
      city: { type: "string", nullable: true },
      country: { type: "string", nullable: true },
      zip: { type: "string", nullable: true },
      phone: { type: "string", nullable: true },
      email: { type: "string", nullable: true },
      is_primary: { type: "boolean", readOnly: true },
      status: { type: "string", readOnly: true },
    },
    writes: ["create", "update", "delete"],
    defaults: () => ({ is_primary: false, status: "active" }),
    generate(g, i) {
      const rng = g.rng("warehouses", i);
      const [city, country] = rng.pick(words.cities);
      return {
        warehouse_name: `${city} ${i + 1}`,
        attention: null,
        address: `${rng.int(1, 250)} ${rng.pick(words.streets)}`,
        city,
        country,
        zip: String(rng.int(10000, 99999)),
        phone: null,
        email: null,
        is_primary: i === 0,
        status: "active",
      };
    },
  },
  pricebooks: {
    path: "pricebooks",
    list: "pricebooks",
    one: "pricebook",
    key: "pricebook_id",
    prefix: "61",
    scope: "settings",
    dataset: "pricebooks",
    fallback: 6,
    label: "Price list",
    fields: {
      name: { type: "string", required: true },
      pricebook_type: { type: "enum", values: ["fixed_percentage", "per_item"], required: true },
      is_increase: { type: "boolean" },
      percentage: { type: "decimal", nullable: true },
      currency_id: { type: "string", nullable: true },
      description: { type: "string", nullable: true },
      status: { type: "string", readOnly: true },
    },
    writes: ["create", "update", "delete"],
    defaults: () => ({ status: "active", is_increase: true }),
    generate(g, i) {
      const rng = g.rng("pricebooks", i);
      return {
        name: `${rng.pick(["Retail", "Wholesale", "Partner", "Export"])} ${i + 1}`,
        pricebook_type: "fixed_percentage",
        is_increase: rng.chance(0.5),
        percentage: rng.int(1, 30),
        currency_id: null,
        description: null,
        status: "active",
      };
    },
  },
  taxes: {
    path: "settings/taxes",
    list: "taxes",
    one: "tax",
    key: "tax_id",
    prefix: "62",
    scope: "settings",
    dataset: "taxes",
    fallback: 5,
    label: "Tax",
    fields: {
      tax_name: { type: "string", required: true },
      tax_percentage: { type: "decimal", required: true },
      tax_type: { type: "enum", values: ["tax", "compound_tax"] },
      is_default_tax: { type: "boolean", readOnly: true },
    },
    writes: ["create", "update", "delete"],
    defaults: () => ({ tax_type: "tax", is_default_tax: false }),
    generate(_g, i) {
      const rates = [19, 7, 0, 20, 5];
      return {
        tax_name: `VAT ${rates[i % rates.length]}% (${i + 1})`,
        tax_percentage: rates[i % rates.length],
        tax_type: "tax",
        is_default_tax: i === 0,
      };
    },
  },
  users: {
    path: "users",
    list: "users",
    one: "user",
    key: "user_id",
    prefix: "63",
    scope: "users",
    dataset: "users",
    fallback: 8,
    label: "User",
    fields: {
      name: { type: "string", required: true },
      email: { type: "string", required: true },
      user_role: { type: "enum", values: ["admin", "staff", "timesheetstaff"] },
      status: { type: "string", readOnly: true },
    },
    writes: ["create", "update", "delete"],
    defaults: () => ({ user_role: "staff", status: "invited" }),
    generate(g, i) {
      const rng = g.rng("users", i);
      const p = fakePerson(rng, i);
      return {
        name: p.fullName,
        email: p.email,
        user_role: i === 0 ? "admin" : "staff",
        status: rng.chance(0.9) ? "active" : "inactive",
      };
    },
  },
};

/** The table a document's line items belong to, by the document's key field. */
export const LINE_TABLES = Object.entries(INV_TABLES).filter(([, t]) => t.lines);
