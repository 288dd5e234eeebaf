import {
  type ApiRequest,
  type ColumnsDeclaration,
  defineTable,
  type PushdownMapping,
} from "@x/connector-kit";
import { datetime, flag, lookup, lookupOf, text } from "./columns.js";
import { PER_PAGE, paging } from "./paging.js";

/** Attachments of one record: metadata only (the file itself is a separate download). */
export const Attachments = defineTable({
  name: "Attachments",
  description:
    "Attachments of one record (`/{Module}/{id}/Attachments`), metadata only: `where: { Parent_Id, Parent_Module }` (module default `Leads`).",
  key: "id",
  columns: {
    id: { type: "string", readOnly: true },
    Parent_Id: { type: "string", readOnly: true, description: "The record's id" },
    Parent_Module: { type: "string", readOnly: true, description: "The record's module" },
    File_Name: { ...text, readOnly: true },
    Size: { ...text, readOnly: true, description: "Bytes, as text" },
    Owner: { ...lookup, readOnly: true },
    Created_Time: { type: "datetime", readOnly: true },
    Modified_Time: { type: "datetime", readOnly: true },
  },
  parent: { table: "Leads", column: "Parent_Id" },
  list: {
    request: {
      path: "Leads/{id}/Attachments",
      searchParams: new URLSearchParams({
        fields: "File_Name,Size,Owner,Created_Time,Modified_Time,Parent_Id",
        per_page: String(PER_PAGE),
        page: "1",
      }),
    },
    pagination: paging,
    row: (record) => {
      const r = record as Record<string, unknown>;
      const parent = r.Parent_Id as { id?: unknown; module?: { api_name?: unknown } } | null;
      return {
        ...r,
        Parent_Id: parent?.id === undefined ? null : String(parent.id),
        Parent_Module: parent?.module?.api_name ?? null,
      };
    },
  },
  filters: {
    Parent_Id: { eq: (value, request) => pathSegment(request, 1, String(value)) },
    Parent_Module: { eq: (value, request) => pathSegment(request, 0, String(value)) },
  },
});

function pathSegment(request: ApiRequest, index: number, value: string): ApiRequest {
  const parts = request.path.split("/");
  parts[index] = encodeURIComponent(value);
  return { ...request, path: parts.join("/") };
}

/** A read-only listing of a settings or users endpoint. */
function settingsTable<const Cols extends ColumnsDeclaration>(
  name: string,
  description: string,
  path: string,
  envelope: string,
  columns: Cols,
  options: {
    get?: boolean;
    searchParams?: Record<string, string>;
    filters?: Record<string, Partial<Record<"eq", PushdownMapping>>>;
  } = {},
) {
  return defineTable({
    name,
    description,
    key: "id",
    columns,
    ...(options.filters ? { filters: options.filters } : {}),
    list: {
      request: {
        path,
        searchParams: new URLSearchParams(options.searchParams ?? {}),
      },
      pagination: {
        items: (body) => ((body as Record<string, unknown> | null)?.[envelope] ?? []) as unknown[],
        next(body, request) {
          const info = (body as { info?: { more_records?: boolean } } | null)?.info;
          if (!info?.more_records) return undefined;
          const sp = new URLSearchParams(request.searchParams as URLSearchParams);
          sp.set("page", String(Number(sp.get("page") ?? 1) + 1));
          return { ...request, searchParams: sp };
        },
      },
    },
    ...(options.get === false
      ? {}
      : {
          get: {
            request: (id: unknown) => ({ path: `${path}/${String(id)}` }),
            record: (body: unknown) =>
              ((body as Record<string, unknown[]> | null)?.[envelope] ?? [])[0],
          },
        }),
  });
}

const ro = <const C extends object>(c: C) => ({ ...c, readOnly: true }) as const;

/** `type` values that keep the users of two others at once. */
const BOTH: Readonly<Record<string, string>> = {
  "ActiveUsers+ConfirmedUsers": "ActiveConfirmedUsers",
  "ConfirmedUsers+ActiveUsers": "ActiveConfirmedUsers",
};

/**
 * A condition as Zoho's user `type` (`AllUsers` by default): a value named in `types` narrows
 * the listing to those users, two conditions to the type that keeps both where Zoho has one.
 * Other values leave it as it is; the condition is checked again locally either way.
 */
function userType(types: Readonly<Record<string, string>>): PushdownMapping {
  return {
    superset: true,
    apply(value: unknown, request: ApiRequest): ApiRequest {
      const wanted = types[String(value)];
      if (!wanted) return request;
      const sp = new URLSearchParams(request.searchParams as URLSearchParams);
      const current = sp.get("type") ?? "AllUsers";
      sp.set("type", current === "AllUsers" ? wanted : (BOTH[`${current}+${wanted}`] ?? current));
      return { ...request, searchParams: sp };
    },
  };
}

/** The organization's users: active and deactivated (`type=AllUsers`), 200 a page. */
export const Users = settingsTable(
  "Users",
  "Users of the organization (`/crm/{Schema}/users?type=AllUsers`); `status` and `confirm` narrow `type`.",
  "users",
  "users",
  {
    id: ro({ type: "string" }),
    full_name: ro(text),
    first_name: ro(text),
    last_name: ro(text),
    email: ro(text),
    status: ro({ ...text, description: "`active` or `disabled`" }),
    confirm: ro({ ...flag, description: "Whether the user accepted the invitation" }),
    role: ro({ ...lookupOf("Roles") }),
    profile: ro({ ...lookupOf("Profiles") }),
    time_zone: ro(text),
    locale: ro(text),
    created_time: ro(datetime),
  },
  {
    searchParams: { type: "AllUsers", per_page: String(PER_PAGE), page: "1" },
    filters: {
      status: { eq: userType({ active: "ActiveUsers", disabled: "DeactiveUsers" }) },
      confirm: { eq: userType({ true: "ConfirmedUsers", false: "NotConfirmedUsers" }) },
    },
  },
);

/** Roles (the reporting hierarchy). */
export const Roles = settingsTable(
  "Roles",
  "Roles (`/crm/{Schema}/settings/roles`).",
  "settings/roles",
  "roles",
  {
    id: ro({ type: "string" }),
    name: ro(text),
    display_label: ro(text),
    reporting_to: ro({ ...lookupOf("Roles") }),
    admin_user: ro(flag),
  },
);

/** Profiles (permission sets). */
export const Profiles = settingsTable(
  "Profiles",
  "Profiles (`/crm/{Schema}/settings/profiles`).",
  "settings/profiles",
  "profiles",
  {
    id: ro({ type: "string" }),
    name: ro(text),
    display_label: ro(text),
    description: ro(text),
    custom: ro(flag),
    created_time: ro(datetime),
    modified_time: ro(datetime),
  },
);

/** The organization (one row). */
export const Organization = settingsTable(
  "Organization",
  "The organization (`/crm/{Schema}/org`), one row.",
  "org",
  "org",
  {
    id: ro({ type: "string" }),
    company_name: ro(text),
    primary_email: ro(text),
    phone: ro(text),
    country_code: ro(text),
    currency: ro(text),
    time_zone: ro(text),
    zgid: ro(text),
  },
  { get: false },
);
