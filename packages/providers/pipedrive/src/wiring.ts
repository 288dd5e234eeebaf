import {
  type ApiRequest,
  type ColumnsDeclaration,
  ConnectorError,
  ConnectorErrorCode,
  cursorPagination,
  offsetPagination,
  type PaginationSpec,
  type PushdownMapping,
  withSearchParams,
} from "@x/connector-kit";
import { customBody, customRow, discoverFields } from "./custom-fields.js";

// ---------------------------------------------------------------------------------------------
// Shared wiring.

type Envelope = {
  data: unknown;
  additional_data?: {
    next_cursor?: string | null;
    pagination?: { more_items_in_collection?: boolean };
  } | null;
};

const items = (body: unknown) => ((body as Envelope).data as unknown[] | null) ?? [];
const data = (body: unknown) => (body as Envelope).data;
const idOf = (body: unknown) => (data(body) as { id: unknown }).id;

/** API v2 pages: `cursor` + `limit` (≤ 500), ending when `next_cursor` is null. */
export const v2Pages = cursorPagination({
  cursorParam: "cursor",
  items,
  nextCursor: (body) => (body as Envelope).additional_data?.next_cursor,
});

/** API v1 pages: `start` + `limit`, ending when `more_items_in_collection` is false. */
export const v1Pages = offsetPagination({
  offsetParam: "start",
  pageSize: 500,
  items,
  hasMore: (body) =>
    (body as Envelope).additional_data?.pagination?.more_items_in_collection === true,
});

/** v1 lists that answer with every record at once. */
export const onePage = (read: (body: unknown) => unknown[] = items): PaginationSpec<unknown> => ({
  items: read,
  next: () => undefined,
});

/** RFC 3339, as `updated_since` / `updated_until` take it. */
export const instant =
  (param: string): PushdownMapping =>
  (value, request) =>
    withSearchParams(request, { [param]: new Date(value as string).toISOString() });

/** `update_time >= t` is `updated_since=t`, `update_time < t` is `updated_until=t` (API v2). */
export const updatedRange = { gte: instant("updated_since"), lt: instant("updated_until") };

/** A boolean condition as `true` / `false`. */
export const flag =
  (param: string): PushdownMapping =>
  (value, request) =>
    withSearchParams(request, { [param]: value ? "true" : "false" });

/** v2 `sort_by` + `sort_direction` over the named fields (ties in id order). */
export function v2Sorts(...fields: string[]) {
  return Object.fromEntries(
    fields.map((field) => [
      field,
      {
        asc: (r: ApiRequest) => withSearchParams(r, { sort_by: field, sort_direction: "asc" }),
        desc: (r: ApiRequest) => withSearchParams(r, { sort_by: field, sort_direction: "desc" }),
      },
    ]),
  );
}

/** v1 `sort=field ASC|DESC` over the named fields (ties in id order). */
export function v1Sorts(...fields: string[]) {
  return Object.fromEntries(
    fields.map((field) => [
      field,
      {
        asc: (r: ApiRequest) => withSearchParams(r, { sort: `${field} ASC` }),
        desc: (r: ApiRequest) => withSearchParams(r, { sort: `${field} DESC` }),
      },
    ]),
  );
}

/** v1's `YYYY-MM-DD HH:MM:SS` (UTC) as RFC 3339, so date-time columns compare as instants. */
export function v1Times(...names: string[]) {
  return (record: unknown): Record<string, unknown> => {
    const row = { ...(record as Record<string, unknown>) };
    for (const name of names) {
      const v = row[name];
      if (typeof v === "string" && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(v)) {
        row[name] = `${v.replace(" ", "T")}Z`;
      }
    }
    return row;
  };
}

/** Options of {@link v2Table}. */
export interface V2Options {
  /** The entity of the `*Fields` endpoint whose custom fields become columns. */
  fields?: string | undefined;
  /** Writes the API allows (default: insert, update, delete). */
  writes?: readonly ("insert" | "update" | "delete")[] | undefined;
}

/**
 * List, get, add (POST), update (PATCH) and delete of an API v2 resource, with custom fields
 * from `fields` as columns (under `custom_fields` on the wire, by hash key).
 */
export function v2Table(resource: string, columns: ColumnsDeclaration, options: V2Options = {}) {
  const path = `api/v2/${resource}`;
  const writes = options.writes ?? ["insert", "update", "delete"];
  const custom = options.fields;
  return {
    list: {
      request: { path, searchParams: { limit: 500 } },
      pagination: v2Pages,
      pageSize: { param: "limit", max: 500 },
      ...(custom ? { row: customRow } : {}),
    },
    get: {
      request: (id: unknown): ApiRequest => ({ path: `${path}/${id}` }),
      record: data,
    },
    ...(writes.includes("insert")
      ? {
          insert: {
            request: (row: Record<string, unknown>, cols: ColumnsDeclaration): ApiRequest => ({
              method: "POST",
              path,
              json: customBody(resource, row, cols),
            }),
            key: idOf,
          },
        }
      : {}),
    ...(writes.includes("update")
      ? {
          update: {
            request: (
              id: unknown,
              changes: Record<string, unknown>,
              cols: ColumnsDeclaration,
            ): ApiRequest => ({
              method: "PATCH",
              path: `${path}/${id}`,
              json: customBody(resource, changes, cols),
            }),
          },
        }
      : {}),
    ...(writes.includes("delete")
      ? {
          delete: {
            request: (id: unknown): ApiRequest => ({ method: "DELETE", path: `${path}/${id}` }),
          },
        }
      : {}),
    ...(custom ? { discover: discoverFields(custom, columns) } : {}),
  };
}

/** Options of {@link v1Table}. */
export interface V1Options {
  /** `offset`: `start`/`limit` pages; `all`: one answer holds every record. */
  paging?: "offset" | "all" | undefined;
  /** The list's path when it differs (goals: `goals/find`). */
  listPath?: string | undefined;
  /** Where records sit in a list answer (default `data`). */
  items?: ((body: unknown) => unknown[]) | undefined;
  /** Where the record sits in a write answer (default `data`). */
  one?: ((body: unknown) => unknown) | undefined;
  /** Serves `GET /v1/{resource}/{id}`. */
  get?: boolean | undefined;
  writes?: readonly ("insert" | "update" | "delete")[] | undefined;
  /** `PUT` (most v1 resources) or `PATCH` (leads). */
  updateMethod?: "PUT" | "PATCH" | undefined;
  /** Maps a record to a row (v1 times to RFC 3339). */
  row?: ((record: unknown) => Record<string, unknown>) | undefined;
}

/** List, get and writes of a v1-only resource (`/api/v1/{resource}`). */
export function v1Table(resource: string, options: V1Options = {}) {
  const path = `api/v1/${resource}`;
  const writes = options.writes ?? [];
  const one = options.one ?? data;
  const offset = (options.paging ?? "offset") === "offset";
  return {
    list: {
      request: {
        path: `api/v1/${options.listPath ?? resource}`,
        ...(offset ? { searchParams: { start: 0, limit: 500 } } : {}),
      },
      pagination: offset && !options.items ? v1Pages : onePage(options.items),
      ...(offset ? { pageSize: { param: "limit", max: 500 } } : {}),
      ...(options.row ? { row: options.row } : {}),
    },
    ...(options.get
      ? {
          get: {
            request: (id: unknown): ApiRequest => ({ path: `${path}/${id}` }),
            record: one,
          },
        }
      : {}),
    ...(writes.includes("insert")
      ? {
          insert: {
            request: (row: Record<string, unknown>): ApiRequest => ({
              method: "POST",
              path,
              json: row,
            }),
            key: (body: unknown) => (one(body) as { id: unknown }).id,
          },
        }
      : {}),
    ...(writes.includes("update")
      ? {
          update: {
            request: (id: unknown, changes: Record<string, unknown>): ApiRequest => ({
              method: options.updateMethod ?? "PUT",
              path: `${path}/${id}`,
              json: changes,
            }),
          },
        }
      : {}),
    ...(writes.includes("delete")
      ? {
          delete: {
            request: (id: unknown): ApiRequest => ({ method: "DELETE", path: `${path}/${id}` }),
          },
        }
      : {}),
  };
}

/** A child row's key, `<parent id>:<id>`, read back (a typed error when it is not one). */
export function childKey(table: string, key: unknown): [string, string] {
  const m = /^(\d+):(\d+)$/.exec(String(key));
  if (!m) {
    throw new ConnectorError(
      ConnectorErrorCode.InvalidOption,
      `${table}: the key must be "<deal id>:<id>", not ${JSON.stringify(key)}.`,
      { hint: 'Use the key column of a row (e.g. "42:7").' },
    );
  }
  return [m[1]!, m[2]!];
}

/** A listing addressed by the parent's key: `where: { deal_id: 42 }` becomes the path. */
export const parentPath =
  (make: (parent: string) => string): PushdownMapping =>
  (value, request) => ({ ...request, path: make(String(value)) });
