/**
 * Character classes used by the scanner and the serializer.
 * @internal
 */

/** `;` */
export const SEMI = 0x3b;
/** `=` */
export const EQ = 0x3d;
/** `'` */
export const SQ = 0x27;
/** `"` */
export const DQ = 0x22;
/** `{` */
export const LBRACE = 0x7b;
/** `}` */
export const RBRACE = 0x7d;

/**
 * .NET `char.IsWhiteSpace`: Unicode Zs/Zl/Zp, TAB, LF, VT, FF, CR, U+0085 and U+00A0.
 * Unlike JS `trim()`, U+FEFF is *not* whitespace and U+0085 is.
 * @internal
 */
export function isWs(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0x85) return false;
  return (
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

/** Unicode category Cc (C0, DEL, C1). @internal */
export function isControl(c: number): boolean {
  return c < 0x20 || (c >= 0x7f && c <= 0x9f);
}

/** A control character that is not whitespace (those are errors in keys and unquoted values). @internal */
export function isBadControl(c: number): boolean {
  return (c < 0x20 && !(c >= 0x09 && c <= 0x0d)) || (c >= 0x7f && c <= 0x9f && c !== 0x85);
}
