import {
  type ApiRequest,
  type ColumnsDeclaration,
  ConnectorError,
  ConnectorErrorCode,
  col,
  defineTable,
  type PaginationSpec,
  type TableDeclaration,
} from "@x/connector-kit";
import { customFields } from "./custom-fields.js";
import { sinceFilter, sincePagination, unpaged } from "./paging.js";
import { parseXmlBody } from "./xml.js";
import { buildXml } from "./xml-build.js";

// Highrise's tables as data: the columns of its data reference, its lists (500 a page with `n=`
// offsets for people, companies and deals, 25 for the notes and emails of a subject, the other
// lists whole), `since=` for incremental reads, and XML bodies for writes.

const times = {
  "created-at": col.datetime("ro"),
  "updated-at": col.datetime("ro"),
} as const;
const visibility = {
  "visible-to": col.about(
    col.enum(["Everyone", "Owner", "NamedGroup"]),
    "Who sees it; NamedGroup goes with group-id",
  ),
  "owner-id": col.reference("users", "null"),
  "group-id": col.reference("groups", "null"),
} as const;
const common = {
  id: col.integer("ro"),
  background: col.string("null"),
  ...visibility,
  "author-id": col.reference("users", "ro", "null"),
  ...times,
} as const;

const xml = (root: string, fields: Record<string, unknown>) => ({
  body: buildXml(root, fields),
  headers: { "content-type": "application/xml" },
});

/** The record element of a one-record answer. */
const element = (body: unknown) => Object.values((body ?? {}) as Record<string, unknown>)[0];

/** `GET /{path}/{id}.xml`: the record element; a missing id is 404. */
const get = (path: string) => ({
  request: (id: unknown) => ({ path: `${path}/${id}.xml` }),
  record: element,
});

/** A list in pages of `size` with `?n=<offset>` (a shorter page is the last), `since=` ordered. */
function paged(path: string, size: number) {
  return {
    request: { path },
    pagination: sincePagination(size) as PaginationSpec<unknown>,
    parse: parseXmlBody,
  };
}

/** Lists Highrise does not page: each path whole, one after the other. */
function whole(...paths: string[]) {
  return {
    request: { path: paths[0] as string },
    pagination: unpaged(paths) as PaginationSpec<unknown>,
    parse: parseXmlBody,
  };
}

/**
 * Create (`POST`: 201 with the record), update (`PUT /{path}/{id}.xml`: 200, no body) and delete
 * (`DELETE`: 200), with the record as XML in `<{root}>`.
 */
function writes(
  path: string,
  root: string,
  options: {
    createPath?: (row: Record<string, unknown>) => string;
    body?: (row: Record<string, unknown>) => Record<string, unknown>;
  } = {},
) {
  const body = options.body ?? ((row) => row);
  return {
    insert: {
      request: (row: Record<string, unknown>): ApiRequest => ({
        method: "POST",
        path: options.createPath?.(row) ?? `${path}.xml`,
        ...xml(root, body(row)),
      }),
      key: (answer: unknown) => (element(answer) as { id?: number } | undefined)?.id,
    },
    update: {
      request: (id: unknown, changes: Record<string, unknown>): ApiRequest => ({
        method: "PUT",
        path: `${path}/${id}.xml`,
        ...xml(root, body(changes)),
      }),
    },
    delete: {
      request: (id: unknown): ApiRequest => ({ method: "DELETE", path: `${path}/${id}.xml` }),
    },
  };
}

/** The subject kinds notes, emails and tags hang on: URL segment, table, `subject-type`. */
const SUBJECTS = {
  person: { path: "people", table: "people", type: "Party" },
  company: { path: "companies", table: "companies", type: "Party" },
  deal: { path: "deals", table: "deals", type: "Deal" },
  case: { path: "kases", table: "cases", type: "Kase" },
} as const;
type SubjectKind = keyof typeof SUBJECTS;

/** The parent key in the path: `people/{id}/notes.xml`. */
const subjectPath =
  (collection: string, what: string) => (value: unknown, request: ApiRequest) => ({
    ...request,
    path: `${collection}/${value}/${what}.xml`,
  });

const recordingColumns = {
  id: col.integer("ro"),
  body: col.string("req"),
  "author-id": col.reference("users", "ro", "null"),
  "subject-type": col.about(
    col.enum(["Party", "Deal", "Kase"], "ro"),
    "Party for people and companies",
  ),
  "subject-name": col.string("ro", "null"),
  "collection-id": col.integer("ro", "null"),
  "collection-type": col.string("ro", "null"),
  ...visibility,
  ...times,
  attachments: col.json("ro", "null"),
} as const;

/**
 * The notes (or emails) of one kind of subject: listed per subject, 25 a page; notes take
 * `since`. Created at `/{subject}/{id}/{notes|emails}.xml`, changed at `/{notes|emails}/{id}.xml`.
 */
function recordings<K extends SubjectKind, W extends "notes" | "emails">(kind: K, what: W) {
  const subject = SUBJECTS[kind];
  const root = what === "notes" ? "note" : "email";
  const subjectId = {
    "subject-id": col.about(col.reference(subject.table, "req"), `The ${kind} (its id)`),
  } as const;
  const columns =
    what === "emails"
      ? { ...recordingColumns, title: col.string("null"), ...subjectId }
      : { ...recordingColumns, ...subjectId };
  return defineTable({
    name: `${kind}_${what}`,
    description: `The ${what} of a ${kind} (\`/${subject.path}/{id}/${what}.xml\`, 25 a page${what === "notes" ? ", `since`" : ""}).`,
    key: "id",
    columns,
    parent: { table: subject.table, column: "subject-id" },
    list: paged(`${subject.path}/0/${what}.xml`, 25),
    filters: {
      "subject-id": { eq: subjectPath(subject.path, what) },
      ...(what === "notes" ? { "updated-at": sinceFilter } : {}),
    },
    ...(what === "notes" ? { incremental: "updated-at" } : {}),
    get: get(what),
    ...writes(what, root, {
      createPath: (row) => `${subject.path}/${row["subject-id"]}/${what}.xml`,
      body: ({ "subject-id": _subject, ...rest }) => rest,
    }),
  });
}

/** The comments on one note or email (`/{notes|emails}/{id}/comments.xml`, not paged). */
function comments<W extends "notes" | "emails">(what: W) {
  const one = what === "notes" ? "note" : "email";
  return defineTable({
    name: `${one}_comments`,
    description: `Comments on a ${one} (\`/${what}/{id}/comments.xml\`).`,
    key: "id",
    columns: {
      id: col.integer("ro"),
      "parent-id": {
        type: "reference",
        required: true,
        description: `The ${one} (its id, from a *_${what} table)`,
      },
      body: col.string("req"),
      "author-id": col.reference("users", "ro", "null"),
      "created-at": col.datetime("ro"),
    },
    parent: { table: `${one} (*_${what})`, column: "parent-id" },
    list: whole(`${what}/0/comments.xml`),
    filters: { "parent-id": { eq: subjectPath(what, "comments") } },
    get: get("comments"),
    ...writes("comments", "comment"),
  });
}

/** One kind of category (`/{deal|task}_categories.xml`). */
function categories<N extends "deal_categories" | "task_categories">(name: N) {
  return defineTable({
    name,
    description: `${name === "deal_categories" ? "Deal" : "Task"} categories (\`/${name}.xml\`); only an empty category can be deleted.`,
    key: "id",
    columns: {
      id: col.integer("ro"),
      name: col.string("req"),
      color: col.about(col.string("null"), "Hexadecimal web colour, e.g. ffcc33"),
      "account-id": col.integer("ro"),
      ...times,
      "elements-count": col.integer("ro"),
    },
    list: whole(`${name}.xml`),
    get: get(name),
    ...writes(name, name === "deal_categories" ? "deal-category" : "task-category"),
  });
}

const tagsColumn = {
  tags: col.about(col.json("ro", "null"), "[{ id, name }]"),
} as const;

/**
 * Highrise's tables for one connection: the custom fields found by one connection's `discover`
 * are what its writes map back, so each connection has its own.
 */
export function createTables() {
  const fields = customFields();

  const people = defineTable({
    name: "people",
    description:
      "People (`/people.xml`, 500 a page; `since` for changes). Custom fields are columns by their labels.",
    key: "id",
    columns: {
      ...common,
      "first-name": col.string("req"),
      "last-name": col.string("null"),
      title: col.string("null"),
      "company-id": col.reference("companies", "null"),
      "company-name": col.about(
        col.string("null"),
        "On insert, finds the company by name or creates it",
      ),
      "contact-data": col.about(
        col.json("null"),
        "Email addresses, phone numbers, addresses, web addresses",
      ),
      ...tagsColumn,
    },
    list: { ...paged("people.xml", 500), row: fields.row },
    // `title=` is documented without its comparison (case may not matter): checked again locally.
    filters: { "updated-at": sinceFilter, title: { eq: { apply: "title", superset: true } } },
    incremental: "updated-at",
    get: get("people"),
    ...writes("people", "person", { body: fields.body }),
    discover: fields.discover,
  });

  const companies = defineTable({
    name: "companies",
    description:
      "Companies (`/companies.xml`, 500 a page; `since` for changes). Custom fields are columns by their labels.",
    key: "id",
    columns: {
      ...common,
      name: col.string("req"),
      "contact-data": col.about(
        col.json("null"),
        "Addresses, phone numbers, email and web addresses",
      ),
      ...tagsColumn,
    },
    list: { ...paged("companies.xml", 500), row: fields.row },
    filters: { "updated-at": sinceFilter },
    incremental: "updated-at",
    get: get("companies"),
    ...writes("companies", "company", { body: fields.body }),
    discover: fields.discover,
  });

  const dealWrites = writes("deals", "deal");
  /**
   * A deal's status changes only through `PUT /deals/{id}/status.xml` (Highrise ignores a status
   * sent with the other fields), so a status change is sent there, alone.
   */
  function dealUpdate(id: unknown, changes: Record<string, unknown>): ApiRequest {
    if (!Object.hasOwn(changes, "status")) return dealWrites.update.request(id, changes);
    const others = Object.keys(changes).filter((k) => k !== "status");
    if (others.length > 0) {
      throw new ConnectorError(
        ConnectorErrorCode.InvalidRecord,
        `deals: status changes through its own request (PUT /deals/${id}/status.xml); it cannot be sent with ${others.join(", ")}.`,
        { hint: "Update status alone, and the other columns in a second update." },
      );
    }
    return {
      method: "PUT",
      path: `deals/${id}/status.xml`,
      ...xml("status", { name: changes.status }),
    };
  }

  const deals = defineTable({
    name: "deals",
    description: "Deals (`/deals.xml`, 500 a page). A status change is its own update.",
    key: "id",
    columns: {
      ...common,
      name: col.string("req"),
      status: col.enum(["pending", "won", "lost"]),
      "status-changed-on": col.date("ro", "null"),
      currency: col.about(col.string("null"), "ISO 4217"),
      price: col.integer("null"),
      "price-type": col.enum(["fixed", "hour", "month", "year"], "null"),
      duration: col.about(col.integer("null"), "How many price-type units"),
      "party-id": col.reference("people", "null"),
      "category-id": col.reference("deal_categories", "null"),
      "responsible-party-id": col.reference("users", "null"),
      "account-id": { type: "reference", readOnly: true },
    },
    list: paged("deals.xml", 500),
    // `status=` selects exactly the deals with that status.
    filters: { status: { eq: "status" } },
    get: get("deals"),
    ...dealWrites,
    update: { request: dealUpdate },
  });

  const cases = defineTable({
    name: "cases",
    description:
      "Cases (`/kases/open.xml`, then `/kases/closed.xml`; not paged). Closed when closed-at is set.",
    key: "id",
    columns: {
      ...common,
      name: col.string("req"),
      "closed-at": col.about(col.datetime("null"), "Set to close the case"),
    },
    list: whole("kases/open.xml", "kases/closed.xml"),
    get: get("kases"),
    ...writes("kases", "kase"),
  });

  const tasks = defineTable({
    name: "tasks",
    description: "Tasks (`/tasks/upcoming.xml`, then `/tasks/completed.xml`; not paged).",
    key: "id",
    columns: {
      id: col.integer("ro"),
      body: col.string("req"),
      frame: col.about(
        col.enum(
          ["today", "tomorrow", "this_week", "next_week", "later", "overdue", "specific"],
          "req",
        ),
        "specific goes with due-at",
      ),
      "due-at": col.datetime("null"),
      "alert-at": col.datetime("null"),
      "done-at": col.datetime("ro", "null"),
      "author-id": col.reference("users", "ro", "null"),
      "owner-id": col.reference("users", "null"),
      "subject-id": { type: "reference", nullable: true },
      "subject-type": col.about(col.string("null"), "Party, Company, Kase or Deal"),
      "subject-name": col.string("ro", "null"),
      "recording-id": { type: "reference", nullable: true },
      "category-id": col.reference("task_categories", "null"),
      public: col.boolean(),
      ...times,
    },
    list: whole("tasks/upcoming.xml", "tasks/completed.xml"),
    get: get("tasks"),
    ...writes("tasks", "task"),
  });

  /** Tags are put on and taken off one subject; the key of a tag on a subject says which. */
  const tags = defineTable({
    name: "tags",
    description:
      'Tags of the account (`/tags.xml`). Insert puts a tag on a subject (made if new); delete takes it off one: `delete("people/1001/7")`.',
    key: "id",
    columns: {
      id: { type: "reference", readOnly: true, description: "The tag's id" },
      name: col.string("req"),
      "subject-type": col.about(
        col.enum(["people", "companies", "deals", "kases"], "null"),
        "Write only: the kind of subject to tag",
      ),
      "subject-id": { type: "reference", nullable: true, description: "Write only: the subject" },
    },
    list: whole("tags.xml"),
    insert: {
      request: (row): ApiRequest => {
        const where = `${row["subject-type"] ?? ""}/${row["subject-id"] ?? ""}`;
        if (!/^(people|companies|deals|kases)\/\d+$/.test(where)) {
          throw new ConnectorError(
            ConnectorErrorCode.InvalidRecord,
            `tags: a tag is put on a subject; subject-type and subject-id are needed (got ${where}).`,
            {
              hint: 'Write insert({ name: "VIP", "subject-type": "people", "subject-id": 1001 }).',
            },
          );
        }
        return {
          method: "POST",
          path: `${where}/tags.xml`,
          body: buildXml("name", String(row.name)),
          headers: { "content-type": "application/xml" },
        };
      },
      key: (answer) => (element(answer) as { id?: number } | undefined)?.id,
    },
    delete: {
      request: (key): ApiRequest => {
        const m = /^(people|companies|deals|kases)\/(\d+)\/(\d+)$/.exec(String(key));
        if (!m) {
          throw new ConnectorError(
            ConnectorErrorCode.InvalidOption,
            `tags: a tag is taken off one subject; the key names both, like "people/1001/7", not ${JSON.stringify(key)}.`,
            { hint: 'Write delete("people/1001/7") to take tag 7 off person 1001.' },
          );
        }
        return { method: "DELETE", path: `${m[1]}/${m[2]}/tags/${m[3]}.xml` };
      },
    },
  });

  const users = defineTable({
    name: "users",
    description: "Users of the account (`/users.xml`).",
    key: "id",
    columns: {
      id: col.integer("ro"),
      name: col.string(),
      "email-address": col.string(),
      admin: col.boolean("null"),
      ...times,
    },
    list: whole("users.xml"),
    get: get("users"),
  });

  const groups = defineTable({
    name: "groups",
    description: "Groups of users (`/groups.xml`; an administrator's token).",
    key: "id",
    columns: {
      id: col.integer("ro"),
      name: col.string("req"),
      users: col.json("ro", "null"),
    },
    list: whole("groups.xml"),
    get: get("groups"),
    ...writes("groups", "group"),
  });

  const custom_fields = defineTable({
    name: "custom_fields",
    description:
      "Custom fields (`/subject_fields.xml`): the columns people and companies show by label.",
    key: "id",
    columns: {
      id: col.integer("ro"),
      label: col.string("req"),
    },
    list: whole("subject_fields.xml"),
    ...writes("subject_fields", "subject-field"),
  });

  return {
    people,
    companies,
    deals,
    cases,
    person_notes: recordings("person", "notes"),
    company_notes: recordings("company", "notes"),
    deal_notes: recordings("deal", "notes"),
    case_notes: recordings("case", "notes"),
    person_emails: recordings("person", "emails"),
    company_emails: recordings("company", "emails"),
    deal_emails: recordings("deal", "emails"),
    case_emails: recordings("case", "emails"),
    note_comments: comments("notes"),
    email_comments: comments("emails"),
    tasks,
    tags,
    users,
    groups,
    deal_categories: categories("deal_categories"),
    task_categories: categories("task_categories"),
    custom_fields,
  } satisfies Record<string, TableDeclaration<ColumnsDeclaration, string>>;
}

/** Highrise's tables, by name (the declarations; each connection makes its own). */
export const tables = createTables();
