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
