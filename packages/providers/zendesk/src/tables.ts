import {
  type ApiRequest,
  defineTable,
  nextLinkPagination,
  type TableDeclaration,
} from "@x/connector-kit";

type CursorPage = { meta?: { has_more?: boolean }; links?: { next?: string | null } };

/** Cursor pages: `page[size]` ≤ 100, `links.next` while `meta.has_more`. */
function listing(resource: string) {
  return {
    request: { path: `api/v2/${resource}.json`, searchParams: { "page[size]": 100 } },
    pagination: nextLinkPagination({
      items: (body) => ((body as Record<string, unknown[]>)[resource] ?? []) as unknown[],
      nextUrl: (body) =>
        (body as CursorPage).meta?.has_more ? (body as CursorPage).links?.next : undefined,
    }),
    pageSize: { param: "page[size]", max: 100 },
  };
}

/** `GET /api/v2/{resource}/{id}.json` answers `{ <singular>: {…} }`; a missing id is 404. */
function get(resource: string, singular: string) {
  return {
    request: (id: unknown): ApiRequest => ({ path: `api/v2/${resource}/${id}.json` }),
    record: (body: unknown) => (body as Record<string, unknown>)[singular],
  };
}

/**
 * Writes to `/api/v2/{resource}/{id}.json` with the record in a `{ <singular>: {…} }` envelope:
 * create (`POST /api/v2/{resource}.json`, 201), update (`PUT`, 200), delete (`DELETE`).
 */
function writes(resource: string, singular: string) {
  return {
    insert: {
      request: (row: Record<string, unknown>): ApiRequest => ({
        method: "POST",
        path: `api/v2/${resource}.json`,
        json: { [singular]: row },
      }),
      key: (body: unknown) => ((body as Record<string, { id?: number }>)[singular] ?? {}).id,
    },
    update: {
      request: (id: unknown, changes: Record<string, unknown>): ApiRequest => ({
        method: "PUT",
        path: `api/v2/${resource}/${id}.json`,
        json: { [singular]: changes },
      }),
    },
    delete: {
      request: (id: unknown): ApiRequest => ({
        method: "DELETE",
        path: `api/v2/${resource}/${id}.json`,
      }),
    },
  };
}

const times = {
  created_at: { type: "datetime", readOnly: true },
  updated_at: { type: "datetime", readOnly: true },
} as const;

/** Tickets. */
export const tickets = defineTable({
  name: "tickets",
  description:
    "Tickets (`/api/v2/tickets`, cursor pages). Insert creates a ticket with its first comment.",
  key: "id",
  columns: {
    id: { type: "integer", readOnly: true },
    url: { type: "string", readOnly: true },
    external_id: { type: "string", nullable: true },
    subject: { type: "string", nullable: true },
    description: { type: "string", readOnly: true, description: "The first comment's text" },
    comment: {
      type: "json",
      nullable: true,
      description: "Insert only: the first comment, `{ body }` (required)",
    },
    type: { type: "enum", values: ["question", "incident", "problem", "task"], nullable: true },
    priority: { type: "enum", values: ["low", "normal", "high", "urgent"], nullable: true },
    status: { type: "enum", values: ["new", "open", "pending", "hold", "solved", "closed"] },
    requester_id: { type: "reference", references: "users", nullable: true },
    submitter_id: { type: "reference", references: "users", readOnly: true, nullable: true },
    assignee_id: { type: "reference", references: "users", nullable: true },
    organization_id: { type: "reference", references: "organizations", nullable: true },
    group_id: { type: "reference", nullable: true },
    tags: { type: "json", description: "Array of tags" },
    via: { type: "json", readOnly: true },
    ...times,
  },
  list: listing("tickets"),
  get: get("tickets", "ticket"),
  ...writes("tickets", "ticket"),
});

/** Users. */
export const users = defineTable({
  name: "users",
  description:
    "Users (`/api/v2/users`, cursor pages). Delete deactivates: the user stays, with `active: false`.",
  key: "id",
  columns: {
    id: { type: "integer", readOnly: true },
    name: { type: "string", required: true },
    email: { type: "string", nullable: true },
    phone: { type: "string", nullable: true },
    role: { type: "enum", values: ["end-user", "agent", "admin"] },
    organization_id: { type: "reference", references: "organizations", nullable: true },
    time_zone: { type: "string", nullable: true },
    locale: { type: "string", nullable: true },
    verified: { type: "boolean" },
    active: { type: "boolean", readOnly: true },
    suspended: { type: "boolean" },
    ...times,
  },
  list: listing("users"),
  get: get("users", "user"),
  ...writes("users", "user"),
});

/** Organizations. */
export const organizations = defineTable({
  name: "organizations",
  description: "Organizations (`/api/v2/organizations`, cursor pages).",
  key: "id",
  columns: {
    id: { type: "integer", readOnly: true },
    name: { type: "string", required: true },
    domain_names: { type: "json", description: "Array of domains" },
    details: { type: "string", nullable: true },
    tags: { type: "json" },
    ...times,
  },
  list: listing("organizations"),
  get: get("organizations", "organization"),
  ...writes("organizations", "organization"),
});

/** Ticket metrics. */
export const ticket_metrics = defineTable({
  name: "ticket_metrics",
  description: "Ticket metrics (`/api/v2/ticket_metrics`, cursor pages), one row per ticket.",
  key: "id",
  columns: {
    id: { type: "integer", readOnly: true },
    ticket_id: { type: "reference", references: "tickets", readOnly: true },
    replies: { type: "integer", readOnly: true },
    reopens: { type: "integer", readOnly: true },
    group_stations: { type: "integer", readOnly: true },
    assignee_stations: { type: "integer", readOnly: true },
    solved_at: { type: "datetime", readOnly: true, nullable: true },
    reply_time_in_minutes: {
      type: "json",
      readOnly: true,
      description: "`{ calendar, business }`",
    },
    ...times,
  },
  list: listing("ticket_metrics"),
  get: get("ticket_metrics", "ticket_metric"),
});

/** Zendesk's tables, by name. */
export const tables = {
  tickets,
  users,
  organizations,
  ticket_metrics,
} satisfies Record<string, TableDeclaration>;
