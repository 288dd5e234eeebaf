import { isoZ } from "../../core/data.js";
import type { EmulatorResponse } from "../../core/http.js";
import type { StoredRecord } from "../../core/records/store.js";
import type { RequestContext } from "../../core/types.js";
import { guard } from "./auth.js";
import { CHILDREN, type ZTable } from "./catalog.js";
import { checkInput, invalid, type Problem } from "./checks.js";
import { TICKET_FIELDS } from "./fields.js";
import { addChild, notFound } from "./lists.js";
import { base, type Exported, err, type ZendeskShared } from "./state.js";

// Creates, updates and deletes. Bodies are enveloped by the singular name (`{"user": {…}}`);
// checks.ts decides what a write may contain.

const COMMENTS = CHILDREN.find((c) => c.name === "comments")!;
const AUDITS = CHILDREN.find((c) => c.name === "audits")!;

/** Notes a write to an exported list, for the incremental exports (the id moves to the end). */
export function touch(s: ZendeskShared, t: ZTable, id: number, deleted?: StoredRecord): void {
  if (!(t.name in s.log)) return;
  const log = s.log[t.name as Exported];
  log.delete(id);
  log.set(id, ++s.seq);
  if (deleted) s.tombstones.set(`${t.name}/${id}`, deleted);
}

/** Adds a comment (and its audit) to a ticket; the audit, or undefined without a comment body. */
function comment(
  s: ZendeskShared,
  ticketId: number,
  input: unknown,
  now: string,
): StoredRecord | undefined {
  const c = input as { body?: unknown; html_body?: unknown; public?: unknown } | undefined;
  const body = [c?.body, c?.html_body].find(
    (v): v is string => typeof v === "string" && v.trim() !== "",
  );
  if (body === undefined) return undefined;
  const isPublic = c?.public !== false;
  const stored = addChild(s, COMMENTS, ticketId, {
    type: "Comment",
    author_id: s.user.id,
    body,
    html_body: `<p>${body}</p>`,
    public: isPublic,
    attachments: [],
    via: { channel: "api" },
    created_at: now,
  });
  return addChild(s, AUDITS, ticketId, {
    author_id: s.user.id,
    created_at: now,
    via: { channel: "api" },
    metadata: { system: {}, custom: {} },
    events: [{ id: stored.id, type: "Comment", body, public: isPublic }],
  });
}

/** Creates a record (the shared part of `POST` and `create_many`). */
export function createOne(
  s: ZendeskShared,
  t: ZTable,
  input: StoredRecord,
  nowMs: number,
): { record: StoredRecord } | { problem: Problem } {
  const checked = checkInput(t, input, "create");
  if ("problem" in checked) return checked;
  const now = isoZ(nowMs);
  if (t.name === "tickets") {
    const c = input.comment as { body?: unknown; html_body?: unknown } | undefined;
    const description = [c?.body, c?.html_body, input.description].find(
      (v): v is string => typeof v === "string" && v.trim() !== "",
    );
    if (description === undefined) {
      return {
        problem: {
          field: "base",
          error: "BlankValue",
          description: "Description: cannot be blank",
        },
      };
    }
    const subject =
      typeof checked.values.subject === "string"
        ? checked.values.subject
        : description.slice(0, 50);
    const record = s.stores.tickets!.insert({
      via: { channel: "api" },
      type: null,
      priority: null,
      status: "new",
      requester_id: s.user.id,
      submitter_id: s.user.id,
      assignee_id: null,
      organization_id: null,
      group_id: 360_000_001,
      tags: [],
      ...checked.values,
      custom_fields:
        checked.values.custom_fields ?? TICKET_FIELDS.map((f) => ({ id: f.id, value: null })),
      subject,
      raw_subject: subject,
      description,
      created_at: now,
      updated_at: now,
    });
    const id = record.id as number;
    const full = s.stores.tickets!.update(id, { url: `${base(s)}/api/v2/tickets/${id}.json` })!;
    comment(s, id, { body: description }, now);
    touch(s, t, id);
    return { record: full };
  }
  const custom =
    t.name === "users"
      ? "user_fields"
      : t.name === "organizations"
        ? "organization_fields"
        : undefined;
  const values = { ...checked.values };
  if (custom) {
    const merged = checkInput(t, { [custom]: values[custom] ?? {} }, "update");
    if ("values" in merged) values[custom] = merged.values[custom];
  }
  const inserted = s.stores[t.name]!.insert({
    ...t.defaults?.(s),
    ...values,
    created_at: now,
    updated_at: now,
  });
  const id = inserted.id as number;
  const record = s.stores[t.name]!.update(id, { url: `${base(s)}/api/v2/${t.path}/${id}.json` })!;
  touch(s, t, id);
  return { record };
}

/** Updates a record (the shared part of `PUT` and `update_many`); undefined when it is not there. */
export function updateOne(
  s: ZendeskShared,
  t: ZTable,
  id: number,
  input: StoredRecord,
  nowMs: number,
): { record: StoredRecord; audit?: StoredRecord } | { problem: Problem } | undefined {
  const store = s.stores[t.name]!;
  const before = store.get(id);
  if (!before) return undefined;
  const checked = checkInput(t, input, "update", before);
  if ("problem" in checked) return checked;
  const now = isoZ(nowMs);
  const changes: StoredRecord = { ...checked.values, updated_at: now };
  let audit: StoredRecord | undefined;
  if (t.name === "tickets") {
    if (typeof changes.subject === "string") changes.raw_subject = changes.subject;
    audit = comment(s, id, input.comment, now);
  }
  const record = store.update(id, changes)!;
  touch(s, t, id);
  return audit ? { record, audit } : { record };
}

function envelope(s: ZendeskShared, ctx: RequestContext, t: ZTable) {
  const body = ctx.body.kind === "json" ? (ctx.body.value as Record<string, unknown>) : undefined;
  const input = body?.[t.singular];
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    return { response: err(s, 400, "InvalidValue", `${t.singular}: expected a JSON object`) };
  }
  return { input: input as StoredRecord };
}

/**
 * `POST /api/v2/{path}.json`: 201 with the record and a Location (a ticket also with its
 * creation audit). A ticket needs a comment body (or `description`), a user or organization a
 * name: else 422 `RecordInvalid`.
 */
export function create(s: ZendeskShared, ctx: RequestContext, t: ZTable): EmulatorResponse {
  const g = guard(s, ctx);
  if ("status" in g) return g;
  const e = envelope(s, ctx, t);
  if (e.response) return e.response;
  const done = createOne(s, t, e.input, ctx.now());
  if ("problem" in done) return invalid(s, done.problem, g.headers);
  const id = done.record.id as number;
  const location = `${base(s)}/api/v2/${t.path}/${id}.json`;
  const extra =
    t.name === "tickets"
      ? {
          audit: s.stores.audits!.get((s.childKeys.get(`audits/${id}`) ?? [])[0] ?? Number.NaN),
        }
      : {};
  return s.core.respond.json(
    201,
    { [t.singular]: done.record, ...extra },
    { ...g.headers, location },
  );
}

const idOf = (raw: string | undefined) => (/^\d+$/.test(raw ?? "") ? Number(raw) : Number.NaN);

/** `PUT /api/v2/{path}/{id}.json`: 200 with the record as it is now. */
export function update(s: ZendeskShared, ctx: RequestContext, t: ZTable): EmulatorResponse {
  const g = guard(s, ctx);
  if ("status" in g) return g;
  const id = idOf(ctx.params.id);
  if (!s.stores[t.name]!.get(id)) return notFound(s);
  const e = envelope(s, ctx, t);
  if (e.response) return e.response;
  const done = updateOne(s, t, id, e.input, ctx.now());
  if (!done) return notFound(s);
  if ("problem" in done) return invalid(s, done.problem, g.headers);
  // A ticket update that adds a comment answers with the audit naming it, as Zendesk does.
  const audit = "audit" in done && done.audit ? { audit: done.audit } : {};
  return s.core.respond.json(200, { [t.singular]: done.record, ...audit }, g.headers);
}

/**
 * `DELETE /api/v2/{path}/{id}.json`: 204, the record gone from reads and lists; a user is
 * deactivated, not erased, and comes back (200) with `active: false`.
 */
export function remove(s: ZendeskShared, ctx: RequestContext, t: ZTable): EmulatorResponse {
  const g = guard(s, ctx);
  if ("status" in g) return g;
  const id = idOf(ctx.params.id);
  const store = s.stores[t.name]!;
  const before = store.get(id);
  if (!before) return notFound(s);
  const now = isoZ(ctx.now());
  if (t.name === "users") {
    const user = store.update(id, { active: false, updated_at: now })!;
    touch(s, t, id);
    return s.core.respond.json(200, { user }, g.headers);
  }
  store.remove(id);
  touch(s, t, id, {
    ...before,
    updated_at: now,
    ...(t.name === "tickets" ? { status: "deleted" } : {}),
  });
  return s.core.respond.empty(204, g.headers);
}
