import { createRequire } from "node:module";
import type { BodyParser, ProviderErrorInfo } from "@x/connector-kit";
import type { XMLParser } from "fast-xml-parser";

const OPTIONS = {
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  textNodeName: "#text",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
};

// fast-xml-parser (about 10 ms to load) is loaded with the first XML answer, not at import.
let parser: Promise<XMLParser> | undefined;
const loadParser = () => {
  parser ??= import("fast-xml-parser").then(({ XMLParser }) => new XMLParser(OPTIONS));
  return parser;
};

// Error answers are read synchronously (the HTTP client's error hook is synchronous).
let syncParser: XMLParser | undefined;
const parserNow = () => {
  if (!syncParser) {
    const fxp = createRequire(import.meta.url)(
      "fast-xml-parser",
    ) as typeof import("fast-xml-parser");
    syncParser = new fxp.XMLParser(OPTIONS);
  }
  return syncParser;
};

/**
 * The message of a refused write: Highrise answers 422 with `<errors><error>…</error></errors>`
 * (one element per problem, naming the field); undefined for other bodies.
 */
export function xmlErrorInfo(body: string): ProviderErrorInfo | undefined {
  if (!body.includes("<errors")) return undefined;
  const doc = convert(parserNow().parse(body)) as { errors?: { error?: unknown } | string } | null;
  const errors = typeof doc?.errors === "object" ? doc.errors?.error : undefined;
  const list = (Array.isArray(errors) ? errors : errors === undefined ? [] : [errors]).map(String);
  return list.length > 0 ? { message: list.join("; ") } : undefined;
}

type Node = string | Record<string, unknown> | Node[];

/**
 * Highrise's typed XML to plain values: `type="integer"` -> number, `type="boolean"` -> boolean,
 * `nil="true"` -> null, `type="array"` -> an array (also with one element or none);
 * `type="datetime"` stays an ISO-8601 string.
 */
function convert(node: unknown): unknown {
  if (node === undefined || node === null) return null;
  if (Array.isArray(node)) return node.map(convert);
  if (typeof node !== "object") return node === "" ? "" : String(node);
  const o = node as Record<string, unknown>;
  if (o["@nil"] === "true") return null;
  const type = o["@type"];
  const text = o["#text"] === undefined ? "" : String(o["#text"]);
  if (type === "integer") return Number(text);
  if (type === "boolean") return text === "true";
  if (type === "datetime" || type === "date") return text;
  const children = Object.entries(o).filter(([k]) => !k.startsWith("@") && k !== "#text");
  if (type === "array")
    return children.flatMap(([, v]) => (Array.isArray(v) ? v : [v])).map(convert);
  if (children.length === 0) return text;
  return Object.fromEntries(children.map(([k, v]) => [k, convert(v as Node)]));
}

/** Parses an XML document into `{ rootName: value }`. */
export async function parseXml(text: string): Promise<Record<string, unknown>> {
  const doc = (await loadParser()).parse(text) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) if (!k.startsWith("?")) out[k] = convert(v);
  return out;
}

/** The items of a list document; an empty container (`<people></people>`) is an empty list. */
export function listItems(body: unknown): Record<string, unknown>[] {
  const root = Object.values(body as Record<string, unknown>)[0];
  if (Array.isArray(root)) return root as Record<string, unknown>[];
  if (root && typeof root === "object") {
    // `<people><person>…</person></people>` without type="array": the one child kind is the list.
    const only = Object.values(root as Record<string, unknown>)[0];
    return (Array.isArray(only) ? only : only ? [only] : []) as Record<string, unknown>[];
  }
  return [];
}

/** Body parser for the connection's pages. */
export const parseXmlBody: BodyParser = async (response) => {
  if (response.status === 204 || response.status === 304) return null;
  const text = await response.text();
  return text.trim() === "" ? null : parseXml(text);
};
