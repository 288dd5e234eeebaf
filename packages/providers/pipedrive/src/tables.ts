import {
  type ApiRequest,
  col,
  defineTable,
  type TableDeclaration,
  withSearchParams,
} from "@x/connector-kit";
import {
  childKey,
  flag,
  instant,
  parentPath,
  updatedRange,
  v1Pages,
  v1Sorts,
  v1Table,
  v1Times,
  v2Pages,
  v2Sorts,
  v2Table,
} from "./wiring.js";

// Columns most v2 records share.
const owned = {
  id: col.integer("ro"),
  owner_id: col.about(col.reference("users"), "The user who owns it"),
  add_time: col.datetime("ro"),
  update_time: col.datetime("ro"),
  visible_to: col.about(col.integer("null"), "Visibility group (1, 3, 5 or 7)"),
} as const;
const stamps = { add_time: col.datetime("ro"), update_time: col.datetime("ro") } as const;
const v2Sort = v2Sorts("id", "update_time", "add_time");

// ---------------------------------------------------------------------------------------------
// API v2 tables.

const dealColumns = {
  ...owned,
  title: col.string("req"),
  value: col.about(col.decimal(), "Monetary value, in `currency`"),
  currency: col.about(col.string(), "ISO 4217 code"),
  status: col.enum(["open", "won", "lost"]),
  stage_id: col.reference("stages"),
  pipeline_id: col.reference("pipelines"),
  probability: col.integer("null"),
  person_id: col.reference("persons", "null"),
  org_id: col.reference("organizations", "null"),
  creator_user_id: col.reference("users", "ro"),
  is_archived: col.boolean("ro"),
} as const;

/** Deals (API v2), with the deal custom fields as columns. */
export const deals = defineTable({
  name: "deals",
  description: "Deals (API v2 `/api/v2/deals`); custom fields from `dealFields`.",
  key: "id",
  columns: dealColumns,
  ...v2Table("deals", dealColumns, { fields: "deal" }),
  filters: {
    owner_id: { eq: "owner_id" },
    person_id: { eq: "person_id" },
    org_id: { eq: "org_id" },
    pipeline_id: { eq: "pipeline_id" },
    stage_id: { eq: "stage_id" },
    status: { eq: "status" },
    update_time: updatedRange,
  },
  orderBy: v2Sort,
  incremental: "update_time",
});

const personColumns = {
  ...owned,
  name: col.string("req"),
  first_name: col.string("ro", "null"),
  last_name: col.string("ro", "null"),
  emails: col.about(col.json(), "`[{ value, label, primary }]`"),
  phones: col.about(col.json(), "`[{ value, label, primary }]`"),
  org_id: col.reference("organizations", "null"),
} as const;

/** Persons (API v2), with the person custom fields as columns. */
export const persons = defineTable({
  name: "persons",
  description: "Persons (API v2 `/api/v2/persons`); custom fields from `personFields`.",
  key: "id",
  columns: personColumns,
  ...v2Table("persons", personColumns, { fields: "person" }),
  filters: { owner_id: { eq: "owner_id" }, org_id: { eq: "org_id" }, update_time: updatedRange },
  orderBy: v2Sort,
  incremental: "update_time",
});

const organizationColumns = {
  ...owned,
  name: col.string("req"),
  address: col.string("null"),
} as const;

/** Organizations (API v2), with the organization custom fields as columns. */
export const organizations = defineTable({
  name: "organizations",
  description:
    "Organizations (API v2 `/api/v2/organizations`); custom fields from `organizationFields`.",
  key: "id",
  columns: organizationColumns,
  ...v2Table("organizations", organizationColumns, { fields: "organization" }),
  filters: { owner_id: { eq: "owner_id" }, update_time: updatedRange },
  orderBy: v2Sort,
  incremental: "update_time",
});

const activityColumns = {
  id: col.integer("ro"),
  owner_id: col.about(col.reference("users"), "The user who owns it"),
  add_time: col.datetime("ro"),
  update_time: col.datetime("ro"),
  subject: col.string(),
  type: col.about(col.string(), "The `key_string` of an activity type"),
  done: col.boolean(),
  due_date: col.date("null"),
  due_time: col.about(col.string("null"), "HH:MM"),
  duration: col.about(col.string("null"), "HH:MM"),
  deal_id: col.reference("deals", "null"),
  person_id: col.reference("persons", "null"),
  org_id: col.reference("organizations", "null"),
  lead_id: col.reference("leads", "null"),
  note: col.string("null"),
  location: col.string("null"),
  public_description: col.string("null"),
  busy_flag: col.boolean(),
  priority: col.integer("null"),
  participants: col.about(col.json(), "`[{ person_id, primary }]`"),
  attendees: col.json(),
  creator_user_id: col.reference("users", "ro"),
  marked_as_done_time: col.datetime("ro", "null"),
  is_deleted: col.boolean("ro"),
} as const;

/** Activities (API v2), with the activity custom fields (if any) as columns. */
export const activities = defineTable({
  name: "activities",
  description: "Activities (API v2 `/api/v2/activities`).",
  key: "id",
  columns: activityColumns,
  ...v2Table("activities", activityColumns, { fields: "activity" }),
  filters: {
    owner_id: { eq: "owner_id" },
    deal_id: { eq: "deal_id" },
    person_id: { eq: "person_id" },
    org_id: { eq: "org_id" },
    done: { eq: flag("done") },
    update_time: updatedRange,
  },
  orderBy: v2Sort,
  incremental: "update_time",
});

const productColumns = {
  id: col.integer("ro"),
  name: col.string("req"),
  code: col.string("null"),
  description: col.string("null"),
  unit: col.string("null"),
  tax: col.about(col.decimal(), "Tax percentage"),
  category: col.string("null"),
  is_linkable: col.boolean(),
  is_deleted: col.boolean("ro"),
  visible_to: col.integer("null"),
  owner_id: col.reference("users"),
  billing_frequency: col.enum([
    "one-time",
    "annually",
    "semi-annually",
    "quarterly",
    "monthly",
    "weekly",
  ]),
  prices: col.about(col.json(), "`[{ currency, price, cost, overhead_cost, notes }]`"),
  ...stamps,
} as const;

/** Products (API v2), with the product custom fields as columns. */
export const products = defineTable({
  name: "products",
  description: "Products (API v2 `/api/v2/products`); custom fields from `productFields`.",
  key: "id",
  columns: productColumns,
  ...v2Table("products", productColumns, { fields: "product" }),
  filters: { owner_id: { eq: "owner_id" } },
  orderBy: v2Sort,
});

/** Pipelines (API v2). */
export const pipelines = defineTable({
  name: "pipelines",
  description: "Pipelines (API v2 `/api/v2/pipelines`).",
  key: "id",
  columns: {
    id: col.integer("ro"),
    name: col.string("req"),
    order_nr: col.integer("ro"),
    is_deal_probability_enabled: col.boolean(),
    is_selected: col.boolean("ro"),
    is_deleted: col.boolean("ro"),
    ...stamps,
  },
  ...v2Table("pipelines", {}),
  orderBy: v2Sort,
});

/** Stages (API v2). */
export const stages = defineTable({
  name: "stages",
  description: "Stages of the pipelines (API v2 `/api/v2/stages`).",
  key: "id",
  columns: {
    id: col.integer("ro"),
    name: col.string("req"),
    pipeline_id: col.reference("pipelines", "req"),
    order_nr: col.integer("ro"),
    deal_probability: col.integer(),
    is_deal_rot_enabled: col.boolean(),
    days_to_rotten: col.integer("null"),
    is_deleted: col.boolean("ro"),
    ...stamps,
  },
  ...v2Table("stages", {}),
  filters: { pipeline_id: { eq: "pipeline_id" } },
  orderBy: v2Sort,
});

// A deal product's key is `<deal id>:<attachment id>`: Pipedrive addresses it under its deal.
const dealProductRow = (record: unknown) => {
  const r = record as Record<string, unknown>;
  return { ...r, key: `${r.deal_id}:${r.id}` };
};

/** Products attached to a deal (API v2 `/api/v2/deals/{id}/products`): a child table of deals. */
export const deal_products = defineTable({
  name: "deal_products",
  description:
    "Products attached to a deal (API v2 `/api/v2/deals/{id}/products`); list with `where: { deal_id }`.",
  key: "key",
  columns: {
    key: col.about(col.string("ro"), "`<deal_id>:<id>`: the key get, update and delete take"),
    id: col.integer("ro"),
    deal_id: col.reference("deals", "req"),
    product_id: col.reference("products", "req"),
    item_price: col.decimal("req"),
    quantity: col.decimal("req"),
    discount: col.decimal(),
    discount_type: col.enum(["percentage", "amount"]),
    tax: col.decimal(),
    tax_method: col.enum(["exclusive", "inclusive", "none"]),
    is_enabled: col.boolean(),
    comments: col.string("null"),
    product_variation_id: col.integer("null"),
    sum: col.decimal("ro"),
    currency: col.string("ro"),
    ...stamps,
  },
  parent: { table: "deals", column: "deal_id" },
  list: {
    request: { path: "api/v2/deals/0/products", searchParams: { limit: 500 } },
    pagination: v2Pages,
    pageSize: { param: "limit", max: 500 },
    row: dealProductRow,
  },
  filters: { deal_id: { eq: parentPath((deal) => `api/v2/deals/${deal}/products`) } },
  orderBy: v2Sort,
  get: {
    // There is no read of one attachment: the deal's list (first 500) holds it.
    request: (key: unknown): ApiRequest => ({
      path: `api/v2/deals/${childKey("deal_products", key)[0]}/products`,
      searchParams: { limit: 500 },
    }),
    record: (body: unknown, key: unknown) => {
      const id = Number(childKey("deal_products", key)[1]);
      const found = ((body as { data?: { id: number }[] | null }).data ?? []).find(
        (r) => r.id === id,
      );
      return found;
    },
  },
  insert: {
    request: ({ deal_id, ...row }: Record<string, unknown>): ApiRequest => ({
      method: "POST",
      path: `api/v2/deals/${deal_id}/products`,
      json: row,
    }),
    key: (body: unknown) => {
      const data = (body as { data: { id: number; deal_id: number } }).data;
      return `${data.deal_id}:${data.id}`;
    },
  },
  update: {
    request: (key: unknown, changes: Record<string, unknown>): ApiRequest => {
      const [deal, id] = childKey("deal_products", key);
      return { method: "PATCH", path: `api/v2/deals/${deal}/products/${id}`, json: changes };
    },
  },
  delete: {
    request: (key: unknown): ApiRequest => {
      const [deal, id] = childKey("deal_products", key);
      return { method: "DELETE", path: `api/v2/deals/${deal}/products/${id}` };
    },
  },
});

// ---------------------------------------------------------------------------------------------
// v1-only tables (no v2 endpoint): `start`/`limit` pages where the list pages.

const participantRow = (record: unknown) => {
  const r = record as Record<string, unknown>;
  const person = r.person_id as { value?: number } | number | null;
  const deal =
    (r.related_item_id as number | undefined) ??
    (r.related_item_data as { deal_id?: { id?: number } } | undefined)?.deal_id?.id;
  return {
    key: `${deal}:${r.id}`,
    id: r.id,
    deal_id: deal,
    person_id: typeof person === "object" && person !== null ? person.value : person,
    active_flag: r.active_flag,
    add_time: v1Times("add_time")(r).add_time,
  };
};

/** The persons taking part in a deal (`/v1/deals/{id}/participants`): a child table of deals. */
export const deal_participants = defineTable({
  name: "deal_participants",
  description:
    "Persons taking part in a deal (API v1 `/v1/deals/{id}/participants`); list with `where: { deal_id }`.",
  key: "key",
  columns: {
    key: col.about(col.string("ro"), "`<deal_id>:<id>`: the key delete takes"),
    id: col.integer("ro"),
    deal_id: col.reference("deals", "req"),
    person_id: col.reference("persons", "req"),
    active_flag: col.boolean("ro"),
    add_time: col.datetime("ro"),
  },
  parent: { table: "deals", column: "deal_id" },
  list: {
    request: { path: "api/v1/deals/0/participants", searchParams: { start: 0, limit: 500 } },
    pagination: v1Pages,
    pageSize: { param: "limit", max: 500 },
    row: participantRow,
  },
  filters: { deal_id: { eq: parentPath((deal) => `api/v1/deals/${deal}/participants`) } },
  get: {
    // There is no read of one participant: the deal's list (first 500) holds it.
    request: (key: unknown): ApiRequest => ({
      path: `api/v1/deals/${childKey("deal_participants", key)[0]}/participants`,
      searchParams: { start: 0, limit: 500 },
    }),
    record: (body: unknown, key: unknown) => {
      const id = Number(childKey("deal_participants", key)[1]);
      const found = ((body as { data?: { id: number }[] | null }).data ?? []).find(
        (r) => r.id === id,
      );
      return found;
    },
  },
  insert: {
    request: ({ deal_id, person_id }: Record<string, unknown>): ApiRequest => ({
      method: "POST",
      path: `api/v1/deals/${deal_id}/participants`,
      json: { person_id: Number(person_id) },
    }),
    key: (body: unknown, row: Record<string, unknown>) =>
      `${row.deal_id}:${(body as { data: { id: number } }).data.id}`,
  },
  delete: {
    request: (key: unknown): ApiRequest => {
      const [deal, id] = childKey("deal_participants", key);
      return { method: "DELETE", path: `api/v1/deals/${deal}/participants/${id}` };
    },
  },
});

/** Leads (API v1 `/v1/leads`; ids are UUIDs). */
export const leads = defineTable({
  name: "leads",
  description: "Leads (API v1 `/v1/leads`): a lead needs a person_id or an organization_id.",
  key: "id",
  columns: {
    id: col.about(col.string("ro"), "UUID"),
    title: col.string("req"),
    owner_id: col.reference("users"),
    creator_id: col.reference("users", "ro"),
    person_id: col.reference("persons", "null"),
    organization_id: col.reference("organizations", "null"),
    value: col.about(col.json("null"), "`{ amount, currency }`"),
    expected_close_date: col.date("null"),
    label_ids: col.json(),
    is_archived: col.boolean(),
    was_seen: col.boolean(),
    source_name: col.string("ro"),
    origin: col.string("ro"),
    visible_to: col.string("null"),
    ...stamps,
  },
  ...v1Table("leads", { get: true, writes: ["insert", "update", "delete"], updateMethod: "PATCH" }),
  filters: {
    owner_id: { eq: "owner_id" },
    person_id: { eq: "person_id" },
    organization_id: { eq: "organization_id" },
    is_archived: {
      eq: (value, request) =>
        withSearchParams(request, { archived_status: value ? "archived" : "not_archived" }),
    },
  },
  orderBy: v1Sorts("id", "add_time", "update_time"),
});

const noteTimes = v1Times("add_time", "update_time");

/** Notes (API v1 `/v1/notes`). */
export const notes = defineTable({
  name: "notes",
  description:
    "Notes (API v1 `/v1/notes`): HTML content about a deal, person, organization or lead.",
  key: "id",
  columns: {
    id: col.integer("ro"),
    content: col.about(col.string("req"), "HTML"),
    deal_id: col.reference("deals", "null"),
    person_id: col.reference("persons", "null"),
    org_id: col.reference("organizations", "null"),
    lead_id: col.reference("leads", "null"),
    user_id: col.reference("users"),
    pinned_to_deal_flag: col.boolean(),
    pinned_to_person_flag: col.boolean(),
    pinned_to_organization_flag: col.boolean(),
    active_flag: col.boolean("ro"),
    ...stamps,
  },
  ...v1Table("notes", { get: true, writes: ["insert", "update", "delete"], row: noteTimes }),
  filters: {
    user_id: { eq: "user_id" },
    deal_id: { eq: "deal_id" },
    person_id: { eq: "person_id" },
    org_id: { eq: "org_id" },
    lead_id: { eq: "lead_id" },
    update_time: { gte: instant("updated_since") },
  },
  orderBy: v1Sorts("id", "add_time", "update_time"),
  incremental: "update_time",
});

const userTimes = v1Times("created", "modified", "last_login");

/** Users of the company (API v1 `/v1/users`; no paging). */
export const users = defineTable({
  name: "users",
  description:
    "Users of the company (API v1 `/v1/users`): added by email; only `active_flag` changes later.",
  key: "id",
  columns: {
    id: col.integer("ro"),
    name: col.string("ro"),
    email: col.string("req"),
    active_flag: col.boolean(),
    is_admin: col.integer("ro"),
    role_id: col.integer("ro", "null"),
    default_currency: col.string("ro"),
    timezone_name: col.string("ro"),
    locale: col.string("ro"),
    icon_url: col.string("ro", "null"),
    last_login: col.datetime("ro", "null"),
    created: col.datetime("ro"),
    modified: col.datetime("ro", "null"),
  },
  ...v1Table("users", { paging: "all", get: true, writes: ["insert", "update"], row: userTimes }),
});

const fileTimes = v1Times("add_time", "update_time");

/** Files (metadata only; API v1 `/v1/files`). Uploading is not a table write. */
export const files = defineTable({
  name: "files",
  description:
    "Files attached to deals, persons, … (metadata, API v1 `/v1/files`); a delete marks the file deleted.",
  key: "id",
  columns: {
    id: col.integer("ro"),
    name: col.string(),
    description: col.string("null"),
    file_name: col.string("ro"),
    file_type: col.string("ro"),
    file_size: col.about(col.integer("ro"), "Bytes"),
    deal_id: col.reference("deals", "ro", "null"),
    person_id: col.reference("persons", "ro", "null"),
    org_id: col.reference("organizations", "ro", "null"),
    product_id: col.reference("products", "ro", "null"),
    activity_id: col.reference("activities", "ro", "null"),
    lead_id: col.reference("leads", "ro", "null"),
    user_id: col.reference("users", "ro"),
    active_flag: col.boolean("ro"),
    remote_location: col.string("ro", "null"),
    url: col.string("ro", "null"),
    ...stamps,
  },
  ...v1Table("files", { get: true, writes: ["update", "delete"], row: fileTimes }),
  orderBy: v1Sorts("id", "add_time", "update_time"),
});

const filterTypes = [
  "deals",
  "leads",
  "org",
  "people",
  "products",
  "activity",
  "projects",
] as const;
const filterTimes = v1Times("add_time", "update_time");

/** Saved filters (API v1 `/v1/filters`; no paging). */
export const filters = defineTable({
  name: "filters",
  description: "Saved filters (API v1 `/v1/filters`).",
  key: "id",
  columns: {
    id: col.integer("ro"),
    name: col.string("req"),
    type: col.enum(filterTypes, "req"),
    conditions: col.about(col.json("req"), "`{ glue, conditions: [...] }`"),
    active_flag: col.boolean("ro"),
    visible_to: col.string("ro", "null"),
    user_id: col.reference("users", "ro"),
    ...stamps,
  },
  ...v1Table("filters", {
    paging: "all",
    get: true,
    writes: ["insert", "update", "delete"],
    row: filterTimes,
  }),
  filters: { type: { eq: "type" } },
});

/** Currencies (API v1 `/v1/currencies`; read-only, no paging). */
export const currencies = defineTable({
  name: "currencies",
  description: "Currencies the company can use (API v1 `/v1/currencies`).",
  key: "id",
  columns: {
    id: col.integer("ro"),
    code: col.string("ro"),
    name: col.string("ro"),
    symbol: col.string("ro"),
    decimal_points: col.integer("ro"),
    active_flag: col.boolean("ro"),
    is_custom_flag: col.boolean("ro"),
  },
  ...v1Table("currencies", { paging: "all" }),
});

const iconKeys = [
  "call",
  "meeting",
  "task",
  "deadline",
  "email",
  "lunch",
  "flag",
  "camera",
] as const;

/** Activity types (API v1 `/v1/activityTypes`; no paging). */
export const activity_types = defineTable({
  name: "activity_types",
  description:
    "Activity types (API v1 `/v1/activityTypes`); a delete marks the type inactive (active_flag false).",
  key: "id",
  columns: {
    id: col.integer("ro"),
    name: col.string("req"),
    icon_key: col.enum(iconKeys, "req"),
    color: col.about(col.string("null"), "Hex color, e.g. FFFFFF"),
    order_nr: col.integer(),
    key_string: col.string("ro"),
    active_flag: col.boolean("ro"),
    is_custom_flag: col.boolean("ro"),
    ...stamps,
  },
  ...v1Table("activityTypes", {
    paging: "all",
    writes: ["insert", "update", "delete"],
    row: v1Times("add_time", "update_time"),
  }),
});

const goalsOf = (body: unknown) =>
  ((body as { data?: { goals?: unknown[] } | null }).data?.goals ?? []) as unknown[];

/** Goals (API v1 `/v1/goals`; listed through `/v1/goals/find`, no paging). */
export const goals = defineTable({
  name: "goals",
  description: "Goals (API v1 `/v1/goals`, listed by `/v1/goals/find`).",
  key: "id",
  columns: {
    id: col.string("ro"),
    title: col.string("req"),
    owner_id: col.reference("users", "ro"),
    type: col.about(col.json("req"), "`{ name, params }`"),
    assignee: col.about(col.json("req"), "`{ id, type }`"),
    interval: col.enum(["weekly", "monthly", "quarterly", "yearly"], "req"),
    duration: col.about(col.json("req"), "`{ start, end }`"),
    expected_outcome: col.about(col.json("req"), "`{ target, tracking_metric, currency_id }`"),
    is_active: col.boolean("ro"),
    report_ids: col.json("ro"),
  },
  ...v1Table("goals", {
    paging: "all",
    listPath: "goals/find",
    items: goalsOf,
    one: (body) => (body as { data: { goal: unknown } }).data.goal,
    writes: ["insert", "update", "delete"],
  }),
  filters: { is_active: { eq: flag("is_active") } },
});

/** Pipedrive's tables, by name. */
export const tables = {
  deals,
  persons,
  organizations,
  activities,
  products,
  pipelines,
  stages,
  deal_products,
  deal_participants,
  leads,
  notes,
  users,
  files,
  filters,
  currencies,
  activity_types,
  goals,
} satisfies Record<string, TableDeclaration>;
