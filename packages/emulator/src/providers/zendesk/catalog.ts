import { isoZ, recordTimes, words } from "../../core/data.js";
import type { FieldSpecs, StoredRecord } from "../../core/records/store.js";
import { metric, organization, ticket, ticketTimes, user } from "./records.js";
import { base, FALLBACK, type ZendeskShared } from "./state.js";

/**
 * The lists the emulator serves, as data (its own declarations of Zendesk's API, from the API
 * reference): the path under `/api/v2`, the key the list and single answers use, the first id
 * of the generated data set and how record `i` looks. Writable ones name their fields.
 */
export interface ZTable {
  /** The list's key in answers (`{"sla_policies": […]}`) and the table's name here. */
  name: string;
  /** Path under `/api/v2/` (`slas/policies`). */
  path: string;
  singular: string;
  firstId: number;
  size(s: ZendeskShared): number;
  record(s: ZendeskShared, i: number): StoredRecord;
  /** Fields a create or update may set, checked as Zendesk does (422 RecordInvalid). */
  fields?: FieldSpecs;
  /** Values a created record starts with. */
  defaults?(s: ZendeskShared): StoredRecord;
}

/** A list under a parent record: `tickets/{id}/comments`, `users/{id}/identities`. */
export interface ZChild {
  name: string;
  parent: "tickets" | "users";
  /** Path segment after the parent's id. */
  path: string;
  /** The foreign key naming the parent in each record. */
  parentKey: string;
  singular: string;
  firstId: number;
  /** Generated records per parent of the data set. */
  perParent: number;
  record(s: ZendeskShared, parentIndex: number, j: number): StoredRecord;
}

const sized = (name: string, fallback: number) => (s: ZendeskShared) =>
  s.core.datasetSize(name, fallback);
const url = (s: ZendeskShared, path: string, id: number) => `${base(s)}/api/v2/${path}/${id}.json`;
const times = (s: ZendeskShared, name: string, i: number) => {
  const t = recordTimes(s.core.rng(name, "times", i), i, 86_400_000);
  return { created_at: isoZ(t.created), updated_at: isoZ(t.modified) };
};
const ticketCount = (s: ZendeskShared) => s.core.datasetSize("tickets", FALLBACK.tickets);
const userCount = (s: ZendeskShared) => s.core.datasetSize("users", FALLBACK.users);

const GROUPS = ["Support", "Billing", "Escalations", "Onboarding", "Returns", "Enterprise"];
const BRANDS = ["Acme", "Acme Pro", "Acme Outlet"];
const FORMS = ["Default form", "Returns", "Technical issue", "Billing question"];

/** Fields of the writable tables (others, like `url`, are set by Zendesk and ignored when sent). */
const TICKET_FIELDS: FieldSpecs = {
  subject: { type: "string", nullable: true },
  type: { type: "enum", values: ["question", "incident", "problem", "task"], nullable: true },
  priority: { type: "enum", values: ["low", "normal", "high", "urgent"], nullable: true },
  status: { type: "enum", values: ["new", "open", "pending", "hold", "solved", "closed"] },
  requester_id: { type: "integer", nullable: true },
  assignee_id: { type: "integer", nullable: true },
  organization_id: { type: "integer", nullable: true },
  group_id: { type: "integer", nullable: true },
  external_id: { type: "string", nullable: true },
  tags: { type: "json" },
  custom_fields: { type: "json" },
  due_at: { type: "datetime", nullable: true },
};
const USER_FIELDS: FieldSpecs = {
  name: { type: "string", required: true },
  email: { type: "string", nullable: true },
  phone: { type: "string", nullable: true },
  role: { type: "enum", values: ["end-user", "agent", "admin"] },
  organization_id: { type: "integer", nullable: true },
  time_zone: { type: "string", nullable: true },
  locale: { type: "string", nullable: true },
  verified: { type: "boolean" },
  suspended: { type: "boolean" },
  external_id: { type: "string", nullable: true },
  user_fields: { type: "json" },
  tags: { type: "json" },
};
const ORG_FIELDS: FieldSpecs = {
  name: { type: "string", required: true },
  domain_names: { type: "json" },
  details: { type: "string", nullable: true },
  notes: { type: "string", nullable: true },
  external_id: { type: "string", nullable: true },
  tags: { type: "json" },
  organization_fields: { type: "json" },
  group_id: { type: "integer", nullable: true },
};
const GROUP_FIELDS: FieldSpecs = {
  name: { type: "string", required: true },
  description: { type: "string", nullable: true },
  is_public: { type: "boolean" },
};

function rule(s: ZendeskShared, kind: string, path: string, firstId: number, i: number) {
  const rng = s.core.rng(kind, i);
  const id = firstId + i;
  return {
    url: url(s, path, id),
    id,
    title: `${rng.pick(["Notify", "Escalate", "Tag", "Close", "Route"])} ${rng.pick(words.products)} ${i + 1}`,
    active: rng.chance(0.85),
    position: i + 1,
    ...times(s, kind, i),
  };
}

export const TABLES: readonly ZTable[] = [
  {
    name: "tickets",
    path: "tickets",
    singular: "ticket",
    firstId: 1,
    size: sized("tickets", FALLBACK.tickets),
    record: ticket,
    fields: TICKET_FIELDS,
  },
  {
    name: "users",
    path: "users",
    singular: "user",
    firstId: 1000,
    size: userCount,
    record: user,
    fields: USER_FIELDS,
    defaults: () => ({
      email: null,
      phone: null,
      role: "end-user",
      organization_id: null,
      active: true,
      verified: false,
      suspended: false,
      user_fields: {},
    }),
  },
  {
    name: "organizations",
    path: "organizations",
    singular: "organization",
    firstId: 500,
    size: sized("organizations", FALLBACK.organizations),
    record: organization,
    fields: ORG_FIELDS,
    defaults: () => ({ domain_names: [], details: null, tags: [], organization_fields: {} }),
  },
  {
    name: "ticket_metrics",
    path: "ticket_metrics",
    singular: "ticket_metric",
    firstId: 7000,
    size: ticketCount,
    record: metric,
  },
  {
    name: "groups",
    path: "groups",
    singular: "group",
    firstId: 360_000_001,
    size: sized("groups", GROUPS.length),
    record: (s, i) => ({
      url: url(s, "groups", 360_000_001 + i),
      id: 360_000_001 + i,
      name: GROUPS[i % GROUPS.length]! + (i >= GROUPS.length ? ` ${i + 1}` : ""),
      description: `${GROUPS[i % GROUPS.length]} team`,
      default: i === 0,
      deleted: false,
      is_public: true,
      ...times(s, "groups", i),
    }),
    fields: GROUP_FIELDS,
    defaults: () => ({ description: "", default: false, deleted: false, is_public: true }),
  },
  {
    name: "group_memberships",
    path: "group_memberships",
    singular: "group_membership",
    firstId: 460_000_001,
    size: sized("group_memberships", 8),
    record: (s, i) => {
      const groups = s.core.datasetSize("groups", GROUPS.length);
      const id = 460_000_001 + i;
      return {
        url: url(s, "group_memberships", id),
        id,
        user_id: i === 0 ? s.user.id : 1000 + (i % Math.max(1, userCount(s))),
        group_id: 360_000_001 + (i % Math.max(1, groups)),
        default: i < 2,
        ...times(s, "group_memberships", i),
      };
    },
  },
  {
    name: "organization_memberships",
    path: "organization_memberships",
    singular: "organization_membership",
    firstId: 560_000_001,
    size: userCount,
    record: (s, i) => {
      const id = 560_000_001 + i;
      return {
        url: url(s, "organization_memberships", id),
        id,
        user_id: 1000 + i,
        organization_id: user(s, i).organization_id,
        default: true,
        organization_name: null,
        view_tickets: false,
        ...times(s, "organization_memberships", i),
      };
    },
  },
  {
    name: "brands",
    path: "brands",
    singular: "brand",
    firstId: 360_400_001,
    size: sized("brands", BRANDS.length),
    record: (s, i) => {
      const name = BRANDS[i % BRANDS.length]! + (i >= BRANDS.length ? ` ${i + 1}` : "");
      const sub = `${s.subdomain}${i === 0 ? "" : `-${i + 1}`}`;
      return {
        url: url(s, "brands", 360_400_001 + i),
        id: 360_400_001 + i,
        name,
        subdomain: sub,
        brand_url: `https://${sub}.zendesk.com`,
        host_mapping: null,
        active: true,
        default: i === 0,
        has_help_center: i === 0,
        ...times(s, "brands", i),
      };
    },
  },
  {
    name: "ticket_forms",
    path: "ticket_forms",
    singular: "ticket_form",
    firstId: 360_500_001,
    size: sized("ticket_forms", FORMS.length),
    record: (s, i) => ({
      url: url(s, "ticket_forms", 360_500_001 + i),
      id: 360_500_001 + i,
      name: FORMS[i % FORMS.length]!,
      display_name: FORMS[i % FORMS.length]!,
      position: i + 1,
      active: true,
      default: i === 0,
      end_user_visible: true,
      ticket_field_ids: [360_000_101, 360_000_102, 360_100_001 + (i % 5)],
      ...times(s, "ticket_forms", i),
    }),
  },
  {
    name: "satisfaction_ratings",
    path: "satisfaction_ratings",
    singular: "satisfaction_rating",
    firstId: 360_600_001,
    // One rating for every third ticket.
    size: (s) => Math.ceil(ticketCount(s) / 3),
    record: (s, i) => {
      const rng = s.core.rng("satisfaction_ratings", i);
      const t = ticketTimes(s, i * 3);
      const id = 360_600_001 + i;
      return {
        url: url(s, "satisfaction_ratings", id),
        id,
        ticket_id: i * 3 + 1,
        score: rng.pick(["good", "good", "bad", "offered"]),
        comment: rng.chance(0.5) ? rng.pick(["Quick, thanks", "Still broken", "Great help"]) : null,
        reason: null,
        requester_id: 1000 + (i % Math.max(1, userCount(s))),
        assignee_id: s.user.id,
        group_id: 360_000_001,
        created_at: isoZ(t.modified),
        updated_at: isoZ(t.modified),
      };
    },
  },
  {
    name: "views",
    path: "views",
    singular: "view",
    firstId: 360_700_001,
    size: sized("views", 6),
    record: (s, i) => ({
      ...rule(s, "views", "views", 360_700_001, i),
      description: null,
      restriction: null,
      conditions: { all: [{ field: "status", operator: "less_than", value: "solved" }], any: [] },
      execution: { group_by: "status", sort_by: "updated_at", sort_order: "desc" },
    }),
  },
  {
    name: "macros",
    path: "macros",
    singular: "macro",
    firstId: 360_800_001,
    size: sized("macros", 8),
    record: (s, i) => ({
      ...rule(s, "macros", "macros", 360_800_001, i),
      description: null,
      restriction: null,
      actions: [{ field: "status", value: "solved" }],
    }),
  },
  {
    name: "triggers",
    path: "triggers",
    singular: "trigger",
    firstId: 360_900_001,
    size: sized("triggers", 7),
    record: (s, i) => ({
      ...rule(s, "triggers", "triggers", 360_900_001, i),
      description: null,
      category_id: "10001",
      conditions: { all: [{ field: "update_type", operator: "is", value: "Create" }], any: [] },
      actions: [{ field: "notification_user", value: ["requester_id", "subject", "body"] }],
    }),
  },
  {
    name: "automations",
    path: "automations",
    singular: "automation",
    firstId: 361_100_001,
    size: sized("automations", 4),
    record: (s, i) => ({
      ...rule(s, "automations", "automations", 361_100_001, i),
      conditions: {
        all: [{ field: "SOLVED", operator: "greater_than", value: String(24 * (i + 1)) }],
        any: [],
      },
      actions: [{ field: "status", value: "closed" }],
    }),
  },
  {
    name: "sla_policies",
    path: "slas/policies",
    singular: "sla_policy",
    firstId: 361_200_001,
    size: sized("sla_policies", 3),
    record: (s, i) => ({
      url: url(s, "slas/policies", 361_200_001 + i),
      id: 361_200_001 + i,
      title: ["Urgent first reply", "Standard", "Enterprise"][i % 3]!,
      description: null,
      position: i + 1,
      filter: { all: [{ field: "type", operator: "is", value: "incident" }], any: [] },
      policy_metrics: [
        {
          priority: "urgent",
          metric: "first_reply_time",
          target: 30 * (i + 1),
          business_hours: false,
        },
      ],
      ...times(s, "sla_policies", i),
    }),
  },
];

export const CHILDREN: readonly ZChild[] = [
  {
    name: "comments",
    parent: "tickets",
    path: "comments",
    parentKey: "ticket_id",
    singular: "comment",
    firstId: 800_000_001,
    perParent: 2,
    record: (s, p, j) => {
      const t = ticket(s, p);
      const times = ticketTimes(s, p);
      return {
        id: 800_000_001 + p * 2 + j,
        ticket_id: t.id,
        type: "Comment",
        author_id: j === 0 ? t.requester_id : s.user.id,
        body: j === 0 ? t.description : "Thanks for reaching out; we are looking into it.",
        html_body: `<p>${j === 0 ? t.description : "Thanks for reaching out; we are looking into it."}</p>`,
        public: true,
        attachments: [],
        via: t.via,
        created_at: isoZ(j === 0 ? times.created : times.modified),
      };
    },
  },
  {
    name: "audits",
    parent: "tickets",
    path: "audits",
    parentKey: "ticket_id",
    singular: "audit",
    firstId: 900_000_001,
    perParent: 1,
    record: (s, p) => {
      const t = ticket(s, p);
      return {
        id: 900_000_001 + p,
        ticket_id: t.id,
        author_id: t.requester_id,
        created_at: t.created_at,
        via: t.via,
        metadata: { system: {}, custom: {} },
        events: [
          { id: 910_000_001 + p, type: "Comment", body: t.description, public: true },
          { id: 920_000_001 + p, type: "Create", field_name: "status", value: "new" },
        ],
      };
    },
  },
  {
    name: "identities",
    parent: "users",
    path: "identities",
    parentKey: "user_id",
    singular: "identity",
    firstId: 700_000_001,
    perParent: 1,
    record: (s, p) => {
      const u = user(s, p);
      return {
        url: `${base(s)}/api/v2/users/${u.id}/identities/${700_000_001 + p}.json`,
        id: 700_000_001 + p,
        user_id: u.id,
        type: "email",
        value: u.email,
        verified: true,
        primary: true,
        created_at: u.created_at,
        updated_at: u.updated_at,
      };
    },
  },
];

export const TABLE: Readonly<Record<string, ZTable>> = Object.fromEntries(
  TABLES.map((t) => [t.name, t]),
);

/** `tags`: each tag on tickets now, with how many tickets carry it (most used first). */
export function tagCounts(s: ZendeskShared): StoredRecord[] {
  const counts = new Map<string, number>();
  for (const t of s.stores.tickets!.all()) {
    for (const tag of Array.isArray(t.tags) ? t.tags : []) {
      counts.set(String(tag), (counts.get(String(tag)) ?? 0) + 1);
    }
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([name, count]) => ({ name, count }));
}
