import { maskValues } from "./errors.js";
import { parseConnectionString } from "./jdbc.js";
import { followsUnquotedSecret, parseNested } from "./parse.js";
import type { PropertyDeclarations } from "./properties.js";
import { looksSecret, normalizeName, type PropertyInput, PropertyMap } from "./property-map.js";
import { stringify } from "./stringify.js";

/** Options of {@link redact}. */
export interface RedactOptions {
  /** Declarations whose `secret: true` properties (and aliases) are masked. */
  properties?: PropertyDeclarations;
  /** Extra secret names (case and spaces ignored). */
  secrets?: readonly string[];
  /** Replacement text. Default `***`. */
  mask?: string;
}

/**
 * A loggable form of a connection string (plain or JDBC) or property set. Masks the values of
 * declared secrets, of names in `secrets`, and of any name that looks secret (password, pwd, secret,
 * token, verifier, apikey, credential, privatekey, passphrase). Nested lists (`Other`,
 * `CacheConnection`, ...) are redacted recursively; a value containing `=` that does not parse as a
 * nested list has its value characters masked. If the string does not parse, every value
 * character is replaced by `*` (keys stay readable). A name that may be the tail of an unquoted
 * secret value (it follows an unquoted secret and is neither declared nor a secret name, or it
 * holds `=` or `;`) is masked with its value; the value of a known name there is masked too. Never throws
 * on a string.
 */
export function redact(input: string | PropertyInput, options?: RedactOptions): string {
  const mask = options?.mask ?? "***";
  const secret = new Set<string>((options?.secrets ?? []).map(normalizeName));
  if (options?.properties) {
    for (const [name, p] of Object.entries(options.properties)) {
      if (!p.secret) continue;
      secret.add(normalizeName(name));
      for (const a of p.aliases) secret.add(normalizeName(a));
    }
  }
  const isSecret = (k: string) => secret.has(normalizeName(k)) || looksSecret(k);
  const declared = new Set<string>();
  for (const [name, p] of Object.entries(options?.properties ?? {})) {
    declared.add(normalizeName(name));
    for (const a of p.aliases) declared.add(normalizeName(a));
  }
  // After an unquoted secret value, only a name known to be a real name is shown.
  const known = (k: string) => declared.has(normalizeName(k)) || isSecret(k);
  const redactMap = (m: PropertyMap, depth: number): PropertyMap => {
    const out = new PropertyMap();
    let previous: string | undefined;
    for (const [k, v] of m) {
      const after = previous;
      previous = k;
      // A name after an unquoted secret value, or one holding '=' or ';', may be the rest of that
      // value (`Password=hunter;2TAIL;User=me`, `Password==x`): neither it nor its value is shown.
      const spill = followsUnquotedSecret(m, after, isSecret, k);
      if ((spill && !known(k)) || /[=;]/.test(k)) out.set(mask, mask);
      else if (spill || isSecret(k)) out.set(k, mask);
      else if (v.includes("=")) {
        let inner: PropertyMap | undefined;
        try {
          inner = depth < 4 ? parseNested(v) : undefined;
        } catch {
          inner = undefined;
        }
        // A value with '=' that is not a valid nested list may still hide `Password=...`: mask it.
        let nested = inner ? v : maskValues(v);
        if (inner && inner.size > 0) {
          try {
            nested = stringify(redactMap(inner, depth + 1));
          } catch {
            nested = maskValues(v);
          }
        }
        out.set(k, nested);
      } else out.set(k, v);
    }
    return out;
  };
  if (typeof input !== "string") return stringify(redactMap(new PropertyMap(input), 0));
  try {
    const parsed = parseConnectionString(input);
    const body = stringify(redactMap(parsed.properties, 0));
    return parsed.jdbc
      ? `jdbc:${parsed.jdbc.cdata ? "cdata:" : ""}${parsed.jdbc.driver}:${body}`
      : body;
  } catch {
    return maskValues(input, 0, false, isSecret);
  }
}
