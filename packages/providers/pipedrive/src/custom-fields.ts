import {
  type ApiClient,
  type ColumnDeclaration,
  type ColumnsDeclaration,
  ConnectorError,
  ConnectorErrorCode,
} from "@x/connector-kit";

/** A field as `GET /v1/{entity}Fields` lists it. */
export interface PipedriveField {
  key: string;
  name: string;
  field_type: string;
  options?: { id: number | string; label: string }[] | null;
}

/** Pipedrive names custom fields by 40-hex keys (standard fields have readable keys). */
const CUSTOM_KEY = /^[0-9a-f]{40}$/;

/**
 * What a discovered column needs beyond its declaration: the field type and the option ids of
 * an enum or set. Keyed by the column object itself, so each discovery carries its own.
 */
const fieldInfo = new WeakMap<ColumnDeclaration, PipedriveField>();

/** `Lead source` -> `lead_source`; names that do not start with a letter get `field_`. */
export function snakeName(name: string): string {
  const snake = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  return /^[a-z]/.test(snake) ? snake : `field_${snake}`;
}

function columnOf(field: PipedriveField): ColumnDeclaration {
  const base = { nullable: true, source: field.key } as const;
  const labels = (field.options ?? []).map((o) => o.label);
  const what = `Custom field "${field.name}" (${field.field_type})`;
  switch (field.field_type) {
    case "varchar":
    case "varchar_auto":
    case "text":
    case "phone":
    case "time":
      return { type: "string", ...base, description: what };
    case "double":
      return { type: "decimal", ...base, description: what };
    case "int":
      return { type: "integer", ...base, description: what };
    case "date":
      return { type: "date", ...base, description: what };
    case "enum":
      return { type: "enum", values: [...new Set(labels)], ...base, description: what };
    case "set":
      return {
        type: "json",
        ...base,
        description: `${what}: an array of ${labels.map((l) => JSON.stringify(l)).join(", ")}`,
      };
    case "user":
      return { type: "reference", references: "users", ...base, description: what };
    case "org":
      return { type: "reference", references: "organizations", ...base, description: what };
    case "people":
      return { type: "reference", references: "persons", ...base, description: what };
    case "monetary":
      return { type: "json", ...base, description: `${what}: { value, currency }` };
    default:
      // address, daterange, timerange: objects in API v2.
      return { type: "json", ...base, description: what };
  }
}

/**
 * Columns for the custom fields among `fields`, named by their field names in snake case; a name
 * taken by a declared column or an earlier field gets `_2`, `_3`, ….
 */
export function customColumns(
  fields: readonly PipedriveField[],
  declared: ColumnsDeclaration,
): ColumnsDeclaration {
  const out: Record<string, ColumnDeclaration> = {};
  for (const field of fields) {
    if (!CUSTOM_KEY.test(field.key)) continue;
    const base = snakeName(field.name);
    let name = base;
    for (let n = 2; Object.hasOwn(declared, name) || Object.hasOwn(out, name); n++) {
      name = `${base}_${n}`;
    }
    const column = columnOf(field);
    fieldInfo.set(column, field);
    out[name] = column;
  }
  return out;
}

/** `discover` for a table whose entity has a `*Fields` endpoint (v1, `start`/`limit` pages). */
export function discoverFields(entity: string, declared: ColumnsDeclaration) {
  return async (api: ApiClient, signal?: AbortSignal): Promise<ColumnsDeclaration> => {
    const fields: PipedriveField[] = [];
    let start = 0;
    for (;;) {
      const response = await api.send({
        path: `api/v1/${entity}Fields`,
        searchParams: { start, limit: 500 },
        signal,
      });
      const body = (await response.json()) as {
        data?: PipedriveField[] | null;
        additional_data?: {
          pagination?: { more_items_in_collection?: boolean; next_start?: number };
        } | null;
      };
      const page = body.data ?? [];
      fields.push(...page);
      const pagination = body.additional_data?.pagination;
      if (!pagination?.more_items_in_collection || page.length === 0) break;
      start = pagination.next_start ?? start + page.length;
    }
    return customColumns(fields, declared);
  };
}

function optionLabel(field: PipedriveField, id: unknown): unknown {
  const option = (field.options ?? []).find((o) => String(o.id) === String(id));
  return option ? option.label : id;
}

/** A custom field's value as a row shows it: option labels for enums and sets. */
function fromWire(field: PipedriveField | undefined, value: unknown): unknown {
  if (value === undefined || value === null || value === "") return null;
  if (!field) return value;
  if (field.field_type === "enum") return optionLabel(field, value);
  if (field.field_type === "set") {
    // v2: an array of option ids; v1: "12,13".
    const ids = Array.isArray(value) ? value : String(value).split(",");
    return ids.map((id) => optionLabel(field, id));
  }
  return value;
}

/** A custom field's value as Pipedrive takes it: option ids for enums and sets. */
function toWire(name: string, column: ColumnDeclaration, value: unknown, table: string): unknown {
  const field = fieldInfo.get(column);
  if (value === null || !field) return value;
  const idOf = (label: unknown) => {
    const option = (field.options ?? []).find((o) => o.label === label);
    if (!option) {
      throw new ConnectorError(
        ConnectorErrorCode.InvalidRecord,
        `${table}.${name} has no option ${JSON.stringify(label)}.`,
        {
          hint: `Options: ${(field.options ?? []).map((o) => JSON.stringify(o.label)).join(", ")}.`,
        },
      );
    }
    return option.id;
  };
  if (field.field_type === "enum") return idOf(value);
  if (field.field_type === "set") {
    if (!Array.isArray(value)) {
      throw new ConnectorError(
        ConnectorErrorCode.InvalidRecord,
        `${table}.${name} takes an array of options, not ${JSON.stringify(value)}.`,
        {
          hint: `Write ${name}: [${(field.options ?? [])
            .map((o) => JSON.stringify(o.label))
            .slice(0, 2)
            .join(", ")}].`,
        },
      );
    }
    return value.map(idOf);
  }
  return value;
}

/**
 * A v2 record as a row: the `custom_fields` object spread into the discovered columns by name
 * (the hash keys do not appear in rows).
 */
export function customRow(record: unknown, columns: ColumnsDeclaration): Record<string, unknown> {
  const { custom_fields: custom, ...row } = record as Record<string, unknown>;
  const values = (custom ?? {}) as Record<string, unknown>;
  for (const [name, column] of Object.entries(columns)) {
    if (column.source === undefined) continue;
    row[name] = fromWire(fieldInfo.get(column), values[column.source]);
  }
  return row;
}

/**
 * Values to write, as a v2 body: declared columns at the top level, discovered ones under
 * `custom_fields` by their hash keys, enum and set labels as option ids.
 */
export function customBody(
  table: string,
  values: Record<string, unknown>,
  columns: ColumnsDeclaration,
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const custom: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    const column = columns[name];
    if (column?.source !== undefined) custom[column.source] = toWire(name, column, value, table);
    else body[name] = value;
  }
  if (Object.keys(custom).length > 0) body.custom_fields = custom;
  return body;
}
