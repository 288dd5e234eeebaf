/**
 * A table of records for a provider module: a generated data set (record `i` made on demand, so
 * 100,000 rows cost nothing until read) plus what clients wrote (inserts, updates, deletes).
 * Keys are integers: record `i` of the data set has key `i + 1` (or `i + firstKey`), inserts
 * continue after it.
 */

/** A column as a provider module declares it (its own declaration of the provider's fields). */
export interface FieldSpec {
  type: "string" | "integer" | "decimal" | "boolean" | "date" | "datetime" | "enum" | "json";
  /** The allowed values of an `enum` field. */
  values?: readonly string[];
  /** Set by the provider; a write that sends it is refused (or ignored, as the module says). */
  readOnly?: boolean;
  /** Must be sent on create. */
  required?: boolean;
  nullable?: boolean;
  /** A custom field (shown by the module's metadata endpoint as such). */
  custom?: boolean;
  /** The label a metadata endpoint shows. */
  label?: string;
}

/** The fields of a table, by API name. */
export type FieldSpecs = Readonly<Record<string, FieldSpec>>;

/** One problem with a write, for the module to put in its error envelope. */
export interface FieldProblem {
  field: string;
  problem: "required" | "read_only" | "unknown" | "type" | "value";
  message: string;
}

export type StoredRecord = Record<string, unknown>;

/** Options of {@link createRecordStore}. */
export interface RecordStoreOptions {
  /** Records in the generated data set (read when the store is used, so options can change it). */
  size: () => number;
  /** Record `i` of the data set (key `i + firstKey`). */
  generate: (i: number) => StoredRecord;
  /** The key of the data set's first record (default 1), for providers whose ids start elsewhere. */
  firstKey?: number;
  /** The key field's value for key `k` (default `k`): providers whose ids are not small integers. */
  keyValue?: (k: number) => unknown;
}

/** A position in a listing: the next record to look at (an index over data set + inserts). */
export type ScanPosition = number;

/** A page found by {@link RecordStore.scan}. */
export interface ScanPage {
  records: StoredRecord[];
  /** Where the next page starts, or undefined when nothing follows. */
  next: ScanPosition | undefined;
}

/** Records by key, in key order, with writes applied over the generated data set. */
export interface RecordStore {
  /** The record with this key (writes applied), or undefined (missing or deleted). */
  get(key: number): StoredRecord | undefined;
  /** Adds a record; its key is the next one. Returns the stored record. */
  insert(record: StoredRecord): StoredRecord;
  /** Merges `changes` into a record; undefined when there is none with that key. */
  update(key: number, changes: StoredRecord): StoredRecord | undefined;
  /** Removes a record; false when there was none. */
  remove(key: number): boolean;
  /**
   * Up to `limit` records matching `test`, in key order, from `from` on. The position carries
   * over between pages, so a filtered walk over the whole table reads each record once.
   */
  scan(from: ScanPosition, limit: number, test?: (record: StoredRecord) => boolean): ScanPage;
  /** Every record matching `test` (for sorted listings), in key order. */
  all(test?: (record: StoredRecord) => boolean): StoredRecord[];
  /** True when clients inserted or changed the record (it differs from the generated one). */
  written(key: number): boolean;
  /** How many keys exist or existed (data set + inserts); the end of a scan. */
  readonly span: number;
}

/** A store over a generated data set; `key` names the key field (`id`). */
export function createRecordStore(options: RecordStoreOptions, key = "id"): RecordStore {
  const keyValue = options.keyValue ?? ((k: number) => k);
  const changed = new Map<number, StoredRecord>();
  const deleted = new Set<number>();
  const inserted: StoredRecord[] = [];
  // The data set's size is fixed once the store is first used, so inserted keys stay stable.
  let size: number | undefined;
  const base = () => {
    size ??= options.size();
    return size;
  };
  const first = options.firstKey ?? 1;
  const at = (index: number): StoredRecord | undefined => {
    const n = base();
    const k = index + first;
    if (deleted.has(k)) return undefined;
    const edited = changed.get(k);
    if (edited) return edited;
    if (index < n) return options.generate(index);
    return inserted[index - n];
  };
  const store: RecordStore = {
    get(k) {
      return Number.isInteger(k) && k >= first && k < first + store.span
        ? at(k - first)
        : undefined;
    },
    insert(record) {
      const k = base() + inserted.length + first;
      const stored = { ...record, [key]: keyValue(k) };
      inserted.push(stored);
      return stored;
    },
    update(k, changes) {
      const current = store.get(k);
      if (!current) return undefined;
      const next = { ...current, ...changes, [key]: keyValue(k) };
      changed.set(k, next);
      return next;
    },
    remove(k) {
      if (!store.get(k)) return false;
      deleted.add(k);
      changed.delete(k);
      return true;
    },
    scan(from, limit, test) {
      const records: StoredRecord[] = [];
      const end = store.span;
      let i = from;
      for (; i < end && records.length < limit; i++) {
        const record = at(i);
        if (record && (!test || test(record))) records.push(record);
      }
      // More may follow only if records remain after the last one read.
      return { records, next: i < end ? i : undefined };
    },
    all(test) {
      const out: StoredRecord[] = [];
      for (let i = 0; i < store.span; i++) {
        const record = at(i);
        if (record && (!test || test(record))) out.push(record);
      }
      return out;
    },
    written(k) {
      return changed.has(k) || (k >= first + base() && k < first + store.span && !deleted.has(k));
    },
    get span() {
      return base() + inserted.length;
    },
  };
  return store;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function fits(spec: FieldSpec, value: unknown): boolean {
  switch (spec.type) {
    case "integer":
      return Number.isInteger(value);
    case "decimal":
      return typeof value === "number" && Number.isFinite(value);
    case "boolean":
      return typeof value === "boolean";
    case "date":
      return typeof value === "string" && DATE.test(value);
    case "datetime":
      return typeof value === "string" && !Number.isNaN(Date.parse(value));
    case "enum":
      return typeof value === "string" && (spec.values ?? []).includes(value);
    case "json":
      return true;
    default:
      return typeof value === "string";
  }
}

/**
 * Checks a create (`mode: "create"`) or update body against the fields: unknown fields, read-only
 * ones, missing required ones and values of the wrong type, each reported once. `unknown:
 * "ignore"` drops unknown fields silently instead, as some providers do.
 */
export function checkFields(
  fields: FieldSpecs,
  input: StoredRecord,
  mode: "create" | "update",
  options: { unknown?: "refuse" | "ignore"; readOnly?: "refuse" | "ignore" } = {},
): { record: StoredRecord; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const record: StoredRecord = {};
  for (const [name, value] of Object.entries(input)) {
    const spec = Object.hasOwn(fields, name) ? fields[name] : undefined;
    if (!spec) {
      if (options.unknown !== "ignore") {
        problems.push({ field: name, problem: "unknown", message: `${name}: Unknown field` });
      }
      continue;
    }
    if (spec.readOnly) {
      if (options.readOnly !== "ignore") {
        problems.push({
          field: name,
          problem: "read_only",
          message: `${name}: Field is read-only`,
        });
      }
      continue;
    }
    if (value === null) {
      if (spec.nullable && !(mode === "create" && spec.required)) record[name] = null;
      else problems.push({ field: name, problem: "type", message: `${name}: Cannot be null` });
      continue;
    }
    if (!fits(spec, value)) {
      const problem = spec.type === "enum" ? "value" : "type";
      const message =
        spec.type === "enum"
          ? `${name}: Invalid enum value. Expected ${(spec.values ?? []).map((v) => `'${v}'`).join(" | ")}`
          : `${name}: Expected ${spec.type}, received ${typeof value}`;
      problems.push({ field: name, problem, message });
      continue;
    }
    record[name] = value;
  }
  if (mode === "create") {
    for (const [name, spec] of Object.entries(fields)) {
      if (spec.required && record[name] === undefined && !problems.some((p) => p.field === name)) {
        problems.push({ field: name, problem: "required", message: `${name}: Required` });
      }
    }
  }
  return { record, problems };
}
