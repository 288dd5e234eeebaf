import type { FieldSpecs, StoredRecord } from "../../core/records/store.js";
import type { HighriseShared, Resource } from "./state.js";

// The emulator's own declarations of Highrise's records (from the API's data reference): field
// order is the XML order, field types give the `type="…"` attributes.

const visible: FieldSpecs = {
  "visible-to": { type: "enum", values: ["Everyone", "Owner", "NamedGroup"] },
  "owner-id": { type: "integer", nullable: true },
  "group-id": { type: "integer", nullable: true },
};
const times: FieldSpecs = {
  "created-at": { type: "datetime", readOnly: true },
  "updated-at": { type: "datetime", readOnly: true },
};
const recording: FieldSpecs = {
  id: { type: "integer", readOnly: true },
  title: { type: "string", nullable: true },
  body: { type: "string", required: true },
  "author-id": { type: "integer", readOnly: true },
  "subject-id": { type: "integer" },
  "subject-type": { type: "enum", values: ["Party", "Deal", "Kase"] },
  "subject-name": { type: "string", readOnly: true, nullable: true },
  "collection-id": { type: "integer", nullable: true, readOnly: true },
  "collection-type": { type: "string", nullable: true, readOnly: true },
  ...visible,
  ...times,
};
const { title: _noTitle, ...noteFields } = recording;
/** What people and companies end with. */
const party: FieldSpecs = {
  ...times,
  ...visible,
  "author-id": { type: "integer", readOnly: true },
  "contact-data": { type: "json" },
  subject_datas: { type: "json" },
  tags: { type: "json", readOnly: true },
};
const category: FieldSpecs = {
  id: { type: "integer", readOnly: true },
  name: { type: "string", required: true },
  color: { type: "string", nullable: true },
  "account-id": { type: "integer", readOnly: true },
  ...times,
  "elements-count": { type: "integer", readOnly: true },
};

/** How the emulator serves one of Highrise's record types. */
export interface TableSpec {
  /** The URL segment: `/people.xml`, `/people/{id}.xml`. */
  path: string;
  /** The record's element (`person`) and the list's (`people`). */
  element: string;
  plural: string;
  /** First id of the data set: record i has id `base + i`. */
  base: number;
  fields: FieldSpecs;
  /** The field a record cannot be without, and Highrise's message for it. */
  required?: [field: string, message: string];
  /** Values a created record starts with. */
  defaults?: (s: HighriseShared) => StoredRecord;
}

export const TABLES: Record<Resource, TableSpec> = {
  people: {
    path: "people",
    element: "person",
    plural: "people",
    base: 1000,
    required: ["first-name", "First name can't be blank"],
    fields: {
      id: { type: "integer", readOnly: true },
      "first-name": { type: "string", required: true },
      "last-name": { type: "string", nullable: true },
      title: { type: "string", nullable: true },
      background: { type: "string", nullable: true },
      "company-id": { type: "integer", nullable: true },
      "company-name": { type: "string", nullable: true },
      ...party,
    },
  },
  companies: {
    path: "companies",
    element: "company",
    plural: "companies",
    base: 500_000,
    required: ["name", "Name can't be blank"],
    fields: {
      id: { type: "integer", readOnly: true },
      name: { type: "string", required: true },
      background: { type: "string", nullable: true },
      ...party,
    },
  },
  deals: {
    path: "deals",
    element: "deal",
    plural: "deals",
    base: 40_000,
    required: ["name", "Name can't be blank"],
    defaults: () => ({ status: "pending" }),
    fields: {
      id: { type: "integer", readOnly: true },
      name: { type: "string", required: true },
      background: { type: "string", nullable: true },
      // Highrise ignores a status sent with an update (PUT /deals/{id}/status.xml changes it).
      status: { type: "enum", values: ["pending", "won", "lost"] },
      "status-changed-on": { type: "date", nullable: true, readOnly: true },
      currency: { type: "string", nullable: true },
      price: { type: "integer", nullable: true },
      "price-type": { type: "string", nullable: true },
      duration: { type: "integer", nullable: true },
      "party-id": { type: "integer", nullable: true },
      "category-id": { type: "integer", nullable: true },
      "responsible-party-id": { type: "integer", nullable: true },
      "author-id": { type: "integer", readOnly: true },
      ...visible,
      ...times,
      "account-id": { type: "integer", readOnly: true },
    },
  },
  kases: {
    path: "kases",
    element: "kase",
    plural: "kases",
    base: 70_000,
    required: ["name", "Name can't be blank"],
    fields: {
      id: { type: "integer", readOnly: true },
      name: { type: "string", required: true },
      background: { type: "string", nullable: true },
      "closed-at": { type: "datetime", nullable: true },
      "author-id": { type: "integer", readOnly: true },
      ...visible,
      ...times,
    },
  },
  notes: {
    path: "notes",
    element: "note",
    plural: "notes",
    base: 7_000_000,
    required: ["body", "Body can't be blank"],
    fields: noteFields,
  },
  emails: {
    path: "emails",
    element: "email",
    plural: "emails",
    base: 8_000_000,
    required: ["body", "Body can't be blank"],
    fields: recording,
  },
  comments: {
    path: "comments",
    element: "comment",
    plural: "comments",
    base: 9_000_000,
    required: ["body", "Body can't be blank"],
    fields: {
      id: { type: "integer", readOnly: true },
      "parent-id": { type: "integer", required: true },
      "author-id": { type: "integer", readOnly: true },
      "created-at": { type: "datetime", readOnly: true },
      body: { type: "string", required: true },
    },
  },
  tasks: {
    path: "tasks",
    element: "task",
    plural: "tasks",
    base: 300_000,
    required: ["body", "Body can't be blank"],
    defaults: () => ({ frame: "today", public: false }),
    fields: {
      id: { type: "integer", readOnly: true },
      "author-id": { type: "integer", readOnly: true },
      "owner-id": { type: "integer", nullable: true },
      "recording-id": { type: "integer", nullable: true },
      "subject-id": { type: "integer", nullable: true },
      "subject-type": { type: "string", nullable: true },
      "subject-name": { type: "string", nullable: true, readOnly: true },
      body: { type: "string", required: true },
      frame: {
        type: "enum",
        values: ["today", "tomorrow", "this_week", "next_week", "later", "overdue", "specific"],
      },
      "due-at": { type: "datetime", nullable: true },
      "alert-at": { type: "datetime", nullable: true },
      "done-at": { type: "datetime", nullable: true, readOnly: true },
      "category-id": { type: "integer", nullable: true },
      public: { type: "boolean" },
      ...times,
    },
  },
  tags: {
    path: "tags",
    element: "tag",
    plural: "tags",
    base: 1,
    required: ["name", "Name can't be blank"],
    fields: { id: { type: "integer", readOnly: true }, name: { type: "string", required: true } },
  },
  users: {
    path: "users",
    element: "user",
    plural: "users",
    base: 112_233,
    fields: {
      id: { type: "integer", readOnly: true },
      name: { type: "string" },
      "email-address": { type: "string" },
      admin: { type: "boolean" },
      ...times,
    },
  },
  groups: {
    path: "groups",
    element: "group",
    plural: "groups",
    base: 60,
    required: ["name", "Name can't be blank"],
    fields: { id: { type: "integer", readOnly: true }, name: { type: "string", required: true } },
  },
  deal_categories: {
    path: "deal_categories",
    element: "deal-category",
    plural: "deal-categories",
    base: 200,
    required: ["name", "Name can't be blank"],
    fields: category,
  },
  task_categories: {
    path: "task_categories",
    element: "task-category",
    plural: "task-categories",
    base: 400,
    required: ["name", "Name can't be blank"],
    fields: category,
  },
  subject_fields: {
    path: "subject_fields",
    element: "subject-field",
    plural: "subject-fields",
    base: 1,
    required: ["label", "Label can't be blank"],
    fields: { id: { type: "integer", readOnly: true }, label: { type: "string", required: true } },
  },
};
