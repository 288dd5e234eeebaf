import { SettingsArgumentError, SettingsValueError } from "./errors.js";

/**
 * What an `update` function returns: a string is written, `null` deletes the record,
 * `undefined` leaves it as it is.
 */
export type UpdateResult = string | null | undefined;

/** The read-modify-write step of {@link SettingsDriver.update}; runs while the lock is held. */
export type Updater = (current: string | undefined) => UpdateResult | Promise<UpdateResult>;

/** Options of {@link SettingsDriver.update}. */
export interface UpdateOptions {
  /**
   * How long the lock outlives a holder that stops renewing it (a crashed process), in ms.
   * Drivers renew the lease while `fn` runs, so a slow `fn` keeps its lock. Default 30 000.
   */
  leaseMs?: number;
  /** How long to wait for the lock before failing with `SETTINGS_LOCK_TIMEOUT`, in ms. Default 45 000. */
  waitMs?: number;
  /** Aborts waiting for the lock (and the write, if `fn` has not returned yet). */
  signal?: AbortSignal;
}

/**
 * A place where settings records live, as opaque strings under string keys.
 * Every driver (memory, file, Redis, PostgreSQL, third parties') implements this and passes
 * the conformance suite in `@x/settings-store/test`.
 */
export interface SettingsDriver {
  /** Short name for messages: `memory`, `file`, `redis`, `postgres`. */
  readonly name: string;
  /** The stored value, or `undefined` when there is none. */
  get(key: string): Promise<string | undefined>;
  /** Stores `value` under `key`, replacing what was there. */
  set(key: string, value: string): Promise<void>;
  /** Removes `key`; removing a missing key is not an error. */
  delete(key: string): Promise<void>;
  /**
   * Atomic read-modify-write: takes a lease-bound lock on `key`, calls `fn` with the current
   * value, writes what it returns (see {@link UpdateResult}) and releases the lock. Two callers
   * (in any processes) never interleave, so no update is lost. Resolves to the value stored
   * afterwards. If `fn` throws, nothing is written and the error propagates.
   */
  update(key: string, fn: Updater, options?: UpdateOptions): Promise<string | undefined>;
  /** Releases connections and timers. Further calls fail with `SETTINGS_CLOSED`. */
  close(): Promise<void>;
}

/** Default lease of an update lock, in ms: comfortably longer than an OAuth refresh (≈15 s). */
export const DEFAULT_LEASE_MS = 30_000;
/** Default time to wait for an update lock, in ms: longer than a lease, so a crashed holder's lock expires first. */
export const DEFAULT_WAIT_MS = 45_000;

/** Resolved update options with defaults applied and checked. */
export interface ResolvedUpdateOptions {
  leaseMs: number;
  waitMs: number;
  signal: AbortSignal | undefined;
}

/** Applies defaults to {@link UpdateOptions} and rejects unusable values. */
export function resolveUpdateOptions(options: UpdateOptions | undefined): ResolvedUpdateOptions {
  const leaseMs = options?.leaseMs ?? DEFAULT_LEASE_MS;
  const waitMs = options?.waitMs ?? DEFAULT_WAIT_MS;
  if (!Number.isFinite(leaseMs) || leaseMs < 100) {
    throw new SettingsArgumentError(
      `leaseMs must be a number of milliseconds >= 100, got ${String(leaseMs)}.`,
      "Pass a lease long enough for the update function, e.g. 30000.",
    );
  }
  if (!Number.isFinite(waitMs) || waitMs < 0) {
    throw new SettingsArgumentError(
      `waitMs must be a number of milliseconds >= 0, got ${String(waitMs)}.`,
      "Pass how long to wait for the lock, e.g. 45000.",
    );
  }
  return { leaseMs, waitMs, signal: options?.signal };
}

/** Keys are non-empty strings of at most 512 characters without NUL. */
export function checkKey(key: unknown): asserts key is string {
  if (typeof key !== "string" || key.length === 0 || key.length > 512 || key.includes("\0")) {
    throw new SettingsArgumentError(
      `A settings key must be a non-empty string of at most 512 characters without NUL, got ${describe(key)}.`,
      "Use the provider id or a connection name as the key.",
    );
  }
}

/** Values are strings. */
export function checkValue(key: string, value: unknown): asserts value is string {
  if (typeof value !== "string") {
    throw new SettingsValueError(
      `The value for key "${key}" must be a string, got ${describe(value)}.`,
      "Drivers store opaque strings; serialize the value first (the SettingsStore layer does this).",
    );
  }
}

/** Checks what an {@link Updater} returned. */
export function checkUpdateResult(key: string, result: unknown): asserts result is UpdateResult {
  if (result !== null && result !== undefined && typeof result !== "string") {
    throw new SettingsValueError(
      `The update function for key "${key}" returned ${describe(result)}; expected a string, null or undefined.`,
      "Return the new value as a string, null to delete the record, or undefined to leave it unchanged.",
    );
  }
}

function describe(value: unknown): string {
  if (typeof value === "string") return `a string of length ${value.length}`;
  if (value === null) return "null";
  return typeof value;
}
