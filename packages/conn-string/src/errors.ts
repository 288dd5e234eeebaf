import { XConnError } from "@x/errors";
import { DQ, EQ, isControl, isWs, LBRACE, RBRACE, SEMI, SQ } from "./chars.js";
import { looksSecret } from "./property-map.js";

/**
 * Stable error codes carried by {@link ConnStringError.code}.
 *
 * | code | when |
 * |---|---|
 * | `CONN_STRING_SYNTAX` | `parse` / `parseJdbc` met text that breaks the syntax rules |
 * | `CONN_STRING_INVALID_KEY` | `stringify` was given a key it cannot write (empty, leading `;`/whitespace, trailing whitespace, control character) |
 * | `CONN_STRING_INVALID_VALUE` | a value is not acceptable: a NUL in `stringify`, or a typed property whose value is outside its type/allowed set |
 * | `CONN_STRING_UNKNOWN_PROPERTY` | validation met a property name that is not declared |
 * | `CONN_STRING_MISSING_PROPERTY` | validation did not find a required property |
 * | `CONN_STRING_INVALID_JDBC` | `parseJdbc` got text that does not start with `jdbc:[cdata:]driver:`, or `stringifyJdbc` got a bad driver name |
 */
export type ConnStringErrorCode =
  | "CONN_STRING_SYNTAX"
  | "CONN_STRING_INVALID_KEY"
  | "CONN_STRING_INVALID_VALUE"
  | "CONN_STRING_UNKNOWN_PROPERTY"
  | "CONN_STRING_MISSING_PROPERTY"
  | "CONN_STRING_INVALID_JDBC";

/** Why a `CONN_STRING_SYNTAX` error happened (finer than the code, also stable). */
export type SyntaxReason =
  | "missing-equals"
  | "empty-key"
  | "unterminated-quote"
  | "unterminated-brace"
  | "text-after-quote"
  | "value-ends-with-quote"
  | "control-character";

const REASON_TEXT: Record<SyntaxReason, string> = {
  "missing-equals": "a key has no '=' and no value (a key with no value at the end of the string)",
  "empty-key": "empty key before '='",
  "unterminated-quote": "quoted value is not terminated",
  "unterminated-brace": "braced value is not terminated",
  "text-after-quote":
    "unexpected text after the closing quote (only whitespace may follow before ';')",
  "value-ends-with-quote":
    "an unquoted value must not end with a quote character (quote the whole value)",
  "control-character": "control character not allowed here",
};

/** One problem found while validating typed properties. Never contains a secret value. */
export interface PropertyIssue {
  /** The issue's code. */
  readonly code: ConnStringErrorCode;
  /** The declared property name (or, for unknown properties, the name as written). */
  readonly property: string;
  /** Human-readable description (secret values are never included). */
  readonly message: string;
  /** The allowed values, for enums and booleans. */
  readonly allowed?: readonly string[];
  /** The value as received (omitted for secret properties and unknown properties). */
  readonly received?: string;
  /** For unknown properties: the closest declared name. */
  readonly suggestion?: string;
  /** A hint on how to fix it. */
  readonly hint?: string;
}

/** Fields accepted by the {@link ConnStringError} constructor. */
export interface ConnStringErrorInit {
  code: ConnStringErrorCode;
  message: string;
  index?: number;
  reason?: SyntaxReason;
  property?: string;
  allowed?: readonly string[];
  hint?: string;
  suggestion?: string;
  issues?: readonly PropertyIssue[];
}

/**
 * The single error class thrown by this package. Check `code` (stable) rather than the message.
 * Messages never echo values: syntax errors show an excerpt with value characters masked by `*`,
 * and validation errors leave out secret values.
 */
export class ConnStringError extends XConnError {
  /** Stable machine-readable code. */
  declare readonly code: ConnStringErrorCode;
  /** For syntax errors: the index in the input where parsing failed. */
  readonly index: number | undefined;
  /** For syntax errors: the precise rule that was broken. */
  readonly reason: SyntaxReason | undefined;
  /** The property concerned (the first issue's property for validation errors). */
  readonly property: string | undefined;
  /** Allowed values, when the problem is a value outside a set. */
  readonly allowed: readonly string[] | undefined;
  /** "Did you mean" suggestion for unknown property names. */
  readonly suggestion: string | undefined;
  /** Every issue found by validation (one entry for other errors). */
  readonly issues: readonly PropertyIssue[];

  /** Create an error; prefer the package functions, which build these for you. */
  constructor(init: ConnStringErrorInit) {
    super(init.code, "configuration", init.message, { hint: init.hint });
    this.name = "ConnStringError";
    this.index = init.index;
    this.reason = init.reason;
    this.property = init.property;
    this.allowed = init.allowed;
    this.suggestion = init.suggestion;
    this.issues = init.issues ?? [];
  }
}

/**
 * A same-length copy of `text` in which every value character is replaced by `*`, so that an
 * excerpt can be shown without leaking secrets. Keys, `=`, `;` and quote characters are kept;
 * control characters become `?` and other whitespace a space. Never throws.
 *
 * A key can hold part of a secret value: after `Password=hunter;2TAIL;...` the "key" `2TAIL;...`
 * is the rest of an unquoted password, and in `Password==x;...` everything after `==` is. So the
 * key that follows a secret-looking key, and key text after `==`, are masked too.
 * @internal
 */
export function maskValues(
  text: string,
  start = 0,
  odbc = false,
  isSecret: (key: string) => boolean = looksSecret,
): string {
  const len = text.length;
  const out: string[] = [];
  const show = (c: number, ch: string) => {
    out.push(isControl(c) ? (isWs(c) ? " " : "?") : isWs(c) ? " " : ch);
  };
  for (let k = 0; k < start && k < len; k++) show(text.charCodeAt(k), text[k]!);
  let i = start;
  let afterSecret = false;
  while (i < len) {
    // between pairs
    let c = text.charCodeAt(i);
    if (c === SEMI || isWs(c)) {
      show(c, text[i]!);
      i++;
      continue;
    }
    // key
    const keyStart = i;
    let hideKey = afterSecret;
    while (i < len) {
      c = text.charCodeAt(i);
      if (c === EQ) {
        if (!odbc && text.charCodeAt(i + 1) === EQ) {
          out.push("==");
          i += 2;
          hideKey = true;
          continue;
        }
        break;
      }
      if (hideKey) out.push(isControl(c) && !isWs(c) ? "?" : "*");
      else show(c, text[i]!);
      i++;
    }
    // An unquoted secret value ends at the first ';': whatever follows as the next key may be its tail.
    afterSecret = isSecret(text.slice(keyStart, i));
    if (i >= len) break;
    out.push("=");
    i++;
    while (i < len && isWs(text.charCodeAt(i))) {
      out.push(" ");
      i++;
    }
    if (i >= len) break;
    c = text.charCodeAt(i);
    const close = odbc ? (c === LBRACE ? RBRACE : -1) : c === SQ || c === DQ ? c : -1;
    if (close !== -1) {
      afterSecret = false; // a quoted value ends at its closing quote

      out.push(text[i]!);
      i++;
      while (i < len) {
        const d = text.charCodeAt(i);
        if (d === close) {
          if (text.charCodeAt(i + 1) === close) {
            out.push("**");
            i += 2;
            continue;
          }
          out.push(text[i]!);
          i++;
          break;
        }
        out.push("*");
        i++;
      }
    }
    while (i < len && text.charCodeAt(i) !== SEMI) {
      out.push("*");
      i++;
    }
  }
  return out.join("");
}

const WINDOW = 24;

/** Build the two-line excerpt (masked text + caret) for an error at `index`. @internal */
export function excerpt(masked: string, index: number): string {
  const start = Math.max(0, index - WINDOW);
  const end = Math.min(masked.length, index + WINDOW);
  const pre = start > 0 ? "…" : "";
  const post = end < masked.length ? "…" : "";
  const line = pre + masked.slice(start, end) + post;
  const caret = " ".repeat(pre.length + index - start) + "^";
  return `  ${line}\n  ${caret}`;
}

/** Create a syntax error with a masked excerpt. @internal */
export function syntaxError(
  reason: SyntaxReason,
  text: string,
  index: number,
  odbc: boolean,
  start = 0,
): ConnStringError {
  const masked = maskValues(text, start, odbc);
  return new ConnStringError({
    code: "CONN_STRING_SYNTAX",
    reason,
    index,
    message: `Invalid connection string at index ${index}: ${REASON_TEXT[reason]}.\n${excerpt(masked, index)}`,
    hint:
      reason === "missing-equals"
        ? "Every segment must be Name=Value; a ';' inside a value needs quotes."
        : reason === "value-ends-with-quote" || reason === "text-after-quote"
          ? `Quote the whole value: 'va"lue' or "va'lue" (a doubled quote inside quotes is one quote).`
          : undefined,
  });
}
