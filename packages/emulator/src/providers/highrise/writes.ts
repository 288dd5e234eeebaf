import { isoZ } from "../../core/data.js";
import { type EmulatorResponse, escapeXml } from "../../core/http.js";
import type { StoredRecord } from "../../core/records/store.js";
import type { RequestContext } from "../../core/types.js";
import { guard, setTags, subjectOf, tagsOn, xmlRecord } from "./api.js";
import { TABLES } from "./declarations.js";
import type { HighriseShared, Resource } from "./state.js";
import { readBody, typed } from "./xml.js";

// Creates, updates and deletes with XML bodies (`<person><first-name>…</first-name></person>`).
// Highrise ignores fields it does not know or that are its own (ids, times), answers a blank
// required field with 422 and `<errors><error>…</error></errors>`, merges contact data and
// custom field values by id (a negative id removes one), and answers a create with 201, the
// record and its Location, an update or a delete with 200 and no body.

const bodyText = (ctx: RequestContext) =>
  ctx.body.kind === "text" || ctx.body.kind === "invalid" ? ctx.body.text : "";

export const unprocessable = (s: HighriseShared, messages: string[]) =>
  s.core.respond.xml(
    422,
    `<?xml version="1.0" encoding="UTF-8"?>\n<errors>${messages.map((m) => `<error>${escapeXml(m)}</error>`).join("")}</errors>\n`,
  );

const badBody = (s: HighriseShared, element: string) =>
  s.core.respond.text(400, `Bad Request: expected a <${element}> XML document`);

const label = (field: string) => {
  const words = field.replace(/[-_]/g, " ").replace(/ id$/, "");
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** Items of a sent list: `type="array"` gives an array; a plain container wraps its children. */
function items(value: unknown): StoredRecord[] {
  if (Array.isArray(value)) return value as StoredRecord[];
  if (value && typeof value === "object") {
    const inner = Object.values(value as StoredRecord)[0];
    return (Array.isArray(inner) ? inner : inner ? [inner] : []) as StoredRecord[];
  }
  return [];
}

/** Sent entries merged into existing ones by id: a negative id removes, no id adds. */
function mergeById(
  s: HighriseShared,
  existing: StoredRecord[],
  sent: StoredRecord[],
  add: (entry: StoredRecord) => StoredRecord | string,
): StoredRecord[] | string {
  let out = existing.map((e) => ({ ...e }));
  for (const entry of sent) {
    const id = typeof entry.id === "number" ? entry.id : undefined;
    if (id !== undefined && id < 0) {
      out = out.filter((e) => e.id !== -id);
    } else if (id !== undefined) {
      const found = out.find((e) => e.id === id);
      if (found) Object.assign(found, { ...entry, id });
    } else {
      const made = add(entry);
      if (typeof made === "string") return made;
      out.push({ id: s.nextNestedId++, ...made });
    }
  }
  return out;
}

function mergeContactData(s: HighriseShared, existing: unknown, sent: unknown) {
  const out: StoredRecord = { ...((existing as StoredRecord | null) ?? {}) };
  if (!sent || typeof sent !== "object") return out;
  for (const [kind, value] of Object.entries(sent as StoredRecord)) {
    const merged = mergeById(s, items(out[kind]), items(value), (e) => e);
    out[kind] = merged;
  }
  return out;
}

/**
 * Custom field values: by the value's `id`, or by `subject_field_id` (the value of that field is
 * replaced, or added). A blank value removes the field's value.
 */
function mergeSubjectDatas(
  s: HighriseShared,
  existing: unknown,
  sent: unknown,
): StoredRecord[] | string {
  let out = items(existing).map((e) => ({ ...e }));
  for (const entry of items(sent)) {
    const fieldId = typeof entry.subject_field_id === "number" ? entry.subject_field_id : undefined;
    if (fieldId === undefined || typeof entry.id === "number") {
      const merged = mergeById(s, out, [entry], () => "Subject field can't be blank");
      if (typeof merged === "string") return merged;
      out = merged;
      continue;
    }
    const field = s.stores.subject_fields.get(fieldId);
    if (!field) return `Subject field ${fieldId} does not exist`;
    const blank = entry.value === null || entry.value === undefined || entry.value === "";
    const current = out.find((e) => e.subject_field_id === fieldId);
    if (blank) out = out.filter((e) => e.subject_field_id !== fieldId);
    else if (current) current.value = String(entry.value);
    else {
      out.push({
        id: s.nextNestedId++,
        value: String(entry.value),
        subject_field_id: fieldId,
        subject_field_label: field.label,
      });
    }
  }
  return out.filter((e) => e.value !== "" && e.value !== null);
}

/** Applies sent fields onto a record; a list of problems when some cannot be read. */
function apply(
  s: HighriseShared,
  r: Resource,
  record: StoredRecord,
  sent: StoredRecord,
  mode: "create" | "update",
): StoredRecord | string[] {
  const { fields } = TABLES[r];
  const next = { ...record };
  const problems: string[] = [];
  for (const [name, value] of Object.entries(sent)) {
    const spec = Object.hasOwn(fields, name) ? fields[name] : undefined;
    if (!spec || spec.readOnly) continue;
    // A deal's status changes through PUT /deals/{id}/status.xml; an update ignores it.
    if (r === "deals" && name === "status" && mode === "update") continue;
    if (name === "contact-data") {
      next[name] = mergeContactData(s, next[name], value);
      continue;
    }
    if (name === "subject_datas") {
      const merged = mergeSubjectDatas(s, next[name], value);
      if (typeof merged === "string") problems.push(merged);
      else next[name] = merged;
      continue;
    }
    const v = typed(spec, value);
    if (v === undefined) problems.push(`${label(name)} is invalid`);
    else next[name] = v;
  }
  const required = TABLES[r].required;
  if (required) {
    const v = next[required[0]];
    if (typeof v !== "string" || !v.trim()) problems.push(required[1]);
  }
  if (r === "comments") {
    const parent = next["parent-id"] as number;
    if (!s.stores.notes.get(parent) && !s.stores.emails.get(parent)) {
      problems.push("Parent can't be blank");
    }
  }
  return problems.length ? problems : next;
}

/** The subject fields a recording or task shows for its subject. */
function subjectName(s: HighriseShared, type: unknown, id: unknown): string | null {
  if (typeof id !== "number") return null;
  const r: Resource[] =
    type === "Deal" ? ["deals"] : type === "Kase" ? ["kases"] : ["people", "companies"];
  for (const t of r) {
    const rec = s.stores[t].get(id);
    if (rec) {
      return t === "people"
        ? `${rec["first-name"] ?? ""} ${rec["last-name"] ?? ""}`.trim()
        : String(rec.name);
    }
  }
  return null;
}

function blank(s: HighriseShared, r: Resource, now: string): StoredRecord {
  const out: StoredRecord = {};
  for (const [name, spec] of Object.entries(TABLES[r].fields)) {
    out[name] = spec.type === "json" ? (name === "contact-data" ? {} : []) : null;
  }
  const fixed: StoredRecord = {
    id: 0,
    "created-at": now,
    "updated-at": now,
    "author-id": s.userId,
    "account-id": s.accountId,
    "visible-to": "Everyone",
    "elements-count": 0,
  };
  for (const [k, v] of Object.entries(fixed)) if (Object.hasOwn(out, k)) out[k] = v;
  return { ...out, ...TABLES[r].defaults?.(s) };
}

const stamp = (ctx: RequestContext) => isoZ(ctx.now());

/** `POST /{resource}.xml` (or `/people/{id}/notes.xml`): 201 with the record and its Location. */
export function create(s: HighriseShared, ctx: RequestContext, r: Resource): EmulatorResponse {
  const denied = guard(s, ctx);
  if (denied) return denied;
  const spec = TABLES[r];
  const sent = readBody(bodyText(ctx), spec.element);
  if (!sent) return badBody(s, spec.element);
  if (ctx.params.subject) {
    // The subject in the URL, as if sent with subject-type and subject-id.
    const subject = subjectOf(s, ctx);
    if (!("type" in subject)) return subject;
    Object.assign(sent, { "subject-type": subject.type, "subject-id": subject.id });
  }
  const now = stamp(ctx);
  const made = apply(s, r, blank(s, r, now), sent, "create");
  if (Array.isArray(made)) return unprocessable(s, made);
  if (Object.hasOwn(spec.fields, "subject-name")) {
    made["subject-name"] = subjectName(s, made["subject-type"], made["subject-id"]);
  }
  const record = s.stores[r].insert(made);
  const location = `https://${s.subdomain}.highrisehq.com/${spec.path}/${record.id}.xml`;
  return xmlRecord(s, r, record, 201, { location });
}

/** `PUT /{resource}/{id}.xml`: 200 with no body (`?reload=true`: with the record). */
export function update(s: HighriseShared, ctx: RequestContext, r: Resource): EmulatorResponse {
  const denied = guard(s, ctx);
  if (denied) return denied;
  const id = Number(ctx.params.id);
  const before = s.stores[r].get(id);
  if (!before) return s.core.respond.empty(404);
  const sent = readBody(bodyText(ctx), TABLES[r].element);
  if (!sent) return badBody(s, TABLES[r].element);
  const made = apply(s, r, before, sent, "update");
  if (Array.isArray(made)) return unprocessable(s, made);
  if (Object.hasOwn(made, "updated-at")) made["updated-at"] = stamp(ctx);
  const record = s.stores[r].update(id, made)!;
  return ctx.query.get("reload") === "true" ? xmlRecord(s, r, record) : s.core.respond.empty(200);
}

/** `DELETE /{resource}/{id}.xml`: 200 with no body; a deal takes its notes and emails along. */
export function remove(s: HighriseShared, ctx: RequestContext, r: Resource): EmulatorResponse {
  const denied = guard(s, ctx);
  if (denied) return denied;
  const id = Number(ctx.params.id);
  if (!s.stores[r].remove(id)) return s.core.respond.empty(404);
  if (r === "deals") {
    for (const kind of ["notes", "emails"] as const) {
      const store = s.stores[kind];
      for (const rec of store.all((x) => x["subject-type"] === "Deal" && x["subject-id"] === id)) {
        store.remove(rec.id as number);
      }
    }
  }
  return s.core.respond.empty(200);
}

/** `PUT /deals/{id}/status.xml` with `<status><name>won</name></status>`. */
export function dealStatus(s: HighriseShared, ctx: RequestContext): EmulatorResponse {
  const denied = guard(s, ctx);
  if (denied) return denied;
  const id = Number(ctx.params.id);
  if (!s.stores.deals.get(id)) return s.core.respond.empty(404);
  const sent = readBody(bodyText(ctx), "status");
  if (!sent) return badBody(s, "status");
  const name = sent.name;
  if (name !== "pending" && name !== "won" && name !== "lost") {
    return unprocessable(s, ["Status must be pending, won or lost"]);
  }
  const now = stamp(ctx);
  s.stores.deals.update(id, {
    status: name,
    "status-changed-on": name === "pending" ? null : now.slice(0, 10),
    "updated-at": now,
  });
  return s.core.respond.empty(200);
}

/**
 * `POST /{people|companies|deals|kases}/{id}/tags.xml` with `<name>…</name>`: the tag (made when
 * no tag has that name) is put on the subject; 201 with the tag and Location `/tags/{id}.xml`.
 */
export function addTag(s: HighriseShared, ctx: RequestContext): EmulatorResponse {
  const denied = guard(s, ctx);
  if (denied) return denied;
  const subject = subjectOf(s, ctx);
  if (!("type" in subject)) return subject;
  const name = /^\s*(?:<\?xml[^>]*\?>\s*)?<name>([^<]*)<\/name>\s*$/.exec(bodyText(ctx))?.[1];
  if (name === undefined) return badBody(s, "name");
  const clean = name.replace(/&(lt|gt|amp|quot|apos);/g, (_, e: string) =>
    e === "lt" ? "<" : e === "gt" ? ">" : e === "amp" ? "&" : e === "quot" ? '"' : "'",
  );
  if (!clean.trim()) return unprocessable(s, ["Name can't be blank"]);
  const tag =
    s.stores.tags.all((t) => String(t.name).toLowerCase() === clean.trim().toLowerCase())[0] ??
    s.stores.tags.insert({ id: 0, name: clean.trim() });
  const tags = tagsOn(s, subject);
  if (!tags.some((t) => t.id === tag.id)) {
    setTags(s, subject, [...tags, { id: tag.id, name: tag.name }], stamp(ctx));
  }
  return xmlRecord(s, "tags", tag, 201, {
    location: `https://${s.subdomain}.highrisehq.com/tags/${tag.id}.xml`,
  });
}

/** `DELETE /{people|companies|deals|kases}/{id}/tags/{tag}.xml`: takes the tag off the subject. */
export function removeTag(s: HighriseShared, ctx: RequestContext): EmulatorResponse {
  const denied = guard(s, ctx);
  if (denied) return denied;
  const subject = subjectOf(s, ctx);
  if (!("type" in subject)) return subject;
  const tagId = Number(ctx.params.id);
  const tags = tagsOn(s, subject);
  if (!tags.some((t) => t.id === tagId)) return s.core.respond.empty(404);
  setTags(
    s,
    subject,
    tags.filter((t) => t.id !== tagId),
    stamp(ctx),
  );
  return s.core.respond.empty(200);
}
