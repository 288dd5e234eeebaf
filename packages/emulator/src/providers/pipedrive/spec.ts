import {
  createRecordStore,
  type FieldSpecs,
  type RecordStore,
  type StoredRecord,
} from "../../core/records/store.js";
import type { Entity } from "./custom.js";
import type { PipedriveShared } from "./state.js";

// The shape of one list the emulator serves (ResourceSpec), the filter parameters many lists
// share, and the stores behind the specs. engine.ts serves a spec's routes.

/** A filter parameter: a test for a raw value, or the validation message for a bad one. */
export type FilterParam = (raw: string) => ((record: StoredRecord) => boolean) | string;

/**
 * One list the emulator serves from a record store, as data: where it lives, how it pages, what
 * it filters and sorts, how writes are checked and answered.
 */
export interface ResourceSpec {
  /** Store and dataset name (`datasets: { pipedrive: { products: 40 } }`). */
  name: string;
  /** For messages: `Product not found`. */
  noun: string;
  /** `/api/v2/{path}` or `/v1/{path}` (v1 also under `/api/v1`). */
  api: "v2" | "v1";
  path: string;
  /** Records in the data set unless `datasets` says otherwise. */
  size: number;
  generate(i: number): StoredRecord;
  /**
   * `cursor`: v2 `cursor` + `limit` (≤ 500); `offset`: v1 `start` + `limit` with
   * `additional_data.pagination`; `none`: every record at once.
   */
  paging: "cursor" | "offset" | "none";
  filters?: Record<string, FilterParam>;
  /** v2 `sort_by` values (`id` first); v1 lists take `sort=field ASC|DESC` over the same names. */
  sorts?: string[];
  /** Write validation; absent: the resource is read-only. */
  fields?: FieldSpecs;
  defaults?(): StoredRecord;
  create?: boolean;
  update?: "PATCH" | "PUT";
  /** `delete`: gone; `deactivate`: kept with `active_flag: false` (activity types). */
  remove?: "delete" | "deactivate";
  /** Serves `GET …/{id}`. */
  get?: boolean;
  /** A child list: `/{parent.path}/{parentId}/{path}`, its records carrying `parent.column`. */
  parent?: { path: string; column: string; store: string };
  /** Keys shown in the API, when they are not the store's integers (lead UUIDs). */
  id?: { show(n: number): string | number; read(raw: string): number };
  /** The record as the API shows it, from the stored one (v1 related objects). */
  present?(record: StoredRecord): StoredRecord;
  /** Fields computed from the others after a write (a deal product's `sum`). */
  derive?(record: StoredRecord): StoredRecord;
  /** Left out of lists unless the query asks (deleted files without `include_deleted_files`). */
  hidden?(record: StoredRecord, query: URLSearchParams): boolean;
  /** The list's path when it differs from the collection's (goals: `goals/find`). */
  listPath?: string;
  /** Extra checks of a write (a lead needs a person or an organization). */
  check?(input: StoredRecord, mode: "create" | "update", current?: StoredRecord): string[];
  /** Custom fields under `custom_fields` (API v2). */
  custom?: Entity;
  /** Timestamps written on create/update: RFC 3339 (v2, leads) or `YYYY-MM-DD HH:MM:SS` (v1). */
  times: "iso" | "v1" | "none";
  /** The envelope's `data` for a list and for one record (goals: `{ goals }`, `{ goal }`). */
  wrap?: { list?(records: unknown[]): unknown; one?(record: unknown): unknown };
  /** What a delete answers besides `success` (default `{ data: { id } }`). */
  deleted?(id: unknown): Record<string, unknown>;
}

export const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
export const v1Time = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace("T", " ");

/** Filters shared by many lists: an exact integer id, a boolean flag, an exact string. */
export const intEq =
  (field: string): FilterParam =>
  (raw) =>
    /^\d+$/.test(raw)
      ? (r) => r[field] === Number(raw)
      : `${field}: Expected number, received string`;
export const boolEq =
  (field: string, param = field): FilterParam =>
  (raw) =>
    raw === "true" || raw === "false" || raw === "1" || raw === "0"
      ? (r) => r[field] === (raw === "true" || raw === "1")
      : `${param}: Expected boolean, received '${raw}'`;
export const strIn =
  (field: string, values: readonly string[]): FilterParam =>
  (raw) =>
    values.includes(raw)
      ? (r) => r[field] === raw
      : `${field}: Invalid enum value. Expected ${values.map((v) => `'${v}'`).join(" | ")}, received '${raw}'`;
/** `updated_since` (`>=`) / `updated_until` (`<`) over a time field, RFC 3339. */
export const timeBound =
  (field: string, param: string, keep: (t: number, v: number) => boolean): FilterParam =>
  (raw) => {
    const v = Date.parse(raw);
    if (Number.isNaN(v) || !/^\d{4}-\d{2}-\d{2}T/.test(raw)) {
      return `${param}: Invalid datetime, expected RFC 3339`;
    }
    return (r) => keep(parseTime(r[field]), v);
  };

/** A record's time: RFC 3339, or v1's `YYYY-MM-DD HH:MM:SS` (UTC). NaN when absent. */
export function parseTime(value: unknown): number {
  if (typeof value !== "string") return Number.NaN;
  return Date.parse(value.includes("T") ? value : `${value.replace(" ", "T")}Z`);
}

/** The stores of the specs. */
export function createSpecStores(
  s: PipedriveShared,
  specs: readonly ResourceSpec[],
): Record<string, RecordStore> {
  return Object.fromEntries(
    specs.map((spec) => [
      spec.name,
      createRecordStore({
        size: () => s.core.datasetSize(spec.name, spec.size),
        generate: (i) => spec.generate(i),
      }),
    ]),
  );
}
