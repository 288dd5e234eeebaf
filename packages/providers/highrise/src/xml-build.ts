import { createRequire } from "node:module";
import type { XMLBuilder } from "fast-xml-parser";

// Highrise's typed XML from plain values, the inverse of `parseXml`, written by fast-xml-parser's
// builder: numbers as `type="integer"`, booleans as `type="boolean"`, null as `nil="true"`,
// arrays as `type="array"` of singular elements (`email-addresses` -> `email-address`).

// Requests are built synchronously; the builder loads with the first write, not at import.
let builder: XMLBuilder | undefined;
const builderNow = () => {
  if (!builder) {
    const fxp = createRequire(import.meta.url)(
      "fast-xml-parser",
    ) as typeof import("fast-xml-parser");
    builder = new fxp.XMLBuilder({
      ignoreAttributes: false,
      attributeNamePrefix: "@",
      textNodeName: "#text",
      suppressEmptyNode: false,
      suppressBooleanAttributes: false,
    });
  }
  return builder;
};

const singular = (name: string) =>
  name.endsWith("sses") ? name.slice(0, -2) : name.endsWith("s") ? name.slice(0, -1) : name;

/** The builder's node for a value: text, `#text` with a `@type`, `@nil`, or child elements. */
function node(name: string, value: unknown): unknown {
  if (value === null || value === undefined) return { "@nil": "true" };
  if (Array.isArray(value)) {
    const item = singular(name);
    return { "@type": "array", [item]: value.map((v) => node(item, v)) };
  }
  if (typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, node(k, v)]),
    );
  }
  if (typeof value === "number") return { "#text": value, "@type": "integer" };
  if (typeof value === "boolean") return { "#text": value, "@type": "boolean" };
  return String(value);
}

/**
 * An XML document with `root` holding `fields`: `<person><first-name>Ada</first-name></person>`
 * (or a text: `<name>VIP</name>`).
 */
export function buildXml(root: string, fields: Record<string, unknown> | string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builderNow().build({ [root]: node(root, fields) })}`;
}
