import { CATALOG_TABLES } from "./inventory-catalog.js";
import { DOCUMENT_TABLES } from "./inventory-documents.js";
import { FULFILMENT_TABLES } from "./inventory-fulfilment.js";
import type { InvTable } from "./inventory-model.js";
import { SETTINGS_TABLES } from "./inventory-settings.js";

// The emulator's own description of Zoho Inventory's resources (from the API reference, not
// from the connector): where each lives, its list and record keys, its id prefix, the fields a
// write may set, the list filters it takes and how its data set is generated. Each group lives
// in its own module; the order below is the order routes are tried in.

export {
  type InvCustomField,
  type InvFilter,
  type InvGen,
  type InvTable,
  invTime,
  lineItemId,
  linesTotal,
} from "./inventory-model.js";

const { items, itemgroups, contacts, contactpersons } = CATALOG_TABLES;
const { salesorders, invoices, purchaseorders, bills, creditnotes } = DOCUMENT_TABLES;
const { customerpayments, packages, shipments, salesreturns } = FULFILMENT_TABLES;

/** The resources, by table name. */
export const INV_TABLES = {
  items,
  itemgroups,
  contacts,
  contactpersons,
  salesorders,
  invoices,
  purchaseorders,
  bills,
  customerpayments,
  creditnotes,
  packages,
  shipments,
  salesreturns,
  ...SETTINGS_TABLES,
} as Readonly<Record<string, InvTable>>;

/** The table a document's line items belong to, by the document's key field. */
export const LINE_TABLES = Object.entries(INV_TABLES).filter(([, t]) => t.lines);
