import { isoZ } from "../../core/data.js";
import type { EmulatorResponse } from "../../core/http.js";
import type { RequestContext } from "../../core/types.js";
import { meUser } from "./api.js";
import { guard } from "./auth.js";
import { ITEM, size } from "./records.js";
import { base, err, type Resource, type ZendeskShared } from "./state.js";

/** First id of each data set (record i has id `ID_BASE[r] + i`) and its singular key. */
export const ID_BASE: Record<Resource, number> = {
  tickets: 1,
  users: 1000,
  organizations: 500,
  ticket_metrics: 7000,
};
export const SINGULAR: Record<Resource, string> = {
  tickets: "ticket",
  users: "user",
  organizations: "organization",
  ticket_metrics: "ticket_metric",
};

export const notFound = (s: ZendeskShared) => err(s, 404, "RecordNotFound", "Not found");

function indexOf(s: ZendeskShared, r: Resource, raw: string | undefined): number | undefined {
  const i = /^\d+$/.test(raw ?? "") ? Number(raw) - ID_BASE[r] : -1;
  return i >= 0 && i < size(s, r) ? i : undefined;
}

/** A record by id as clients see it (generated, created, changed), or undefined. */
export function lookup(
  s: ZendeskShared,
  r: Resource,
  id: string | undefined,
): Record<string, unknown> | undefined {
  const written = s.written.get(`${r}/${id}`);
  if (written !== undefined) return written ?? undefined;
  if (r === "tickets") {
    const created = s.createdTickets.get(Number(id));
    if (created) return created;
  }
  const i = indexOf(s, r, id);
  return i === undefined ? undefined : ITEM[r](s, i);
}

/** `GET /api/v2/{tickets,users,organizations,ticket_metrics}/{id}.json` → `{ticket: {…}}`. */
export function show(s: ZendeskShared, ctx: RequestContext, r: Resource): EmulatorResponse {
  const g = guard(s, ctx);
  if ("status" in g) return g;
  const id = ctx.params.id;
  if (r === "users" && id === String(s.user.id)) {
    return s.core.respond.json(200, { user: meUser(s) }, g.headers);
  }
  const record = lookup(s, r, id);
  if (!record) return notFound(s);
  return s.core.respond.json(200, { [SINGULAR[r]]: record }, g.headers);
}

/** `GET /api/v2/tickets/{id}/metrics.json` → `{ticket_metric: {…}}` of that ticket. */
export function ticketMetrics(s: ZendeskShared, ctx: RequestContext): EmulatorResponse {
  const g = guard(s, ctx);
  if ("status" in g) return g;
  const i = indexOf(s, "tickets", ctx.params.id);
  if (i === undefined) return notFound(s);
  return s.core.respond.json(200, { ticket_metric: ITEM.ticket_metrics(s, i) }, g.headers);
}

/**
 * `POST /api/v2/tickets.json` with `{ticket: {subject?, comment: {body}, …}}`: 201 with the
 * ticket, its creation audit and a Location header. A ticket without a comment body (or
 * `description`) is 422 `RecordInvalid`. Created tickets are readable by id; lists keep to the
 * generated data set.
 */
export function createTicket(s: ZendeskShared, ctx: RequestContext): EmulatorResponse {
  const g = guard(s, ctx);
  if ("status" in g) return g;
  const body = ctx.body.kind === "json" ? (ctx.body.value as Record<string, unknown>) : undefined;
  const input = body?.ticket;
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    return err(s, 400, "InvalidValue", "ticket: expected a JSON object");
  }
  const t = input as Record<string, unknown>;
  const comment = t.comment as { body?: unknown; html_body?: unknown } | undefined;
  const description = [comment?.body, comment?.html_body, t.description].find(
    (v): v is string => typeof v === "string" && v.trim() !== "",
  );
  if (description === undefined) {
    return s.core.respond.json(
      422,
      {
        error: "RecordInvalid",
        description: "Record validation errors",
        details: {
          base: [{ description: "Description: cannot be blank", error: "BlankValue" }],
        },
      },
      g.headers,
    );
  }
  const id = size(s, "tickets") + s.createdTickets.size + 1;
  const now = isoZ(ctx.now());
  const subject = typeof t.subject === "string" ? t.subject : description.slice(0, 50);
  const { comment: _comment, ...fields } = t;
  const ticket = {
    url: `${base(s)}/api/v2/tickets/${id}.json`,
    id,
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
    custom_fields: [],
    ...fields,
    subject,
    raw_subject: subject,
    description,
    created_at: now,
    updated_at: now,
  };
  s.createdTickets.set(id, ticket);
  const audit = {
    id: 90_000_000 + id,
    ticket_id: id,
    created_at: now,
    author_id: s.user.id,
    events: [{ id: 91_000_000 + id, type: "Comment", body: description, public: true }],
  };
  return s.core.respond.json(
    201,
    { ticket, audit },
    { ...g.headers, location: `${base(s)}/api/v2/tickets/${id}.json` },
  );
}
