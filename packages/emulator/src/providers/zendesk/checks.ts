import { checkFields, type StoredRecord } from "../../core/records/store.js";
import type { ZTable } from "./catalog.js";
import {
  type CustomField,
  fitsField,
  ORGANIZATION_FIELDS,
  TICKET_FIELDS,
  USER_FIELDS,
} from "./fields.js";
import type { ZendeskShared } from "./state.js";

// What a write may contain: invalid values are 422 `RecordInvalid` with the field named under
// `details`; fields Zendesk sets itself (`id`, `url`, `created_at` …) and unknown ones are
// ignored, as Zendesk does. Custom field values are checked against their fields.

/** One refused field, as Zendesk's `details` names it. */
export interface Problem {
  field: string;
  error: "InvalidValue" | "BlankValue";
  description: string;
}

const label = (field: string) => field[0]!.toUpperCase() + field.slice(1).replaceAll("_", " ");

export function invalid(s: ZendeskShared, p: Problem, headers?: Record<string, string>) {
  return s.core.respond.json(
    422,
    {
      error: "RecordInvalid",
      description: "Record validation errors",
      details: { [p.field]: [{ description: p.description, error: p.error }] },
    },
    headers,
  );
}

/** Where each table with custom fields keeps them in a record. */
const CUSTOM_KEY: Record<string, string | undefined> = {
  tickets: "custom_fields",
  users: "user_fields",
  organizations: "organization_fields",
};

/** Custom field values merged into what a record has: `[{ id, value }]` or `{ key: value }`. */
function customValues(
  t: ZTable,
  given: unknown,
  current: unknown,
): { value: unknown } | { problem: Problem } {
  if (t.name === "tickets") {
    if (!Array.isArray(given)) return { problem: bad("custom_fields") };
    const out = new Map<number, unknown>();
    for (const f of Array.isArray(current) ? current : []) out.set(f.id, f.value);
    for (const entry of given) {
      const field = TICKET_FIELDS.find((f) => f.id === Number(entry?.id));
      if (!field) continue; // Unknown ids are ignored.
      if (!fitsField(field, entry.value)) return { problem: fieldProblem(field) };
      out.set(field.id, entry.value);
    }
    return {
      value: TICKET_FIELDS.map((f) => ({ id: f.id, value: out.has(f.id) ? out.get(f.id) : null })),
    };
  }
  const fields: readonly CustomField[] = t.name === "users" ? USER_FIELDS : ORGANIZATION_FIELDS;
  if (given === null || typeof given !== "object" || Array.isArray(given)) {
    return { problem: bad(`${t.singular}_fields`) };
  }
  const out: Record<string, unknown> = {};
  for (const f of fields)
    out[f.key!] = (current as Record<string, unknown> | undefined)?.[f.key!] ?? null;
  for (const [k, v] of Object.entries(given)) {
    const field = fields.find((f) => f.key === k);
    if (!field) continue;
    if (!fitsField(field, v)) return { problem: fieldProblem(field) };
    out[k] = v;
  }
  return { value: out };
}

const bad = (field: string): Problem => ({
  field,
  error: "InvalidValue",
  description: `${label(field)}: is not valid`,
});
const fieldProblem = (f: CustomField): Problem => ({
  field: f.key ?? `custom_field_${f.id}`,
  error: "InvalidValue",
  description: `${f.title}: is not valid`,
});

/** The fields of a write, checked against the table's fields; or the first problem. */
export function checkInput(
  t: ZTable,
  input: StoredRecord,
  mode: "create" | "update",
  current?: StoredRecord,
): { values: StoredRecord } | { problem: Problem } {
  const { comment: _c, ...rest } = input;
  const { record, problems } = checkFields(t.fields ?? {}, rest, mode, { unknown: "ignore" });
  const first = problems[0];
  if (first) {
    return first.problem === "required"
      ? {
          problem: {
            field: first.field,
            error: "BlankValue",
            description: `${label(first.field)}: cannot be blank`,
          },
        }
      : { problem: bad(first.field) };
  }
  if (typeof record.name === "string" && record.name.trim() === "") {
    return {
      problem: { field: "name", error: "BlankValue", description: "Name: cannot be blank" },
    };
  }
  const customKey = CUSTOM_KEY[t.name];
  if (customKey && customKey in record) {
    const merged = customValues(t, record[customKey], current?.[customKey]);
    if ("problem" in merged) return merged;
    record[customKey] = merged.value;
  }
  return { values: record };
}
