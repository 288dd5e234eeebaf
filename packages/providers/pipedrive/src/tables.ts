import {
  type ApiRequest,
  cursorPagination,
  defineTable,
  type PushdownMapping,
  type TableDeclaration,
  withSearchParams,
} from "@x/connector-kit";

type Envelope = { data: unknown; additional_data?: { next_cursor?: string | null } | null };

const pagination = cursorPagination({
  cursorParam: "cursor",
  items: (body) => ((body as Envelope).data as unknown[] | null) ?? [],
  nextCursor: (body) => (body as Envelope).additional_data?.next_cursor,
});

/** RFC 3339, as `updated_since` / `updated_until` take it. */
const instant =
  (param: string): PushdownMapping =>
  (value, request) =>
    withSearchParams(request, { [param]: new Date(value as string).toISOString() });

/** `update_time >= t` is `updated_since=t`, `update_time < t` is `updated_until=t` (API v2). */
const updated = { gte: instant("updated_since"), lt: instant("updated_until") };

/** `sort_by` + `sort_direction` (API v2: `id`, `update_time`, `add_time`; ties in id order). */
const sortBy = (column: string) => ({
  asc: (r: ApiRequest) => withSearchParams(r, { sort_by: column, sort_direction: "asc" }),
  desc: (r: ApiRequest) => withSearchParams(r, { sort_by: column, sort_direction: "desc" }),
});
const sorts = {
  id: sortBy("id"),
  update_time: sortBy("update_time"),
  add_time: sortBy("add_time"),
};

/** What deals, persons and organizations share: the v2 list, read, add, update and delete. */
function crud(resource: string) {
  return {
    list: {
      request: { path: `api/v2/${resource}`, searchParams: { limit: 500 } },
      pagination,
      pageSize: { param: "limit", max: 500 },
    },
    get: {
      request: (id: unknown): ApiRequest => ({ path: `api/v2/${resource}/${id}` }),
      record: (body: unknown) => (body as Envelope).data,
    },
    insert: {
      request: (row: Record<string, unknown>): ApiRequest => ({
        method: "POST",
        path: `api/v2/${resource}`,
        json: row,
      }),
      key: (body: unknown) => ((body as Envelope).data as { id: number }).id,
    },
    update: {
      request: (id: unknown, changes: Record<string, unknown>): ApiRequest => ({
        method: "PATCH",
        path: `api/v2/${resource}/${id}`,
        json: changes,
      }),
    },
    delete: {
      request: (id: unknown): ApiRequest => ({
        method: "DELETE",
        path: `api/v2/${resource}/${id}`,
      }),
    },
    orderBy: sorts,
    incremental: "update_time",
  };
}

const owned = {
  id: { type: "integer", readOnly: true },
  owner_id: { type: "reference", references: "users", description: "The user who owns it" },
  add_time: { type: "datetime", readOnly: true },
  update_time: { type: "datetime", readOnly: true },
  visible_to: { type: "integer", nullable: true, description: "Visibility group (1, 3, 5 or 7)" },
} as const;

/** Deals (API v2). */
export const deals = defineTable({
  name: "deals",
  description: "Deals (API v2 `/api/v2/deals`).",
  key: "id",
  columns: {
    ...owned,
    title: { type: "string", required: true },
    value: { type: "decimal", description: "Monetary value, in `currency`" },
    currency: { type: "string", description: "ISO 4217 code" },
    status: { type: "enum", values: ["open", "won", "lost"] },
    stage_id: { type: "reference", references: "stages" },
    pipeline_id: { type: "reference", references: "pipelines" },
    probability: { type: "integer", nullable: true },
    person_id: { type: "reference", references: "persons", nullable: true },
    org_id: { type: "reference", references: "organizations", nullable: true },
    creator_user_id: { type: "reference", references: "users", readOnly: true },
    is_archived: { type: "boolean", readOnly: true },
  },
  ...crud("deals"),
  filters: {
    owner_id: { eq: "owner_id" },
    person_id: { eq: "person_id" },
    org_id: { eq: "org_id" },
    pipeline_id: { eq: "pipeline_id" },
    stage_id: { eq: "stage_id" },
    status: { eq: "status" },
    update_time: updated,
  },
});

/** Persons (API v2). */
export const persons = defineTable({
  name: "persons",
  description: "Persons (API v2 `/api/v2/persons`).",
  key: "id",
  columns: {
    ...owned,
    name: { type: "string", required: true },
    first_name: { type: "string", readOnly: true, nullable: true },
    last_name: { type: "string", readOnly: true, nullable: true },
    emails: { type: "json", description: "`[{ value, label, primary }]`" },
    phones: { type: "json", description: "`[{ value, label, primary }]`" },
    org_id: { type: "reference", references: "organizations", nullable: true },
  },
  ...crud("persons"),
  filters: { owner_id: { eq: "owner_id" }, org_id: { eq: "org_id" }, update_time: updated },
});

/** Organizations (API v2). */
export const organizations = defineTable({
  name: "organizations",
  description: "Organizations (API v2 `/api/v2/organizations`).",
  key: "id",
  columns: {
    ...owned,
    name: { type: "string", required: true },
    address: { type: "string", nullable: true },
  },
  ...crud("organizations"),
  filters: { owner_id: { eq: "owner_id" }, update_time: updated },
});

/** Pipedrive's tables, by name. */
export const tables = { deals, persons, organizations } satisfies Record<string, TableDeclaration>;
