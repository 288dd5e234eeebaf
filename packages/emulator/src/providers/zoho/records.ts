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
  // Listed in each record rather than spread in: spreading was a measurable cost per record.
  const Owner = { id: owner.id, name: owner.name, email: owner.email };
  const Created_Time = isoOffset(t.created);
  const Modified_Time = isoOffset(t.modified);
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
        Owner,
        Created_Time,
        Modified_Time,
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
        Owner,
        Created_Time,
        Modified_Time,
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
        Owner,
        Created_Time,
        Modified_Time,
      };
    }
  }
}
