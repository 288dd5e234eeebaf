import { XMLParser } from "fast-xml-parser";
import { escapeXml } from "../../core/http.js";
import type { FieldSpec, FieldSpecs, StoredRecord } from "../../core/records/store.js";

// Highrise's typed XML (Rails `to_xml`): `type="integer"`, `type="datetime"`, `type="boolean"`,
// `type="array"` of singular elements, `nil="true"` for null.

const TYPE_ATTR: Partial<Record<FieldSpec["type"], string>> = {
  integer: "integer",
  decimal: "decimal",
  boolean: "boolean",
  date: "date",
  datetime: "datetime",
};

/** `email-addresses` -> `email-address`, `parties` -> `party`, `subject_datas` -> `subject_data`. */
export const singular = (name: string) =>
  name.endsWith("sses")
    ? name.slice(0, -2)
    : name.endsWith("ies")
      ? `${name.slice(0, -3)}y`
      : name.endsWith("s")
        ? name.slice(0, -1)
        : name;

/** An element of unknown shape (contact data, custom field values): typed by its JS value. */
function free(name: string, value: unknown): string {
  if (value === null || value === undefined) return `<${name} nil="true"></${name}>`;
  if (Array.isArray(value)) {
    const item = singular(name);
    return `<${name} type="array">${value.map((v) => free(item, v)).join("")}</${name}>`;
  }
  if (typeof value === "object") {
    const inner = Object.entries(value as StoredRecord)
      .map(([k, v]) => free(k, v))
      .join("");
    return `<${name}>${inner}</${name}>`;
  }
  if (typeof value === "number") return `<${name} type="integer">${value}</${name}>`;
  if (typeof value === "boolean") return `<${name} type="boolean">${value}</${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

function field(name: string, spec: FieldSpec | undefined, value: unknown): string {
  if (!spec || spec.type === "json") return free(name, value);
  const type = TYPE_ATTR[spec.type];
  const attr = type ? ` type="${type}"` : "";
  if (value === null || value === undefined) return `<${name}${attr} nil="true"></${name}>`;
  return `<${name}${attr}>${escapeXml(String(value))}</${name}>`;
}

/** One record as its element: `<person><id type="integer">1000</id>…</person>`. */
export function recordXml(element: string, fields: FieldSpecs, record: StoredRecord): string {
  const inner = Object.entries(record)
    .map(([name, value]) => field(name, fields[name], value))
    .join("");
  return `<${element}>${inner}</${element}>`;
}

const PROLOG = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** A document with one record. */
export const recordDoc = (element: string, fields: FieldSpecs, record: StoredRecord) =>
  `${PROLOG}${recordXml(element, fields, record)}\n`;

/** A list document: `<people type="array"><person>…</person></people>` (empty: an empty container). */
export const listDoc = (
  plural: string,
  element: string,
  fields: FieldSpecs,
  records: StoredRecord[],
) =>
  `${PROLOG}<${plural} type="array">${records.map((r) => recordXml(element, fields, r)).join("")}</${plural}>\n`;

/** Any document built from plain values (`<errors><error>…</error></errors>`, `<user>…</user>`). */
export const plainDoc = (root: string, value: unknown) => `${PROLOG}${free(root, value)}\n`;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  textNodeName: "#text",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
});

function convert(node: unknown): unknown {
  if (node === undefined || node === null) return null;
  if (Array.isArray(node)) return node.map(convert);
  if (typeof node !== "object") return String(node);
  const o = node as Record<string, unknown>;
  if (o["@nil"] === "true") return null;
  const type = o["@type"];
  const text = o["#text"] === undefined ? "" : String(o["#text"]);
  if (type === "integer") return text === "" ? null : Number(text);
  if (type === "boolean") return text === "true";
  const children = Object.entries(o).filter(([k]) => !k.startsWith("@") && k !== "#text");
  if (type === "array") {
    return children.flatMap(([, v]) => (Array.isArray(v) ? v : [v])).map(convert);
  }
  if (children.length === 0) return text;
  return Object.fromEntries(children.map(([k, v]) => [k, convert(v)]));
}

/**
 * The fields of a write's `<element>…</element>` body as plain values (numbers for
 * `type="integer"`, null for `nil="true"`, arrays for `type="array"`); undefined when the body
 * is not that element.
 */
export function readBody(text: string, element: string): StoredRecord | undefined {
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (!Object.hasOwn(doc, element)) return undefined;
  const value = convert(doc[element]);
  if (value === "") return {};
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as StoredRecord)
    : undefined;
}

/**
 * A sent value in a field's type, as Highrise reads it: integer fields take digits, booleans
 * `true`/`false`; undefined when it does not fit.
 */
export function typed(spec: FieldSpec, value: unknown): unknown {
  if (value === null) return null;
  if (spec.type === "integer") {
    const n =
      typeof value === "number" ? value : /^-?\d+$/.test(String(value)) ? Number(value) : NaN;
    return Number.isInteger(n) ? n : undefined;
  }
  if (spec.type === "boolean") {
    return value === true || value === "true"
      ? true
      : value === false || value === "false"
        ? false
        : undefined;
  }
  if (spec.type === "json") return value;
  if (typeof value === "object") return undefined;
  const text = String(value);
  if (spec.type === "enum") return (spec.values ?? []).includes(text) ? text : undefined;
  if (spec.type === "datetime") {
    const t = Date.parse(text);
    return Number.isNaN(t) ? undefined : new Date(t).toISOString().replace(/\.\d{3}Z$/, "Z");
  }
  return text;
}
