import {
  type ApiRequest,
  defineTable,
  type TableDeclaration,
  withSearchParams,
} from "@x/connector-kit";
import {
  about,
  bool,
  childKey,
  date,
  dec,
  en,
  flag,
  instant,
  int,
  json,
  parentPath,
  ref,
  str,
  time,
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
  id: int("ro"),
  owner_id: about(ref("users"), "The user who owns it"),
  add_time: time("ro"),
  update_time: time("ro"),
  visible_to: about(int("null"), "Visibility group (1, 3, 5 or 7)"),
} as const;
const stamps = { add_time: time("ro"), update_time: time("ro") } as const;
const v2Sort = v2Sorts("id", "update_time", "add_time");

// ---------------------------------------------------------------------------------------------
// API v2 tables.

const dealColumns = {
  ...owned,
  title: str("req"),
  value: about(dec(), "Monetary value, in `currency`"),
  currency: about(str(), "ISO 4217 code"),
  status: en(["open", "won", "lost"]),
  stage_id: ref("stages"),
  pipeline_id: ref("pipelines"),
  probability: int("null"),
  person_id: ref("persons", "null"),
  org_id: ref("organizations", "null"),
  creator_user_id: ref("users", "ro"),
  is_archived: bool("ro"),
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
  name: str("req"),
  first_name: str("ro", "null"),
  last_name: str("ro", "null"),
  emails: about(json(), "`[{ value, label, primary }]`"),
  phones: about(json(), "`[{ value, label, primary }]`"),
  org_id: ref("organizations", "null"),
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
  name: str("req"),
  address: str("null"),
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
  id: int("ro"),
  owner_id: about(ref("users"), "The user who owns it"),
  add_time: time("ro"),
  update_time: time("ro"),
  subject: str(),
  type: about(str(), "The `key_string` of an activity type"),
  done: bool(),
  due_date: date("null"),
  due_time: about(str("null"), "HH:MM"),
  duration: about(str("null"), "HH:MM"),
  deal_id: ref("deals", "null"),
  person_id: ref("persons", "null"),
  org_id: ref("organizations", "null"),
  lead_id: ref("leads", "null"),
  note: str("null"),
  location: str("null"),
  public_description: str("null"),
  busy_flag: bool(),
  priority: int("null"),
  participants: about(json(), "`[{ person_id, primary }]`"),
  attendees: json(),
  creator_user_id: ref("users", "ro"),
  marked_as_done_time: time("ro", "null"),
  is_deleted: bool("ro"),
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
  id: int("ro"),
  name: str("req"),
  code: str("null"),
  description: str("null"),
  unit: str("null"),
  tax: about(dec(), "Tax percentage"),
  category: str("null"),
  is_linkable: bool(),
  is_deleted: bool("ro"),
  visible_to: int("null"),
  owner_id: ref("users"),
  billing_frequency: en([
    "one-time",
    "annually",
    "semi-annually",
    "quarterly",
    "monthly",
    "weekly",
  ]),
  prices: about(json(), "`[{ currency, price, cost, overhead_cost, notes }]`"),
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
    id: int("ro"),
    name: str("req"),
    order_nr: int("ro"),
    is_deal_probability_enabled: bool(),
    is_selected: bool("ro"),
    is_deleted: bool("ro"),
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
    id: int("ro"),
    name: str("req"),
    pipeline_id: ref("pipelines", "req"),
    order_nr: int("ro"),
    deal_probability: int(),
    is_deal_rot_enabled: bool(),
    days_to_rotten: int("null"),
    is_deleted: bool("ro"),
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
    key: about(str("ro"), "`<deal_id>:<id>`: the key get, update and delete take"),
    id: int("ro"),
    deal_id: ref("deals", "req"),
    product_id: ref("products", "req"),
    item_price: dec("req"),
    quantity: dec("req"),
    discount: dec(),
    discount_type: en(["percentage", "amount"]),
    tax: dec(),
    tax_method: en(["exclusive", "inclusive", "none"]),
    is_enabled: bool(),
    comments: str("null"),
    product_variation_id: int("null"),
    sum: dec("ro"),
    currency: str("ro"),
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
    key: about(str("ro"), "`<deal_id>:<id>`: the key delete takes"),
    id: int("ro"),
    deal_id: ref("deals", "req"),
    person_id: ref("persons", "req"),
    active_flag: bool("ro"),
    add_time: time("ro"),
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
    id: about(str("ro"), "UUID"),
    title: str("req"),
    owner_id: ref("users"),
    creator_id: ref("users", "ro"),
    person_id: ref("persons", "null"),
    organization_id: ref("organizations", "null"),
    value: about(json("null"), "`{ amount, currency }`"),
    expected_close_date: date("null"),
    label_ids: json(),
    is_archived: bool(),
    was_seen: bool(),
    source_name: str("ro"),
    origin: str("ro"),
    visible_to: str("null"),
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
    id: int("ro"),
    content: about(str("req"), "HTML"),
    deal_id: ref("deals", "null"),
    person_id: ref("persons", "null"),
    org_id: ref("organizations", "null"),
    lead_id: ref("leads", "null"),
    user_id: ref("users"),
    pinned_to_deal_flag: bool(),
    pinned_to_person_flag: bool(),
    pinned_to_organization_flag: bool(),
    active_flag: bool("ro"),
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
    id: int("ro"),
    name: str("ro"),
    email: str("req"),
    active_flag: bool(),
    is_admin: int("ro"),
    role_id: int("ro", "null"),
    default_currency: str("ro"),
    timezone_name: str("ro"),
    locale: str("ro"),
    icon_url: str("ro", "null"),
    last_login: time("ro", "null"),
    created: time("ro"),
    modified: time("ro", "null"),
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
    id: int("ro"),
    name: str(),
    description: str("null"),
    file_name: str("ro"),
    file_type: str("ro"),
    file_size: about(int("ro"), "Bytes"),
    deal_id: ref("deals", "ro", "null"),
    person_id: ref("persons", "ro", "null"),
    org_id: ref("organizations", "ro", "null"),
    product_id: ref("products", "ro", "null"),
    activity_id: ref("activities", "ro", "null"),
    lead_id: ref("leads", "ro", "null"),
    user_id: ref("users", "ro"),
    active_flag: bool("ro"),
    remote_location: str("ro", "null"),
    url: str("ro", "null"),
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
    id: int("ro"),
    name: str("req"),
    type: en(filterTypes, "req"),
    conditions: about(json("req"), "`{ glue, conditions: [...] }`"),
    active_flag: bool("ro"),
    visible_to: str("ro", "null"),
    user_id: ref("users", "ro"),
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
    id: int("ro"),
    code: str("ro"),
    name: str("ro"),
    symbol: str("ro"),
    decimal_points: int("ro"),
    active_flag: bool("ro"),
    is_custom_flag: bool("ro"),
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
    id: int("ro"),
    name: str("req"),
    icon_key: en(iconKeys, "req"),
    color: about(str("null"), "Hex color, e.g. FFFFFF"),
    order_nr: int(),
    key_string: str("ro"),
    active_flag: bool("ro"),
    is_custom_flag: bool("ro"),
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
    id: str("ro"),
    title: str("req"),
    owner_id: ref("users", "ro"),
    type: about(json("req"), "`{ name, params }`"),
    assignee: about(json("req"), "`{ id, type }`"),
    interval: en(["weekly", "monthly", "quarterly", "yearly"], "req"),
    duration: about(json("req"), "`{ start, end }`"),
    expected_outcome: about(json("req"), "`{ target, tracking_metric, currency_id }`"),
    is_active: bool("ro"),
    report_ids: json("ro"),
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
