import { recordTimes, words } from "../../core/data.js";
import type { FieldSpecs } from "../../core/records/store.js";
import { customValues } from "./custom.js";
import { boolEq, intEq, iso, type ResourceSpec, strIn, timeBound, v1Time } from "./spec.js";
import { FALLBACK, type PipedriveShared } from "./state.js";

const ro = { readOnly: true } as const;
const times: FieldSpecs = {
  id: { type: "integer", ...ro },
  add_time: { type: "string", ...ro },
  update_time: { type: "string", ...ro },
};

const PIPELINES = ["Sales", "Partners", "Renewals"];
const STAGE_NAMES = ["Qualified", "Contact made", "Demo scheduled", "Proposal made", "Negotiation"];
export const CURRENCIES: [string, string, string][] = [
  ["EUR", "Euro", "€"],
  ["USD", "US Dollar", "$"],
  ["GBP", "British Pound", "£"],
  ["JPY", "Japanese Yen", "¥"],
  ["CHF", "Swiss Franc", "CHF"],
  ["SEK", "Swedish Krona", "kr"],
  ["INR", "Indian Rupee", "₹"],
  ["BRL", "Brazilian Real", "R$"],
];
const ICONS = ["call", "meeting", "task", "deadline", "email", "lunch", "flag", "camera"];
const FILTER_TYPES = ["deals", "leads", "org", "people", "products", "activity", "projects"];

/** A lead's UUID from its store key, and back. */
const LEAD_PREFIX = "adf21080-0e10-11eb-879b-";
/** A goal's 32-hex id from its store key, and back. */
const hexKey = (n: number) => n.toString(16).padStart(32, "0");

/**
 * The resources served from the generic engine: their own declarations of Pipedrive's fields
 * (API reference, "Add a product", "Add a lead", …), never the connector's.
 */
export function catalog(s: PipedriveShared): ResourceSpec[] {
  const size = (name: keyof typeof FALLBACK) => s.core.datasetSize(name, FALLBACK[name]);
  const products = s.core.datasetSize("products", 40);
  const when = (name: string, i: number, step = 600_000) =>
    recordTimes(s.core.rng(name, i), i, step);
  const owner = s.user.id;
  const personRef = (id: number) => ({
    value: id,
    name: `Person ${id}`,
    active_flag: true,
  });

  const productSpec: ResourceSpec = {
    name: "products",
    noun: "Product",
    api: "v2",
    path: "products",
    size: 40,
    paging: "cursor",
    generate(i) {
      const rng = s.core.rng("products", i);
      const t = when("products", i);
      const price = rng.int(5, 500) * 10;
      return {
        id: i + 1,
        name: `${rng.pick(words.adjectives)} ${rng.pick(words.products)} ${i + 1}`,
        code: `SKU-${String(i + 1).padStart(4, "0")}`,
        description: null,
        unit: rng.pick(["pcs", "hours", "licenses"]),
        tax: rng.pick([0, 7, 19]),
        category: null,
        is_linkable: true,
        is_deleted: false,
        visible_to: 3,
        owner_id: owner,
        billing_frequency: rng.pick(["one-time", "monthly", "annually"]),
        prices: [
          { currency: "EUR", price, cost: Math.round(price / 2), overhead_cost: 0, notes: "" },
        ],
        add_time: iso(t.created),
        update_time: iso(t.modified),
        custom_fields: customValues(s, "product", i),
      };
    },
    fields: {
      ...times,
      name: { type: "string", required: true },
      code: { type: "string", nullable: true },
      description: { type: "string", nullable: true },
      unit: { type: "string", nullable: true },
      tax: { type: "decimal" },
      category: { type: "string", nullable: true },
      is_linkable: { type: "boolean" },
      is_deleted: { type: "boolean", ...ro },
      visible_to: { type: "integer" },
      owner_id: { type: "integer" },
      billing_frequency: {
        type: "enum",
        values: ["one-time", "annually", "semi-annually", "quarterly", "monthly", "weekly"],
      },
      prices: { type: "json" },
    },
    defaults: () => ({
      code: null,
      description: null,
      unit: null,
      tax: 0,
      category: null,
      is_linkable: true,
      is_deleted: false,
      visible_to: 3,
      owner_id: owner,
      billing_frequency: "one-time",
      prices: [],
    }),
    filters: { owner_id: intEq("owner_id") },
    sorts: ["id", "name", "add_time", "update_time"],
    create: true,
    update: "PATCH",
    remove: "delete",
    get: true,
    custom: "product",
    times: "iso",
  };

  const pipelines: ResourceSpec = {
    name: "pipelines",
    noun: "Pipeline",
    api: "v2",
    path: "pipelines",
    size: PIPELINES.length,
    paging: "cursor",
    generate(i) {
      const t = when("pipelines", i);
      return {
        id: i + 1,
        name: PIPELINES[i % PIPELINES.length]! + (i >= PIPELINES.length ? ` ${i + 1}` : ""),
        order_nr: i,
        is_deleted: false,
        is_deal_probability_enabled: i === 0,
        is_selected: i === 0,
        add_time: iso(t.created),
        update_time: iso(t.modified),
      };
    },
    fields: {
      ...times,
      name: { type: "string", required: true },
      is_deal_probability_enabled: { type: "boolean" },
      order_nr: { type: "integer", ...ro },
      is_selected: { type: "boolean", ...ro },
      is_deleted: { type: "boolean", ...ro },
    },
    defaults: () => ({
      order_nr: s.specStores.pipelines?.span ?? 0,
      is_deleted: false,
      is_deal_probability_enabled: false,
      is_selected: false,
    }),
    sorts: ["id", "update_time", "add_time"],
    create: true,
    update: "PATCH",
    remove: "delete",
    get: true,
    times: "iso",
  };

  const stages: ResourceSpec = {
    name: "stages",
    noun: "Stage",
    api: "v2",
    path: "stages",
    size: PIPELINES.length * STAGE_NAMES.length,
    paging: "cursor",
    generate(i) {
      const t = when("stages", i);
      const n = i % STAGE_NAMES.length;
      return {
        id: i + 1,
        name: STAGE_NAMES[n],
        order_nr: n + 1,
        pipeline_id: Math.floor(i / STAGE_NAMES.length) + 1,
        deal_probability: (n + 1) * 20,
        is_deal_rot_enabled: n >= 3,
        days_to_rotten: n >= 3 ? 14 : null,
        is_deleted: false,
        add_time: iso(t.created),
        update_time: iso(t.modified),
      };
    },
    fields: {
      ...times,
      name: { type: "string", required: true },
      pipeline_id: { type: "integer", required: true },
      deal_probability: { type: "integer" },
      is_deal_rot_enabled: { type: "boolean" },
      days_to_rotten: { type: "integer", nullable: true },
      order_nr: { type: "integer", ...ro },
      is_deleted: { type: "boolean", ...ro },
    },
    defaults: () => ({
      order_nr: 1,
      deal_probability: 100,
      is_deal_rot_enabled: false,
      days_to_rotten: null,
      is_deleted: false,
    }),
    filters: { pipeline_id: intEq("pipeline_id") },
    sorts: ["id", "update_time", "add_time", "order_nr"],
    create: true,
    update: "PATCH",
    remove: "delete",
    get: true,
    times: "iso",
  };

  const dealProducts: ResourceSpec = {
    name: "dealProducts",
    noun: "Deal product",
    api: "v2",
    path: "products",
    parent: { path: "deals", column: "deal_id", store: "deals" },
    size: 400,
    paging: "cursor",
    generate(i) {
      const rng = s.core.rng("dealProducts", i);
      const t = when("dealProducts", i);
      const price = rng.int(5, 500) * 10;
      const quantity = rng.int(1, 10);
      return {
        id: i + 1,
        deal_id: (i % Math.max(1, size("deals"))) + 1,
        product_id: ((i * 7) % Math.max(1, products)) + 1,
        item_price: price,
        quantity,
        discount: 0,
        discount_type: "percentage",
        tax: 0,
        tax_method: "inclusive",
        is_enabled: true,
        comments: null,
        sum: price * quantity,
        currency: "EUR",
        product_variation_id: null,
        add_time: iso(t.created),
        update_time: iso(t.modified),
      };
    },
    fields: {
      ...times,
      deal_id: { type: "integer", ...ro },
      product_id: { type: "integer", required: true },
      item_price: { type: "decimal", required: true },
      quantity: { type: "decimal", required: true },
      discount: { type: "decimal" },
      discount_type: { type: "enum", values: ["percentage", "amount"] },
      tax: { type: "decimal" },
      tax_method: { type: "enum", values: ["exclusive", "inclusive", "none"] },
      is_enabled: { type: "boolean" },
      comments: { type: "string", nullable: true },
      product_variation_id: { type: "integer", nullable: true },
      sum: { type: "decimal", ...ro },
      currency: { type: "string", ...ro },
    },
    defaults: () => ({
      discount: 0,
      discount_type: "percentage",
      tax: 0,
      tax_method: "inclusive",
      is_enabled: true,
      comments: null,
      currency: "EUR",
      product_variation_id: null,
    }),
    derive(r) {
      const gross = (r.item_price as number) * (r.quantity as number);
      const discounted =
        r.discount_type === "amount"
          ? gross - (r.discount as number)
          : gross * (1 - (r.discount as number) / 100);
      return { sum: Math.round(discounted * 100) / 100 };
    },
    sorts: ["id", "add_time", "update_time", "order_nr"],
    create: true,
    update: "PATCH",
    remove: "delete",
    times: "iso",
  };

  const participants: ResourceSpec = {
    name: "dealParticipants",
    noun: "Participant",
    api: "v1",
    path: "participants",
    parent: { path: "deals", column: "related_item_id", store: "deals" },
    size: 300,
    paging: "offset",
    generate(i) {
      const t = when("dealParticipants", i);
      return {
        id: i + 1,
        related_item_id: ((i * 3) % Math.max(1, size("deals"))) + 1,
        person_id: ((i * 11) % Math.max(1, size("persons"))) + 1,
        add_time: v1Time(t.created),
        active_flag: true,
      };
    },
    present: (r) => ({
      ...r,
      person_id: personRef(r.person_id as number),
      related_item_type: "deal",
    }),
    fields: {
      id: { type: "integer", ...ro },
      person_id: { type: "integer", required: true },
    },
    defaults: () => ({ active_flag: true }),
    check(input) {
      const person = input.person_id as number | undefined;
      return person !== undefined && !s.stores.persons.get(person)
        ? ["person_id: Person not found"]
        : [];
    },
    create: true,
    remove: "delete",
    times: "v1",
  };

  const leads: ResourceSpec = {
    name: "leads",
    noun: "Lead",
    api: "v1",
    path: "leads",
    size: 120,
    paging: "offset",
    id: {
      show: (n) => `${LEAD_PREFIX}${n.toString(16).padStart(12, "0")}`,
      read: (raw) =>
        raw.startsWith(LEAD_PREFIX) && /^[0-9a-f]{12}$/.test(raw.slice(LEAD_PREFIX.length))
          ? Number.parseInt(raw.slice(LEAD_PREFIX.length), 16)
          : Number.NaN,
    },
    generate(i) {
      const rng = s.core.rng("leads", i);
      const t = when("leads", i);
      const persons = size("persons");
      const orgs = size("organizations");
      const person = rng.chance(0.7) && persons > 0 ? rng.int(1, persons) : null;
      return {
        id: i + 1,
        title: `${rng.pick(words.companyStems)} lead ${i + 1}`,
        owner_id: owner,
        creator_id: owner,
        person_id: person,
        organization_id: person === null || rng.chance(0.5) ? rng.int(1, Math.max(1, orgs)) : null,
        value: rng.chance(0.6) ? { amount: rng.int(1, 200) * 100, currency: "EUR" } : null,
        expected_close_date: rng.chance(0.5) ? `2025-0${rng.int(1, 9)}-1${rng.int(0, 9)}` : null,
        label_ids: [],
        is_archived: rng.chance(0.15),
        was_seen: rng.chance(0.5),
        source_name: "API",
        origin: "API",
        visible_to: "3",
        add_time: new Date(t.created).toISOString(),
        update_time: new Date(t.modified).toISOString(),
      };
    },
    fields: {
      ...times,
      title: { type: "string", required: true },
      owner_id: { type: "integer" },
      person_id: { type: "integer", nullable: true },
      organization_id: { type: "integer", nullable: true },
      value: { type: "json", nullable: true },
      expected_close_date: { type: "date", nullable: true },
      label_ids: { type: "json" },
      is_archived: { type: "boolean" },
      was_seen: { type: "boolean" },
      visible_to: { type: "string", nullable: true },
      creator_id: { type: "integer", ...ro },
      source_name: { type: "string", ...ro },
      origin: { type: "string", ...ro },
    },
    defaults: () => ({
      owner_id: owner,
      creator_id: owner,
      person_id: null,
      organization_id: null,
      value: null,
      expected_close_date: null,
      label_ids: [],
      is_archived: false,
      was_seen: false,
      source_name: "API",
      origin: "API",
      visible_to: "3",
    }),
    // A lead belongs to a person or an organization (API reference, "Add a lead").
    check(input, mode, current) {
      const merged = { ...current, ...input };
      if (mode === "create" && merged.person_id == null && merged.organization_id == null) {
        return [
          "A lead must be linked to a person or an organization (person_id or organization_id)",
        ];
      }
      return [];
    },
    filters: {
      owner_id: intEq("owner_id"),
      person_id: intEq("person_id"),
      organization_id: intEq("organization_id"),
      archived_status: (raw) =>
        raw === "all"
          ? () => true
          : raw === "archived" || raw === "not_archived"
            ? (r) => r.is_archived === (raw === "archived")
            : `archived_status: Invalid enum value. Expected 'archived' | 'not_archived' | 'all', received '${raw}'`,
    },
    sorts: [
      "id",
      "title",
      "owner_id",
      "creator_id",
      "was_seen",
      "expected_close_date",
      "add_time",
      "update_time",
    ],
    create: true,
    update: "PATCH",
    remove: "delete",
    get: true,
    times: "none",
  };
  // Leads keep millisecond RFC 3339 times: written by the engine's hooks below.
  leads.derive = () => ({ update_time: new Date(s.core.clock.now()).toISOString() });
  const leadDefaults = leads.defaults!;
  leads.defaults = () => ({
    ...leadDefaults(),
    add_time: new Date(s.core.clock.now()).toISOString(),
  });

  const notes: ResourceSpec = {
    name: "notes",
    noun: "Note",
    api: "v1",
    path: "notes",
    size: 300,
    paging: "offset",
    generate(i) {
      const rng = s.core.rng("notes", i);
      const t = when("notes", i);
      const about = rng.int(0, 2);
      const pick = (n: number) => (n > 0 ? rng.int(1, n) : null);
      return {
        id: i + 1,
        content: `<p>Talked about the ${rng.pick(words.products)}.</p>`,
        deal_id: about === 0 ? pick(size("deals")) : null,
        person_id: about === 1 ? pick(size("persons")) : null,
        org_id: about === 2 ? pick(size("organizations")) : null,
        lead_id: null,
        user_id: owner,
        pinned_to_deal_flag: false,
        pinned_to_person_flag: false,
        pinned_to_organization_flag: false,
        active_flag: true,
        add_time: v1Time(t.created),
        update_time: v1Time(t.modified),
      };
    },
    fields: {
      ...times,
      content: { type: "string", required: true },
      deal_id: { type: "integer", nullable: true },
      person_id: { type: "integer", nullable: true },
      org_id: { type: "integer", nullable: true },
      lead_id: { type: "string", nullable: true },
      user_id: { type: "integer" },
      pinned_to_deal_flag: { type: "boolean" },
      pinned_to_person_flag: { type: "boolean" },
      pinned_to_organization_flag: { type: "boolean" },
      active_flag: { type: "boolean", ...ro },
    },
    defaults: () => ({
      deal_id: null,
      person_id: null,
      org_id: null,
      lead_id: null,
      user_id: owner,
      pinned_to_deal_flag: false,
      pinned_to_person_flag: false,
      pinned_to_organization_flag: false,
      active_flag: true,
    }),
    // A note is about something (API reference, "Add a note").
    check(input, mode) {
      if (mode !== "create") return [];
      return ["deal_id", "person_id", "org_id", "lead_id"].some((k) => input[k] != null)
        ? []
        : ["One of deal_id, person_id, org_id or lead_id must be given"];
    },
    filters: {
      user_id: intEq("user_id"),
      deal_id: intEq("deal_id"),
      person_id: intEq("person_id"),
      org_id: intEq("org_id"),
      lead_id: (raw) => (r) => r.lead_id === raw,
      updated_since: timeBound("update_time", "updated_since", (t, v) => t >= v),
    },
    sorts: [
      "id",
      "user_id",
      "deal_id",
      "person_id",
      "org_id",
      "content",
      "add_time",
      "update_time",
    ],
    create: true,
    update: "PUT",
    remove: "delete",
    get: true,
    times: "v1",
    deleted: () => ({ data: true }),
  };

  const users: ResourceSpec = {
    name: "users",
    noun: "User",
    api: "v1",
    path: "users",
    size: 6,
    paging: "none",
    id: {
      show: (n) => owner + n - 1,
      read: (raw) => (/^\d+$/.test(raw) ? Number(raw) - owner + 1 : Number.NaN),
    },
    generate(i) {
      const rng = s.core.rng("users", i);
      const first = rng.pick(words.firstNames);
      const last = rng.pick(words.lastNames);
      return {
        id: i + 1,
        name: i === 0 ? s.user.name : `${first} ${last}`,
        email: i === 0 ? s.user.email : `${first}.${last}.${i}@emulator.example`.toLowerCase(),
        active_flag: i < 5,
        is_admin: i === 0 ? 1 : 0,
        role_id: 1,
        default_currency: "EUR",
        timezone_name: "Europe/Berlin",
        icon_url: null,
        lang: 1,
        locale: "en_US",
        last_login: "2025-01-01 09:00:00",
        created: "2024-01-01 00:00:00",
        modified: "2024-01-01 00:00:00",
      };
    },
    fields: {
      email: { type: "string", required: true },
      access: { type: "json" },
      active_flag: { type: "boolean" },
    },
    defaults: () => ({
      is_admin: 0,
      role_id: 1,
      default_currency: "EUR",
      timezone_name: "Europe/Berlin",
      icon_url: null,
      lang: 1,
      locale: "en_US",
      last_login: null,
      created: v1Time(s.core.clock.now()),
      modified: v1Time(s.core.clock.now()),
    }),
    derive: (r) => ({
      name: r.name ?? String(r.email).split("@")[0],
      active_flag: r.active_flag ?? true,
    }),
    create: true,
    update: "PUT",
    get: true,
    times: "none",
  };

  const files: ResourceSpec = {
    name: "files",
    noun: "File",
    api: "v1",
    path: "files",
    size: 60,
    paging: "offset",
    generate(i) {
      const rng = s.core.rng("files", i);
      const t = when("files", i);
      const ext = rng.pick(["pdf", "png", "docx", "xlsx"]);
      const name = `${rng.pick(words.products).toLowerCase()}-${i + 1}.${ext}`;
      return {
        id: i + 1,
        name,
        file_name: `${i + 1}_${name}`,
        file_type: ext,
        file_size: rng.int(1, 5000) * 1024,
        description: null,
        deal_id: rng.chance(0.5) ? rng.int(1, Math.max(1, size("deals"))) : null,
        person_id: null,
        org_id: null,
        product_id: null,
        activity_id: null,
        lead_id: null,
        user_id: owner,
        active_flag: true,
        inline_flag: false,
        remote_location: "s3",
        url: `https://${s.company}.pipedrive.com/api/v1/files/${i + 1}/download`,
        add_time: v1Time(t.created),
        update_time: v1Time(t.modified),
      };
    },
    fields: {
      name: { type: "string" },
      description: { type: "string", nullable: true },
    },
    hidden: (r, q) => r.active_flag === false && q.get("include_deleted_files") !== "1",
    sorts: ["id", "update_time", "add_time", "name"],
    update: "PUT",
    // Deleting a file marks it deleted (it is removed for good 30 days later).
    remove: "deactivate",
    get: true,
    times: "v1",
  };

  const filters: ResourceSpec = {
    name: "filters",
    noun: "Filter",
    api: "v1",
    path: "filters",
    size: 12,
    paging: "none",
    generate(i) {
      const type = FILTER_TYPES[i % 4]!;
      return {
        id: i + 1,
        name: `${["Open", "Big", "Mine", "Recent"][i % 4]} ${type} ${i + 1}`,
        type,
        active_flag: true,
        visible_to: "1",
        user_id: owner,
        temporary_flag: null,
        custom_view_id: null,
        conditions: { glue: "and", conditions: [] },
        add_time: v1Time(Date.UTC(2024, 0, 1 + i)),
        update_time: v1Time(Date.UTC(2024, 1, 1 + i)),
      };
    },
    fields: {
      ...times,
      name: { type: "string", required: true },
      type: { type: "enum", values: FILTER_TYPES, required: true },
      conditions: { type: "json", required: true },
    },
    defaults: () => ({
      active_flag: true,
      visible_to: "1",
      user_id: owner,
      temporary_flag: null,
      custom_view_id: null,
    }),
    filters: { type: strIn("type", FILTER_TYPES) },
    create: true,
    update: "PUT",
    remove: "delete",
    get: true,
    times: "v1",
  };
  // The type is fixed once a filter exists.
  filters.check = (input, mode) =>
    mode === "update" && input.type !== undefined ? ["type: Field is read-only"] : [];

  const currencies: ResourceSpec = {
    name: "currencies",
    noun: "Currency",
    api: "v1",
    path: "currencies",
    size: CURRENCIES.length,
    paging: "none",
    generate(i) {
      const [code, name, symbol] = CURRENCIES[i % CURRENCIES.length]!;
      return {
        id: i + 1,
        code,
        name,
        symbol,
        decimal_points: code === "JPY" ? 0 : 2,
        active_flag: true,
        is_custom_flag: false,
      };
    },
    filters: {
      // A search term over the code and the name, ignoring case.
      term: (raw) => (r) =>
        String(r.code).toLowerCase().includes(raw.toLowerCase()) ||
        String(r.name).toLowerCase().includes(raw.toLowerCase()),
    },
    times: "none",
  };

  const activityTypes: ResourceSpec = {
    name: "activityTypes",
    noun: "Activity type",
    api: "v1",
    path: "activityTypes",
    size: 6,
    paging: "none",
    generate(i) {
      const key = ICONS[i % ICONS.length]!;
      return {
        id: i + 1,
        order_nr: i + 1,
        name: `${key[0]!.toUpperCase()}${key.slice(1)}`,
        key_string: key,
        icon_key: key,
        active_flag: true,
        color: null,
        is_custom_flag: false,
        add_time: "2024-01-01 00:00:00",
        update_time: "2024-01-01 00:00:00",
      };
    },
    fields: {
      ...times,
      name: { type: "string", required: true },
      icon_key: { type: "enum", values: ICONS, required: true },
      color: { type: "string", nullable: true },
      order_nr: { type: "integer" },
      key_string: { type: "string", ...ro },
      active_flag: { type: "boolean", ...ro },
      is_custom_flag: { type: "boolean", ...ro },
    },
    defaults: () => ({ color: null, order_nr: 99, active_flag: true, is_custom_flag: true }),
    derive: (r) => ({ key_string: r.key_string ?? `custom_${r.id}` }),
    create: true,
    update: "PUT",
    // Deleting an activity type marks it inactive (it stays in the list).
    remove: "deactivate",
    times: "v1",
  };

  const goals: ResourceSpec = {
    name: "goals",
    noun: "Goal",
    api: "v1",
    path: "goals",
    listPath: "goals/find",
    size: 10,
    paging: "none",
    id: {
      show: hexKey,
      read: (raw) => (/^[0-9a-f]{32}$/.test(raw) ? Number.parseInt(raw, 16) : Number.NaN),
    },
    generate(i) {
      const rng = s.core.rng("goals", i);
      return {
        id: i + 1,
        owner_id: owner,
        title: `${rng.pick(["Won deals", "Revenue", "Calls"])} ${2025 + (i % 2)} #${i + 1}`,
        type: {
          name: rng.pick(["deals_won", "revenue_forecast", "activities_completed"]),
          params: { pipeline_id: [1] },
        },
        assignee: { id: owner, type: "person" },
        interval: rng.pick(["weekly", "monthly", "quarterly", "yearly"]),
        duration: { start: "2025-01-01", end: "2025-12-31" },
        expected_outcome: { target: rng.int(1, 50) * 10, tracking_metric: "quantity" },
        is_active: i % 5 !== 4,
        report_ids: [],
      };
    },
    fields: {
      id: { type: "string", ...ro },
      title: { type: "string", required: true },
      assignee: { type: "json", required: true },
      type: { type: "json", required: true },
      expected_outcome: { type: "json", required: true },
      duration: { type: "json", required: true },
      interval: {
        type: "enum",
        values: ["weekly", "monthly", "quarterly", "yearly"],
        required: true,
      },
      is_active: { type: "boolean", ...ro },
      owner_id: { type: "integer", ...ro },
      report_ids: { type: "json", ...ro },
    },
    defaults: () => ({ owner_id: owner, is_active: true, report_ids: [] }),
    filters: {
      is_active: boolEq("is_active"),
      "type.name": (raw) => (r) => (r.type as { name?: string } | null)?.name === raw,
      "assignee.id": (raw) =>
        /^\d+$/.test(raw)
          ? (r) => (r.assignee as { id?: number } | null)?.id === Number(raw)
          : "assignee.id: Expected number",
    },
    create: true,
    update: "PUT",
    remove: "delete",
    times: "none",
    wrap: { list: (goals) => ({ goals }), one: (goal) => ({ goal }) },
    deleted: () => ({}),
  };

  return [
    productSpec,
    pipelines,
    stages,
    dealProducts,
    participants,
    leads,
    notes,
    users,
    files,
    filters,
    currencies,
    activityTypes,
    goals,
  ];
}
