import type { EmulatorResponse } from "../../core/http.js";
import type { RequestContext } from "../../core/types.js";
import { guard } from "./api.js";
import { FALLBACK, type HighriseShared, type Resource } from "./state.js";
import { ELEMENT, hrTime, nodes, type XmlNode, xmlDoc } from "./xml.js";

// Creates, updates and deletes of people, companies and deals, with XML bodies
// (`<person><first-name>…</first-name></person>`). Highrise ignores fields it does not know and
// answers a blank required field with 422 and `<errors><error>…</error></errors>`.

/** First id of each data set: record i has id `ID_BASE[r] + i`. */
export const ID_BASE: Record<Resource, number> = {
  people: 1000,
  companies: 500_000,
  deals: 40_000,
};

/** The field a record cannot be without, and Highrise's message for it. */
const REQUIRED: Record<Resource, [field: string, message: string]> = {
  people: ["first-name", "First name can't be blank"],
  companies: ["name", "Name can't be blank"],
  deals: ["name", "Name can't be blank"],
};
const SYSTEM = new Set(["id", "created-at", "updated-at", "author-id", "account-id"]);

/** The fields of a record as clients see it (generated, created or changed), or undefined. */
export function current(s: HighriseShared, r: Resource, id: number): XmlNode[] | undefined {
  const written = s.written.get(`${r}/${id}`);
  if (written !== undefined) return written ?? undefined;
  const i = id - ID_BASE[r];
  return Number.isInteger(i) && i >= 0 && i < s.core.datasetSize(r, FALLBACK[r])
    ? nodes(s, r, i)
    : undefined;
}

const unescapeXml = (t: string) =>
  t.replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) =>
    e === "lt" ? "<" : e === "gt" ? ">" : e === "quot" ? '"' : e === "apos" ? "'" : "&",
  );

/**
 * The flat fields of `<element>…</element>` (text, or `nil="true"` as null); nested elements
 * (contact data) are skipped. Undefined when the body is not that element.
 */
function readFields(ctx: RequestContext, element: string): Map<string, string | null> | undefined {
  const text = ctx.body.kind === "text" || ctx.body.kind === "invalid" ? ctx.body.text : "";
  const root = new RegExp(`<${element}(\\s[^>]*)?>([\\s\\S]*)</${element}>`).exec(text);
  if (!root) return undefined;
  const fields = new Map<string, string | null>();
  const leaf = /<([a-z][\w-]*)(\s[^>]*)?(?:\/>|>([^<]*)<\/\1>)/g;
  for (const m of (root[2] ?? "").matchAll(leaf)) {
    const [, name, attrs = "", value] = m;
    fields.set(name!, /nil="true"/.test(attrs) || value === undefined ? null : unescapeXml(value));
  }
  return fields;
}

/** Applies sent fields onto the record's fields (typed as the record types them). */
function apply(fields: XmlNode[], sent: Map<string, string | null>, now: number): XmlNode[] {
  return fields.map((node): XmlNode => {
    const [name, , type] = node;
    if (name === "updated-at") return [name, hrTime(now), type];
    if (SYSTEM.has(name) || !sent.has(name)) return node;
    const v = sent.get(name) ?? null;
    return [name, v === null || type !== "integer" ? v : Number(v), type];
  });
}

const unprocessable = (s: HighriseShared, message: string) =>
  s.core.respond.xml(422, xmlDoc(["errors", [["error", message]]]));

function check(s: HighriseShared, r: Resource, fields: XmlNode[]): EmulatorResponse | undefined {
  const [field, message] = REQUIRED[r];
  const value = fields.find(([n]) => n === field)?.[1];
  return typeof value === "string" && value.trim() ? undefined : unprocessable(s, message);
}

const badBody = (s: HighriseShared, r: Resource) =>
  s.core.respond.text(400, `Bad Request: expected a <${ELEMENT[r]}> XML document`);

/** `POST /people.xml`: 201 with the record and its Location. */
export function create(s: HighriseShared, ctx: RequestContext, r: Resource): EmulatorResponse {
  const denied = guard(s, ctx);
  if (denied) return denied;
  const sent = readFields(ctx, ELEMENT[r]);
  if (!sent) return badBody(s, r);
  const added = (s.added.get(r) ?? 0) + 1;
  const id = ID_BASE[r] + s.core.datasetSize(r, FALLBACK[r]) + added - 1;
  const now = ctx.now();
  // The shape of a generated record, emptied: the new record has the same fields.
  const blank = nodes(s, r, 0).map(([name, , type]): XmlNode => {
    if (name === "id") return [name, id, type];
    if (name === "created-at") return [name, hrTime(now), type];
    if (name === "author-id") return [name, s.userId, type];
    if (name === "account-id") return [name, s.accountId, type];
    if (name === "visible-to") return [name, "Everyone", type];
    if (name === "status") return [name, "pending", type];
    return [name, type === "array" ? [] : null, type];
  });
  const fields = apply(blank, sent, now);
  const invalid = check(s, r, fields);
  if (invalid) return invalid;
  s.added.set(r, added);
  s.written.set(`${r}/${id}`, fields);
  const location = `https://${s.subdomain}.highrisehq.com/${r}/${id}.xml`;
  return s.core.respond.xml(201, xmlDoc([ELEMENT[r], fields]), { location });
}

/** `PUT /people/{id}.xml`: 200 with no body. */
export function update(s: HighriseShared, ctx: RequestContext, r: Resource): EmulatorResponse {
  const denied = guard(s, ctx);
  if (denied) return denied;
  const id = Number(ctx.params.id);
  const before = current(s, r, id);
  if (!before) return s.core.respond.empty(404);
  const sent = readFields(ctx, ELEMENT[r]);
  if (!sent) return badBody(s, r);
  const fields = apply(before, sent, ctx.now());
  const invalid = check(s, r, fields);
  if (invalid) return invalid;
  s.written.set(`${r}/${id}`, fields);
  return s.core.respond.empty(200);
}

/** `DELETE /people/{id}.xml`: 200 with no body. */
export function remove(s: HighriseShared, ctx: RequestContext, r: Resource): EmulatorResponse {
  const denied = guard(s, ctx);
  if (denied) return denied;
  const id = Number(ctx.params.id);
  if (!current(s, r, id)) return s.core.respond.empty(404);
  s.written.set(`${r}/${id}`, null);
  return s.core.respond.empty(200);
}
