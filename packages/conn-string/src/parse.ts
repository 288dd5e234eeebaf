import { DQ, EQ, isBadControl, isWs, LBRACE, RBRACE, SEMI, SQ } from "./chars.js";
import { syntaxError } from "./errors.js";
import { PropertyMap, setParsed, unquotedBefore, wasQuoted } from "./property-map.js";

/**
 * Whether the pair before `key` in `map` (in iteration order) is a secret per `isSecret` whose value
 * was not quoted in the parsed text: then `key` may be the tail of that value. @internal
 */
export function followsUnquotedSecret(
  map: PropertyMap,
  previous: string | undefined,
  isSecret: (key: string) => boolean,
  key?: string,
): boolean {
  // What stood before `key` in the text counts even when that secret was removed or overridden
  // since (`Password=a;Timeout=b;Password=` keeps only Timeout, which may be the tail of `a`).
  const before = key === undefined ? undefined : unquotedBefore(map, key);
  if (before !== undefined && isSecret(before)) return true;
  if (previous === undefined || !isSecret(previous)) return false;
  // A quoted value cannot spill into the next key; a pair added by code (a map built from an
  // object) has no spill-over either.
  return wasQuoted(map, previous) === false;
}

/** Options for {@link parse}. The defaults are the .NET (OLE DB) rules of the spec. */
export interface ParseOptions {
  /**
   * ODBC rules: `{...}` quotes a value (braces are kept in the value, `}}` stays as is), quotes are
   * ordinary characters, `==` in a key is not special, a value may end with a quote, and the
   * first occurrence of a duplicate key wins. Default `false`.
   */
  odbc?: boolean;
  /** Keep `A=` as the empty string instead of removing the key. Default `false`. */
  keepEmpty?: boolean;
  /** Which duplicate wins. Default `"last"` (`"first"` in ODBC mode). */
  duplicates?: "first" | "last";
}

/**
 * Parse a `Name=Value;...` connection string into an ordered, case-insensitive {@link PropertyMap}.
 *
 * Default mode follows .NET `DbConnectionStringBuilder` exactly (see the README rules table).
 * Throws {@link ConnStringError} with code `CONN_STRING_SYNTAX` on malformed input; never anything else
 * for a string argument (a non-string argument is a `TypeError`).
 *
 * @example
 * parse("Server=x;Password='a;b'").get("password") // "a;b"
 */
export function parse(text: string, options?: ParseOptions): PropertyMap {
  const map = new PropertyMap();
  parseInto(text, 0, options, map);
  return map;
}

/**
 * Parse a nested list value (`Other`, `ProfileSettings`, `PseudoColumns`, `CacheConnection`) with the
 * same rules as {@link parse}. Serialize the inner map with `stringify` before using it as a value.
 */
export function parseNested(value: string, options?: ParseOptions): PropertyMap {
  return parse(value, options);
}

/** Scan `text` from `start`, storing pairs into `map`. @internal */
export function parseInto(
  text: string,
  start: number,
  options: ParseOptions | undefined,
  map: PropertyMap,
): void {
  if (typeof text !== "string") throw new TypeError("connection string must be a string");
  const odbc = options?.odbc === true;
  const keepEmpty = options?.keepEmpty === true;
  const firstWins = (options?.duplicates ?? (odbc ? "first" : "last")) === "first";
  const len = text.length;
  // The key just read, when its value was unquoted: the next key may be the tail of that value.
  let previousUnquoted: string | undefined;
  let i = start;
  let c = 0;
  for (;;) {
    // 1. between pairs
    while (i < len) {
      c = text.charCodeAt(i);
      if (c === SEMI || isWs(c)) i++;
      else break;
    }
    if (i >= len) return;
    if (isBadControl(c)) throw syntaxError("control-character", text, i, odbc, start);

    // 2. key
    const keyStart = i;
    let key = "";
    let seg = i;
    for (;;) {
      if (i >= len) throw syntaxError("missing-equals", text, keyStart, odbc, start);
      c = text.charCodeAt(i);
      if (c === EQ) {
        if (!odbc && i + 1 < len && text.charCodeAt(i + 1) === EQ) {
          key += text.slice(seg, i + 1);
          i += 2;
          seg = i;
          continue;
        }
        break;
      }
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
        if (isBadControl(c)) throw syntaxError("control-character", text, i, odbc, start);
      }
      i++;
    }
    const eqPos = i;
    let kend = i;
    while (kend > seg && isWs(text.charCodeAt(kend - 1))) kend--;
    key = seg === keyStart ? text.slice(keyStart, kend) : key + text.slice(seg, kend);
    if (key.length === 0) throw syntaxError("empty-key", text, eqPos, odbc, start);

    // 3. value
    i = eqPos + 1;
    while (i < len) {
      c = text.charCodeAt(i);
      if (isWs(c)) i++;
      else break;
    }
    let value: string | undefined;
    let quoted = false;
    if (i >= len || c === SEMI) {
      i++;
      value = keepEmpty ? "" : undefined;
    } else if (odbc ? c === LBRACE : c === SQ || c === DQ) {
      const open = i;
      quoted = true;
      const close = odbc ? RBRACE : c;
      i++;
      let s = i;
      let v = "";
      for (;;) {
        if (i >= len) {
          throw syntaxError(
            odbc ? "unterminated-brace" : "unterminated-quote",
            text,
            open,
            odbc,
            start,
          );
        }
        c = text.charCodeAt(i);
        if (c === close) {
          if (i + 1 < len && text.charCodeAt(i + 1) === close) {
            if (!odbc) {
              v += text.slice(s, i + 1);
              s = i + 2;
            }
            i += 2;
            continue;
          }
          break;
        }
        if (c === 0) throw syntaxError("control-character", text, i, odbc, start);
        i++;
      }
      // i at the closing quote
      value = odbc ? text.slice(open, i + 1) : v + text.slice(s, i);
      i++;
      while (i < len) {
        c = text.charCodeAt(i);
        if (isWs(c)) i++;
        else break;
      }
      if (i < len) {
        if (c !== SEMI) throw syntaxError("text-after-quote", text, i, odbc, start);
        i++;
      }
    } else {
      const vs = i;
      while (i < len) {
        c = text.charCodeAt(i);
        if (c === SEMI) break;
        if ((c < 0x20 || (c >= 0x7f && c <= 0x9f)) && isBadControl(c)) {
          throw syntaxError("control-character", text, i, odbc, start);
        }
        i++;
      }
      let ve = i;
      while (isWs(text.charCodeAt(ve - 1))) ve--;
      const last = text.charCodeAt(ve - 1);
      if (!odbc && (last === SQ || last === DQ)) {
        throw syntaxError("value-ends-with-quote", text, ve - 1, odbc, start);
      }
      value = text.slice(vs, ve);
      i++;
    }

    // 4. store
    const before = previousUnquoted;
    previousUnquoted = quoted ? undefined : key;
    if (firstWins && map.has(key)) continue;
    if (value === undefined) map.delete(key);
    else setParsed(map, key, value, quoted, before);
  }
}
