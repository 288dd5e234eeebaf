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
import { SettingsRecordError } from "./errors.js";
import * as v from "./internal/valibot.js";

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
   */
  update(
    fn: (
      current: OAuthSettings | undefined,
    ) => SettingsUpdateResult | Promise<SettingsUpdateResult>,
    options?: UpdateOptions,
  ): Promise<OAuthSettings | undefined>;
  /** Closes the driver. */
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
    return encryptRecord(key, recordKey, JSON.stringify({ ...record, updatedAt: Date.now() }));
  };

  const store: SettingsStore = {
    key: recordKey,
    driver,
    async get() {
      const key = await ready;
      return decode(key, await driver.get(recordKey));
    },
    async set(settings) {
      const key = await ready;
      await driver.set(recordKey, encode(key, settings));
    },
    async delete() {
      await driver.delete(recordKey);
    },
    async update(fn, updateOptions) {
      const key = await ready;
      const stored = await driver.update(
        recordKey,
        async (envelope) => {
          const next = await fn(decode(key, envelope));
          if (next === undefined) return undefined;
          if (next === null) return null;
          return encode(key, next);
        },
        updateOptions,
      );
      return decode(key, stored);
    },
    close() {
      return driver.close();
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
