/**
 * Every error this package throws is a {@link SettingsStoreError} with a stable `code` and a `hint`.
 * Messages name the key, path or option involved; they never contain token or key material.
 */

import { XConnError } from "@x/errors";

/** Stable error codes (documented in the README). */
export type SettingsErrorCode =
  | "SETTINGS_INVALID_ARGUMENT"
  | "SETTINGS_INVALID_LOCATION"
  | "SETTINGS_INVALID_VALUE"
  | "SETTINGS_INVALID_RECORD"
  | "SETTINGS_UNDECRYPTABLE"
  | "SETTINGS_CORRUPT"
  | "SETTINGS_UNSUPPORTED_VERSION"
  | "SETTINGS_IO"
  | "SETTINGS_LOCK_TIMEOUT"
  | "SETTINGS_LOCK_LOST"
  | "SETTINGS_ABORTED"
  | "SETTINGS_CLOSED"
  | "SETTINGS_DRIVER_MISSING"
  | "SETTINGS_BACKEND"
  | "SETTINGS_UNSAFE_FILE";

/** Base class of every error thrown by `@x/settings-store` (kind `storage`). */
export class SettingsStoreError extends XConnError {
  /** Stable, machine-readable code. */
  declare readonly code: SettingsErrorCode;
  /** What the user can do about it. */
  declare readonly hint: string;

  constructor(code: SettingsErrorCode, message: string, hint: string, options?: ErrorOptions) {
    super(code, "storage", message, { hint, cause: options?.cause });
  }
}

/** A caller passed an unusable argument (empty key, negative lease, ...). */
export class SettingsArgumentError extends SettingsStoreError {
  constructor(message: string, hint: string) {
    super("SETTINGS_INVALID_ARGUMENT", message, hint);
  }
}

/** `OAuthSettingsLocation` could not be understood. */
export class SettingsLocationError extends SettingsStoreError {
  constructor(message: string, hint: string, options?: ErrorOptions) {
    super("SETTINGS_INVALID_LOCATION", message, hint, options);
  }
}

/** An `update` function returned something other than a string, `null` or `undefined`. */
export class SettingsValueError extends SettingsStoreError {
  constructor(message: string, hint: string) {
    super("SETTINGS_INVALID_VALUE", message, hint);
  }
}

/** A decrypted record (or a record passed to `set`) does not match the `OAuthSettings` schema. */
export class SettingsRecordError extends SettingsStoreError {
  /** Paths of the offending properties, e.g. `["expiresAt"]`. */
  readonly properties: readonly string[];
  constructor(message: string, hint: string, properties: readonly string[]) {
    super("SETTINGS_INVALID_RECORD", message, hint);
    this.properties = properties;
  }
}

/** A record could not be decrypted: wrong secret, wrong client credentials, or tampering. */
export class SettingsDecryptError extends SettingsStoreError {
  /** Why: the key differs from the one that wrote it, the ciphertext was altered, or it is not an envelope. */
  readonly reason: "wrong-key" | "tampered" | "malformed";
  constructor(message: string, hint: string, reason: "wrong-key" | "tampered" | "malformed") {
    super("SETTINGS_UNDECRYPTABLE", message, hint);
    this.reason = reason;
  }
}

/** A settings file is not a valid settings document (truncated, edited, not ours). Never overwritten. */
export class SettingsCorruptError extends SettingsStoreError {
  readonly path: string;
  constructor(path: string, detail: string, options?: ErrorOptions) {
    super(
      "SETTINGS_CORRUPT",
      `Settings file ${path} is not a valid settings document: ${detail}.`,
      "The file was truncated, edited or replaced; it is left untouched. Restore it from a copy, or delete it and authorize again.",
      options,
    );
    this.path = path;
  }
}

/** A settings file was written by a newer format version than this package reads. */
export class SettingsVersionError extends SettingsStoreError {
  constructor(path: string, version: unknown) {
    super(
      "SETTINGS_UNSUPPORTED_VERSION",
      `Settings file ${path} has format version ${JSON.stringify(version)}, which this version of @x/settings-store does not read.`,
      "Upgrade @x/settings-store to the version that wrote the file.",
    );
  }
}

/** The file system refused an operation (missing directory that cannot be created, parent is a file, read-only, ...). */
export class SettingsIoError extends SettingsStoreError {
  readonly path: string;
  /** The node error code, e.g. `ENOTDIR`, `EACCES`, `EROFS`. */
  readonly ioCode: string | undefined;
  constructor(operation: string, path: string, cause: unknown) {
    const ioCode = (cause as NodeJS.ErrnoException | undefined)?.code;
    super(
      "SETTINGS_IO",
      `Cannot ${operation} ${path}: ${ioCode ?? String(cause)}.`,
      ioHint(ioCode),
      { cause },
    );
    this.path = path;
    this.ioCode = ioCode;
  }
}

function ioHint(code: string | undefined): string {
  switch (code) {
    case "ENOTDIR":
      return "A part of the path is a file, not a directory: choose another OAuthSettingsLocation.";
    case "EACCES":
    case "EPERM":
      return "The current user may not read or write there: fix the permissions or choose another OAuthSettingsLocation.";
    case "EROFS":
      return "The file system is read-only: choose a writable OAuthSettingsLocation.";
    case "EISDIR":
      return "The location is a directory: point OAuthSettingsLocation at a file inside it.";
    case "ENOSPC":
      return "The disk is full.";
    default:
      return "Check that OAuthSettingsLocation points at a readable, writable file.";
  }
}

/** The lock on a record could not be taken within `waitMs`. */
export class SettingsLockTimeoutError extends SettingsStoreError {
  constructor(target: string, waitMs: number) {
    super(
      "SETTINGS_LOCK_TIMEOUT",
      `Timed out after ${waitMs} ms waiting for the lock on ${target}.`,
      "Another process or request is updating the same settings. If it crashed, its lock expires when its lease runs out; raise waitMs to wait longer.",
    );
  }
}

/** The lease on a lock ran out (or was taken over) before the update was written; nothing was written. */
export class SettingsLockLostError extends SettingsStoreError {
  constructor(target: string) {
    super(
      "SETTINGS_LOCK_LOST",
      `The lock on ${target} was lost before the update could be written; the update was not applied.`,
      "The process stalled longer than the lease (leaseMs) and another holder took over. Retry; raise leaseMs if the host is overloaded.",
    );
  }
}

/** The caller's `AbortSignal` fired. */
export class SettingsAbortedError extends SettingsStoreError {
  constructor(target: string, options?: ErrorOptions) {
    super(
      "SETTINGS_ABORTED",
      `The operation on ${target} was aborted.`,
      "The caller's AbortSignal fired; nothing was written.",
      options,
    );
  }
}

/** The driver or store was used after `close()`. */
export class SettingsClosedError extends SettingsStoreError {
  constructor(driver: string) {
    super(
      "SETTINGS_CLOSED",
      `The ${driver} settings driver is closed.`,
      "Open a new store; close() is final.",
    );
  }
}

/** An optional client library (ioredis, pg) is not installed. */
export class SettingsDriverMissingError extends SettingsStoreError {
  constructor(library: string, scheme: string, options?: ErrorOptions) {
    super(
      "SETTINGS_DRIVER_MISSING",
      `OAuthSettingsLocation uses ${scheme}, which needs the "${library}" package, and it is not installed.`,
      `Install it next to @x/settings-store: npm install ${library}`,
      options,
    );
  }
}

/** The Redis or PostgreSQL server could not be reached or answered with an error. */
export class SettingsBackendError extends SettingsStoreError {
  constructor(driver: string, operation: string, cause: unknown) {
    const detail = hidePasswords(cause instanceof Error ? cause.message : String(cause));
    super(
      "SETTINGS_BACKEND",
      `The ${driver} settings driver failed to ${operation}: ${detail}`,
      `Check that the ${driver} server in OAuthSettingsLocation is running and reachable.`,
      // The client library's error can carry the command it sent (AUTH with the password) or the
      // connection URL: only its name, code and a scrubbed message are kept.
      { cause: safeCause(cause) },
    );
  }
}

/**
 * A settings or lock file that must not be used: not a regular file (a FIFO, a device, a
 * directory), larger than any settings file can be, or owned by another user (a file planted in a
 * shared directory). Named by its path; nothing was read from it or written to it.
 */
export class SettingsUnsafeFileError extends SettingsStoreError {
  readonly path: string;
  readonly reason: "not-a-file" | "too-large" | "not-owned";
  constructor(path: string, reason: "not-a-file" | "too-large" | "not-owned", detail: string) {
    super(
      "SETTINGS_UNSAFE_FILE",
      `Refusing to use ${path}: ${detail}.`,
      reason === "not-owned"
        ? "Another user owns it (it may have been planted in a shared directory). Use an OAuthSettingsLocation in a directory only you can write, e.g. the default under your home directory."
        : reason === "too-large"
          ? "A settings file holds a few kilobytes per connection: point OAuthSettingsLocation at the settings file, not at another file."
          : "OAuthSettingsLocation must name a regular file (not a pipe, a device or a directory).",
    );
    this.path = path;
    this.reason = reason;
  }
}

/** `scheme://user:password@` and `password=...` in a text, with the password replaced by `***`. */
export function hidePasswords(text: string): string {
  return text
    .replace(/([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s]*@/gi, "$1***@")
    .replace(/([?&;\s]password=)[^&\s;]*/gi, "$1***");
}

function safeCause(cause: unknown): Error | undefined {
  if (!(cause instanceof Error)) return undefined;
  const copy = new Error(hidePasswords(cause.message));
  copy.name = cause.name;
  const code = (cause as { code?: unknown }).code;
  if (typeof code === "string") (copy as Error & { code?: string }).code = code;
  return copy;
}
