import type { EmulatorResponse } from "../../core/http.js";
import type { RequestContext } from "../../core/types.js";
import { auth, crmError } from "./crm-common.js";
import type { ZohoShared } from "./state.js";

/** The emulated CRM user (the only one of the org). */
function currentUser(s: ZohoShared): Record<string, unknown> {
  const u = s.user;
  return {
    id: u.id,
    zuid: u.zuid,
    full_name: u.fullName,
    first_name: u.firstName,
    last_name: u.lastName,
    email: u.email,
    role: { name: "CEO", id: "5725767000000015969" },
    profile: { name: "Administrator", id: "5725767000000015975" },
    status: "active",
    confirm: true,
    time_zone: "Europe/Berlin",
    locale: "en_GB",
    country: "DE",
    created_time: "2023-06-01T09:00:00+00:00",
  };
}

const USER_SCOPES = [/^zohocrm\.users\.(all|read)$/i];

/** `GET /crm/{version}/users?type=`: the org's users (here, the emulated user). */
export function users(s: ZohoShared, ctx: RequestContext): EmulatorResponse {
  const a = auth(s, ctx, ctx.params.version ?? "", USER_SCOPES);
  if (!a.ok) return a.response;
  const type = ctx.query.get("type") ?? "AllUsers";
  if (
    type !== "CurrentUser" &&
    type !== "AllUsers" &&
    type !== "ActiveUsers" &&
    type !== "AdminUsers"
  ) {
    return crmError(s, 400, "INVALID_DATA", "invalid data", { param: "type" });
  }
  return s.core.respond.json(200, {
    users: [currentUser(s)],
    info: { per_page: 200, count: 1, page: 1, more_records: false },
  });
}

/**
 * `GET /crm/{version}/users/{id}` → `{users: [user]}`; an id that names no user of the org
 * answers 204 with no body, as a missing record does.
 */
export function user(s: ZohoShared, ctx: RequestContext): EmulatorResponse {
  const a = auth(s, ctx, ctx.params.version ?? "", USER_SCOPES);
  if (!a.ok) return a.response;
  if (ctx.params.id !== s.user.id) return s.core.respond.empty(204);
  return s.core.respond.json(200, { users: [currentUser(s)] });
}

const role = { name: "CEO", id: "5725767000000015969" };
const ROLES = [
  { id: role.id, name: role.name, display_label: role.name, reporting_to: null, admin_user: true },
  {
    id: "5725767000000015972",
    name: "Manager",
    display_label: "Manager",
    reporting_to: role,
    admin_user: false,
  },
];
const PROFILES = [
  ["5725767000000015975", "Administrator", "This profile will have all the permissions.", false],
  [
    "5725767000000015978",
    "Standard",
    "This profile will have all the permissions except administrative privileges.",
    false,
  ],
  ["5725767000000015981", "Sales Rep", "Sales reps see their own records.", true],
].map(([id, name, description, custom]) => ({
  id,
  name,
  display_label: name,
  description,
  custom,
  created_time: custom ? "2023-07-01T09:00:00+00:00" : null,
  modified_time: custom ? "2023-07-02T09:00:00+00:00" : null,
}));

const SETTINGS_READ = (what: string) => [
  /^zohocrm\.settings\.(all|read)$/i,
  new RegExp(`^zohocrm\\.settings\\.${what}\\.(all|read)$`, "i"),
];

/** `GET /crm/{version}/settings/roles[/{id}]` → `{roles: [...]}`. */
export function roles(s: ZohoShared, ctx: RequestContext): EmulatorResponse {
  const a = auth(s, ctx, ctx.params.version ?? "", SETTINGS_READ("roles"));
  if (!a.ok) return a.response;
  const id = ctx.params.id;
  const found = id === undefined ? ROLES : ROLES.filter((r) => r.id === id);
  if (found.length === 0)
    return crmError(s, 400, "INVALID_DATA", "the id given seems to be invalid", { id });
  return s.core.respond.json(200, { roles: found });
}

/** `GET /crm/{version}/settings/profiles[/{id}]` → `{profiles: [...]}`. */
export function profiles(s: ZohoShared, ctx: RequestContext): EmulatorResponse {
  const a = auth(s, ctx, ctx.params.version ?? "", SETTINGS_READ("profiles"));
  if (!a.ok) return a.response;
  const id = ctx.params.id;
  const found = id === undefined ? PROFILES : PROFILES.filter((r) => r.id === id);
  if (found.length === 0)
    return crmError(s, 400, "INVALID_DATA", "the id given seems to be invalid", { id });
  return s.core.respond.json(200, { profiles: found });
}

/** `GET /crm/{version}/org` → `{org: [organization]}` (scope `ZohoCRM.org.READ`). */
export function org(s: ZohoShared, ctx: RequestContext): EmulatorResponse {
  const a = auth(s, ctx, ctx.params.version ?? "", [/^zohocrm\.org\.(all|read)$/i]);
  if (!a.ok) return a.response;
  return s.core.respond.json(200, {
    org: [
      {
        id: "5725767000000012345",
        company_name: "Emulated Trading Ltd",
        primary_email: s.user.email,
        phone: "+49-30-5550100",
        country_code: "DE",
        currency: "Euro - EUR",
        time_zone: "Europe/Berlin",
        zgid: "20071234000",
        mc_status: false,
      },
    ],
  });
}
