import { fakePerson, isoOffset, type Rng, recordTimes, words } from "../../core/data.js";

/** A CRM module the emulator serves. */
export type CrmModule = "Leads" | "Contacts" | "Deals";

/** Module API names, and the data-set resource key each one uses. */
export const CRM_MODULES: Record<CrmModule, { resource: string; code: string; fallback: number }> =
  {
    Leads: { resource: "leads", code: "001", fallback: 2500 },
    Contacts: { resource: "contacts", code: "002", fallback: 300 },
    Deals: { resource: "deals", code: "003", fallback: 150 },
  };

/** The fields each module has (API names), in display order. */
export const CRM_FIELDS: Record<CrmModule, readonly string[]> = {
  Leads: [
    "First_Name",
    "Last_Name",
    "Full_Name",
    "Email",
    "Company",
    "Phone",
    "Mobile",
    "Lead_Source",
    "Lead_Status",
    "Industry",
    "Annual_Revenue",
    "No_of_Employees",
    "Street",
    "City",
    "Country",
    "Description",
    "Owner",
    "Created_Time",
    "Modified_Time",
  ],
  Contacts: [
    "First_Name",
    "Last_Name",
    "Full_Name",
    "Email",
    "Phone",
    "Title",
    "Department",
    "Account_Name",
    "Mailing_Street",
    "Mailing_City",
    "Mailing_Country",
    "Lead_Source",
    "Owner",
    "Created_Time",
    "Modified_Time",
  ],
  Deals: [
    "Deal_Name",
    "Amount",
    "Stage",
    "Probability",
    "Closing_Date",
    "Account_Name",
    "Contact_Name",
    "Lead_Source",
    "Type",
    "Description",
    "Owner",
    "Created_Time",
    "Modified_Time",
  ],
};

/** Emulated CRM user (record owner). */
export interface ZohoUserRef {
  id: string;
  name: string;
  email: string;
}

/** Record ids: 19 digits, module code + zero-padded index. */
export function crmId(module: CrmModule, i: number): string {
  return `5725767${CRM_MODULES[module].code}${String(i + 1).padStart(9, "0")}`;
}

export const SOURCES = [
  "Web Download",
  "Cold Call",
  "Advertisement",
  "Partner",
  "Trade Show",
  "Chat",
  "Seminar",
];
export const STATUSES = [
  "Not Contacted",
  "Attempted to Contact",
  "Contact in Future",
  "Contacted",
  "Junk Lead",
  "Qualified",
];
export const STAGES: [string, number][] = [
  ["Qualification", 10],
  ["Needs Analysis", 20],
  ["Value Proposition", 40],
  ["Proposal/Price Quote", 75],
  ["Negotiation/Review", 90],
  ["Closed Won", 100],
  ["Closed Lost", 0],
];
const TITLES = [
  "CEO",
  "CTO",
  "Head of Sales",
  "Purchasing Manager",
  "Engineer",
  "Analyst",
  "Director",
];
const DEPARTMENTS = ["Sales", "Engineering", "Finance", "Operations", "Marketing", "Procurement"];

/** The CRM time stamps step (10 min per record): record i is created around i*10 min after 2024-01-01. */
export const CRM_STEP_MS = 600_000;

/** Record `i` of a module; `rng` must be `core.rng("crm", module, i)`. */
export function crmRecord(
  module: CrmModule,
  i: number,
  rng: Rng,
  owner: ZohoUserRef,
): Record<string, unknown> {
  const p = fakePerson(rng, i);
  const t = recordTimes(rng, i, CRM_STEP_MS);
  const common = {
    Owner: { id: owner.id, name: owner.name, email: owner.email },
    Created_Time: isoOffset(t.created),
    Modified_Time: isoOffset(t.modified),
  };
  const accountName = {
    id: `5725767004${String((i % 997) + 1).padStart(9, "0")}`,
    name: p.company,
  };
  switch (module) {
    case "Leads":
      return {
        id: crmId(module, i),
        First_Name: p.firstName,
        Last_Name: p.lastName,
        Full_Name: p.fullName,
        Email: p.email,
        Company: p.company,
        Phone: p.phone,
        Mobile: rng.chance(0.5) ? p.phone.replace("555", "556") : null,
        Lead_Source: rng.pick(SOURCES),
        Lead_Status: rng.pick(STATUSES),
        Industry: rng.pick(words.industries),
        Annual_Revenue: rng.int(10, 5000) * 1000,
        No_of_Employees: rng.int(1, 5000),
        Street: p.street,
        City: p.city,
        Country: p.country,
        Description: rng.chance(0.3) ? `Met at ${rng.pick(SOURCES).toLowerCase()}.` : null,
        ...common,
      };
    case "Contacts":
      return {
        id: crmId(module, i),
        First_Name: p.firstName,
        Last_Name: p.lastName,
        Full_Name: p.fullName,
        Email: p.email,
        Phone: p.phone,
        Title: rng.pick(TITLES),
        Department: rng.pick(DEPARTMENTS),
        Account_Name: accountName,
        Mailing_Street: p.street,
        Mailing_City: p.city,
        Mailing_Country: p.country,
        Lead_Source: rng.pick(SOURCES),
        ...common,
      };
    case "Deals": {
      const [stage, probability] = rng.pick(STAGES);
      return {
        id: crmId(module, i),
        Deal_Name: `${p.company} – ${rng.pick(words.adjectives)} ${rng.pick(words.products)} deal`,
        Amount: rng.int(500, 250_000),
        Stage: stage,
        Probability: probability,
        Closing_Date: new Date(t.created + rng.int(7, 120) * 86_400_000).toISOString().slice(0, 10),
        Account_Name: accountName,
        Contact_Name: { id: crmId("Contacts", i), name: p.fullName },
        Lead_Source: rng.pick(SOURCES),
        Type: rng.pick(["New Business", "Existing Business"]),
        Description: null,
        ...common,
      };
    }
  }
}

/** Zoho Inventory timestamps: `2024-01-01T10:20:30+0000`. */
export function invTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "+0000");
}

/** Inventory resources and their data-set keys. */
export const INVENTORY_RESOURCES = {
  items: { resource: "items", fallback: 250, report: "Items" },
  salesorders: { resource: "salesorders", fallback: 300, report: "Sales Orders" },
  contacts: { resource: "inventoryContacts", fallback: 120, report: "Contacts" },
} as const;

/** An inventory resource path segment. */
export type InventoryResource = keyof typeof INVENTORY_RESOURCES;

/** Record `i` of an Inventory resource; `rng` must be `core.rng("inventory", org, resource, i)`. */
export function inventoryRecord(
  resource: InventoryResource,
  org: string,
  i: number,
  rng: Rng,
): Record<string, unknown> {
  const t = recordTimes(rng, i, 3_600_000);
  const idBase = `${org.slice(-4)}${String(i + 1).padStart(9, "0")}`;
  const times = { created_time: invTime(t.created), last_modified_time: invTime(t.modified) };
  switch (resource) {
    case "items": {
      const name = `${rng.pick(words.adjectives)} ${rng.pick(words.products)} ${String.fromCharCode(65 + (i % 26))}${i}`;
      const stock = rng.int(0, 900);
      const rate = rng.int(100, 90_000) / 100;
      return {
        item_id: `46${idBase}`,
        name,
        sku: `SKU-${String(i + 1).padStart(6, "0")}`,
        status: rng.chance(0.9) ? "active" : "inactive",
        description: `${name} for ${rng.pick(words.industries).toLowerCase()}`,
        rate,
        purchase_rate: Math.round(rate * 60) / 100,
        unit: rng.pick(["pcs", "box", "kg", "m"]),
        item_type: "inventory",
        product_type: "goods",
        stock_on_hand: stock,
        available_stock: Math.max(0, stock - rng.int(0, 20)),
        ...times,
      };
    }
    case "salesorders": {
      const p = fakePerson(rng, i);
      return {
        salesorder_id: `47${idBase}`,
        salesorder_number: `SO-${String(i + 1).padStart(5, "0")}`,
        date: invTime(t.created).slice(0, 10),
        shipment_date: invTime(t.created + rng.int(1, 14) * 86_400_000).slice(0, 10),
        status: rng.pick(["draft", "confirmed", "fulfilled", "void"]),
        customer_id: `48${org.slice(-4)}${String((i % 120) + 1).padStart(9, "0")}`,
        customer_name: p.company,
        reference_number: `PO-${rng.int(10000, 99999)}`,
        total: rng.int(1000, 2_000_000) / 100,
        currency_code: rng.pick(["EUR", "USD", "GBP"]),
        ...times,
      };
    }
    case "contacts": {
      const p = fakePerson(rng, i);
      return {
        contact_id: `48${idBase}`,
        contact_name: p.fullName,
        company_name: p.company,
        contact_type: rng.chance(0.8) ? "customer" : "vendor",
        status: rng.chance(0.95) ? "active" : "inactive",
        email: p.email,
        phone: p.phone,
        currency_code: rng.pick(["EUR", "USD", "GBP"]),
        outstanding_receivable_amount: rng.int(0, 500_000) / 100,
        ...times,
      };
    }
  }
}
