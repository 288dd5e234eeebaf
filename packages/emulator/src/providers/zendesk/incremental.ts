import { isoZ } from "../../core/data.js";
import type { EmulatorResponse } from "../../core/http.js";
import { firstIndexWhere } from "../../core/paging.js";
import type { StoredRecord } from "../../core/records/store.js";
import type { RequestContext } from "../../core/types.js";
import { guard } from "./auth.js";
import { TABLE } from "./catalog.js";
import { ticketTimes } from "./records.js";
import { base, type Exported, err, throttle, unix, type ZendeskShared } from "./state.js";

// Incremental exports. Each exported list is a stream in order of change: the data set's records
// not written since (their updated_at rises with their index), then the records clients wrote,
// in write order (a write moves a record to the end). Items changed in the last minute are
// left out (Zendesk's lag); deleted tickets come with status "deleted".

const EVENTS_PER_TICKET = 3;
const INCREMENTAL_PAGE = 1000;

/** Admin only, then the exports' own rate limit (10 a minute). */
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

const lagged = (s: ZendeskShared) => s.core.options.incrementalLag !== false;
const cutoffOf = (s: ZendeskShared, now: number) =>
  lagged(s) ? now - 60_000 : Number.POSITIVE_INFINITY;

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
  if (lagged(s) && t > ctx.now() - 60_000) {
    return err(
      s,
      400,
      "InvalidValue",
      "Too recent start_time. Use a start_time older than 1 minute.",
    );
  }
  return t;
}

/** Where a stream stands: in the data set (`g`, an index) or in the writes (`w`, a sequence). */
interface Position {
  part: "g" | "w";
  n: number;
  /** The export's start time (ms): writes older than it are not part of it. */
  t: number;
}

const encodePos = (p: Position) => Buffer.from(`${p.part}${p.n}.${p.t}`).toString("base64url");
function decodePos(cursor: string): Position | undefined {
  const m = /^([gw])(\d+)\.(\d+)$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  return m ? { part: m[1] as "g" | "w", n: Number(m[2]), t: Number(m[3]) } : undefined;
}

const timeOf = (r: StoredRecord) => Date.parse(String(r.updated_at));

/** The first position of the stream at or after `t` (ms). */
function startAt(s: ZendeskShared, r: Exported, t: number): Position {
  const table = TABLE[r]!;
  const n = table.size(s);
  const i = firstIndexWhere(n, (k) => timeOf(table.record(s, k)) >= t);
  return i < n ? { part: "g", n: i, t } : { part: "w", n: 0, t };
}

/** Up to `limit` items from `from`, where the stream then stands, and whether it ran dry. */
function walk(
  s: ZendeskShared,
  r: Exported,
  from: Position,
  limit: number,
  now: number,
  excludeDeleted = false,
): { items: StoredRecord[]; end: Position; eos: boolean } {
  const table = TABLE[r]!;
  const store = s.stores[r]!;
  const log = s.log[r];
  const cutoff = cutoffOf(s, now);
  const items: StoredRecord[] = [];
  let pos = { ...from };
  if (pos.part === "g") {
    const n = table.size(s);
    for (let i = pos.n; i < n; i++) {
      if (items.length >= limit) return { items, end: { ...pos, n: i }, eos: false };
      if (log.has(table.firstId + i)) continue;
      const rec = store.at(i);
      if (!rec) continue;
      if (timeOf(rec) >= cutoff) return { items, end: { ...pos, n: i }, eos: true };
      items.push(rec);
    }
    pos = { part: "w", n: 0, t: pos.t };
  }
  for (const [id, seq] of log) {
    if (seq <= pos.n) continue;
    const rec = store.get(id) ?? (excludeDeleted ? undefined : s.tombstones.get(`${r}/${id}`));
    if (!rec) continue;
    const time = timeOf(rec);
    if (time >= cutoff) return { items, end: pos, eos: true };
    if (items.length >= limit) return { items, end: pos, eos: false };
    if (time >= pos.t) items.push(rec);
    pos = { ...pos, n: seq };
  }
  return { items, end: pos, eos: true };
}

/**
 * Cursor-based exports (`incremental/tickets/cursor.json`, `incremental/users/cursor.json`):
 * `start_time` or `cursor`, up to 1000 a page (`per_page` lowers it), `after_cursor` and
 * `end_of_stream`. The cursor stays valid: read later, it continues with what changed since.
 * `exclude_deleted=true` leaves deleted tickets out.
 */
export function cursorExport(s: ZendeskShared, ctx: RequestContext, r: Exported): EmulatorResponse {
  const g = incrementalGuard(s, ctx);
  if ("status" in g) return g;
  let start: Position;
  const cursor = ctx.query.get("cursor");
  if (cursor !== null) {
    const c = decodePos(cursor);
    if (c === undefined) return err(s, 400, "InvalidValue", "Invalid cursor");
    start = c;
  } else {
    const t = parseStart(s, ctx);
    if (typeof t !== "number") return t;
    start = startAt(s, r, t);
  }
  const perPage = Math.min(
    INCREMENTAL_PAGE,
    Number(ctx.query.get("per_page") ?? INCREMENTAL_PAGE) || INCREMENTAL_PAGE,
  );
  const excludeDeleted = ctx.query.get("exclude_deleted") === "true";
  const { items, end, eos } = walk(s, r, start, perPage, ctx.now(), excludeDeleted);
  const withMetrics =
    r === "tickets" && (ctx.query.get("include") ?? "").split(",").includes("metric_sets");
  const metricSets = withMetrics
    ? items
        .map((t) => s.stores.ticket_metrics!.at((t.id as number) - 1))
        .filter((m) => m !== undefined)
    : [];
  const cursorUrl = (c: string) =>
    `${base(s)}/api/v2/incremental/${r}/cursor.json?cursor=${c}${withMetrics ? "&include=metric_sets" : ""}`;
  const afterCursor = encodePos(end);
  const started = start.part === "w" || start.n > 0;
  const beforeCursor = encodePos(start);
  return s.core.respond.json(
    200,
    {
      [r]: items,
      ...(withMetrics ? { metric_sets: metricSets } : {}),
      after_url: cursorUrl(afterCursor),
      after_cursor: afterCursor,
      before_url: started ? cursorUrl(beforeCursor) : null,
      before_cursor: started ? beforeCursor : null,
      end_of_stream: eos,
    },
    g.headers,
  );
}

/**
 * Time-based exports (`incremental/{tickets,users,organizations}.json?start_time=`): items
 * changed at or after it, 1000 a page, `next_page` continuing from the page's `end_time` (the
 * last item's updated_at, in seconds). As Zendesk documents, items at the page boundary come
 * again on the next page: clients dedupe by id.
 */
export function timeExport(s: ZendeskShared, ctx: RequestContext, r: Exported): EmulatorResponse {
  const g = incrementalGuard(s, ctx);
  if ("status" in g) return g;
  const t = parseStart(s, ctx);
  if (typeof t !== "number") return t;
  const { items, eos } = walk(s, r, startAt(s, r, t), INCREMENTAL_PAGE, ctx.now());
  const last = items.at(-1);
  const endTime = last ? unix(timeOf(last)) : unix(t);
  return s.core.respond.json(
    200,
    {
      [r]: items,
      next_page: `${base(s)}/api/v2/incremental/${r}.json?start_time=${endTime}`,
      count: items.length,
      end_of_stream: eos,
      end_time: endTime,
    },
    g.headers,
  );
}

/**
 * `incremental/ticket_events.json?start_time=`: one event per ticket change (its creation for
 * the data set, each write after), time-based like the others.
 */
export function ticketEvents(s: ZendeskShared, ctx: RequestContext): EmulatorResponse {
  const g = incrementalGuard(s, ctx);
  if ("status" in g) return g;
  const t = parseStart(s, ctx);
  if (typeof t !== "number") return t;
  const { items, eos } = walk(s, "tickets", startAt(s, "tickets", t), INCREMENTAL_PAGE, ctx.now());
  const events = items.map((ticket) => {
    const id = ticket.id as number;
    const seq = s.log.tickets.get(id);
    const time = timeOf(ticket);
    return {
      id: seq === undefined ? 950_000_000 + id : 960_000_000 + seq,
      ticket_id: id,
      timestamp: unix(time),
      created_at: isoZ(time),
      updater_id: seq === undefined ? ticket.requester_id : s.user.id,
      via: seq === undefined ? ticket.via : { channel: "api" },
      event_type: seq === undefined ? "Create" : ticket.status === "deleted" ? "Delete" : "Update",
      child_events: [{ event_type: "Change", field_name: "status", value: ticket.status }],
    };
  });
  const endTime = items.length ? unix(timeOf(items.at(-1)!)) : unix(t);
  return s.core.respond.json(
    200,
    {
      ticket_events: events,
      next_page: `${base(s)}/api/v2/incremental/ticket_events.json?start_time=${endTime}`,
      count: events.length,
      end_of_stream: eos,
      end_time: endTime,
    },
    g.headers,
  );
}

/** `incremental/ticket_metric_events.json?start_time=`: three events per ticket of the data set. */
export function metricEvents(s: ZendeskShared, ctx: RequestContext): EmulatorResponse {
  const g = incrementalGuard(s, ctx);
  if ("status" in g) return g;
  const t = parseStart(s, ctx);
  if (typeof t !== "number") return t;
  const eventTime = (j: number) =>
    ticketTimes(s, Math.floor(j / EVENTS_PER_TICKET)).created + (j % EVENTS_PER_TICKET) * 1000;
  const cutoff = cutoffOf(s, ctx.now());
  const tickets = TABLE.tickets!.size(s);
  const visible = firstIndexWhere(tickets, (i) => ticketTimes(s, i).modified >= cutoff);
  const total = visible * EVENTS_PER_TICKET;
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
  return s.core.respond.json(
    200,
    {
      ticket_metric_events: events,
      next_page: `${base(s)}/api/v2/incremental/ticket_metric_events.json?start_time=${endTime}`,
      count: events.length,
      end_time: endTime,
      end_of_stream: end >= total,
    },
    g.headers,
  );
}
