/**
 * The account's custom fields (the emulator's own, not the connector's): ticket fields hold
 * their values in a ticket's `custom_fields: [{ id, value }]`, user and organization fields in
 * `user_fields` / `organization_fields` by key. Also the system ticket fields `ticket_fields` lists.
 */

/** A field as `ticket_fields` / `user_fields` / `organization_fields` shows it. */
export interface CustomField {
  id: number;
  /** `user_fields` / `organization_fields` key; ticket fields have none. */
  key?: string;
  type: "text" | "textarea" | "integer" | "decimal" | "checkbox" | "date" | "tagger" | "dropdown";
  title: string;
  /** Dropdown (tagger) options: their values. */
  options?: readonly string[];
}

export const TICKET_FIELDS: readonly CustomField[] = [
  {
    id: 360_100_001,
    type: "tagger",
    title: "Product line",
    options: ["product_pumps", "product_valves", "product_sensors"],
  },
  { id: 360_100_002, type: "integer", title: "Order number" },
  { id: 360_100_003, type: "checkbox", title: "Refund approved" },
  { id: 360_100_004, type: "date", title: "Due back" },
  { id: 360_100_005, type: "textarea", title: "Internal notes" },
];

/** System ticket fields `ticket_fields` lists before the custom ones. */
export const SYSTEM_TICKET_FIELDS: readonly { id: number; type: string; title: string }[] = [
  { id: 360_000_101, type: "subject", title: "Subject" },
  { id: 360_000_102, type: "description", title: "Description" },
  { id: 360_000_103, type: "status", title: "Status" },
  { id: 360_000_104, type: "tickettype", title: "Type" },
  { id: 360_000_105, type: "priority", title: "Priority" },
  { id: 360_000_106, type: "group", title: "Group" },
  { id: 360_000_107, type: "assignee", title: "Assignee" },
];

export const USER_FIELDS: readonly CustomField[] = [
  {
    id: 360_200_001,
    key: "support_plan",
    type: "dropdown",
    title: "Support plan",
    options: ["free", "pro", "enterprise"],
  },
  { id: 360_200_002, key: "loyalty_points", type: "integer", title: "Loyalty points" },
  { id: 360_200_003, key: "vip_since", type: "date", title: "VIP since" },
];

export const ORGANIZATION_FIELDS: readonly CustomField[] = [
  {
    id: 360_300_001,
    key: "region",
    type: "dropdown",
    title: "Region",
    options: ["emea", "amer", "apac"],
  },
  { id: 360_300_002, key: "contract_value", type: "decimal", title: "Contract value" },
  { id: 360_300_003, key: "managed", type: "checkbox", title: "Managed account" },
];

/** Does `value` fit the field? (Zendesk answers 422 when not.) */
export function fitsField(field: CustomField, value: unknown): boolean {
  if (value === null) return true;
  switch (field.type) {
    case "integer":
      return Number.isInteger(value) || (typeof value === "string" && /^-?\d+$/.test(value));
    case "decimal":
      return (
        (typeof value === "number" && Number.isFinite(value)) ||
        (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value))
      );
    case "checkbox":
      return typeof value === "boolean";
    case "date":
      return typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value);
    case "tagger":
    case "dropdown":
      return typeof value === "string" && (field.options ?? []).includes(value);
    default:
      return typeof value === "string";
  }
}

const FIELD_TYPES = { tagger: "dropdown", textarea: "textarea" } as Record<string, string>;

/** `ticket_fields`: the system fields, then the custom ones with their options. */
export function ticketFields(s: { subdomain: string }): Record<string, unknown>[] {
  const url = (id: number) => `https://${s.subdomain}.zendesk.com/api/v2/ticket_fields/${id}.json`;
  return [
    ...SYSTEM_TICKET_FIELDS.map((f, i) => ({
      url: url(f.id),
      id: f.id,
      type: f.type,
      title: f.title,
      raw_title: f.title,
      position: i + 1,
      active: true,
      required: f.type === "subject" || f.type === "description",
      removable: false,
      created_at: "2020-01-01T00:00:00Z",
      updated_at: "2020-01-01T00:00:00Z",
    })),
    ...TICKET_FIELDS.map((f, i) => ({
      url: url(f.id),
      id: f.id,
      type: f.type,
      title: f.title,
      raw_title: f.title,
      position: SYSTEM_TICKET_FIELDS.length + i + 1,
      active: true,
      required: false,
      removable: true,
      ...(f.options
        ? {
            custom_field_options: f.options.map((value, k) => ({
              id: f.id * 10 + k,
              name: value,
              value,
            })),
          }
        : {}),
      created_at: "2021-01-01T00:00:00Z",
      updated_at: "2021-01-01T00:00:00Z",
    })),
  ];
}

/** `user_fields` / `organization_fields`: the custom fields with their keys. */
export function customFields(
  s: { subdomain: string },
  path: string,
  fields: readonly CustomField[],
): Record<string, unknown>[] {
  return fields.map((f, i) => ({
    url: `https://${s.subdomain}.zendesk.com/api/v2/${path}/${f.id}.json`,
    id: f.id,
    key: f.key,
    type: FIELD_TYPES[f.type] ?? f.type,
    title: f.title,
    raw_title: f.title,
    position: i + 1,
    active: true,
    ...(f.options
      ? {
          custom_field_options: f.options.map((value, k) => ({
            id: f.id * 10 + k,
            name: value,
            value,
          })),
        }
      : {}),
    created_at: "2021-01-01T00:00:00Z",
    updated_at: "2021-01-01T00:00:00Z",
  }));
}
