import { fakePerson } from "../../core/data.js";
import type { FieldSpecs, StoredRecord } from "../../core/records/store.js";
import {
  CUSTOM_FIELDS,
  custom,
  day,
  type InvCustomField,
  type InvFilter,
  type InvGen,
  type InvTable,
  lineItems,
  linesTotal,
  num,
  resource,
  stamps,
  times,
} from "./inventory-model.js";

// Documents with line items (sales orders, invoices, purchase orders, bills, credit notes): one
// shape, told apart by the data below.

/** Fields every document has. */
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
export const byDate: readonly InvFilter[] = [
  { param: "date_start", field: "date", test: "gte" },
  { param: "date_end", field: "date", test: "lte" },
  { param: "date_after", field: "date", test: "gt" },
  { param: "date_before", field: "date", test: "lt" },
];

const readOnly = (type: "string" | "decimal") => ({ type, readOnly: true }) as const;

/** What sets one kind of document apart. */
interface DocSpec {
  one: string;
  key: string;
  prefix: string;
  fallback: number;
  label: string;
  /** Who the document is with: `customer_id`/`customer_name` or `vendor_id`/`vendor_name`. */
  party: "customer" | "vendor";
  /** The number field and its prefix (`SO-00001`); `numbered` when Zoho assigns it on create. */
  number: [string, string];
  numbered: boolean;
  statuses: readonly string[];
  /** Status of a created document. */
  initial: string;
  /** Fields after the party's id, in the order they are checked. */
  fields: FieldSpecs;
  sorts?: readonly string[];
  custom?: readonly InvCustomField[];
  packages?: boolean;
  /** Fields derived from the generated document (due dates, balances). */
  finish?: (g: InvGen, i: number, rec: StoredRecord) => StoredRecord;
}

/** A document with line items: number, party, date, status and totals. */
function doc(g: InvGen, table: string, i: number, spec: DocSpec): StoredRecord {
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

function documentTable(name: string, spec: DocSpec): InvTable {
  const partyId = `${spec.party}_id`;
  return resource(name, {
    one: spec.one,
    key: spec.key,
    prefix: spec.prefix,
    fallback: spec.fallback,
    label: spec.label,
    fields: { ...document, [partyId]: { type: "string", required: true }, ...spec.fields },
    defaults: (n) => ({
      status: spec.initial,
      ...(spec.numbered ? { [spec.number[0]]: `${spec.number[1]}-${num(n)}` } : {}),
    }),
    refs: { [partyId]: "contacts" },
    filters: [
      { param: "status", field: "status", test: "eq" },
      { param: partyId, field: partyId, test: "eq" },
      ...byDate,
    ],
    lines: true,
    ...(spec.packages ? { packages: true } : {}),
    ...(spec.sorts ? { sorts: spec.sorts } : {}),
    ...(spec.custom ? { custom: spec.custom } : {}),
    generate(g, i) {
      const rec = doc(g, name, i, spec);
      return spec.finish ? spec.finish(g, i, rec) : rec;
    },
  });
}

const dueIn30 = (rec: StoredRecord) => day(Date.parse(`${rec.date}T00:00:00Z`) + 30 * 86_400_000);

/** The documents, by table name. */
export const DOCUMENT_TABLES = {
  salesorders: documentTable("salesorders", {
    one: "salesorder",
    key: "salesorder_id",
    prefix: "47",
    fallback: 300,
    label: "Sales Order",
    party: "customer",
    number: ["salesorder_number", "SO"],
    numbered: true,
    statuses: ["draft", "confirmed", "fulfilled", "void"],
    initial: "draft",
    fields: {
      shipment_date: { type: "date", nullable: true },
      salesorder_number: readOnly("string"),
      customer_name: readOnly("string"),
      status: readOnly("string"),
    },
    packages: true,
    custom: CUSTOM_FIELDS.salesorders,
    finish(g, i, rec) {
      const rng = g.rng("salesorders-ship", i);
      return {
        ...rec,
        shipment_date: day(Date.parse(`${rec.date}T00:00:00Z`) + rng.int(1, 14) * 86_400_000),
      };
    },
  }),
  invoices: documentTable("invoices", {
    one: "invoice",
    key: "invoice_id",
    prefix: "51",
    fallback: 200,
    label: "Invoice",
    party: "customer",
    number: ["invoice_number", "INV"],
    numbered: true,
    statuses: ["draft", "sent", "overdue", "paid", "void", "partially_paid"],
    initial: "draft",
    fields: {
      due_date: { type: "date", nullable: true },
      invoice_number: readOnly("string"),
      customer_name: readOnly("string"),
      status: readOnly("string"),
      balance: readOnly("decimal"),
    },
    sorts: [
      "customer_name",
      "invoice_number",
      "date",
      "due_date",
      "total",
      "balance",
      "created_time",
    ],
    custom: CUSTOM_FIELDS.invoices,
    finish(_g, _i, rec) {
      const paid = rec.status === "paid" ? (rec.total as number) : 0;
      return {
        ...rec,
        due_date: dueIn30(rec),
        balance: Math.round(((rec.total as number) - paid) * 100) / 100,
      };
    },
  }),
  purchaseorders: documentTable("purchaseorders", {
    one: "purchaseorder",
    key: "purchaseorder_id",
    prefix: "52",
    fallback: 120,
    label: "Purchase Order",
    party: "vendor",
    number: ["purchaseorder_number", "PO"],
    numbered: true,
    statuses: ["draft", "open", "billed", "cancelled"],
    initial: "draft",
    fields: {
      delivery_date: { type: "date", nullable: true },
      purchaseorder_number: readOnly("string"),
      vendor_name: readOnly("string"),
      status: readOnly("string"),
    },
    finish: (_g, _i, rec) => ({ ...rec, delivery_date: null }),
  }),
  bills: documentTable("bills", {
    one: "bill",
    key: "bill_id",
    prefix: "53",
    fallback: 120,
    label: "Bill",
    party: "vendor",
    // The vendor's own number: sent by the caller, not assigned.
    number: ["bill_number", "BILL"],
    numbered: false,
    statuses: ["draft", "open", "overdue", "paid", "void", "partially_paid"],
    initial: "open",
    fields: {
      bill_number: { type: "string", required: true },
      due_date: { type: "date", nullable: true },
      vendor_name: readOnly("string"),
      status: readOnly("string"),
      balance: readOnly("decimal"),
    },
    finish: (_g, _i, rec) => ({
      ...rec,
      due_date: dueIn30(rec),
      balance: rec.status === "paid" ? 0 : rec.total,
    }),
  }),
  creditnotes: documentTable("creditnotes", {
    one: "creditnote",
    key: "creditnote_id",
    prefix: "55",
    fallback: 60,
    label: "Credit note",
    party: "customer",
    number: ["creditnote_number", "CN"],
    numbered: true,
    statuses: ["draft", "open", "closed", "void"],
    initial: "open",
    fields: {
      creditnote_number: readOnly("string"),
      customer_name: readOnly("string"),
      status: readOnly("string"),
      balance: readOnly("decimal"),
    },
    finish: (_g, _i, rec) => ({ ...rec, balance: rec.status === "closed" ? 0 : rec.total }),
  }),
} satisfies Record<string, InvTable>;
