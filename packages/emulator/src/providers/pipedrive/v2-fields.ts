import { createRecordStore, type FieldSpecs, type RecordStore } from "../../core/records/store.js";
import { customValues, type Entity } from "./custom.js";
import { record } from "./records.js";
import { FALLBACK, type PipedriveShared, type Resource } from "./state.js";

// The API v2 resources as data: their fields (what writes are checked against), the entity of
// their custom fields, and the stores behind their lists. v2-list.ts lists them, v2-writes.ts
// writes them.

const owned: FieldSpecs = {
  id: { type: "integer", readOnly: true },
  owner_id: { type: "integer" },
  add_time: { type: "datetime", readOnly: true },
  update_time: { type: "datetime", readOnly: true },
  is_deleted: { type: "boolean", readOnly: true },
  visible_to: { type: "integer" },
};

/** The entity of each resource's custom fields (activities have none). */
export const ENTITY: Record<Resource, Entity | undefined> = {
  deals: "deal",
  persons: "person",
  organizations: "organization",
  activities: undefined,
};

/** The v2 fields of each resource, from Pipedrive's API reference ("Add a deal", …). */
export const FIELDS: Record<Resource, FieldSpecs> = {
  deals: {
    ...owned,
    title: { type: "string", required: true },
    value: { type: "decimal" },
    currency: { type: "string" },
    status: { type: "enum", values: ["open", "won", "lost"] },
    stage_id: { type: "integer" },
    pipeline_id: { type: "integer" },
    probability: { type: "integer", nullable: true },
    person_id: { type: "integer", nullable: true },
    org_id: { type: "integer", nullable: true },
    creator_user_id: { type: "integer", readOnly: true },
    is_archived: { type: "boolean", readOnly: true },
  },
  persons: {
    ...owned,
    name: { type: "string", required: true },
    first_name: { type: "string", readOnly: true },
    last_name: { type: "string", readOnly: true },
    emails: { type: "json" },
    phones: { type: "json" },
    org_id: { type: "integer", nullable: true },
  },
  organizations: {
    ...owned,
    name: { type: "string", required: true },
    address: { type: "string", nullable: true },
  },
  activities: {
    ...owned,
    subject: { type: "string" },
    type: { type: "string" },
    done: { type: "boolean" },
    due_date: { type: "date", nullable: true },
    due_time: { type: "string", nullable: true },
    duration: { type: "string", nullable: true },
    deal_id: { type: "integer", nullable: true },
    person_id: { type: "integer", nullable: true },
    org_id: { type: "integer", nullable: true },
    lead_id: { type: "string", nullable: true },
    note: { type: "string", nullable: true },
    location: { type: "string", nullable: true },
    public_description: { type: "string", nullable: true },
    busy_flag: { type: "boolean" },
    priority: { type: "integer", nullable: true },
    participants: { type: "json" },
    attendees: { type: "json" },
    creator_user_id: { type: "integer", readOnly: true },
    marked_as_done_time: { type: "datetime", readOnly: true },
  },
};

/** The stores behind the v2 lists (records as v2 shows them), one per resource. */
export function createStores(s: PipedriveShared): Record<Resource, RecordStore> {
  const store = (r: Resource) =>
    createRecordStore({
      size: () => s.core.datasetSize(r, FALLBACK[r]),
      generate: (i) => {
        const entity = ENTITY[r];
        const base = record(s, r, i, false);
        return entity ? { ...base, custom_fields: customValues(s, entity, i) } : base;
      },
    });
  return {
    deals: store("deals"),
    persons: store("persons"),
    organizations: store("organizations"),
    activities: store("activities"),
  };
}

/** For messages: `Deal not found`. */
export const NOUN: Record<Resource, string> = {
  deals: "Deal",
  persons: "Person",
  organizations: "Organization",
  activities: "Activity",
};
