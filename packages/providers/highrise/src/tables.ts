import {
  type ApiRequest,
  ConnectorError,
  ConnectorErrorCode,
  defineTable,
  offsetPagination,
  type TableDeclaration,
} from "@x/connector-kit";
import { listItems, parseXmlBody } from "./xml.js";
import { buildXml } from "./xml-build.js";

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

const xml = (root: string, fields: Record<string, unknown>) => ({
  body: buildXml(root, fields),
  headers: { "content-type": "application/xml" },
});

/**
 * Create (`POST /{resource}.xml`: 201 with the record), update (`PUT /{resource}/{id}.xml`: 200,
 * no body) and delete (`DELETE`: 200), with the record as XML in `<{element}>`.
 */
function writes(resource: string, element: string) {
  return {
    insert: {
      request: (row: Record<string, unknown>): ApiRequest => ({
        method: "POST",
        path: `${resource}.xml`,
        ...xml(element, row),
      }),
      key: (body: unknown) =>
        ((body as Record<string, { id?: number } | undefined> | null)?.[element] ?? {}).id,
    },
    update: {
      request: (id: unknown, changes: Record<string, unknown>): ApiRequest => ({
        method: "PUT",
        path: `${resource}/${id}.xml`,
        ...xml(element, changes),
      }),
    },
    delete: {
      request: (id: unknown): ApiRequest => ({ method: "DELETE", path: `${resource}/${id}.xml` }),
    },
  };
}

/** People. */
export const people = defineTable({
  name: "people",
  description: "People (`/people.xml`, 500 a page).",
  key: "id",
  columns: {
    ...common,
    "first-name": { type: "string", required: true },
    "last-name": { type: "string", nullable: true },
    title: { type: "string", nullable: true },
    "company-id": { type: "reference", references: "companies", nullable: true },
    "company-name": { type: "string", nullable: true },
    "contact-data": { type: "json", description: "Email addresses, phone numbers, addresses" },
  },
  list: xmlList("people.xml"),
  get: get("people"),
  ...writes("people", "person"),
});

/** Companies. */
export const companies = defineTable({
  name: "companies",
  description: "Companies (`/companies.xml`, 500 a page).",
  key: "id",
  columns: {
    ...common,
    name: { type: "string", required: true },
    "contact-data": { type: "json", description: "Addresses, phone numbers, web addresses" },
  },
  list: xmlList("companies.xml"),
  get: get("companies"),
  ...writes("companies", "company"),
});

const dealWrites = writes("deals", "deal");

/**
 * A deal's status changes only through `PUT /deals/{id}/status.xml` (Highrise ignores a status
 * sent with the other fields), so a status change is sent there, alone.
 */
function dealUpdate(id: unknown, changes: Record<string, unknown>): ApiRequest {
  if (!Object.hasOwn(changes, "status")) return dealWrites.update.request(id, changes);
  if (Object.keys(changes).length > 1) {
    throw new ConnectorError(
      ConnectorErrorCode.InvalidRecord,
      `deals: status changes through its own request (PUT /deals/${id}/status.xml); it cannot be sent with ${Object.keys(
        changes,
      )
        .filter((k) => k !== "status")
        .join(", ")}.`,
      { hint: "Update status alone, and the other columns in a second update." },
    );
  }
  return {
    method: "PUT",
    path: `deals/${id}/status.xml`,
    ...xml("status", { name: changes.status }),
  };
}

/** Deals. */
export const deals = defineTable({
  name: "deals",
  description: "Deals (`/deals.xml`, 500 a page).",
  key: "id",
  columns: {
    ...common,
    name: { type: "string", required: true },
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
  ...dealWrites,
  update: { request: dealUpdate },
});

/** Highrise's tables, by name. */
export const tables = { people, companies, deals } satisfies Record<string, TableDeclaration>;
