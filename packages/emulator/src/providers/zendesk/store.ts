import {
  createRecordStore,
  type RecordStore,
  type StoredRecord,
} from "../../core/records/store.js";

/**
 * The core record store addressed by Zendesk ids: record `i` of a data set has id `firstId + i`
 * (users start at 1000, groups at 360000001), created records continue after the data set.
 */
export interface ZendeskStore {
  get(id: number): StoredRecord | undefined;
  insert(record: StoredRecord): StoredRecord;
  update(id: number, changes: StoredRecord): StoredRecord | undefined;
  remove(id: number): boolean;
  scan: RecordStore["scan"];
  all: RecordStore["all"];
  /** The record at a scan position (writes applied), or undefined (deleted or past the end). */
  at(position: number): StoredRecord | undefined;
  readonly span: number;
}

export function zendeskStore(
  firstId: number,
  size: () => number,
  generate: (i: number) => StoredRecord,
): ZendeskStore {
  const store = createRecordStore({ size, generate, keyValue: (k) => firstId + k - 1 });
  const k = (id: number) => (Number.isInteger(id) ? id - firstId + 1 : Number.NaN);
  return {
    get: (id) => store.get(k(id)),
    insert: (record) => store.insert(record),
    update: (id, changes) => store.update(k(id), changes),
    remove: (id) => store.remove(k(id)),
    scan: (from, limit, test) => store.scan(from, limit, test),
    all: (test) => store.all(test),
    at: (position) => (Number.isInteger(position) ? store.get(position + 1) : undefined),
    get span() {
      return store.span;
    },
  };
}
