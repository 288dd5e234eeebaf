/**
 * Helpers that keep secrets out of messages, `util.inspect` and JSON.
 *
 * @module
 */

/** Replacement text for a removed secret. */
export const REDACTED = "[REDACTED]";

/** Names of fields whose values are secrets in OAuth requests and responses (snake or camel case). */
const SECRET_FIELDS = [
  "access_?token",
  "refresh_?token",
  "id_?token",
  "client_?secret",
  "code",
  "code_?verifier",
  "token",
  "assertion",
  "password",
];
const fieldAlternation = SECRET_FIELDS.join("|");
// "name": "value" in JSON, with the quotes plain, backslash-escaped (JSON inside a JSON string) or
// HTML-escaped (an error page that shows the request).
const quotes = [`"`, `\\\\"`, "&quot;", "&#34;", "&#x22;"];
const jsonFieldPatterns = quotes.map((q) => {
  const value = q === `"` ? `"(?:[^"\\\\]|\\\\.)*"` : `${q}.*?${q}`;
  return new RegExp(`(${q}(?:${fieldAlternation})${q}\\s*:\\s*)${value}`, "gi");
});
// name=value in a form or query, also URL-encoded (name%3Dvalue) or HTML-escaped (&amp;name=).
const formFieldPattern = new RegExp(
  `(^|[?&;\\s"'>(]|%26|%3F|&amp;)((?:${fieldAlternation})(?:=|%3D))[^&\\s"'<>]*`,
  "gi",
);

/** The forms a secret takes when a server echoes it: as is, URL- or form-encoded, HTML- or JSON-escaped. */
function echoes(secret: string): string[] {
  const html = secret
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
  return [
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ v: secret }).toString().slice(2),
    html,
    html.replace(/&#39;/g, "&#x27;"),
    JSON.stringify(secret).slice(1, -1),
  ];
}

/**
 * Removes secrets from text a server sent (an error body, an `error_description`): every value in
 * `secrets` (at least 4 characters) in any form a server may echo it, and the values of fields
 * with secret names (JSON, escaped JSON, HTML-escaped JSON, forms, URL-encoded forms).
 */
export function scrubSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret || secret.length < 4) continue;
    for (const form of new Set(echoes(secret))) out = out.split(form).join(REDACTED);
  }
  for (const pattern of jsonFieldPatterns) out = out.replace(pattern, `$1"${REDACTED}"`);
  return out.replace(formFieldPattern, `$1$2${REDACTED}`);
}

/**
 * Returns at most `max` characters of `text` with secrets removed (see `scrubSecrets`).
 */
export function redactExcerpt(
  text: string,
  secrets: readonly (string | undefined)[] = [],
  max = 200,
): string {
  const out = scrubSecrets(text, secrets).replace(/\s+/g, " ").trim();
  return out.length > max ? `${out.slice(0, max)}…` : out;
}

/** `util.inspect.custom` without importing `node:util` (keeps modules platform-neutral). */
export const inspectSymbol: unique symbol = Symbol.for("nodejs.util.inspect.custom") as never;

/**
 * Defines non-enumerable `toJSON` and `util.inspect.custom` on `target` that show `view()`
 * instead of the object itself.
 */
export function hideSecrets<T extends object>(target: T, view: () => Record<string, unknown>): T {
  Object.defineProperty(target, "toJSON", { value: view, enumerable: false });
  Object.defineProperty(target, inspectSymbol, {
    value: (
      _depth: number,
      options: { stylize?: unknown },
      inspect?: (v: unknown, o: unknown) => string,
    ) => (typeof inspect === "function" ? inspect(view(), options) : view()),
    enumerable: false,
  });
  return target;
}

/** Shows only whether a secret is present. */
export function mask(value: string | undefined): string | undefined {
  return value === undefined ? undefined : REDACTED;
}
