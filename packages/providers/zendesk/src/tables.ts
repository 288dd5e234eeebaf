import {
  type ApiRequest,
  type ColumnsDeclaration,
  col,
  defineTable,
  nextLinkPagination,
  type PaginationSpec,
  type PushdownMapping,
  type TableDeclaration,
} from "@x/connector-kit";
import { CustomFields } from "./custom-fields.js";
import { bulk } from "./jobs.js";

// Zendesk Support's tables, as data. Every list pages by cursor (`page[size]` ≤ 100, follow
// `links.next` while `meta.has_more`). With UseIncrementalAPI=true, tickets and users are read
// through the cursor-based incremental exports and organizations, ticket events and ticket metric
// events through the time-based ones (Zendesk has no cursor export for those).

type CursorPage = { meta?: { has_more?: boolean }; links?: { next?: string | null } };

const itemsOf = (key: string) => (body: unknown) =>
  ((body as Record<string, unknown[]>)[key] ?? []) as unknown[];

/** Cursor pages of `GET /api/v2/{path}.json`, the records under `key`. */
function listing(path: string, key: string = path) {
  return {
    request: { path: `api/v2/${path}.json`, searchParams: { "page[size]": 100 } },
    pagination: nextLinkPagination({
      items: itemsOf(key),
      nextUrl: (body) =>
        (body as CursorPage).meta?.has_more ? (body as CursorPage).links?.next : undefined,
    }),
    pageSize: { param: "page[size]", max: 100 },
  };
}

type SearchPage = { results?: unknown[]; next_page?: string | null };

/**
 * Tickets through the search API where a filter has the same meaning there: `type:ticket` plus
 * exact `property:value` terms (status, priority, ticket_type, dropdown custom fields). Search
 * answers 1,000 results at most: past them the table continues from the full list, filtered
 * locally (`filteredCap`).
 */
function searchListing() {
  const base = listing("tickets");
  const pagination: PaginationSpec<unknown> = {
    items: (body) => (body as SearchPage).results ?? base.pagination.items(body),
    next(body, request, items) {
      if ((body as SearchPage).results === undefined)
        return base.pagination.next(body, request, items);
      const next = (body as SearchPage).next_page;
      return next ? { ...request, path: next, searchParams: undefined } : undefined;
    },
  };
  return { ...base, pagination, filteredCap: 1000 };
}

/** A pushed-down `eq` as a search term; the listing becomes a search. */
function searchTerm(property: string) {
  return (value: unknown, request: ApiRequest): ApiRequest => {
    const sp = request.searchParams;
    const current =
      request.path === "api/v2/search.json"
        ? String((sp instanceof URLSearchParams ? sp.get("query") : sp?.query) ?? "type:ticket")
        : "type:ticket";
    return {
      path: "api/v2/search.json",
      searchParams: { query: `${current} ${property}:${String(value)}`, per_page: 100 },
    };
  };
}

/** `GET /api/v2/{path}/{id}.json` answers `{ <singular>: {…} }`; a missing id is 404. */
function get(path: string, singular: string) {
  return {
    request: (id: unknown): ApiRequest => ({ path: `api/v2/${path}/${id}.json` }),
    record: (body: unknown) => (body as Record<string, unknown>)[singular],
  };
}

/**
 * A list under a parent record (`tickets/{id}/comments`): the parent's key is pushed into the
 * path. Zendesk's comments do not name their ticket, so the rows get it from the request.
 */
function childListing(parent: string, child: string, parentColumn: string) {
  const base = listing(`${parent}/0/${child}`, child);
  const pattern = new RegExp(`/${parent}/(\\d+)/${child}`);
  const pagination: PaginationSpec<unknown> = {
    items: base.pagination.items,
    next(body, request, items) {
      const m = pattern.exec(request.path);
      if (m) {
        for (const item of items as Record<string, unknown>[]) {
          item[parentColumn] ??= Number(m[1]);
        }
      }
      return base.pagination.next(body, request, items);
    },
  };
  return {
    list: { ...base, pagination },
    parent: { table: parent, column: parentColumn },
    filters: {
      [parentColumn]: {
        eq: (value: unknown, request: ApiRequest): ApiRequest => ({
          ...request,
          path: `api/v2/${parent}/${encodeURIComponent(String(value))}/${child}.json`,
        }),
      },
    },
  };
}

const times = {
  created_at: col.datetime("ro"),
  updated_at: col.datetime("ro"),
} as const;
const id = { id: col.integer("ro") } as const;
const url = { url: col.string("ro") } as const;

/** Rule-like objects (views, macros, triggers, automations): title, active, position. */
const rule = {
  ...id,
  ...url,
  title: col.string("ro"),
  description: col.string("ro", "null"),
  active: col.boolean("ro"),
  position: col.integer("ro", "null"),
  ...times,
} as const;

/** A read-only table over a plain list and its single-record endpoint. */
function readOnly<const Cols extends ColumnsDeclaration>(
  name: string,
  path: string,
  singular: string,
  description: string,
  columns: Cols,
) {
  return defineTable({
    name,
    description,
    key: "id",
    columns: columns as Cols & typeof id,
    list: listing(path, name),
    get: get(path, singular),
  });
}

/**
 * Writes to `/api/v2/{path}/{id}.json` with the record in a `{ <singular>: {…} }` envelope:
 * create (`POST /api/v2/{path}.json`, 201), update (`PUT`, 200), delete (`DELETE`).
 */
function writes(
  path: string,
  singular: string,
  toApi: (values: Record<string, unknown>) => Record<string, unknown> = (v) => v,
  batched = false,
) {
  const many = batched ? bulk(path, toApi) : undefined;
  return {
    insert: {
      ...(many ? { batch: many.insert } : {}),
      request: (row: Record<string, unknown>): ApiRequest => ({
        method: "POST",
        path: `api/v2/${path}.json`,
        json: { [singular]: toApi(row) },
      }),
      key: (body: unknown) => (body as Record<string, { id?: number }>)[singular]?.id,
    },
    update: {
      ...(many ? { batch: many.update } : {}),
      request: (key: unknown, changes: Record<string, unknown>): ApiRequest => ({
        method: "PUT",
        path: `api/v2/${path}/${key}.json`,
        json: { [singular]: toApi(changes) },
      }),
    },
    delete: {
      request: (key: unknown): ApiRequest => ({
        method: "DELETE",
        path: `api/v2/${path}/${key}.json`,
      }),
    },
  };
}

// Incremental exports.

type ExportPage = {
  after_cursor?: string | null;
  end_of_stream?: boolean;
  end_time?: number;
};

const unixSeconds = (value: unknown) => Math.floor(Date.parse(String(value)) / 1000);

/**
 * The cursor-based export (`incremental/{resource}/cursor.json`): 1,000 a page, `after_cursor`
 * until `end_of_stream`; `updated_at >= t` becomes `start_time` (whole seconds, so the rows are
 * checked again locally).
 */
function cursorExport(
  resource: string,
  extra: Record<string, string> = {},
  key: string = resource,
) {
  const pagination: PaginationSpec<unknown> = {
    items: itemsOf(key),
    next(body, request) {
      const page = body as ExportPage;
      if (page.end_of_stream || !page.after_cursor) return undefined;
      return { ...request, searchParams: { ...extra, cursor: page.after_cursor } };
    },
  };
  return {
    list: {
      request: {
        path: `api/v2/incremental/${resource}/cursor.json`,
        searchParams: { ...extra, start_time: 0 },
      },
      pagination,
      // The last page's cursor stays valid: a listing read to its end resumes with later changes.
      continueAt: (body: unknown, request: ApiRequest): ApiRequest | undefined => {
        const after = (body as ExportPage).after_cursor;
        return after ? { ...request, searchParams: { ...extra, cursor: after } } : undefined;
      },
    },
    startTime: {
      gte: {
        apply: (value: unknown, request: ApiRequest): ApiRequest => ({
          ...request,
          searchParams: { ...extra, start_time: Math.max(0, unixSeconds(value)) },
        }),
        superset: true,
      },
    } as const,
  };
}

/**
 * A time-based export (`incremental/{resource}.json?start_time=`): 1,000 a page, continuing from
 * the page's `end_time` until `end_of_stream`. Zendesk repeats the rows at a page boundary.
 */
function timeExport(resource: string, key: string = resource) {
  const pagination: PaginationSpec<unknown> = {
    items: itemsOf(key),
    next(body, request) {
      const page = body as ExportPage;
      if (page.end_of_stream || page.end_time === undefined) return undefined;
      return { ...request, searchParams: { start_time: page.end_time } };
    },
  };
  return {
    list: {
      request: { path: `api/v2/incremental/${resource}.json`, searchParams: { start_time: 0 } },
      pagination,
      continueAt: (body: unknown, request: ApiRequest): ApiRequest | undefined => {
        const end = (body as ExportPage).end_time;
        return end === undefined ? undefined : { ...request, searchParams: { start_time: end } };
      },
    },
    startTime: {
      gte: {
        apply: (value: unknown, request: ApiRequest): ApiRequest => ({
          ...request,
          searchParams: { start_time: Math.max(0, unixSeconds(value)) },
        }),
        superset: true,
      },
    } as const,
  };
}

/** Options of {@link zendeskTables}. */
export interface ZendeskTablesOptions {
  /** Read tickets, users and organizations through the incremental exports (admin only). */
  incremental?: boolean | undefined;
}

const ticketColumns = {
  ...id,
  ...url,
  external_id: col.string("null"),
  subject: col.string("null"),
  description: col.about(col.string("ro"), "The first comment's text"),
  comment: col.about(
    col.json("null"),
    "Write only: a comment to add, `{ body, public }` (required on insert: the first comment)",
  ),
  type: col.enum(["question", "incident", "problem", "task"], "null"),
  priority: col.enum(["low", "normal", "high", "urgent"], "null"),
  status: col.enum(["new", "open", "pending", "hold", "solved", "closed"]),
  requester_id: col.reference("users", "null"),
  submitter_id: col.reference("users", "ro", "null"),
  assignee_id: col.reference("users", "null"),
  organization_id: col.reference("organizations", "null"),
  group_id: col.reference("groups", "null"),
  brand_id: col.reference("brands", "null"),
  ticket_form_id: col.reference("ticket_forms", "null"),
  tags: col.about(col.json(), "Array of tags"),
  custom_fields: col.about(
    col.json(),
    "`[{ id, value }]`; each custom field is also a column named by its title",
  ),
  due_at: col.datetime("null"),
  via: col.json("ro"),
  ...times,
} as const;

const userColumns = {
  ...id,
  ...url,
  name: col.string("req"),
  email: col.string("null"),
  phone: col.string("null"),
  role: col.enum(["end-user", "agent", "admin"]),
  organization_id: col.reference("organizations", "null"),
  external_id: col.string("null"),
  time_zone: col.string("null"),
  locale: col.string("null"),
  verified: col.boolean(),
  active: col.boolean("ro"),
  suspended: col.boolean(),
  tags: col.json(),
  user_fields: col.about(
    col.json(),
    "`{ key: value }`; each user field is also a column named by its title",
  ),
  ...times,
} as const;

const organizationColumns = {
  ...id,
  ...url,
  name: col.string("req"),
  domain_names: col.about(col.json(), "Array of domains"),
  details: col.string("null"),
  notes: col.string("null"),
  external_id: col.string("null"),
  group_id: col.reference("groups", "null"),
  tags: col.json(),
  organization_fields: col.about(
    col.json(),
    "`{ key: value }`; each organization field is also a column named by its title",
  ),
  ...times,
} as const;

const fieldColumns = {
  ...id,
  ...url,
  key: col.string("ro", "null"),
  type: col.string("ro"),
  title: col.string("ro"),
  raw_title: col.string("ro"),
  position: col.integer("ro"),
  active: col.boolean("ro"),
  custom_field_options: col.json("ro", "null"),
  ...times,
} as const;

/** Zendesk's tables for one connection (incremental or regular reads). */
export function zendeskTables(options: ZendeskTablesOptions = {}) {
  const incremental = options.incremental === true;
  // Custom fields, per connection: discovered when a table is first used.
  const ticketFields = new CustomFields("ticket_fields", "custom_fields", ticketColumns);
  const userFields = new CustomFields("user_fields", "user_fields", userColumns);
  const orgFields = new CustomFields(
    "organization_fields",
    "organization_fields",
    organizationColumns,
  );
  // Filters sent to the search API; dropdown custom fields join when discovered.
  const ticketSearch: Record<string, Partial<Record<"eq", PushdownMapping>>> = {
    status: { eq: searchTerm("status") },
    priority: { eq: searchTerm("priority") },
    type: { eq: searchTerm("ticket_type") },
  };
  const withRows = <L extends object>(list: L, fields: CustomFields) => ({
    ...list,
    row: (record: unknown) => fields.row(record),
  });
  const ticketExport = cursorExport("tickets", { exclude_deleted: "true" });
  const userExport = cursorExport("users");
  // Ticket metrics come with the ticket export (archived tickets included).
  const metricExport = cursorExport("tickets", { include: "metric_sets" }, "metric_sets");
  const orgExport = timeExport("organizations");
  const eventsExport = timeExport("ticket_events");
  const metricEventsExport = timeExport("ticket_metric_events");

  const tickets = defineTable({
    name: "tickets",
    description: incremental
      ? "Tickets through the cursor-based incremental export (1,000 a page, admin only, 10 requests a minute), deleted ones left out. Insert needs the first comment."
      : "Tickets (`/api/v2/tickets`, cursor pages; archived ones left out). Filters on status, priority, type and dropdown custom fields go to the search API (exact terms; it indexes writes within minutes; past its 1,000 results the full list continues, filtered locally). Insert needs the first comment; update with `comment` adds one.",
    key: "id",
    columns: ticketColumns,
    list: withRows(incremental ? ticketExport.list : searchListing(), ticketFields),
    discover: async (api, signal) => {
      const columns = await ticketFields.discover(api, signal);
      // Dropdown fields match exactly in search, as the filter's eq does.
      if (!incremental) {
        for (const [name, column] of Object.entries(columns)) {
          const field = ticketFields.field(name);
          if (field && column.type === "enum") {
            ticketSearch[name] = { eq: searchTerm(`custom_field_${field.id}`) };
          }
        }
      }
      return columns;
    },
    ...(incremental
      ? { filters: { updated_at: ticketExport.startTime }, incremental: "updated_at" }
      : { filters: ticketSearch }),
    get: get("tickets", "ticket"),
    ...writes("tickets", "ticket", (v) => ticketFields.toApi(v), true),
  });

  const users = defineTable({
    name: "users",
    description: incremental
      ? "Users through the cursor-based incremental export (admin only). Delete deactivates: the user stays, with `active: false`."
      : "Users (`/api/v2/users`, cursor pages). Delete deactivates: the user stays, with `active: false`.",
    key: "id",
    columns: userColumns,
    list: withRows(incremental ? userExport.list : listing("users"), userFields),
    discover: (api, signal) => userFields.discover(api, signal),
    filters: incremental ? { updated_at: userExport.startTime } : { role: { eq: "role" } },
    ...(incremental ? { incremental: "updated_at" } : {}),
    get: get("users", "user"),
    ...writes("users", "user", (v) => userFields.toApi(v), true),
  });

  const organizations = defineTable({
    name: "organizations",
    description: incremental
      ? "Organizations through the time-based incremental export (Zendesk has no cursor export for them; rows at a page boundary may come twice)."
      : "Organizations (`/api/v2/organizations`, cursor pages).",
    key: "id",
    columns: organizationColumns,
    list: withRows(incremental ? orgExport.list : listing("organizations"), orgFields),
    discover: (api, signal) => orgFields.discover(api, signal),
    ...(incremental
      ? { filters: { updated_at: orgExport.startTime }, incremental: "updated_at" }
      : {}),
    get: get("organizations", "organization"),
    ...writes("organizations", "organization", (v) => orgFields.toApi(v), true),
  });

  const groups = defineTable({
    name: "groups",
    description: "Agent groups (`/api/v2/groups`).",
    key: "id",
    columns: {
      ...id,
      ...url,
      name: col.string("req"),
      description: col.string("null"),
      default: col.boolean("ro"),
      deleted: col.boolean("ro"),
      is_public: col.boolean(),
      ...times,
    },
    list: listing("groups"),
    get: get("groups", "group"),
    ...writes("groups", "group"),
  });

  const ticket_comments = defineTable({
    name: "ticket_comments",
    description:
      "Comments of one ticket (`where: { ticket_id }`). Insert adds a comment through a ticket update.",
    key: "id",
    columns: {
      ...id,
      ticket_id: col.reference("tickets", "req"),
      type: col.string("ro"),
      author_id: col.reference("users", "ro"),
      body: col.string("req"),
      html_body: col.string("ro"),
      public: col.boolean(),
      attachments: col.json("ro"),
      via: col.json("ro"),
      created_at: col.datetime("ro"),
    },
    ...childListing("tickets", "comments", "ticket_id"),
    insert: {
      request: (row: Record<string, unknown>): ApiRequest => ({
        method: "PUT",
        path: `api/v2/tickets/${row.ticket_id}.json`,
        json: { ticket: { comment: { body: row.body, public: row.public ?? true } } },
      }),
      // The update's audit names the new comment among its events.
      key: (body: unknown) =>
        (body as { audit?: { events?: { type?: string; id?: unknown }[] } }).audit?.events?.find(
          (e) => e.type === "Comment",
        )?.id,
    },
  });

  const ticket_audits = defineTable({
    name: "ticket_audits",
    description: "Audits (change history) of one ticket (`where: { ticket_id }`).",
    key: "id",
    columns: {
      ...id,
      ticket_id: col.reference("tickets", "ro"),
      author_id: col.reference("users", "ro"),
      via: col.json("ro"),
      metadata: col.json("ro"),
      events: col.json("ro"),
      created_at: col.datetime("ro"),
    },
    ...childListing("tickets", "audits", "ticket_id"),
  });

  const identities = defineTable({
    name: "identities",
    description: "Identities (emails, phones …) of one user (`where: { user_id }`).",
    key: "id",
    columns: {
      ...id,
      ...url,
      user_id: col.reference("users", "ro"),
      type: col.string("ro"),
      value: col.string("ro"),
      verified: col.boolean("ro"),
      primary: col.boolean("ro"),
      ...times,
    },
    ...childListing("users", "identities", "user_id"),
  });

  const ticket_metrics = defineTable({
    name: "ticket_metrics",
    description: incremental
      ? "Ticket metrics through the ticket export (`include=metric_sets`, archived tickets included), one row per ticket."
      : "Ticket metrics (`/api/v2/ticket_metrics`, cursor pages), one row per ticket.",
    key: "id",
    columns: {
      ...id,
      ticket_id: col.reference("tickets", "ro"),
      replies: col.integer("ro"),
      reopens: col.integer("ro"),
      group_stations: col.integer("ro"),
      assignee_stations: col.integer("ro"),
      solved_at: col.datetime("ro", "null"),
      reply_time_in_minutes: col.about(col.json("ro"), "`{ calendar, business }`"),
      ...times,
    },
    list: incremental ? metricExport.list : listing("ticket_metrics"),
    get: get("ticket_metrics", "ticket_metric"),
  });

  const ticket_events = defineTable({
    name: "ticket_events",
    description:
      "Ticket events through the time-based incremental export (admin only; rows at a page boundary may come twice).",
    key: "id",
    columns: {
      ...id,
      ticket_id: col.reference("tickets", "ro"),
      timestamp: col.integer("ro"),
      created_at: col.datetime("ro"),
      updater_id: col.reference("users", "ro", "null"),
      via: col.json("ro", "null"),
      event_type: col.string("ro"),
      child_events: col.json("ro"),
    },
    list: eventsExport.list,
    filters: { created_at: eventsExport.startTime },
    incremental: "created_at",
  });

  const ticket_metric_events = defineTable({
    name: "ticket_metric_events",
    description:
      "Ticket metric events (SLA and reply-time clocks) through the time-based incremental export (admin only).",
    key: "id",
    columns: {
      ...id,
      ticket_id: col.reference("tickets", "ro"),
      metric: col.string("ro"),
      instance_id: col.integer("ro"),
      type: col.string("ro"),
      time: col.datetime("ro"),
    },
    list: metricEventsExport.list,
    filters: { time: metricEventsExport.startTime },
    incremental: "time",
  });

  return {
    tickets,
    ticket_comments,
    ticket_audits,
    ticket_fields: readOnly(
      "ticket_fields",
      "ticket_fields",
      "ticket_field",
      "Ticket fields, system and custom (`/api/v2/ticket_fields`).",
      fieldColumns,
    ),
    ticket_forms: readOnly(
      "ticket_forms",
      "ticket_forms",
      "ticket_form",
      "Ticket forms (`/api/v2/ticket_forms`).",
      {
        ...id,
        ...url,
        name: col.string("ro"),
        display_name: col.string("ro"),
        position: col.integer("ro"),
        active: col.boolean("ro"),
        default: col.boolean("ro"),
        ticket_field_ids: col.json("ro"),
        ...times,
      },
    ),
    ticket_metrics,
    ticket_events,
    ticket_metric_events,
    satisfaction_ratings: readOnly(
      "satisfaction_ratings",
      "satisfaction_ratings",
      "satisfaction_rating",
      "Satisfaction ratings (`/api/v2/satisfaction_ratings`).",
      {
        ...id,
        ...url,
        ticket_id: col.reference("tickets", "ro"),
        score: col.string("ro"),
        comment: col.string("ro", "null"),
        reason: col.string("ro", "null"),
        requester_id: col.reference("users", "ro"),
        assignee_id: col.reference("users", "ro", "null"),
        group_id: col.reference("groups", "ro", "null"),
        ...times,
      },
    ),
    users,
    user_fields: readOnly(
      "user_fields",
      "user_fields",
      "user_field",
      "Custom user fields (`/api/v2/user_fields`).",
      fieldColumns,
    ),
    identities,
    organizations,
    organization_fields: readOnly(
      "organization_fields",
      "organization_fields",
      "organization_field",
      "Custom organization fields (`/api/v2/organization_fields`).",
      fieldColumns,
    ),
    organization_memberships: readOnly(
      "organization_memberships",
      "organization_memberships",
      "organization_membership",
      "Which users belong to which organizations (`/api/v2/organization_memberships`).",
      {
        ...id,
        ...url,
        user_id: col.reference("users", "ro"),
        organization_id: col.reference("organizations", "ro"),
        default: col.boolean("ro", "null"),
        view_tickets: col.boolean("ro"),
        ...times,
      },
    ),
    groups,
    group_memberships: readOnly(
      "group_memberships",
      "group_memberships",
      "group_membership",
      "Which agents belong to which groups (`/api/v2/group_memberships`).",
      {
        ...id,
        ...url,
        user_id: col.reference("users", "ro"),
        group_id: col.reference("groups", "ro"),
        default: col.boolean("ro"),
        ...times,
      },
    ),
    brands: readOnly("brands", "brands", "brand", "Brands (`/api/v2/brands`).", {
      ...id,
      ...url,
      name: col.string("ro"),
      subdomain: col.string("ro"),
      brand_url: col.string("ro"),
      host_mapping: col.string("ro", "null"),
      active: col.boolean("ro"),
      default: col.boolean("ro"),
      has_help_center: col.boolean("ro"),
      ...times,
    }),
    views: readOnly("views", "views", "view", "Views (`/api/v2/views`).", {
      ...rule,
      restriction: col.json("ro", "null"),
      conditions: col.json("ro"),
      execution: col.json("ro"),
    }),
    macros: readOnly("macros", "macros", "macro", "Macros (`/api/v2/macros`).", {
      ...rule,
      restriction: col.json("ro", "null"),
      actions: col.json("ro"),
    }),
    triggers: readOnly("triggers", "triggers", "trigger", "Triggers (`/api/v2/triggers`).", {
      ...rule,
      category_id: col.string("ro", "null"),
      conditions: col.json("ro"),
      actions: col.json("ro"),
    }),
    automations: readOnly(
      "automations",
      "automations",
      "automation",
      "Automations (`/api/v2/automations`).",
      {
        ...rule,
        conditions: col.json("ro"),
        actions: col.json("ro"),
      },
    ),
    sla_policies: defineTable({
      name: "sla_policies",
      description: "SLA policies (`/api/v2/slas/policies`).",
      key: "id",
      columns: {
        ...id,
        ...url,
        title: col.string("ro"),
        description: col.string("ro", "null"),
        position: col.integer("ro"),
        filter: col.json("ro"),
        policy_metrics: col.json("ro"),
        ...times,
      },
      list: listing("slas/policies", "sla_policies"),
      get: get("slas/policies", "sla_policy"),
    }),
    tags: defineTable({
      name: "tags",
      description:
        "Tags in use on tickets, users and organizations, with how often (`/api/v2/tags`).",
      key: "name",
      columns: {
        name: col.string("ro"),
        count: col.integer("ro"),
      },
      list: listing("tags"),
    }),
  } satisfies Record<string, TableDeclaration>;
}

/** Zendesk's tables (regular reads), by name. */
export const tables = zendeskTables();
