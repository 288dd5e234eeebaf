/**
 * Helpers that keep secrets out of messages, `util.inspect` and JSON.
 *
 * @module
 */

/** Replacement text for a removed secret. */
export const REDACTED = "[REDACTED]";

/** Names of fields whose values are secrets in OAuth requests and responses. */
const SECRET_FIELDS = [
  "access_token",
  "refresh_token",
  "id_token",
  "client_secret",
  "code",
  "code_verifier",
  "token",
  "assertion",
  "password",
];
const fieldAlternation = SECRET_FIELDS.join("|");
const jsonFieldPattern = new RegExp(
  `("(?:${fieldAlternation})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`,
  "gi",
);
const formFieldPattern = new RegExp(`(^|[?&\\s])((?:${fieldAlternation})=)[^&\\s"<>]*`, "gi");

/**
 * Returns at most `max` characters of `text` with secrets removed: every value in `secrets`
 * (at least 4 characters long), JSON string fields and form fields with secret names.
 */
export function redactExcerpt(
  text: string,
  secrets: readonly (string | undefined)[] = [],
  max = 200,
): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  out = out.replace(jsonFieldPattern, `$1"${REDACTED}"`);
  out = out.replace(formFieldPattern, `$1$2${REDACTED}`);
  out = out.replace(/\s+/g, " ").trim();
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
