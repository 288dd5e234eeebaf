import { fakePerson, isoZ, recordTimes, words } from "../../core/data.js";
import { ORGANIZATION_FIELDS, TICKET_FIELDS, USER_FIELDS } from "./fields.js";
import { base, FALLBACK, type ZendeskShared } from "./state.js";

export function ticketTimes(s: ZendeskShared, i: number) {
  return recordTimes(s.core.rng("tickets", i), i);
}

export function ticket(s: ZendeskShared, i: number): Record<string, unknown> {
  const rng = s.core.rng("tickets", i);
  const t = recordTimes(rng, i);
  const users = s.core.datasetSize("users", FALLBACK.users);
  const orgs = s.core.datasetSize("organizations", FALLBACK.organizations);
  const id = i + 1;
  const subject = `${rng.pick(words.products)} ${rng.pick(["not working", "question", "refund request", "delivery delay", "setup help"])}`;
  return {
    url: `${base(s)}/api/v2/tickets/${id}.json`,
    id,
    external_id: null,
    via: { channel: rng.pick(["email", "web", "api"]) },
    created_at: isoZ(t.created),
    updated_at: isoZ(t.modified),
    type: rng.pick([null, "question", "incident", "problem", "task"]),
    subject,
    raw_subject: subject,
    description: `Customer reports: ${subject}.`,
    priority: rng.pick([null, "low", "normal", "high", "urgent"]),
    status: rng.pick(["new", "open", "pending", "solved", "closed"]),
    requester_id: users > 0 ? 1000 + rng.int(0, users - 1) : null,
    submitter_id: users > 0 ? 1000 + rng.int(0, users - 1) : null,
    assignee_id: s.user.id,
    organization_id: orgs > 0 ? 500 + rng.int(0, orgs - 1) : null,
    group_id: 360_000_001,
    tags: [rng.pick(TAGS)],
    custom_fields: ticketCustom(s, i),
    has_incidents: false,
    is_public: true,
  };
}

export function metric(s: ZendeskShared, i: number): Record<string, unknown> {
  const rng = s.core.rng("ticket_metrics", i);
  const t = ticketTimes(s, i);
  const reply = rng.int(5, 600);
  return {
    url: `${base(s)}/api/v2/ticket_metrics/${7000 + i}.json`,
    id: 7000 + i,
    ticket_id: i + 1,
    created_at: isoZ(t.created),
    updated_at: isoZ(t.modified),
    group_stations: rng.int(1, 3),
    assignee_stations: rng.int(1, 3),
    reopens: rng.int(0, 2),
    replies: rng.int(0, 6),
    assignee_updated_at: isoZ(t.modified),
    requester_updated_at: isoZ(t.created),
    status_updated_at: isoZ(t.modified),
    initially_assigned_at: isoZ(t.created),
    assigned_at: isoZ(t.created),
    solved_at: null,
    latest_comment_added_at: isoZ(t.modified),
    reply_time_in_minutes: { calendar: reply, business: Math.floor(reply / 2) },
    first_resolution_time_in_minutes: { calendar: null, business: null },
    full_resolution_time_in_minutes: { calendar: null, business: null },
    agent_wait_time_in_minutes: { calendar: 0, business: 0 },
    requester_wait_time_in_minutes: { calendar: reply, business: Math.floor(reply / 2) },
    on_hold_time_in_minutes: { calendar: 0, business: 0 },
  };
}

export function user(s: ZendeskShared, i: number): Record<string, unknown> {
  const rng = s.core.rng("users", i);
  const p = fakePerson(rng, i);
  const t = recordTimes(rng, i);
  const orgs = s.core.datasetSize("organizations", FALLBACK.organizations);
  return {
    id: 1000 + i,
    url: `${base(s)}/api/v2/users/${1000 + i}.json`,
    name: p.fullName,
    email: p.email,
    created_at: isoZ(t.created),
    updated_at: isoZ(t.modified),
    time_zone: "Europe/London",
    phone: p.phone,
    locale: "en-US",
    organization_id: orgs > 0 ? 500 + rng.int(0, orgs - 1) : null,
    role: "end-user",
    verified: true,
    active: true,
    suspended: false,
    user_fields: userCustom(s, i),
  };
}

export function organization(s: ZendeskShared, i: number): Record<string, unknown> {
  const rng = s.core.rng("organizations", i);
  const t = recordTimes(rng, i);
  const name = `${rng.pick(words.companyStems)} ${rng.pick(words.companySuffixes)} ${i + 1}`;
  return {
    url: `${base(s)}/api/v2/organizations/${500 + i}.json`,
    id: 500 + i,
    name,
    domain_names: [`${name.split(" ")[0]!.toLowerCase()}${i + 1}.example`],
    details: rng.pick(words.industries),
    created_at: isoZ(t.created),
    updated_at: isoZ(t.modified),
    tags: [],
    organization_fields: orgCustom(s, i),
  };
}

/** The tags generated tickets carry (`tags` counts them). */
export const TAGS = ["billing", "shipping", "bug", "vip"] as const;

/** Ticket `i`'s custom field values (`[{ id, value }]`, every field, null when unset). */
function ticketCustom(s: ZendeskShared, i: number): { id: number; value: unknown }[] {
  const rng = s.core.rng("ticket_custom", i);
  const [product, order, refund, due, notes] = TICKET_FIELDS;
  return [
    { id: product!.id, value: rng.chance(0.8) ? rng.pick(product!.options!) : null },
    { id: order!.id, value: rng.chance(0.7) ? rng.int(10_000, 99_999) : null },
    { id: refund!.id, value: rng.chance(0.3) },
    {
      id: due!.id,
      value: rng.chance(0.5) ? isoZ(ticketTimes(s, i).created + 7 * 86_400_000).slice(0, 10) : null,
    },
    { id: notes!.id, value: rng.chance(0.4) ? `Call back before ${rng.int(9, 17)}:00` : null },
  ];
}

function userCustom(s: ZendeskShared, i: number): Record<string, unknown> {
  const rng = s.core.rng("user_custom", i);
  const [plan, points, vip] = USER_FIELDS;
  return {
    [plan!.key!]: rng.pick(plan!.options!),
    [points!.key!]: rng.chance(0.8) ? rng.int(0, 5000) : null,
    [vip!.key!]: rng.chance(0.2) ? `202${rng.int(0, 4)}-0${rng.int(1, 9)}-1${rng.int(0, 9)}` : null,
  };
}

function orgCustom(s: ZendeskShared, i: number): Record<string, unknown> {
  const rng = s.core.rng("org_custom", i);
  const [region, value, managed] = ORGANIZATION_FIELDS;
  return {
    [region!.key!]: rng.pick(region!.options!),
    [value!.key!]: rng.chance(0.7) ? rng.int(1_000, 500_000) / 100 : null,
    [managed!.key!]: rng.chance(0.5),
  };
}
