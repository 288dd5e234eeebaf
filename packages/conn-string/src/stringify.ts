import { DQ, EQ, isControl, isWs, LBRACE, RBRACE, SEMI, SQ } from "./chars.js";
import { ConnStringError } from "./errors.js";
import { type PropertyInput, PropertyMap } from "./property-map.js";

/** Options for {@link stringify}. */
export interface StringifyOptions {
  /** Write empty values as `key=""` (so a `keepEmpty` parse reads them back). Default `false` (`key=`). */
  keepEmpty?: boolean;
  /** ODBC quoting: `{...}` with `}` doubled. Default `false`. */
  odbc?: boolean;
  /** Append a trailing `;` (CData samples have one). Default `false`, like .NET. */
  trailingSemicolon?: boolean;
}

function invalidKey(why: string): ConnStringError {
  return new ConnStringError({
    code: "CONN_STRING_INVALID_KEY",
    message: `Cannot write connection string key: ${why}.`,
  });
}

/** Validate and escape a key (`=` → `==` outside ODBC mode). @internal */
export function writeKey(key: string, odbc: boolean): string {
  if (key.length === 0) throw invalidKey("the key is empty");
  const first = key.charCodeAt(0);
  if (first === SEMI) throw invalidKey("a key must not start with ';'");
  if (isWs(first)) throw invalidKey("a key must not start with whitespace");
  if (isWs(key.charCodeAt(key.length - 1))) throw invalidKey("a key must not end with whitespace");
  let hasEq = false;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (isControl(c)) throw invalidKey(`control character at position ${i} of the key`);
    if (c === EQ) hasEq = true;
  }
  if (!hasEq) return key;
  if (odbc) throw invalidKey("an ODBC key must not contain '='");
  return key.replaceAll("=", "==");
}

/** Quote a value with the .NET rules (§4). @internal */
export function writeValue(key: string, value: string, keepEmpty: boolean, odbc: boolean): string {
  if (odbc) return writeOdbcValue(key, value);
  if (value.length === 0) return keepEmpty ? '""' : "";
  let needs = false;
  let hasDq = false;
  let hasSq = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === DQ) hasDq = true;
    else if (c === SQ) hasSq = true;
    else if (c === 0) {
      throw new ConnStringError({
        code: "CONN_STRING_INVALID_VALUE",
        property: key,
        message: `Cannot write the value of "${key}": it contains a NUL character.`,
      });
    } else if (c === EQ || c === SEMI || isWs(c) || isControl(c)) needs = true;
  }
  if (!needs && !hasDq && !hasSq) return value;
  if (hasDq && !hasSq) return `'${value}'`;
  return `"${hasDq ? value.replaceAll('"', '""') : value}"`;
}

function isBraced(value: string): boolean {
  if (value.length < 2 || value.charCodeAt(0) !== LBRACE) return false;
  if (value.charCodeAt(value.length - 1) !== RBRACE) return false;
  for (let i = 1; i < value.length - 1; i++) {
    if (value.charCodeAt(i) === RBRACE) {
      if (value.charCodeAt(i + 1) !== RBRACE || i + 1 === value.length - 1) return false;
      i++;
    }
  }
  return true;
}

function writeOdbcValue(key: string, value: string): string {
  if (value.includes("\0")) {
    throw new ConnStringError({
      code: "CONN_STRING_INVALID_VALUE",
      property: key,
      message: `Cannot write the value of "${key}": it contains a NUL character.`,
    });
  }
  const wrap =
    value.charCodeAt(0) === LBRACE || value.includes(";") || key.toLowerCase() === "driver";
  if (!wrap || isBraced(value)) return value;
  return `{${value.replaceAll("}", "}}")}}`;
}

/**
 * Write properties as a canonical connection string (exactly .NET's `ConnectionString`):
 * pairs in order joined by `;`, no trailing `;`, values quoted only when needed
 * (raw; else `'...'` if it has `"` but no `'`; else `"..."` with `"` doubled).
 * `parse(stringify(m))` equals `m` in the default mode, except that empty values disappear
 * (use `keepEmpty` on both sides to keep them).
 *
 * @throws {ConnStringError} `CONN_STRING_INVALID_KEY` or `CONN_STRING_INVALID_VALUE` (NUL).
 */
export function stringify(properties: PropertyInput, options?: StringifyOptions): string {
  const odbc = options?.odbc === true;
  const keepEmpty = options?.keepEmpty === true;
  const map = properties instanceof PropertyMap ? properties : new PropertyMap(properties);
  let out = "";
  let first = true;
  for (const [k, v] of map) {
    if (!first) out += ";";
    first = false;
    out += writeKey(k, odbc) + "=" + writeValue(k, v, keepEmpty, odbc);
  }
  if (options?.trailingSemicolon && out.length > 0) out += ";";
  return out;
}
