import {
  type ApiRequest,
  basicAuth,
  type Connection,
  cursorPagination,
  defineConnector,
  defineTable,
  headerAuth,
  nextLinkPagination,
  type TableDeclaration,
} from "@x/connector-kit";
import type { Emulator } from "@x/emulator";

// Test tables over the emulator's endpoints, declared here from the providers' documented APIs
// (the connectors' own tables are declared in their packages), served by small connectors.

const v2 = (body: unknown) => (body as { data: unknown[] }).data;
const v2Next = (body: unknown) =>
  (body as { additional_data?: { next_cursor?: string | null } }).additional_data?.next_cursor;
const withQuery = (r: ApiRequest, add: Record<string, string>): ApiRequest => {
  const given = r.searchParams;
  const params = new URLSearchParams(
    given instanceof URLSearchParams
      ? given
      : Object.entries(given ?? {}).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])),
  );
  for (const [k, v] of Object.entries(add)) params.set(k, v);
  return { ...r, searchParams: params };
};
const sort = (column: string) => ({
  asc: (r: ApiRequest) => withQuery(r, { sort_by: column, sort_direction: "asc" }),
  desc: (r: ApiRequest) => withQuery(r, { sort_by: column, sort_direction: "desc" }),
});

/** Pipedrive v2 deals: status, person and stage filters and id sort by the provider. */
export const pipedriveDeals = defineTable({
  name: "Deals",
  description: "Pipedrive deals (API v2)",
  key: "id",
  columns: {
    id: { type: "integer", readOnly: true },
    title: { type: "string", required: true },
    value: { type: "decimal", nullable: true },
    currency: { type: "string", nullable: true },
    status: { type: "enum", values: ["open", "won", "lost"] },
    stage_id: { type: "integer", nullable: true },
    probability: { type: "integer", nullable: true },
    person_id: { type: "reference", references: "Persons", nullable: true },
    org_id: { type: "reference", references: "Organizations", nullable: true },
    add_time: { type: "datetime", readOnly: true },
    update_time: { type: "datetime", readOnly: true },
  },
  list: {
    request: { path: "api/v2/deals" },
    pagination: cursorPagination({ cursorParam: "cursor", items: v2, nextCursor: v2Next }),
    pageSize: { param: "limit", max: 500 },
  },
  filters: {
    status: { eq: "status" },
    person_id: { eq: "person_id" },
    org_id: { eq: "org_id" },
    stage_id: { eq: "stage_id" },
  },
  orderBy: { id: sort("id") },
  get: {
    request: (id) => ({ path: `api/v2/deals/${id}` }),
    record: (b) => (b as { data: unknown }).data,
  },
  insert: {
    request: (row) => ({ method: "POST", path: "api/v2/deals", json: row }),
    key: (b) => (b as { data: { id: number } }).data.id,
  },
  update: {
    request: (id, changes) => ({ method: "PATCH", path: `api/v2/deals/${id}`, json: changes }),
  },
  delete: { request: (id) => ({ method: "DELETE", path: `api/v2/deals/${id}` }) },
});

/** Pipedrive v2 persons. */
export const pipedrivePersons = defineTable({
  name: "Persons",
  description: "Pipedrive persons (API v2)",
  key: "id",
  columns: {
    id: { type: "integer", readOnly: true },
    name: { type: "string", required: true },
    org_id: { type: "reference", references: "Organizations", nullable: true },
    add_time: { type: "datetime", readOnly: true },
    emails: { type: "json", nullable: true },
  },
  list: {
    request: { path: "api/v2/persons" },
    pagination: cursorPagination({ cursorParam: "cursor", items: v2, nextCursor: v2Next }),
    pageSize: { param: "limit", max: 500 },
  },
  filters: { org_id: { eq: "org_id" } },
  orderBy: { id: sort("id") },
});

const zendeskPages = <T>(key: string) =>
  nextLinkPagination<T>({
    items: (body) => (body as Record<string, T[]>)[key] ?? [],
    nextUrl: (body) =>
      (body as { meta?: { has_more?: boolean }; links?: { next?: string | null } }).meta?.has_more
        ? ((body as { links?: { next?: string | null } }).links?.next ?? null)
        : null,
  });

/** Zendesk tickets: cursor pages; the list endpoint filters nothing, so every filter is local. */
export const zendeskTickets = defineTable({
  name: "Tickets",
  key: "id",
  columns: {
    id: { type: "integer", readOnly: true },
    subject: { type: "string", nullable: true },
    status: { type: "enum", values: ["new", "open", "pending", "hold", "solved", "closed"] },
    priority: { type: "enum", values: ["low", "normal", "high", "urgent"], nullable: true },
    requester_id: { type: "reference", references: "Users", nullable: true },
    organization_id: { type: "reference", references: "Organizations", nullable: true },
    created_at: { type: "datetime", readOnly: true },
  },
  list: {
    request: { path: "api/v2/tickets.json", searchParams: { "page[size]": 100 } },
    pagination: zendeskPages("tickets"),
  },
});

/** Zendesk users. */
export const zendeskUsers = defineTable({
  name: "Users",
  key: "id",
  columns: {
    id: { type: "integer", readOnly: true },
    name: { type: "string" },
    email: { type: "string", nullable: true },
    organization_id: { type: "reference", nullable: true },
  },
  list: {
    request: { path: "api/v2/users.json", searchParams: { "page[size]": 100 } },
    pagination: zendeskPages("users"),
  },
});

const tables = (map: Record<string, unknown>) => () =>
  map as Readonly<Record<string, TableDeclaration>>;

const pipedriveTest = defineConnector({
  id: "pipedrive-sql-test",
  name: "Pipedrive (SQL tests)",
  userAgent: "x-sql-test",
  properties: {},
  authSchemes: ["APIToken"],
  credentials: () => headerAuth("x-api-token", "emulator-pipedrive-api-token"),
  api: () => ({
    baseUrl: "https://emulatedcompany.pipedrive.com",
    allowedHosts: ["*.pipedrive.com"],
  }),
  whoAmI: async () => ({ id: "test", raw: null }),
  resources: () => ({}),
  tables: tables({ Deals: pipedriveDeals, Persons: pipedrivePersons }),
});

const zendeskTest = defineConnector({
  id: "zendesk-sql-test",
  name: "Zendesk (SQL tests)",
  userAgent: "x-sql-test",
  properties: {},
  authSchemes: ["Basic"],
  credentials: () =>
    basicAuth(
      "katherine.johnson@emulator.example/token",
      "emulator-zendesk-api-token",
      "Basic (API token)",
    ),
  api: () => ({ baseUrl: "https://emulated.zendesk.com", allowedHosts: ["emulated.zendesk.com"] }),
  whoAmI: async () => ({ id: "test", raw: null }),
  resources: () => ({}),
  tables: tables({ Tickets: zendeskTickets, Users: zendeskUsers }),
});

/** A Pipedrive connection (personal API token) whose tables are Deals and Persons. */
export function pipedrive(emulator: Emulator): Promise<Connection> {
  return pipedriveTest.connect(`EmulatorURL=${emulator.url}`, { onWarning: () => {} });
}

/** A Zendesk connection (API token) whose tables are Tickets and Users. */
export function zendesk(emulator: Emulator): Promise<Connection> {
  return zendeskTest.connect(`EmulatorURL=${emulator.url}`, { onWarning: () => {} });
}
