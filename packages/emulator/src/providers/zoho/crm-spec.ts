import type { fakePerson, Rng } from "../../core/data.js";

// The emulator's own description of Zoho CRM's modules: fields with Zoho's data types (as the
// metadata API names them), mandatory fields, line items, custom fields and one custom module.
// Record generation is driven by it; the metadata endpoints print it.

/** API versions the CRM routes accept, oldest first. */
export const CRM_VERSIONS = ["v2", "v2.1", "v3", "v4", "v5", "v6", "v7", "v8"] as const;
export type CrmVersion = (typeof CRM_VERSIONS)[number];

/** Whether `version` is `from` or later. */
export const atLeast = (version: string, from: CrmVersion) =>
  CRM_VERSIONS.indexOf(version as CrmVersion) >= CRM_VERSIONS.indexOf(from);

/** Whether a field exists in `version`. */
export const fieldIn = (field: CrmField, version: string) =>
  field.since === undefined || atLeast(version, field.since);

/** A field's data type, as `settings/fields` reports it. */
export type ZohoDataType =
  | "text"
  | "email"
  | "phone"
  | "website"
  | "textarea"
  | "picklist"
  | "integer"
  | "currency"
  | "double"
  | "boolean"
  | "date"
  | "datetime"
  | "lookup"
  | "ownerlookup"
  | "subform";

/** A field of a module. */
export interface CrmField {
  type: ZohoDataType;
  /** System-mandatory: an insert without it is `MANDATORY_NOT_FOUND`. */
  mandatory?: boolean;
  /** Set by Zoho; sent values are ignored. */
  readOnly?: boolean;
  /** A field the organization added (`custom_field: true`). */
  custom?: boolean;
  /** Picklist values. */
  values?: readonly string[];
  /** The module a lookup points at. */
  lookup?: string;
  /** The value of record `i` (default: made from the type). */
  gen?: (g: Gen) => unknown;
  /** The first API version that has the field (Leads' `Converted__s`: v4). */
  since?: CrmVersion;
}

/** What a field generator gets: the record's random stream, index, person and times. */
export interface Gen {
  rng: Rng;
  i: number;
  person: ReturnType<typeof fakePerson>;
  created: number;
}

/** A module: its id code (ids are `5725767` + code + 9 digits), data set, fields. */
export interface CrmModuleSpec {
  code: string;
  /** The `datasets.zoho` key of its size, and the size without one. */
  resource: string;
  fallback: number;
  singular: string;
  fields: Readonly<Record<string, CrmField>>;
  /** Not searchable through `/search` (Zoho's search API does not cover it). */
  noSearch?: boolean;
  /** A module the organization created (`generated_type: "custom"`). */
  custom?: boolean;
  /** The subform holding line items (inventory modules). */
  lineItems?: string;
}

export const system = {
  Owner: { type: "ownerlookup", readOnly: true },
  Created_Time: { type: "datetime", readOnly: true },
  Modified_Time: { type: "datetime", readOnly: true },
} as const satisfies Record<string, CrmField>;

export const text: CrmField = { type: "text" };
export const pick = (values: readonly string[], mandatory = false): CrmField => ({
  type: "picklist",
  values,
  ...(mandatory ? { mandatory } : {}),
});
export const lookup = (module: string, mandatory = false): CrmField => ({
  type: "lookup",
  lookup: module,
  ...(mandatory ? { mandatory } : {}),
});
export const name = (gen: (g: Gen) => string): CrmField => ({ type: "text", mandatory: true, gen });
export const later = (days: number) => (g: Gen) =>
  new Date(g.created + g.rng.int(1, days) * 86_400_000).toISOString().slice(0, 10);
export const money = (min: number, max: number): CrmField => ({
  type: "currency",
  gen: (g) => g.rng.int(min, max),
});

/** Record ids: 19 digits, `5725767` + module code + the record's 1-based key. */
export function idOf(code: string, i: number): string {
  return `5725767${code}${String(i + 1).padStart(9, "0")}`;
}
