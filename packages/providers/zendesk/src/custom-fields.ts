import type {
  ApiClient,
  ApiRequest,
  ColumnDeclaration,
  ColumnsDeclaration,
} from "@x/connector-kit";

// Custom ticket, user and organization fields as columns named by their titles. Their values
// live in a ticket's `custom_fields: [{ id, value }]`, a user's `user_fields` and an
// organization's `organization_fields` (by the field's key); rows show them by title and writes
// by title go back into those.

interface Field {
  id: number;
  key?: string;
  type: string;
  title: string;
  active?: boolean;
  removable?: boolean;
  custom_field_options?: { value: string }[];
}

/** A custom field as a column: its name (the title), where its value lives, its type. */
interface CustomColumn {
  name: string;
  id: number;
  key: string | undefined;
  column: ColumnDeclaration;
}

function columnOf(field: Field): ColumnDeclaration {
  const description = `Custom field ${field.id}${field.key ? ` (${field.key})` : ""}, ${field.type}`;
  switch (field.type) {
    case "integer":
      return { type: "integer", nullable: true, description };
    case "decimal":
      return { type: "decimal", nullable: true, description };
    case "checkbox":
      return { type: "boolean", nullable: true, description };
    case "date":
      return { type: "date", nullable: true, description };
    case "tagger":
    case "dropdown": {
      const values = (field.custom_field_options ?? []).map((o) => o.value);
      return values.length > 0
        ? { type: "enum", values, nullable: true, description }
        : { type: "string", nullable: true, description };
    }
    case "multiselect":
      return { type: "json", nullable: true, description: `${description} (array of values)` };
    case "lookup":
      return { type: "integer", nullable: true, description };
    default:
      return { type: "string", nullable: true, description };
  }
}

/** The custom fields of one table: discovered from its fields endpoint, then used by rows and writes. */
export class CustomFields {
  readonly #path: string;
  readonly #key: string;
  readonly #reserved: ColumnsDeclaration;
  #columns: CustomColumn[] = [];
  #byName = new Map<string, CustomColumn>();

  /**
   * @param path - `ticket_fields`, `user_fields` or `organization_fields`
   * @param key - where records hold the values: `custom_fields` (by id) or `user_fields` /
   *   `organization_fields` (by key)
   * @param reserved - the declared columns, which a title never replaces
   */
  constructor(path: string, key: string, reserved: ColumnsDeclaration) {
    this.#path = path;
    this.#key = key;
    this.#reserved = reserved;
  }

  get #byId(): boolean {
    return this.#key === "custom_fields";
  }

  /** Reads the fields (every page) and returns their columns. */
  async discover(api: ApiClient, signal?: AbortSignal): Promise<ColumnsDeclaration> {
    const fields: Field[] = [];
    let request: ApiRequest | undefined = {
      path: `api/v2/${this.#path}.json`,
      searchParams: { "page[size]": 100 },
    };
    while (request) {
      const body = (await (await api.send({ ...request, signal })).json()) as Record<
        string,
        unknown
      > & { meta?: { has_more?: boolean }; links?: { next?: string | null } };
      fields.push(...((body[this.#path] as Field[] | undefined) ?? []));
      const next = body.meta?.has_more ? body.links?.next : undefined;
      request = next ? { path: next } : undefined;
    }
    const columns: CustomColumn[] = [];
    const taken = new Set(Object.keys(this.#reserved));
    for (const field of fields) {
      // Ticket fields list the system ones too: only removable (custom) ones become columns.
      if (field.active === false || (this.#byId && field.removable === false)) continue;
      if (!this.#byId && !field.key) continue;
      let name = field.title;
      if (taken.has(name)) name = `${field.title} (${field.id})`;
      taken.add(name);
      columns.push({ name, id: field.id, key: field.key, column: columnOf(field) });
    }
    this.#columns = columns;
    this.#byName = new Map(columns.map((c) => [c.name, c]));
    return Object.fromEntries(columns.map((c) => [c.name, c.column]));
  }

  /** The row of a record: its values also under the fields' titles. */
  row(record: unknown): Record<string, unknown> {
    const row = { ...(record as Record<string, unknown>) };
    if (this.#columns.length === 0) return row;
    const held = row[this.#key];
    for (const c of this.#columns) {
      let value: unknown = null;
      if (this.#byId && Array.isArray(held)) {
        value = (held as { id?: unknown; value?: unknown }[]).find((f) => f.id === c.id)?.value;
      } else if (!this.#byId && held && typeof held === "object") {
        value = (held as Record<string, unknown>)[c.key as string];
      }
      row[c.name] = value ?? null;
    }
    return row;
  }

  /** A write by titles as Zendesk takes it: the custom values moved into their holder. */
  toApi(values: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const byId: { id: number; value: unknown }[] = [];
    const byKey: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(values)) {
      const c = this.#byName.get(name);
      if (!c) out[name] = value;
      else if (this.#byId) byId.push({ id: c.id, value });
      else byKey[c.key as string] = value;
    }
    if (byId.length > 0) {
      const given = Array.isArray(out[this.#key]) ? (out[this.#key] as unknown[]) : [];
      out[this.#key] = [...given, ...byId];
    }
    if (Object.keys(byKey).length > 0) {
      const given = out[this.#key] && typeof out[this.#key] === "object" ? out[this.#key] : {};
      out[this.#key] = { ...(given as Record<string, unknown>), ...byKey };
    }
    return out;
  }

  /** The field behind a column name, for filters. */
  field(name: string): { id: number; key: string | undefined } | undefined {
    const c = this.#byName.get(name);
    return c ? { id: c.id, key: c.key } : undefined;
  }
}
