import {
  common,
  date,
  decimal,
  flag,
  integer,
  lookup,
  lookupOf,
  required,
  text,
} from "./columns.js";
import { moduleTable } from "./module-table.js";

const person = {
  First_Name: text,
  Last_Name: required,
  Full_Name: { type: "string", readOnly: true },
  Email: text,
  Phone: text,
  Lead_Source: text,
} as const;

const personSearch = ["Last_Name", "First_Name", "Email"] as const;

/** Leads. */
export const Leads = moduleTable(
  "Leads",
  "Leads (`/crm/{Schema}/Leads`; filters through the search API).",
  {
    ...common,
    ...person,
    Company: text,
    Mobile: text,
    Lead_Status: text,
    Industry: text,
    Annual_Revenue: decimal,
    No_of_Employees: integer,
    Street: text,
    City: text,
    Country: text,
    Description: text,
  },
  [...personSearch, "Company", "Lead_Status", "Lead_Source", "City", "Country"],
);

/** Contacts. */
export const Contacts = moduleTable(
  "Contacts",
  "Contacts (`/crm/{Schema}/Contacts`; filters through the search API).",
  {
    ...common,
    ...person,
    Title: text,
    Department: text,
    Account_Name: lookupOf("Accounts"),
    Mailing_Street: text,
    Mailing_City: text,
    Mailing_Country: text,
  },
  [...personSearch, "Title", "Department"],
);

/** Deals. */
export const Deals = moduleTable(
  "Deals",
  "Deals (`/crm/{Schema}/Deals`; filters through the search API).",
  {
    ...common,
    Deal_Name: required,
    Amount: decimal,
    Stage: required,
    Probability: integer,
    Closing_Date: date,
    Account_Name: lookupOf("Accounts"),
    Contact_Name: lookupOf("Contacts"),
    Lead_Source: text,
    Type: text,
    Description: text,
  },
  ["Deal_Name", "Stage", "Lead_Source", "Type"],
);

/** Accounts (organizations the company deals with). */
export const Accounts = moduleTable(
  "Accounts",
  "Accounts (`/crm/{Schema}/Accounts`).",
  {
    ...common,
    Account_Name: required,
    Account_Number: text,
    Account_Type: text,
    Industry: text,
    Annual_Revenue: decimal,
    Employees: integer,
    Phone: text,
    Website: text,
    Billing_Street: text,
    Billing_City: text,
    Billing_Country: text,
    Parent_Account: lookupOf("Accounts"),
    Description: text,
  },
  ["Account_Name", "Account_Type", "Industry", "Billing_City", "Billing_Country"],
);

const activity = { What_Id: lookup, Who_Id: lookupOf("Contacts"), Description: text } as const;

/** Tasks. */
export const Tasks = moduleTable(
  "Tasks",
  "Tasks (`/crm/{Schema}/Tasks`); `What_Id` names a record of any module.",
  {
    ...common,
    Subject: required,
    Due_Date: date,
    Status: text,
    Priority: text,
    Closed_Time: { type: "datetime", nullable: true, readOnly: true },
    ...activity,
  },
  ["Subject", "Status", "Priority"],
);

/** Events (meetings). */
export const Events = moduleTable(
  "Events",
  "Events, i.e. meetings (`/crm/{Schema}/Events`).",
  {
    ...common,
    Event_Title: required,
    Start_DateTime: { type: "datetime", required: true },
    End_DateTime: { type: "datetime", required: true },
    Venue: text,
    All_day: flag,
    ...activity,
  },
  ["Event_Title", "Venue"],
);

/** Calls. */
export const Calls = moduleTable(
  "Calls",
  "Calls (`/crm/{Schema}/Calls`); `Call_Duration` is `mm:ss`.",
  {
    ...common,
    Subject: required,
    Call_Type: required,
    Call_Start_Time: { type: "datetime", required: true },
    Call_Duration: text,
    Call_Purpose: text,
    Call_Result: text,
    ...activity,
  },
  ["Subject", "Call_Type", "Call_Purpose"],
);

/** Campaigns. */
export const Campaigns = moduleTable(
  "Campaigns",
  "Campaigns (`/crm/{Schema}/Campaigns`).",
  {
    ...common,
    Campaign_Name: required,
    Type: text,
    Status: text,
    Start_Date: date,
    End_Date: date,
    Expected_Revenue: decimal,
    Budgeted_Cost: decimal,
    Actual_Cost: decimal,
    Description: text,
  },
  ["Campaign_Name", "Type", "Status"],
);

/** Cases (support tickets). */
export const Cases = moduleTable(
  "Cases",
  "Cases, i.e. support tickets (`/crm/{Schema}/Cases`).",
  {
    ...common,
    Subject: required,
    Status: required,
    Case_Origin: required,
    Priority: text,
    Type: text,
    Case_Reason: text,
    Account_Name: lookupOf("Accounts"),
    Related_To: lookupOf("Contacts"),
    Email: text,
    Phone: text,
    Description: text,
  },
  ["Subject", "Status", "Case_Origin", "Priority", "Type"],
);

/** Solutions (answers to cases). */
export const Solutions = moduleTable(
  "Solutions",
  "Solutions (`/crm/{Schema}/Solutions`).",
  {
    ...common,
    Solution_Title: required,
    Status: text,
    Published: flag,
    Question: text,
    Answer: text,
    Product_Name: lookupOf("Products"),
  },
  ["Solution_Title", "Status"],
);

/** Notes of records. */
export const Notes = moduleTable(
  "Notes",
  "Notes (`/crm/{Schema}/Notes`); `Parent_Id` names the record `{ id, module: { api_name } }`.",
  {
    ...common,
    Note_Title: text,
    Note_Content: required,
    Parent_Id: { type: "json", required: true, description: "The record noted `{ id, module }`" },
  },
  ["Note_Title"],
);
