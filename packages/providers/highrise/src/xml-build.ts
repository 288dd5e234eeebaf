// Highrise's typed XML from plain values, the inverse of `parseXml`: numbers as
// `type="integer"`, booleans as `type="boolean"`, null as `nil="true"`, arrays as
// `type="array"` of singular elements (`email-addresses` -> `email-address`).

const escapeXml = (text: string) =>
  text.replace(
    /[<>&"']/g,
    (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c] ?? c,
  );

const singular = (name: string) =>
  name.endsWith("sses") ? name.slice(0, -2) : name.endsWith("s") ? name.slice(0, -1) : name;

function element(name: string, value: unknown): string {
  if (value === null || value === undefined) return `<${name} nil="true"></${name}>`;
  if (Array.isArray(value)) {
    const item = singular(name);
    return `<${name} type="array">${value.map((v) => element(item, v)).join("")}</${name}>`;
  }
  if (typeof value === "object") {
    const children = Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => element(k, v))
      .join("");
    return `<${name}>${children}</${name}>`;
  }
  if (typeof value === "number") return `<${name} type="integer">${value}</${name}>`;
  if (typeof value === "boolean") return `<${name} type="boolean">${value}</${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/**
 * An XML document with `root` holding `fields`: `<person><first-name>Ada</first-name></person>`
 * (or a text: `<name>VIP</name>`).
 */
export function buildXml(root: string, fields: Record<string, unknown> | string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${element(root, fields)}`;
}
