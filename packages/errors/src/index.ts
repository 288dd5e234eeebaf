/**
 * The one error shape of every `@x` package: {@link XConnError} (a stable `code`, a `kind` for
 * coarse handling, a `hint` kept out of the message, `toJSON()` without secrets) and the
 * {@link isXConnError} guard. Every other `@x` package imports it from here and re-exports it.
 * @module
 */
// `instanceof XConnError` and `isXConnError` recognise a brand registered globally
// (`Symbol.for`), so errors still pass when two versions of this package are installed side by
// side (a user's dependency tree may hold both).

/** Coarse classes of failure, for handling an error without knowing every code. */
export type ErrorKind =
  /** The input is wrong (a property, a connection string, a definition): fix it and retry. */
  | "configuration"
  /** Credentials or a grant were refused or are missing: authorize again. */
  | "authorization"
  /** The provider answered with an error, throttled, or answered something unusable. */
  | "provider"
  /** No usable answer: connection refused or reset, DNS, timeout. */
  | "network"
  /** The settings store failed: unreadable, undecryptable, locked, unreachable. */
  | "storage"
  /** The caller cancelled through its AbortSignal. */
  | "aborted";

const BRAND = Symbol.for("@x/error");

/** Options of every {@link XConnError}. `cause` must never hold a secret. */
export interface XConnErrorOptions {
  /** What to do about the error; kept apart from the message. */
  hint?: string | undefined;
  /** The underlying error, if any (never one holding a secret). */
  cause?: unknown;
}

/**
 * Base class of every error the `@x` packages throw: a stable `code`, a `kind` for coarse handling,
 * a message that names what was wrong, and a `hint` that says what to do (kept out of the
 * message). Neither, nor `toJSON()`, ever holds a secret.
 */
export class XConnError extends Error {
  /** Stable, machine-readable code (`CONNECTOR_API_ERROR`, `OAUTH_INVALID_GRANT`, …). */
  readonly code: string;
  /** The coarse class of the failure. */
  readonly kind: ErrorKind;
  /** What to do about it. */
  readonly hint: string | undefined;

  constructor(code: string, kind: ErrorKind, message: string, options?: XConnErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.kind = kind;
    this.hint = options?.hint;
  }

  /** Errors of every installed copy of this class (two versions side by side) are instances. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // A subclass (`instanceof ApiError`) checks its own prototype chain, as usual.
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class `instanceof` was asked about
    if (this !== XConnError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === "object" && value !== null && BRAND in value;
  }

  /** The error as JSON: name, code, kind, message and hint (never a secret). */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      kind: this.kind,
      message: this.message,
      ...(this.hint === undefined ? {} : { hint: this.hint }),
    };
  }
}
Object.defineProperty(XConnError.prototype, BRAND, { value: true });

/** True when `value` is an error of an `@x` package, with the given `code` when one is passed. */
export function isXConnError(value: unknown, code?: string): value is XConnError {
  return value instanceof XConnError && (code === undefined || value.code === code);
}
