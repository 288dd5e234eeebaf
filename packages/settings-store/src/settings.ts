import type { StandardSchemaV1 } from "@standard-schema/spec";
import {
  decryptRecord,
  deriveSettingsKey,
  encryptRecord,
  SettingsKey,
  type SettingsKeyInput,
  settingsKeySource,
} from "./crypto.js";
import { checkKey, type SettingsDriver, type UpdateOptions } from "./driver.js";
import {
  SettingsBackendError,
  SettingsIoError,
  SettingsLockLostError,
  SettingsLockTimeoutError,
  SettingsRecordError,
} from "./errors.js";
import * as v from "./internal/valibot.js";
import { RecoveryJournal, type RecoveryOptions } from "./recovery.js";

const INSPECT = Symbol.for("nodejs.util.inspect.custom");

/** One persisted OAuth record. Every field is optional: a record fills in as the flow progresses. */
export interface OAuthSettings {
  /** Current access token. */
  accessToken?: string | undefined;
  /** Current refresh token (rotated by some providers on every refresh). */
  refreshToken?: string | undefined;
  /** Token type from the token response, usually `Bearer`. */
  tokenType?: string | undefined;
  /** Absolute expiry of the access token, epoch milliseconds. */
  expiresAt?: number | undefined;
  /** Granted scope as the provider returned it. */
  scope?: string | undefined;
  /** Provider values returned with the token: `api_domain`, `accounts-server`, `location`, ... */
  metadata?: { [name: string]: string } | undefined;
  /** SHA-256 fingerprint of an OAuth verifier already exchanged (a verifier is used once). */
  consumedVerifier?: string | undefined;
  /** When the record was last written, epoch milliseconds (set by the store on every write). */
  updatedAt?: number | undefined;
}

const epochMs = () => v.optional(v.pipe(v.number(), v.integer(), v.minValue(0)));
const settingsSchema = v.object({
  accessToken: v.optional(v.string()),
  refreshToken: v.optional(v.string()),
  tokenType: v.optional(v.string()),
  expiresAt: epochMs(),
  scope: v.optional(v.string()),
  metadata: v.optional(v.record(v.string(), v.string())),
  consumedVerifier: v.optional(v.string()),
  updatedAt: epochMs(),
});

// Compile-time guard: the interface and the schema describe the same record.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShape: Same<OAuthSettings, v.InferOutput<typeof settingsSchema>> = true;
void sameShape;

/**
 * The schema of {@link OAuthSettings}, as a [Standard Schema](https://standardschema.dev): validate
 * a record from elsewhere with `OAuthSettingsSchema["~standard"].validate(value)`.
 */
export const OAuthSettingsSchema: StandardSchemaV1<unknown, OAuthSettings> = settingsSchema;

/** What an update function of a {@link SettingsStore} returns: a record to write, `null` to delete, `undefined` to keep. */
export type SettingsUpdateResult = OAuthSettings | null | undefined;

/** Options of {@link SettingsStore.update}. */
export interface StoreUpdateOptions extends UpdateOptions {
  /**
   * The record `fn` returns must not be lost (tokens a provider just issued, outside the lock):
   * with a recovery file, when the lock cannot be taken because the store is down, `fn` runs on
   * the newest record this process knows and its result is kept like a failed write (see
   * {@link SettingsStoreOptions.recovery}). Never set it for a refresh: that must run in the lock.
   */
  durable?: boolean;
}

/** A typed, encrypted view of one record (one connection) in a {@link SettingsDriver}. */
export interface SettingsStore {
  /** The record key inside the driver (by default the provider id). */
  readonly key: string;
  /** The driver underneath (`memory`, `file`, `redis`, `postgres`, ...). */
  readonly driver: SettingsDriver;
  /** The record, or `undefined` when none is stored. Throws `SETTINGS_UNDECRYPTABLE` / `SETTINGS_INVALID_RECORD`. */
  get(): Promise<OAuthSettings | undefined>;
  /** Writes the record (stamping `updatedAt`). */
  set(settings: OAuthSettings): Promise<void>;
  /** Removes the record. */
  delete(): Promise<void>;
  /**
   * Atomic read-modify-write across processes (see {@link SettingsDriver.update}). `fn` may be slow
   * (a token refresh): the lease is renewed while it runs. Resolves to the record stored afterwards.
   * With a recovery file, a record `fn` returned that the store then refuses is kept (in memory,
   * in the file, retried) and returned as if written.
   */
  update(
    fn: (
      current: OAuthSettings | undefined,
    ) => SettingsUpdateResult | Promise<SettingsUpdateResult>,
    options?: StoreUpdateOptions,
  ): Promise<OAuthSettings | undefined>;
  /** A record waiting in the recovery file / memory for the store to come back, if any. */
  readonly pending: boolean;
  /** Closes the driver (records still pending stay in the recovery file). */
  close(): Promise<void>;
}

/** Options of {@link createSettingsStore}. */
export interface SettingsStoreOptions {
  /** Record key inside the driver: one record per connection, e.g. the provider id. */
  key: string;
  /**
   * The encryption key, the promise `deriveSettingsKey()` returns, or what to derive it from
   * (derived on first use, off the event loop).
   */
  encryption: SettingsKey | PromiseLike<SettingsKey> | SettingsKeyInput;
  /**
   * Where a record goes when the store fails to write it after `fn` produced it (a refresh or
   * code exchange already happened): kept in memory and used, saved in this encrypted 0600
   * file, and written to the store again until it takes it. On open, what the file holds for
   * this record is reconciled with the store (newer `updatedAt` wins). Without it, such a write
   * failure is thrown.
   */
  recovery?: RecoveryOptions | undefined;
}

// Failures of the store itself, as opposed to a caller's bad input or an aborted call.
const storeFault = (error: unknown) =>
  error instanceof SettingsBackendError ||
  error instanceof SettingsIoError ||
  error instanceof SettingsLockTimeoutError ||
  error instanceof SettingsLockLostError;

let obfuscationWarned = false;

/**
 * Once per process: tokens are being stored under a key no secret went into (a public client's
 * id, or none), which hides them from casual reading only.
 */
function warnObfuscationOnly(): void {
  if (obfuscationWarned) return;
  obfuscationWarned = true;
  process.emitWarning(
    "OAuth tokens are being stored with a key derived without a secret (a public client id, or none): they are obfuscated, not encrypted, and anyone who can read the settings can use them. Set OAuthSettingsSecret (or the X_OAUTH_SETTINGS_SECRET environment variable) to encrypt them.",
    { code: "X_SETTINGS_OBFUSCATION_ONLY" },
  );
}

/** Wraps a driver into a typed store of one encrypted `OAuthSettings` record. */
export function createSettingsStore(
  driver: SettingsDriver,
  options: SettingsStoreOptions,
): SettingsStore {
  const recordKey = options.key;
  checkKey(recordKey);
  // Derived off the event loop on first use; every operation awaits it (a settled promise after).
  const given = options.encryption;
  let derived: SettingsKey | undefined;
  let ready: Promise<SettingsKey>;
  let pendingLabel = "SettingsKey(pending)";
  if (given instanceof SettingsKey) {
    derived = given;
    ready = Promise.resolve(given);
  } else if (isPromiseLike(given)) {
    ready = Promise.resolve(given);
  } else {
    pendingLabel = `SettingsKey(${settingsKeySource(given)}, deriving)`;
    ready = deriveSettingsKey(given);
  }
  ready.then(
    (k) => {
      derived = k;
    },
    () => {},
  );

  const decode = (key: SettingsKey, envelope: string | undefined): OAuthSettings | undefined => {
    if (envelope === undefined) return undefined;
    const text = decryptRecord(key, recordKey, envelope);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new SettingsRecordError(
        `The decrypted record "${recordKey}" is not JSON.`,
        "The record was written by an incompatible program; delete it and authorize again.",
        [],
      );
    }
    return protect(validate(recordKey, json, "stored"));
  };
  const encode = (key: SettingsKey, settings: OAuthSettings): string => {
    const record = validate(recordKey, settings, "given");
    if (key.obfuscationOnly && (record.accessToken || record.refreshToken)) warnObfuscationOnly();
    return encryptRecord(key, recordKey, JSON.stringify({ ...record, updatedAt: Date.now() }));
  };

  const updatedAtOf = (envelope: string) => {
    try {
      // Called only after an operation awaited the key.
      return derived ? (decode(derived, envelope)?.updatedAt ?? 0) : undefined;
    } catch {
      return undefined;
    }
  };
  const recovery = options.recovery
    ? new RecoveryJournal(options.recovery, recordKey, driver, updatedAtOf)
    : undefined;
  // The newer of the stored envelope and a pending one, decoded.
  const newest = (key: SettingsKey, envelope: string | undefined) => {
    const pending = recovery?.pending;
    const stored = decode(key, envelope);
    if (pending && (stored?.updatedAt ?? 0) < pending.updatedAt) {
      return { record: decode(key, pending.envelope), pending: pending.envelope };
    }
    return { record: stored, pending: undefined };
  };
  // Keeps a record the store refused, and returns it as the caller's result.
  const keep = async (recovering: RecoveryJournal, envelope: string, error: unknown) => {
    const record = decode(await ready, envelope) as OAuthSettings;
    await recovering.keep(envelope, record.updatedAt ?? Date.now(), error);
    return record;
  };

  const store: SettingsStore = {
    key: recordKey,
    driver,
    get pending() {
      return recovery?.pending !== undefined;
    },
    async get() {
      const key = await ready;
      await recovery?.load();
      let envelope: string | undefined;
      try {
        envelope = await driver.get(recordKey);
      } catch (error) {
        const pending = recovery?.pending;
        if (pending && storeFault(error)) return decode(key, pending.envelope);
        throw error;
      }
      const { record, pending } = newest(key, envelope);
      if (pending) recovery?.retry();
      return record;
    },
    async set(settings) {
      const key = await ready;
      await driver.set(recordKey, encode(key, settings));
    },
    async delete() {
      await driver.delete(recordKey);
      await recovery?.discard();
    },
    async update(fn, updateOptions) {
      const key = await ready;
      await recovery?.load();
      let produced: string | undefined;
      let ran = false;
      let failed = false;
      try {
        const stored = await driver.update(
          recordKey,
          async (envelope) => {
            ran = true;
            const base = newest(key, envelope);
            let next: SettingsUpdateResult;
            try {
              next = await fn(base.record);
            } catch (error) {
              failed = true;
              throw error;
            }
            // Unchanged, but a pending record is newer than the stored one: write it now.
            if (next === undefined) return base.pending;
            if (next === null) return null;
            produced = encode(key, next);
            return produced;
          },
          updateOptions,
        );
        const record = decode(key, stored);
        await recovery?.settled(record?.updatedAt);
        return record;
      } catch (error) {
        if (!recovery || failed) throw error;
        if (produced !== undefined) return keep(recovery, produced, error);
        if (!ran && updateOptions?.durable && storeFault(error)) {
          const pending = recovery.pending;
          const next = await fn(pending ? decode(key, pending.envelope) : undefined);
          if (next === undefined || next === null) throw error;
          return keep(recovery, encode(key, next), error);
        }
        throw error;
      }
    },
    async close() {
      await recovery?.close();
      await driver.close();
    },
  };
  Object.defineProperty(store, INSPECT, {
    enumerable: false,
    value: () =>
      `SettingsStore(${driver.name}, key ${JSON.stringify(recordKey)}, ${derived ?? pendingLabel})`,
  });
  return store;
}

function isPromiseLike(value: unknown): value is PromiseLike<SettingsKey> {
  return typeof (value as PromiseLike<unknown> | undefined)?.then === "function";
}

function validate(recordKey: string, value: unknown, what: "stored" | "given"): OAuthSettings {
  const result = v.safeParse(settingsSchema, value);
  if (result.success) return result.output;
  const properties = result.issues.map((issue) => v.getDotPath(issue) ?? "(record)");
  const first = result.issues[0];
  throw new SettingsRecordError(
    `The ${what} settings record "${recordKey}" is invalid at ${properties.join(", ")}: ${first?.message ?? "invalid"}.`,
    what === "stored"
      ? "The record was written by an incompatible program; delete it and authorize again."
      : "Pass an OAuthSettings object: tokens and scope as strings, expiresAt as epoch milliseconds.",
    properties,
  );
}

const REDACTED_FIELDS = ["accessToken", "refreshToken", "consumedVerifier"] as const;

/**
 * A copy of `settings` safe to print: tokens and the verifier fingerprint are replaced by
 * `"[redacted]"`; expiry, scope and metadata stay.
 */
export function redactSettings(settings: OAuthSettings): OAuthSettings {
  const copy: OAuthSettings = { ...settings };
  for (const field of REDACTED_FIELDS) {
    if (copy[field] !== undefined) copy[field] = "[redacted]";
  }
  if (copy.metadata) copy.metadata = { ...copy.metadata };
  return copy;
}

// Records handed out print and serialize redacted by accident-proof default; fields stay readable.
function protect(settings: OAuthSettings): OAuthSettings {
  Object.defineProperty(settings, INSPECT, {
    enumerable: false,
    value: () => redactSettings(settings),
  });
  Object.defineProperty(settings, "toJSON", {
    enumerable: false,
    value: () => redactSettings(settings),
  });
  return settings;
}
