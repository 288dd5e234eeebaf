import { fakePerson, isoOffset } from "../../core/data.js";
import type { EmulatorResponse } from "../../core/http.js";
import type { RequestContext } from "../../core/types.js";
import { auth, crmError } from "./crm-common.js";
import type { ZohoShared } from "./state.js";

const ADMIN = { name: "Administrator", id: "5725767000000015975" };
const STANDARD = { name: "Standard", id: "5725767000000015978" };
const MANAGER = { name: "Manager", id: "5725767000000015972" };

/** The emulated CRM user (the first user of the org). */
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
    profile: ADMIN,
    status: "active",
    confirm: true,
    time_zone: "Europe/Berlin",
    locale: "en_GB",
    country: "DE",
    created_time: "2023-06-01T09:00:00+00:00",
  };
}

/**
 * User `i` of the org (0 is the emulated user): data set `users` (default 250). Every seventh
 * is deactivated, every fifth has not confirmed the invitation, every tenth is an administrator.
 */
function orgUser(s: ZohoShared, i: number): Record<string, unknown> {
  if (i === 0) return currentUser(s);
  const p = fakePerson(s.core.rng("crm", "users", i), i);
  return {
    id: `5725767000000${String(412001 + i * 3)}`,
    zuid: String(20071300000 + i),
    full_name: p.fullName,
    first_name: p.firstName,
    last_name: p.lastName,
    email: p.email,
    role: MANAGER,
    profile: i % 10 === 0 ? ADMIN : STANDARD,
    status: i % 7 === 0 ? "disabled" : "active",
    confirm: i % 5 !== 0,
    time_zone: "Europe/Berlin",
    locale: "en_GB",
    country: "DE",
    created_time: isoOffset(Date.UTC(2023, 5, 1) + i * 86_400_000),
  };
}

type User = Record<string, unknown>;
const active = (u: User) => u.status === "active";
const admin = (u: User) => (u.profile as { id?: string }).id === ADMIN.id;

/** What each `type` lists (Zoho's documented values). */
const TYPES: Readonly<Record<string, (u: User) => boolean>> = {
  AllUsers: (u) => u.status !== "deleted",
  ActiveUsers: active,
  DeactiveUsers: (u) => u.status === "disabled",
  ConfirmedUsers: (u) => u.confirm === true,
  NotConfirmedUsers: (u) => u.confirm === false,
  DeletedUsers: (u) => u.status === "deleted",
  ActiveConfirmedUsers: (u) => active(u) && u.confirm === true,
  AdminUsers: admin,
  ActiveConfirmedAdmins: (u) => admin(u) && active(u) && u.confirm === true,
};

const USER_SCOPES = [/^zohocrm\.users\.(all|read)$/i];

/** The org's users, generated on demand. */
function orgUsers(s: ZohoShared): User[] {
  const size = Math.max(1, s.core.datasetSize("users", 250));
  return Array.from({ length: size }, (_, i) => orgUser(s, i));
}

/**
 * `GET /crm/{version}/users?type=`: the org's users of that type (default `AllUsers`), paged
 * with `page` and `per_page` (at most 200); `CurrentUser` is the emulated user alone.
 */
export function users(s: ZohoShared, ctx: RequestContext): EmulatorResponse {
  const a = auth(s, ctx, ctx.params.version ?? "", USER_SCOPES);
  if (!a.ok) return a.response;
  const type = ctx.query.get("type") ?? "AllUsers";
  if (type === "CurrentUser") {
    return s.core.respond.json(200, {
      users: [currentUser(s)],
      info: { per_page: 200, count: 1, page: 1, more_records: false },
    });
  }
  const test = TYPES[type];
  if (!test) return crmError(s, 400, "INVALID_DATA", "invalid data", { param: "type" });
  const page = Number(ctx.query.get("page") ?? 1);
  const perPage = Number(ctx.query.get("per_page") ?? 200);
  if (!Number.isInteger(page) || page < 1) {
    return crmError(s, 400, "INVALID_DATA", "invalid data", { param: "page" });
  }
  if (!Number.isInteger(perPage) || perPage < 1) {
    return crmError(s, 400, "INVALID_DATA", "invalid data", { param: "per_page" });
  }
  const size = Math.min(perPage, 200);
  const all = orgUsers(s).filter(test);
  const found = all.slice((page - 1) * size, page * size);
  if (found.length === 0) return s.core.respond.empty(204);
  return s.core.respond.json(200, {
    users: found,
    info: { per_page: size, count: found.length, page, more_records: page * size < all.length },
  });
}

/**
 * `GET /crm/{version}/users/{id}` → `{users: [user]}`; an id that names no user of the org
 * answers 204 with no body, as a missing record does.
 */
export function user(s: ZohoShared, ctx: RequestContext): EmulatorResponse {
  const a = auth(s, ctx, ctx.params.version ?? "", USER_SCOPES);
  if (!a.ok) return a.response;
  const found = orgUsers(s).find((u) => u.id === ctx.params.id);
  if (!found) return s.core.respond.empty(204);
  return s.core.respond.json(200, { users: [found] });
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
