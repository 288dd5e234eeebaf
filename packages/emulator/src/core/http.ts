import type { IncomingMessage } from "node:http";

/** A parsed request body. */
export type ParsedBody =
  | { kind: "none" }
  | { kind: "form"; fields: URLSearchParams }
  | { kind: "json"; value: unknown }
  | { kind: "text"; text: string }
  | { kind: "invalid"; text: string; contentType: string };

/** A response a handler produced; the core writes it (or mangles it when a fault says so). */
export interface EmulatorResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const MAX_BODY = 1024 * 1024;

/** Reads the whole request body (1 MiB max). */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > MAX_BODY) break;
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

/** Parses form, JSON, multipart (text fields) and text bodies. */
export function parseBody(raw: Buffer, contentType: string | undefined): ParsedBody {
  if (raw.length === 0) return { kind: "none" };
  const ct = (contentType ?? "").toLowerCase();
  const text = raw.toString("utf8");
  if (ct.startsWith("application/x-www-form-urlencoded")) {
    return { kind: "form", fields: new URLSearchParams(text) };
  }
  if (ct.startsWith("application/json") || ct.includes("+json")) {
    try {
      return { kind: "json", value: JSON.parse(text) };
    } catch {
      return { kind: "invalid", text, contentType: ct };
    }
  }
  if (ct.startsWith("multipart/form-data")) {
    const m = /boundary="?([^";]+)"?/i.exec(contentType ?? "");
    if (!m?.[1]) return { kind: "invalid", text, contentType: ct };
    return { kind: "form", fields: parseMultipart(text, m[1]) };
  }
  return { kind: "text", text };
}

function parseMultipart(text: string, boundary: string): URLSearchParams {
  const out = new URLSearchParams();
  for (const part of text.split(`--${boundary}`)) {
    const sep = part.indexOf("\r\n\r\n");
    if (sep === -1) continue;
    const head = part.slice(0, sep);
    const name = /name="([^"]*)"/i.exec(head)?.[1];
    if (name === undefined) continue;
    out.append(name, part.slice(sep + 4).replace(/\r\n$/, ""));
  }
  return out;
}

/** Parses `Authorization: Basic …`; undefined when absent or not Basic. */
export function parseBasic(
  header: string | undefined,
): { username: string; password: string } | undefined {
  const m = /^basic\s+(\S+)\s*$/i.exec(header ?? "");
  if (!m?.[1]) return undefined;
  const decoded = Buffer.from(m[1], "base64").toString("utf8");
  const i = decoded.indexOf(":");
  if (i === -1) return { username: decoded, password: "" };
  return { username: decoded.slice(0, i), password: decoded.slice(i + 1) };
}

/** Splits an Authorization header into scheme (as sent) and credentials. */
export function parseAuthorization(
  header: string | undefined,
): { scheme: string; credentials: string } | undefined {
  const m = /^(\S+)\s+(.+)$/.exec((header ?? "").trim());
  if (!m?.[1] || !m[2]) return undefined;
  return { scheme: m[1], credentials: m[2].trim() };
}

/** HTML-escapes text for element content and attribute values. */
export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** XML-escapes text. */
export function escapeXml(s: string): string {
  return escapeHtml(s);
}
