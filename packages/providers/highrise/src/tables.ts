import { defineTable, offsetPagination, type TableDeclaration } from "@x/connector-kit";
import { listItems, parseXmlBody } from "./xml.js";

const common = {
  id: { type: "integer", readOnly: true },
  background: { type: "string", nullable: true },
  "visible-to": { type: "string", nullable: true },
  "owner-id": { type: "reference", references: "users", nullable: true },
  "group-id": { type: "reference", nullable: true },
  "author-id": { type: "reference", references: "users", readOnly: true, nullable: true },
  "created-at": { type: "datetime", readOnly: true },
  "updated-at": { type: "datetime", readOnly: true },
} as const;

/** A list paged with `?n=<offset>`, 500 a page (a shorter page is the last); XML in and out. */
function xmlList(path: string) {
  return {
    request: { path },
    pagination: offsetPagination({ offsetParam: "n", pageSize: 500, items: listItems }),
    parse: parseXmlBody,
  };
}

/** `GET /{resource}/{id}.xml`: the record element; a missing id is 404. */
function get(resource: string) {
  return {
    request: (id: unknown) => ({ path: `${resource}/${id}.xml` }),
    record: (body: unknown) => Object.values(body as Record<string, unknown>)[0],
  };
}

/** People. */
export const people = defineTable({
  name: "people",
  description: "People (`/people.xml`, 500 a page).",
  key: "id",
  columns: {
    ...common,
    "first-name": { type: "string", nullable: true },
    "last-name": { type: "string", nullable: true },
    title: { type: "string", nullable: true },
    "company-id": { type: "reference", references: "companies", nullable: true },
    "company-name": { type: "string", nullable: true },
    "contact-data": { type: "json", description: "Email addresses, phone numbers, addresses" },
  },
  list: xmlList("people.xml"),
  get: get("people"),
});

/** Companies. */
export const companies = defineTable({
  name: "companies",
  description: "Companies (`/companies.xml`, 500 a page).",
  key: "id",
  columns: {
    ...common,
    name: { type: "string" },
    "contact-data": { type: "json", description: "Addresses, phone numbers, web addresses" },
  },
  list: xmlList("companies.xml"),
  get: get("companies"),
});

/** Deals. */
export const deals = defineTable({
  name: "deals",
  description: "Deals (`/deals.xml`, 500 a page).",
  key: "id",
  columns: {
    ...common,
    name: { type: "string" },
    status: { type: "enum", values: ["pending", "won", "lost"] },
    "status-changed-on": { type: "date", nullable: true, readOnly: true },
    currency: { type: "string", nullable: true },
    price: { type: "integer", nullable: true },
    "price-type": { type: "string", nullable: true },
    duration: { type: "integer", nullable: true },
    "party-id": { type: "reference", references: "people", nullable: true },
    "category-id": { type: "reference", nullable: true },
    "responsible-party-id": { type: "reference", references: "users", nullable: true },
    "account-id": { type: "reference", readOnly: true },
  },
  list: xmlList("deals.xml"),
  get: get("deals"),
});

/** Highrise's tables, by name. */
export const tables = { people, companies, deals } satisfies Record<string, TableDeclaration>;
