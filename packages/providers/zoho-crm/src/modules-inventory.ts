import { defineTable } from "@x/connector-kit";
import {
  common,
  date,
  decimal,
  flag,
  integer,
  lineItems,
  lookupOf,
  readOnlyDecimal,
  required,
  text,
} from "./columns.js";
import { moduleTable } from "./module-table.js";
import type { Page } from "./paging.js";

/** Products. */
export const Products = moduleTable(
  "Products",
  "Products (`/crm/{Schema}/Products`).",
  {
    ...common,
    Product_Name: required,
    Product_Code: text,
    Product_Active: flag,
    Product_Category: text,
    Manufacturer: text,
    Unit_Price: decimal,
    Qty_in_Stock: decimal,
    Vendor_Name: lookupOf("Vendors"),
    Description: text,
  },
  ["Product_Name", "Product_Code", "Product_Category", "Manufacturer"],
);

const totals = {
  Sub_Total: readOnlyDecimal,
  Grand_Total: readOnlyDecimal,
  Description: text,
} as const;

/** Quotes; their line items are `Quotes_Line_Items`. */
export const Quotes = moduleTable(
  "Quotes",
  "Quotes (`/crm/{Schema}/Quotes`); line items in `Quotes_Line_Items`.",
  {
    ...common,
    Subject: required,
    Quote_Stage: text,
    Valid_Till: date,
    Account_Name: { ...lookupOf("Accounts"), required: true, nullable: false },
    Deal_Name: lookupOf("Deals"),
    Quoted_Items: lineItems("Quotes_Line_Items"),
    ...totals,
  },
  ["Subject", "Quote_Stage"],
);

/** Sales orders; their line items are `Sales_Orders_Line_Items`. */
export const Sales_Orders = moduleTable(
  "Sales_Orders",
  "Sales orders (`/crm/{Schema}/Sales_Orders`); line items in `Sales_Orders_Line_Items`.",
  {
    ...common,
    Subject: required,
    Status: text,
    Due_Date: date,
    Account_Name: { ...lookupOf("Accounts"), required: true, nullable: false },
    Deal_Name: lookupOf("Deals"),
    Ordered_Items: lineItems("Sales_Orders_Line_Items"),
    ...totals,
  },
  ["Subject", "Status"],
);

/** Purchase orders; their line items are `Purchase_Orders_Line_Items`. */
export const Purchase_Orders = moduleTable(
  "Purchase_Orders",
  "Purchase orders (`/crm/{Schema}/Purchase_Orders`); line items in `Purchase_Orders_Line_Items`.",
  {
    ...common,
    Subject: required,
    Status: text,
    PO_Date: date,
    Tracking_Number: text,
    Vendor_Name: { ...lookupOf("Vendors"), required: true, nullable: false },
    Ordered_Items: lineItems("Purchase_Orders_Line_Items"),
    ...totals,
  },
  ["Subject", "Status", "Tracking_Number"],
);

/** Invoices; their line items are `Invoices_Line_Items`. */
export const Invoices = moduleTable(
  "Invoices",
  "Invoices (`/crm/{Schema}/Invoices`); line items in `Invoices_Line_Items`.",
  {
    ...common,
    Subject: required,
    Status: text,
    Invoice_Date: date,
    Due_Date: date,
    Account_Name: { ...lookupOf("Accounts"), required: true, nullable: false },
    Sales_Order: lookupOf("Sales_Orders"),
    Invoiced_Items: lineItems("Invoices_Line_Items"),
    ...totals,
  },
  ["Subject", "Status"],
);

/** Vendors. */
export const Vendors = moduleTable(
  "Vendors",
  "Vendors (`/crm/{Schema}/Vendors`).",
  {
    ...common,
    Vendor_Name: required,
    Email: text,
    Phone: text,
    Website: text,
    Category: text,
    GL_Account: text,
    City: text,
    Country: text,
    Description: text,
  },
  ["Vendor_Name", "Email", "Category", "City"],
);

/** Price books. */
export const Price_Books = moduleTable(
  "Price_Books",
  "Price books (`/crm/{Schema}/Price_Books`).",
  {
    ...common,
    Price_Book_Name: required,
    Active: flag,
    Pricing_Model: text,
    Description: text,
  },
  ["Price_Book_Name", "Pricing_Model"],
);

/** A listing of one record's line items: `where: { Parent_Id }` reads the parent record. */
function lineItemTable(module: string, field: string) {
  return defineTable({
    name: `${module}_Line_Items`,
    description: `Line items of ${module} (the \`${field}\` of one record, read with it).`,
    key: "id",
    columns: {
      id: { type: "string", readOnly: true, description: "Line item id" },
      Parent_Id: { type: "reference", references: module, readOnly: true },
      Product_Name: { ...lookupOf("Products"), readOnly: true },
      Product_Description: { ...text, readOnly: true },
      Quantity: readOnlyDecimal,
      List_Price: readOnlyDecimal,
      Discount: readOnlyDecimal,
      Tax: readOnlyDecimal,
      Total: readOnlyDecimal,
      Net_Total: readOnlyDecimal,
      Sequence_Number: { ...integer, readOnly: true },
    },
    parent: { table: module, column: "Parent_Id" },
    list: {
      request: { path: module },
      pagination: {
        items: (body) => {
          const record = (body as Page | null)?.data?.[0];
          const items = (record?.[field] ?? []) as Record<string, unknown>[];
          return items.map((item) => ({ ...item, Parent_Id: String(record?.id) }));
        },
        next: () => undefined,
      },
    },
    filters: {
      Parent_Id: { eq: (value, request) => ({ ...request, path: `${module}/${String(value)}` }) },
    },
  });
}

export const Quotes_Line_Items = lineItemTable("Quotes", "Quoted_Items");
export const Sales_Orders_Line_Items = lineItemTable("Sales_Orders", "Ordered_Items");
export const Purchase_Orders_Line_Items = lineItemTable("Purchase_Orders", "Ordered_Items");
export const Invoices_Line_Items = lineItemTable("Invoices", "Invoiced_Items");
