import { words } from "../../core/data.js";
import {
  type CrmField,
  type CrmModuleSpec,
  idOf,
  later,
  lookup,
  money,
  name,
  pick,
  system,
} from "./crm-spec.js";

/**
 * 48 custom fields of the custom module, four per milestone: with them it has more fields than
 * the 50 one listing may name.
 */
function milestones(): Record<string, CrmField> {
  const out: Record<string, CrmField> = {};
  for (let n = 1; n <= 12; n++) {
    const k = `Milestone_${String(n).padStart(2, "0")}`;
    out[k] = { type: "text", custom: true, gen: (g) => `${k} of project ${g.i + 1}` };
    out[`${k}_Due`] = { type: "date", custom: true, gen: later(30 * n) };
    out[`${k}_Hours`] = { type: "integer", custom: true, gen: (g) => (g.i * n) % 97 };
    out[`${k}_Done`] = { type: "boolean", custom: true, gen: (g) => (g.i + n) % 2 === 0 };
  }
  return out;
}

/** Marketing, support, notes and the custom module. */
export const OTHER_MODULES: Readonly<Record<string, CrmModuleSpec>> = {
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
          id: idOf("001", g.i % 50), // a lead
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
      // Named like an SQL keyword: COQL needs it quoted.
      Order: { type: "integer", custom: true, gen: (g) => g.i + 1 },
      ...milestones(),
      ...system,
    },
  },
};
