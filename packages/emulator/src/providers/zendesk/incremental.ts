import { isoZ } from "../../core/data.js";
import type { EmulatorResponse } from "../../core/http.js";
import { firstIndexWhere } from "../../core/paging.js";
import type { RequestContext } from "../../core/types.js";
import { guard } from "./auth.js";
import { metric, size, ticket, ticketTimes } from "./records.js";
import { base, cursors, err, throttle, unix, type ZendeskShared } from "./state.js";

const EVENTS_PER_TICKET = 3;
const INCREMENTAL_PAGE = 1000;

/** Guard for incremental exports: admin only, then their own rate limit. */
function incrementalGuard(
  s: ZendeskShared,
  ctx: RequestContext,
): { headers: Record<string, string> } | EmulatorResponse {
  const g = guard(s, ctx);
  if ("status" in g) return g;
  if ((s.core.options.role ?? "admin") !== "admin") {
    return err(
      s,
      403,
      "Forbidden",
      "You do not have access to this page. Please contact the account owner of this help desk for further help.",
    );
  }
  const r = s.incrementalWindow?.take(ctx.now());
  if (r && !r.ok) return throttle(s, r.retryAfterSeconds, r.limit);
  return g;
}

/** Number of tickets visible to exports now (items changed in the last minute are excluded). */
function visibleTickets(s: ZendeskShared, now: number): number {
  const total = size(s, "tickets");
  const cutoff = s.core.options.incrementalLag === false ? Number.POSITIVE_INFINITY : now - 60_000;
  return firstIndexWhere(total, (i) => ticketTimes(s, i).modified >= cutoff);
}

function parseStart(s: ZendeskShared, ctx: RequestContext): number | EmulatorResponse {
  const raw = ctx.query.get("start_time");
  if (raw === null || !/^\d+$/.test(raw)) {
    return err(
      s,
      400,
      "InvalidValue",
      "start_time is required and must be a Unix epoch time in seconds",
    );
  }
  const t = Number(raw) * 1000;
  if (s.core.options.incrementalLag !== false && t > ctx.now() - 60_000) {
    return err(
      s,
      400,
      "InvalidValue",
      "Too recent start_time. Use a start_time older than 1 minute.",
    );
  }
  return t;
}

export function incrementalTickets(s: ZendeskShared, ctx: RequestContext): EmulatorResponse {
  const g = incrementalGuard(s, ctx);
  if ("status" in g) return g;
  const visible = visibleTickets(s, ctx.now());
  let start: number;
  const cursor = ctx.query.get("cursor");
  if (cursor !== null) {
    const c = cursors.decode(cursor);
    if (c === undefined) return err(s, 400, "InvalidValue", "Invalid cursor");
    start = c;
  } else {
    const t = parseStart(s, ctx);
    if (typeof t !== "number") return t;
    start = firstIndexWhere(size(s, "tickets"), (i) => ticketTimes(s, i).modified >= t);
  }
  const perPage = Math.min(
    INCREMENTAL_PAGE,
    Number(ctx.query.get("per_page") ?? INCREMENTAL_PAGE) || INCREMENTAL_PAGE,
  );
  const end = Math.max(start, Math.min(visible, start + perPage));
  const tickets = [];
  const metricSets = [];
  const withMetrics = (ctx.query.get("include") ?? "").split(",").includes("metric_sets");
  for (let i = start; i < end; i++) {
    tickets.push(ticket(s, i));
    if (withMetrics) metricSets.push(metric(s, i));
  }
  const cursorUrl = (c: string) =>
    `${base(s)}/api/v2/incremental/tickets/cursor.json?cursor=${c}${withMetrics ? "&include=metric_sets" : ""}`;
  const afterCursor = cursors.encode(end);
  const beforeCursor = cursors.encode(start);
  return s.core.respond.json(
    200,
    {
      tickets,
      ...(withMetrics ? { metric_sets: metricSets } : {}),
      after_url: cursorUrl(afterCursor),
      after_cursor: afterCursor,
      before_url: start > 0 ? cursorUrl(beforeCursor) : null,
      before_cursor: start > 0 ? beforeCursor : null,
      end_of_stream: end >= visible,
    },
    g.headers,
  );
}

/**
 * Time-based export: `GET /api/v2/incremental/tickets.json?start_time=` → tickets updated at or
 * after it, 1000 a page, `next_page` continuing from the page's `end_time` (the last ticket's
 * updated_at, in seconds). As Zendesk documents, the ticket at the page boundary comes again on
 * the next page: clients dedupe by id.
 */
export function incrementalTicketsByTime(s: ZendeskShared, ctx: RequestContext): EmulatorResponse {
  const g = incrementalGuard(s, ctx);
  if ("status" in g) return g;
  const t = parseStart(s, ctx);
  if (typeof t !== "number") return t;
  const visible = visibleTickets(s, ctx.now());
  const start = firstIndexWhere(visible, (i) => ticketTimes(s, i).modified >= t);
  const end = Math.min(visible, start + INCREMENTAL_PAGE);
  const tickets = [];
  for (let i = start; i < end; i++) tickets.push(ticket(s, i));
  const endTime = end > start ? unix(ticketTimes(s, end - 1).modified) : unix(t);
  return s.core.respond.json(
    200,
    {
      tickets,
      next_page: `${base(s)}/api/v2/incremental/tickets.json?start_time=${endTime}`,
      count: tickets.length,
      end_of_stream: end >= visible,
      end_time: endTime,
    },
    g.headers,
  );
}

export function metricEvents(s: ZendeskShared, ctx: RequestContext): EmulatorResponse {
  const g = incrementalGuard(s, ctx);
  if ("status" in g) return g;
  const t = parseStart(s, ctx);
  if (typeof t !== "number") return t;
  const eventTime = (j: number) =>
    ticketTimes(s, Math.floor(j / EVENTS_PER_TICKET)).created + (j % EVENTS_PER_TICKET) * 1000;
  const total = visibleTickets(s, ctx.now()) * EVENTS_PER_TICKET;
  const lo = firstIndexWhere(total, (j) => eventTime(j) >= t);
  const end = Math.min(total, lo + INCREMENTAL_PAGE);
  const events = [];
  const kinds = [
    ["reply_time", "activate"],
    ["agent_work_time", "activate"],
    ["reply_time", "fulfill"],
  ] as const;
  for (let j = lo; j < end; j++) {
    const [metricName, type] = kinds[j % EVENTS_PER_TICKET]!;
    events.push({
      id: 9_000_000 + j,
      ticket_id: Math.floor(j / EVENTS_PER_TICKET) + 1,
      metric: metricName,
      instance_id: 1,
      type,
      time: isoZ(eventTime(j)),
    });
  }
  const endTime = end > lo ? unix(eventTime(end - 1)) + (end >= total ? 1 : 0) : unix(t);
  const eos = end >= total;
  return s.core.respond.json(
    200,
    {
      ticket_metric_events: events,
      next_page: `${base(s)}/api/v2/incremental/ticket_metric_events.json?start_time=${endTime}`,
      count: events.length,
      end_time: endTime,
      end_of_stream: eos,
    },
    g.headers,
  );
}
