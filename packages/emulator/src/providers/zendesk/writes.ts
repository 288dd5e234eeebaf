import { isoZ } from "../../core/data.js";
import type { EmulatorResponse } from "../../core/http.js";
import type { RequestContext } from "../../core/types.js";
import { guard } from "./auth.js";
import { size } from "./records.js";
import { ID_BASE, lookup, notFound, SINGULAR } from "./show.js";
import { base, err, type Resource, type ZendeskShared } from "./state.js";

// Updates and deletes of tickets, users and organizations; creates of users and organizations.
// Bodies are enveloped by the singular name (`{"user": {…}}`); invalid values are 422
// `RecordInvalid` with the field named under `details`, unknown fields are ignored.

type Writable = "tickets" | "users" | "organizations";

/** Values a field accepts, where Zendesk checks them. */
const ENUMS: Partial<Record<Writable, Record<string, readonly (string | null)[]>>> = {
  tickets: {
    status: ["new", "open", "pending", "hold", "solved", "closed"],
    priority: [null, "low", "normal", "high", "urgent"],
    type: [null, "question", "incident", "problem", "task"],
  },
  users: { role: ["end-user", "agent", "admin"] },
};
/** Set by Zendesk: values sent for these are ignored. */
const SYSTEM = new Set(["id", "url", "created_at", "updated_at", "via", "description"]);

/** The fields to use, or the error to answer. */
type Checked =
  | { value: Record<string, unknown>; response?: never }
  | { response: EmulatorResponse };

/** The checked fields of the body's envelope, or the error to answer. */
function fieldsOf(s: ZendeskShared, ctx: RequestContext, r: Writable, create: boolean): Checked {
  const input = envelope(s, ctx, r);
  return input.response ? input : checked(s, r, input.value, create);
}

function invalid(s: ZendeskShared, field: string, error: string, description: string) {
  return s.core.respond.json(422, {
    error: "RecordInvalid",
    description: "Record validation errors",
    details: { [field]: [{ description, error }] },
  });
}

/** The enveloped object of the body, or an error response. */
function envelope(s: ZendeskShared, ctx: RequestContext, r: Writable): Checked {
  const body = ctx.body.kind === "json" ? (ctx.body.value as Record<string, unknown>) : undefined;
  const input = body?.[SINGULAR[r]];
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    return { response: err(s, 400, "InvalidValue", `${SINGULAR[r]}: expected a JSON object`) };
  }
  return { value: input as Record<string, unknown> };
}

/** The fields to store, or the 422 naming the first bad one. */
function checked(
  s: ZendeskShared,
  r: Writable,
  input: Record<string, unknown>,
  create: boolean,
): Checked {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) {
    if (SYSTEM.has(k) || k === "comment") continue;
    const allowed = ENUMS[r]?.[k];
    if (allowed && !allowed.includes(v as string)) {
      const label = k[0]!.toUpperCase() + k.slice(1);
      return { response: invalid(s, k, "InvalidValue", `${label}: is not valid`) };
    }
    out[k] = v;
  }
  const name = out.name;
  if (r !== "tickets" && (create || "name" in out) && (typeof name !== "string" || !name.trim())) {
    return { response: invalid(s, "name", "BlankValue", "Name: cannot be blank") };
  }
  return { value: out };
}

/** `POST /api/v2/{users,organizations}.json`: 201 with the record and a Location. */
export function create(s: ZendeskShared, ctx: RequestContext, r: Writable): EmulatorResponse {
  const g = guard(s, ctx);
  if ("status" in g) return g;
  const given = fieldsOf(s, ctx, r, true);
  if (given.response) return given.response;
  const fields = given.value;
  const added = (s.added.get(r) ?? 0) + 1;
  s.added.set(r, added);
  const id = ID_BASE[r as Resource] + size(s, r as Resource) + added - 1;
  const now = isoZ(ctx.now());
  const url = `${base(s)}/api/v2/${r}/${id}.json`;
  const defaults =
    r === "users"
      ? { email: null, phone: null, role: "end-user", organization_id: null, active: true }
      : { domain_names: [], details: null, tags: [] };
  const record = { url, id, ...defaults, ...fields, created_at: now, updated_at: now };
  s.written.set(`${r}/${id}`, record);
  return s.core.respond.json(201, { [SINGULAR[r]]: record }, { ...g.headers, location: url });
}

/** `PUT /api/v2/{resource}/{id}.json`: 200 with the record as it is now. */
export function update(s: ZendeskShared, ctx: RequestContext, r: Writable): EmulatorResponse {
  const g = guard(s, ctx);
  if ("status" in g) return g;
  const before = lookup(s, r, ctx.params.id);
  if (!before) return notFound(s);
  const given = fieldsOf(s, ctx, r, false);
  if (given.response) return given.response;
  const fields = given.value;
  const record: Record<string, unknown> = { ...before, ...fields, updated_at: isoZ(ctx.now()) };
  if (r === "tickets" && typeof fields.subject === "string") record.raw_subject = fields.subject;
  s.written.set(`${r}/${before.id}`, record);
  return s.core.respond.json(200, { [SINGULAR[r]]: record }, g.headers);
}

/**
 * `DELETE /api/v2/{resource}/{id}.json`: 204 for tickets and organizations; a user is
 * deactivated, not erased, and comes back (200) with `active: false`.
 */
export function remove(s: ZendeskShared, ctx: RequestContext, r: Writable): EmulatorResponse {
  const g = guard(s, ctx);
  if ("status" in g) return g;
  const before = lookup(s, r, ctx.params.id);
  if (!before) return notFound(s);
  if (r === "users") {
    const user = { ...before, active: false, updated_at: isoZ(ctx.now()) };
    s.written.set(`${r}/${before.id}`, user);
    return s.core.respond.json(200, { user }, g.headers);
  }
  s.written.set(`${r}/${before.id}`, null);
  return s.core.respond.empty(204, g.headers);
}
