import { fakePerson, isoOffset, type Rng, recordTimes, words } from "../../core/data.js";
import { CRM_STEP_MS, crmRecord, SOURCES, STAGES, STATUSES, type ZohoUserRef } from "./records.js";

// The emulator's own description of Zoho CRM's modules: fields with Zoho's data types (as the
// metadata API names them), mandatory fields, line items, custom fields and one custom module.
// Record generation is driven by it; the metadata endpoints print it.

/** A field's data type, as `settings/fields` reports it. */
export type ZohoDataType =
  | "text"
  | "email"
  | "phone"
  | "website"
  | "textarea"
  | "picklist"
  | "integer"
  | "currency"
  | "double"
  | "boolean"
  | "date"
  | "datetime"
  | "lookup"
  | "ownerlookup"
  | "subform";

/** A field of a module. */
export interface CrmField {
  type: ZohoDataType;
  /** System-mandatory: an insert without it is `MANDATORY_NOT_FOUND`. */
  mandatory?: boolean;
  /** Set by Zoho; sent values are ignored. */
  readOnly?: boolean;
  /** A field the organization added (`custom_field: true`). */
  custom?: boolean;
  /** Picklist values. */
  values?: readonly string[];
  /** The module a lookup points at. */
  lookup?: string;
  /** The value of record `i` (default: made from the type). */
  gen?: (g: Gen) => unknown;
}

/** What a field generator gets: the record's random stream, index, person and times. */
export interface Gen {
  rng: Rng;
  i: number;
  person: ReturnType<typeof fakePerson>;
  created: number;
}

/** A module: its id code (ids are `5725767` + code + 9 digits), data set, fields. */
export interface CrmModuleSpec {
  code: string;
  /** The `datasets.zoho` key of its size, and the size without one. */
  resource: string;
  fallback: number;
  singular: string;
  fields: Readonly<Record<string, CrmField>>;
  /** Not searchable through `/search` (Zoho's search API does not cover it). */
  noSearch?: boolean;
  /** A module the organization created (`generated_type: "custom"`). */
  custom?: boolean;
  /** The subform holding line items (inventory modules). */
  lineItems?: string;
}

const system = {
  Owner: { type: "ownerlookup", readOnly: true },
  Created_Time: { type: "datetime", readOnly: true },
  Modified_Time: { type: "datetime", readOnly: true },
} as const satisfies Record<string, CrmField>;

const text: CrmField = { type: "text" };
const pick = (values: readonly string[], mandatory = false): CrmField => ({
  type: "picklist",
  values,
  ...(mandatory ? { mandatory } : {}),
});
const lookup = (module: string, mandatory = false): CrmField => ({
  type: "lookup",
  lookup: module,
  ...(mandatory ? { mandatory } : {}),
});
const name = (gen: (g: Gen) => string): CrmField => ({ type: "text", mandatory: true, gen });
const later = (days: number) => (g: Gen) =>
  new Date(g.created + g.rng.int(1, days) * 86_400_000).toISOString().slice(0, 10);
const money = (min: number, max: number): CrmField => ({
  type: "currency",
  gen: (g) => g.rng.int(min, max),
});

const TIERS = ["Gold", "Silver", "Bronze"];

/** Every module the emulator serves, by API name. */
export const MODULES: Readonly<Record<string, CrmModuleSpec>> = {
  Leads: {
    code: "001",
    resource: "leads",
    fallback: 2500,
    singular: "Lead",
    fields: {
      First_Name: text,
      Last_Name: { type: "text", mandatory: true },
      Full_Name: { type: "text", readOnly: true },
      Email: { type: "email" },
      Company: text,
      Phone: { type: "phone" },
      Mobile: { type: "phone" },
      Lead_Source: pick(SOURCES),
      Lead_Status: pick(STATUSES),
      Industry: pick(words.industries),
      Annual_Revenue: { type: "currency" },
      No_of_Employees: { type: "integer" },
      Street: text,
      City: text,
      Country: text,
      Description: { type: "textarea" },
      Customer_Tier: { ...pick(TIERS), custom: true, gen: (g) => g.rng.pick(TIERS) },
      Referral_Code: { type: "text", custom: true, gen: (g) => `REF-${1000 + (g.i % 50)}` },
      ...system,
    },
  },
  Contacts: {
    code: "002",
    resource: "contacts",
    fallback: 300,
    singular: "Contact",
    fields: {
      First_Name: text,
      Last_Name: { type: "text", mandatory: true },
      Full_Name: { type: "text", readOnly: true },
      Email: { type: "email" },
      Phone: { type: "phone" },
      Title: text,
      Department: text,
      Account_Name: lookup("Accounts"),
      Mailing_Street: text,
      Mailing_City: text,
      Mailing_Country: text,
      Lead_Source: pick(SOURCES),
      ...system,
    },
  },
  Deals: {
    code: "003",
    resource: "deals",
    fallback: 150,
    singular: "Deal",
    fields: {
      Deal_Name: { type: "text", mandatory: true },
      Amount: { type: "currency" },
      Stage: pick(
        STAGES.map(([s]) => s),
        true,
      ),
      Probability: { type: "integer" },
      Closing_Date: { type: "date" },
      Account_Name: lookup("Accounts"),
      Contact_Name: lookup("Contacts"),
      Lead_Source: pick(SOURCES),
      Type: pick(["New Business", "Existing Business"]),
      Description: { type: "textarea" },
      Competitor: {
        type: "text",
        custom: true,
        gen: (g) => (g.i % 3 === 0 ? null : `Rival ${g.i % 7}`),
      },
      Renewal_Date: { type: "date", custom: true, gen: later(400) },
      ...system,
    },
  },
  Accounts: {
    code: "004",
    resource: "accounts",
    fallback: 200,
    singular: "Account",
    fields: {
      Account_Name: name((g) => `${g.person.company} ${g.i + 1}`),
      Account_Number: { type: "text", gen: (g) => `AC-${String(g.i + 1).padStart(5, "0")}` },
      Account_Type: pick(["Customer", "Partner", "Prospect", "Vendor", "Competitor"]),
      Industry: pick(words.industries),
      Annual_Revenue: money(10_000, 9_000_000),
      Employees: { type: "integer", gen: (g) => g.rng.int(1, 9000) },
      Phone: { type: "phone", gen: (g) => g.person.phone },
      Website: { type: "website", gen: (g) => `https://${g.person.email.split("@")[1]}` },
      Billing_Street: { type: "text", gen: (g) => g.person.street },
      Billing_City: { type: "text", gen: (g) => g.person.city },
      Billing_Country: { type: "text", gen: (g) => g.person.country },
      Parent_Account: lookup("Accounts"),
      Description: { type: "textarea" },
      ...system,
    },
  },
  Tasks: {
    code: "005",
    resource: "tasks",
    fallback: 120,
    singular: "Task",
    fields: {
      Subject: name(
        (g) => `${g.rng.pick(["Call", "Email", "Visit", "Send quote to"])} ${g.person.fullName}`,
      ),
      Due_Date: { type: "date", gen: later(30) },
      Status: pick(["Not Started", "Deferred", "In Progress", "Completed", "Waiting for input"]),
      Priority: pick(["High", "Highest", "Low", "Lowest", "Normal"]),
      Closed_Time: { type: "datetime", readOnly: true, gen: () => null },
      What_Id: lookup("Deals"),
      Who_Id: lookup("Contacts"),
      Description: { type: "textarea" },
      ...system,
    },
  },
  Events: {
    code: "006",
    resource: "events",
    fallback: 80,
    singular: "Event",
    fields: {
      Event_Title: name((g) => `Meeting with ${g.person.company}`),
      Start_DateTime: {
        type: "datetime",
        mandatory: true,
        gen: (g) => isoOffset(g.created + 86_400_000),
      },
      End_DateTime: {
        type: "datetime",
        mandatory: true,
        gen: (g) => isoOffset(g.created + 90_000_000),
      },
      Venue: { type: "text", gen: (g) => g.person.city },
      All_day: { type: "boolean" },
      What_Id: lookup("Deals"),
      Who_Id: lookup("Contacts"),
      Description: { type: "textarea" },
      ...system,
    },
  },
  Calls: {
    code: "007",
    resource: "calls",
    fallback: 90,
    singular: "Call",
    fields: {
      Subject: name((g) => `Call ${g.person.fullName}`),
      Call_Type: pick(["Outbound", "Inbound", "Missed"], true),
      Call_Start_Time: { type: "datetime", mandatory: true, gen: (g) => isoOffset(g.created) },
      Call_Duration: {
        type: "text",
        gen: (g) =>
          `${String(g.rng.int(0, 59)).padStart(2, "0")}:${String(g.rng.int(0, 59)).padStart(2, "0")}`,
      },
      Call_Purpose: pick(["Prospecting", "Administrative", "Negotiation", "Demo", "Project"]),
      Call_Result: pick(["Interested", "Not interested", "No response", "Busy"]),
      What_Id: lookup("Deals"),
      Who_Id: lookup("Contacts"),
      Description: { type: "textarea" },
      ...system,
    },
  },
  Products: {
    code: "008",
    resource: "products",
    fallback: 60,
    singular: "Product",
    fields: {
      Product_Name: name(
        (g) => `${g.rng.pick(words.adjectives)} ${g.rng.pick(words.products)} ${g.i + 1}`,
      ),
      Product_Code: { type: "text", gen: (g) => `P-${String(g.i + 1).padStart(5, "0")}` },
      Product_Active: { type: "boolean" },
      Product_Category: pick(["Hardware", "Software", "CRM Applications"]),
      Manufacturer: pick(["AltvetPet Inc.", "LexPro Corp.", "MetBeat Corp."]),
      Unit_Price: money(5, 5000),
      Qty_in_Stock: { type: "double", gen: (g) => g.rng.int(0, 500) },
      Vendor_Name: lookup("Vendors"),
      Description: { type: "textarea" },
      ...system,
    },
  },
  Quotes: {
    code: "009",
    resource: "quotes",
    fallback: 60,
    singular: "Quote",
    lineItems: "Quoted_Items",
    fields: {
      Subject: name((g) => `Quote for ${g.person.company}`),
      Quote_Stage: pick([
        "Draft",
        "Negotiation",
        "Delivered",
        "On Hold",
        "Confirmed",
        "Closed Won",
        "Closed Lost",
      ]),
      Valid_Till: { type: "date", gen: later(60) },
      Account_Name: lookup("Accounts", true),
      Deal_Name: lookup("Deals"),
      Quoted_Items: { type: "subform", mandatory: true },
      Sub_Total: { type: "currency", readOnly: true },
      Grand_Total: { type: "currency", readOnly: true },
      Description: { type: "textarea" },
      ...system,
    },
  },
  Sales_Orders: {
    code: "010",
    resource: "crmSalesOrders",
    fallback: 50,
    singular: "Sales Order",
    lineItems: "Ordered_Items",
    fields: {
      Subject: name((g) => `Order of ${g.person.company}`),
      Status: pick(["Created", "Approved", "Delivered", "Cancelled"]),
      Due_Date: { type: "date", gen: later(30) },
      Account_Name: lookup("Accounts", true),
      Deal_Name: lookup("Deals"),
      Ordered_Items: { type: "subform", mandatory: true },
      Sub_Total: { type: "currency", readOnly: true },
      Grand_Total: { type: "currency", readOnly: true },
      Description: { type: "textarea" },
      ...system,
    },
  },
  Purchase_Orders: {
    code: "011",
    resource: "crmPurchaseOrders",
    fallback: 40,
    singular: "Purchase Order",
    lineItems: "Ordered_Items",
    fields: {
      Subject: name((g) => `Stock from ${g.person.company}`),
      Status: pick(["Created", "Approved", "Delivered", "Cancelled"]),
      PO_Date: { type: "date", gen: (g) => new Date(g.created).toISOString().slice(0, 10) },
      Tracking_Number: { type: "text", gen: (g) => `TRK${g.rng.int(100000, 999999)}` },
      Vendor_Name: lookup("Vendors", true),
      Ordered_Items: { type: "subform", mandatory: true },
      Sub_Total: { type: "currency", readOnly: true },
      Grand_Total: { type: "currency", readOnly: true },
      Description: { type: "textarea" },
      ...system,
    },
  },
  Invoices: {
    code: "012",
    resource: "crmInvoices",
    fallback: 70,
    singular: "Invoice",
    lineItems: "Invoiced_Items",
    fields: {
      Subject: name((g) => `Invoice ${g.i + 1} ${g.person.company}`),
      Status: pick(["Created", "Approved", "Delivered", "Cancelled"]),
      Invoice_Date: { type: "date", gen: (g) => new Date(g.created).toISOString().slice(0, 10) },
      Due_Date: { type: "date", gen: later(45) },
      Account_Name: lookup("Accounts", true),
      Sales_Order: lookup("Sales_Orders"),
      Invoiced_Items: { type: "subform", mandatory: true },
      Sub_Total: { type: "currency", readOnly: true },
      Grand_Total: { type: "currency", readOnly: true },
      Description: { type: "textarea" },
      ...system,
    },
  },
  Campaigns: {
    code: "013",
    resource: "campaigns",
    fallback: 30,
    singular: "Campaign",
    fields: {
      Campaign_Name: name((g) => `${g.rng.pick(words.adjectives)} campaign ${g.i + 1}`),
      Type: pick(["Email", "Webinar", "Conference", "Advertisement", "Trade Show"]),
      Status: pick(["Planning", "Active", "Inactive", "Complete"]),
      Start_Date: { type: "date", gen: (g) => new Date(g.created).toISOString().slice(0, 10) },
      End_Date: { type: "date", gen: later(90) },
      Expected_Revenue: money(1000, 500_000),
      Budgeted_Cost: money(100, 50_000),
      Actual_Cost: money(100, 60_000),
      Description: { type: "textarea" },
      ...system,
    },
  },
  Vendors: {
    code: "014",
    resource: "vendors",
    fallback: 25,
    singular: "Vendor",
    fields: {
      Vendor_Name: name((g) => `${g.person.company} Supply ${g.i + 1}`),
      Email: { type: "email", gen: (g) => g.person.email },
      Phone: { type: "phone", gen: (g) => g.person.phone },
      Website: { type: "website", gen: (g) => `https://${g.person.email.split("@")[1]}` },
      Category: pick(["Hardware", "Services", "Logistics"]),
      GL_Account: pick(["Sales-Hardware", "Sales-Software", "Purchase-Services"]),
      City: { type: "text", gen: (g) => g.person.city },
      Country: { type: "text", gen: (g) => g.person.country },
      Description: { type: "textarea" },
      ...system,
    },
  },
  Price_Books: {
    code: "015",
    resource: "priceBooks",
    fallback: 12,
    singular: "Price Book",
    fields: {
      Price_Book_Name: name((g) => `Price book ${g.i + 1}`),
      Active: { type: "boolean" },
      Pricing_Model: pick(["Flat", "Differential"]),
      Description: { type: "textarea" },
      ...system,
    },
  },
  Cases: {
    code: "016",
    resource: "cases",
    fallback: 70,
    singular: "Case",
    fields: {
      Subject: name(
        (g) => `${g.rng.pick(words.products)} ${g.rng.pick(["fails", "is slow", "question"])}`,
      ),
      Status: pick(["New", "On Hold", "Escalated", "Closed"], true),
      Case_Origin: pick(["Email", "Phone", "Web"], true),
      Priority: pick(["High", "Medium", "Low"]),
      Type: pick(["Problem", "Feature Request", "Question"]),
      Case_Reason: pick([
        "User did not attend any training",
        "Complex functionality",
        "Existing problem",
      ]),
      Account_Name: lookup("Accounts"),
      Related_To: lookup("Contacts"),
      Email: { type: "email", gen: (g) => g.person.email },
      Phone: { type: "phone", gen: (g) => g.person.phone },
      Description: { type: "textarea" },
      ...system,
    },
  },
  Solutions: {
    code: "017",
    resource: "solutions",
    fallback: 20,
    singular: "Solution",
    fields: {
      Solution_Title: name((g) => `How to reset the ${g.rng.pick(words.products)} ${g.i + 1}`),
      Status: pick(["Draft", "Reviewed", "Duplicate"]),
      Published: { type: "boolean" },
      Question: { type: "textarea", gen: (g) => `What if it ${g.rng.pick(["stops", "beeps"])}?` },
      Answer: { type: "textarea", gen: () => "Switch it off and on again." },
      Product_Name: lookup("Products"),
      ...system,
    },
  },
  Notes: {
    code: "018",
    resource: "notes",
    fallback: 100,
    singular: "Note",
    fields: {
      Note_Title: { type: "text", gen: (g) => `Note ${g.i + 1}` },
      Note_Content: {
        type: "textarea",
        mandatory: true,
        gen: (g) => `Spoke with ${g.person.fullName}.`,
      },
      Parent_Id: {
        type: "lookup",
        mandatory: true,
        gen: (g) => ({
          id: recordId("Leads", g.i % 50),
          module: { api_name: "Leads" },
          name: g.person.fullName,
        }),
      },
      ...system,
    },
  },
  Projects: {
    code: "090",
    resource: "projects",
    fallback: 40,
    singular: "Project",
    custom: true,
    fields: {
      Name: name((g) => `Project ${g.i + 1} for ${g.person.company}`),
      Phase: { ...pick(["Discovery", "Build", "Rollout"]), custom: true },
      Budget: { ...money(1000, 90_000), custom: true },
      Deal: { ...lookup("Deals"), custom: true },
      ...system,
    },
  },
};

/** Module names as Zoho matches them: case-insensitively. */
export function moduleOf(name: string | undefined): string | undefined {
  const n = (name ?? "").toLowerCase();
  return Object.keys(MODULES).find((m) => m.toLowerCase() === n);
}

/** The spec of a known module. */
export const spec = (module: string): CrmModuleSpec => MODULES[module] as CrmModuleSpec;

/** Record ids: 19 digits, `5725767` + module code + the record's 1-based key. */
export function recordId(module: string, i: number): string {
  return `5725767${spec(module).code}${String(i + 1).padStart(9, "0")}`;
}

/** The store key of an id of `module`, or undefined when the id is not one of its ids. */
export function keyOf(module: string, id: string): number | undefined {
  const prefix = `5725767${spec(module).code}`;
  if (!id.startsWith(prefix) || !/^\d{9}$/.test(id.slice(prefix.length))) return undefined;
  const k = Number(id.slice(prefix.length));
  return k >= 1 ? k : undefined;
}

/** Line items of record `i` of an inventory module: 1 to 3 products. */
function lineItems(g: Gen, module: string): Record<string, unknown>[] {
  const count = 1 + (g.i % 3);
  return Array.from({ length: count }, (_, n) => {
    const quantity = g.rng.int(1, 20);
    const price = g.rng.int(5, 900);
    const discount = n === 0 ? 0 : g.rng.int(0, 10);
    const total = quantity * price;
    return {
      id: `5725767${spec(module).code}8${String(g.i * 3 + n + 1).padStart(8, "0")}`,
      Product_Name: {
        id: recordId("Products", (g.i + n) % 60),
        name: `Product ${((g.i + n) % 60) + 1}`,
      },
      Product_Description: null,
      Quantity: quantity,
      List_Price: price,
      Discount: discount,
      Tax: 0,
      Total: total,
      Net_Total: total - discount,
      Sequence_Number: n + 1,
    };
  });
}

/** Totals of line items (`Sub_Total`, `Grand_Total`), as Zoho computes them on write. */
export function totals(items: unknown): { Sub_Total: number; Grand_Total: number } {
  const list = Array.isArray(items) ? (items as Record<string, unknown>[]) : [];
  const sum = list.reduce(
    (a, r) => a + (Number(r.Net_Total ?? Number(r.Quantity ?? 0) * Number(r.List_Price ?? 0)) || 0),
    0,
  );
  return { Sub_Total: sum, Grand_Total: sum };
}

/** Record `i` of a module; `rng` is `core.rng("crm", module, i)`. */
export function generate(
  module: string,
  i: number,
  rng: Rng,
  owner: ZohoUserRef,
): Record<string, unknown> {
  const s = spec(module);
  const person = fakePerson(rng, i);
  // Leads, Contacts and Deals keep their long-standing data; custom fields are added to them.
  const known = module === "Leads" || module === "Contacts" || module === "Deals";
  const record: Record<string, unknown> = known ? crmRecord(module, i, rng, owner) : {};
  const t = known ? { created: 0 } : recordTimes(rng, i, CRM_STEP_MS);
  const g: Gen = {
    rng,
    i,
    person,
    created: known ? Date.parse(String(record.Created_Time)) : t.created,
  };
  if (!known) {
    const times = t as { created: number; modified: number };
    record.id = recordId(module, i);
    record.Owner = { id: owner.id, name: owner.name, email: owner.email };
    record.Created_Time = isoOffset(times.created);
    record.Modified_Time = isoOffset(times.modified);
  }
  for (const [name, field] of Object.entries(s.fields)) {
    if (name in record) continue;
    record[name] = field.gen ? field.gen(g) : byType(field, g, module, name);
  }
  if (s.lineItems) {
    record[s.lineItems] = lineItems(g, module);
    Object.assign(record, totals(record[s.lineItems]));
  }
  return record;
}

function byType(field: CrmField, g: Gen, module: string, name: string): unknown {
  const { rng, i } = g;
  switch (field.type) {
    case "picklist":
      return rng.pick(field.values ?? [""]);
    case "boolean":
      return i % 2 === 0;
    case "integer":
      return rng.int(0, 1000);
    case "currency":
    case "double":
      return rng.int(0, 100_000) / 100;
    case "date":
      return new Date(g.created).toISOString().slice(0, 10);
    case "lookup": {
      const target = field.lookup ?? "Accounts";
      const size = spec(target).fallback;
      const k = (i * 7 + name.length) % size;
      // Some lookups are empty, as optional lookups are in real data.
      if (!field.mandatory && i % 5 === 4) return null;
      return { id: recordId(target, k), name: `${spec(target).singular} ${k + 1}` };
    }
    case "subform":
      return [];
    case "textarea":
      return i % 3 === 0
        ? null
        : `${spec(module).singular} ${i + 1}: ${rng.pick(words.adjectives)} notes.`;
    default:
      return `${name.replace(/_/g, " ")} ${i + 1}`;
  }
}
