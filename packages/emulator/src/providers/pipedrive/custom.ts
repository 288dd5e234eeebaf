import { createHash } from "node:crypto";
import type { EmulatorResponse } from "../../core/http.js";
import { pageAt } from "../../core/paging.js";
import type { RequestContext } from "../../core/types.js";
import { auth } from "./api.js";
import { apiError, type PipedriveShared } from "./state.js";

/** The entities with a `*Fields` endpoint. */
export type Entity = "deal" | "person" | "organization" | "product" | "activity";

/** A field as `GET /v1/{entity}Fields` shows it. */
export interface FieldDef {
  id: number;
  key: string;
  name: string;
  field_type: string;
  edit_flag: boolean;
  mandatory_flag: boolean;
  options?: { id: number; label: string }[];
}

/** Standard fields each entity lists (a short selection: key, name, field type). */
const STANDARD: Record<Entity, [string, string, string][]> = {
  deal: [
    ["title", "Title", "varchar"],
    ["value", "Value", "monetary"],
    ["status", "Status", "status"],
    ["stage_id", "Stage", "stage"],
    ["person_id", "Contact person", "people"],
    ["org_id", "Organization", "org"],
    ["owner_id", "Owner", "user"],
  ],
  person: [
    ["name", "Name", "varchar"],
    ["email", "Email", "varchar"],
    ["phone", "Phone", "phone"],
    ["org_id", "Organization", "org"],
    ["owner_id", "Owner", "user"],
  ],
  organization: [
    ["name", "Name", "varchar"],
    ["address", "Address", "address"],
    ["owner_id", "Owner", "user"],
  ],
  product: [
    ["name", "Name", "varchar"],
    ["code", "Product code", "varchar"],
    ["unit", "Unit", "varchar"],
    ["prices", "Prices", "price"],
  ],
  activity: [
    ["subject", "Subject", "varchar"],
    ["type", "Type", "enum"],
    ["due_date", "Due date", "date"],
    ["done", "Done", "enum"],
  ],
};

/** Custom fields of the emulated company (activities have none: their fields are all standard). */
const CUSTOM: Record<Entity, [string, string, string[]?][]> = {
  deal: [
    ["Lead source", "enum", ["Web", "Referral", "Event", "Partner"]],
    ["Product interest", "set", ["CRM", "Analytics", "Support", "Training"]],
    ["Contract value", "monetary"],
    ["Renewal date", "date"],
    ["Seats", "double"],
    ["Account manager", "user"],
    ["Next step", "varchar"],
  ],
  person: [
    ["Job level", "enum", ["Individual", "Manager", "Director", "Executive"]],
    ["Birthday", "date"],
    ["LinkedIn profile", "varchar"],
  ],
  organization: [
    ["Industry", "enum", ["Software", "Retail", "Finance", "Health", "Manufacturing"]],
    ["Employees", "double"],
    ["Website", "varchar"],
  ],
  product: [
    ["Warranty months", "double"],
    ["Color", "enum", ["Red", "Green", "Blue"]],
  ],
  activity: [],
};

/** A 40-hex key, as Pipedrive names custom fields: stable per entity and name. */
const hashKey = (entity: Entity, name: string) =>
  createHash("sha1").update(`${entity}:${name}`).digest("hex");

/** The fields of an entity: standard ones first, then the custom ones (`edit_flag: true`). */
export function fieldsOf(entity: Entity): FieldDef[] {
  let optionId = 100;
  const std = STANDARD[entity].map(([key, name, field_type], i) => ({
    id: i + 1,
    key,
    name,
    field_type,
    edit_flag: false,
    mandatory_flag: key === "title" || key === "name" || key === "subject",
  }));
  const custom = CUSTOM[entity].map(([name, field_type, labels], i) => ({
    id: 1000 + i,
    key: hashKey(entity, name),
    name,
    field_type,
    edit_flag: true,
    mandatory_flag: false,
    ...(labels ? { options: labels.map((label) => ({ id: optionId++, label })) } : {}),
  }));
  return [...std, ...custom];
}

const customOf = (entity: Entity) => fieldsOf(entity).filter((f) => f.edit_flag);

/** The custom field values of data-set record `i`, as API v2 shows them (`custom_fields`). */
export function customValues(
  s: PipedriveShared,
  entity: Entity,
  i: number,
): Record<string, unknown> {
  const rng = s.core.rng(`${entity}-custom`, i);
  const out: Record<string, unknown> = {};
  for (const f of customOf(entity)) {
    if (rng.chance(0.2)) {
      out[f.key] = null;
      continue;
    }
    const options = f.options ?? [];
    switch (f.field_type) {
      case "enum":
        out[f.key] = rng.pick(options).id;
        break;
      case "set":
        out[f.key] = options.filter(() => rng.chance(0.4)).map((o) => o.id);
        break;
      case "monetary":
        out[f.key] = { value: rng.int(1, 90) * 1000, currency: rng.pick(["EUR", "USD"]) };
        break;
      case "date":
        out[f.key] =
          `2025-${String(rng.int(1, 12)).padStart(2, "0")}-${String(rng.int(1, 28)).padStart(2, "0")}`;
        break;
      case "double":
        out[f.key] = rng.int(1, 500);
        break;
      case "user":
        out[f.key] = s.user.id;
        break;
      default:
        out[f.key] = `${f.name} ${rng.int(1, 999)}`;
    }
  }
  return out;
}

/**
 * The same values as API v1 shows them: at the top level, an enum as its option id, a set as
 * comma-separated ids, a monetary value with a `<key>_currency` companion.
 */
export function customValuesV1(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (Array.isArray(value)) out[key] = value.length ? value.join(",") : null;
    else if (value && typeof value === "object") {
      const m = value as { value: number; currency: string };
      out[key] = m.value;
      out[`${key}_currency`] = m.currency;
    } else out[key] = value;
  }
  return out;
}

/**
 * Checks `custom_fields` of a v2 write: every key a custom field of the entity, each value of its
 * type (enum: an option id; set: an array of option ids; monetary: `{ value, currency }`).
 * Returns the problems, or the values to merge.
 */
export function checkCustom(
  entity: Entity,
  input: unknown,
): { values: Record<string, unknown>; problems: string[] } {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  if (input === undefined) return { values, problems };
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    return { values, problems: ["custom_fields: Expected object"] };
  }
  const fields = new Map(customOf(entity).map((f) => [f.key, f]));
  for (const [key, value] of Object.entries(input)) {
    const f = fields.get(key);
    if (!f) {
      problems.push(`custom_fields.${key}: Unknown field`);
      continue;
    }
    if (value === null) {
      values[key] = null;
      continue;
    }
    const ids = new Set((f.options ?? []).map((o) => o.id));
    const ok = (() => {
      switch (f.field_type) {
        case "enum":
          return Number.isInteger(value) && ids.has(value as number);
        case "set":
          return Array.isArray(value) && value.every((v) => Number.isInteger(v) && ids.has(v));
        case "monetary": {
          const m = value as { value?: unknown; currency?: unknown };
          return typeof m === "object" && typeof m.value === "number";
        }
        case "double":
          return typeof value === "number";
        case "user":
          return Number.isInteger(value);
        case "date":
          return typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value);
        default:
          return typeof value === "string";
      }
    })();
    if (ok) values[key] = value;
    else problems.push(`custom_fields.${key}: Invalid value for a ${f.field_type} field`);
  }
  return { values, problems };
}

/** `GET /v1/{entity}Fields`: `start`/`limit` pages with `additional_data.pagination`. */
export function listFields(
  s: PipedriveShared,
  ctx: RequestContext,
  entity: Entity,
): EmulatorResponse {
  const a = auth(s, ctx);
  if (!a.ok) return a.response;
  const startRaw = ctx.query.get("start") ?? "0";
  const limitRaw = ctx.query.get("limit") ?? "100";
  if (!/^\d+$/.test(startRaw) || !/^\d+$/.test(limitRaw)) {
    return apiError(s, 400, "Invalid start or limit", "Please check developers.pipedrive.com");
  }
  const all = fieldsOf(entity).map((f, i) => ({
    ...f,
    order_nr: i,
    active_flag: true,
    add_time: "2024-01-01 00:00:00",
    update_time: "2024-01-01 00:00:00",
    bulk_edit_allowed: true,
  }));
  const start = Number(startRaw);
  const limit = Math.min(500, Math.max(1, Number(limitRaw)));
  const page = pageAt(start, limit, all.length);
  return s.core.respond.json(200, {
    success: true,
    data: all.slice(page.start, page.end),
    additional_data: {
      pagination: {
        start,
        limit,
        more_items_in_collection: page.more,
        ...(page.more ? { next_start: page.end } : {}),
      },
    },
  });
}
