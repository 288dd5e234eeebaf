import { createCipheriv, createDecipheriv, createHmac, randomBytes, scrypt } from "node:crypto";
import { SettingsArgumentError, SettingsDecryptError } from "./errors.js";

/** Environment variable read for an explicit settings secret when none is passed. */
export const SETTINGS_SECRET_ENV = "X_OAUTH_SETTINGS_SECRET";

/**
 * Where an encryption key came from, strongest first:
 * - `secret`: an explicit secret (`OAuthSettingsSecret` / `X_OAUTH_SETTINGS_SECRET`);
 * - `client-credentials`: the OAuth client id and client secret;
 * - `client-id`: the client id alone (public clients): obfuscation only;
 * - `none`: a fixed key: obfuscation only, the file mode 0600 is the protection left.
 */
export type SettingsKeySource = "secret" | "client-credentials" | "client-id" | "none";

/** What a key is derived from; see {@link deriveSettingsKey}. */
export interface SettingsKeyInput {
  /** Explicit secret; wins over everything else. */
  secret?: string | undefined;
  /** OAuth client id. */
  clientId?: string | undefined;
  /** OAuth client secret. */
  clientSecret?: string | undefined;
  /** Environment to read `X_OAUTH_SETTINGS_SECRET` from; defaults to `process.env`. Pass `{}` to ignore it. */
  env?: Record<string, string | undefined>;
}

const INSPECT = Symbol.for("nodejs.util.inspect.custom");
const ENVELOPE_PREFIX = "x1";
// Fixed, versioned salts: the same inputs give the same key on every machine (portable files).
const SALT: Record<SettingsKeySource, string> = {
  secret: "x-connectors/oauth-settings/v1/secret",
  "client-credentials": "x-connectors/oauth-settings/v1/client-credentials",
  "client-id": "x-connectors/oauth-settings/v1/client-id",
  none: "x-connectors/oauth-settings/v1/none",
};
// scrypt N=2^14: ≈50 ms of a libuv worker once per process per input (cached), slows guessing of
// weak secrets.
const SCRYPT = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;

/**
 * A 256-bit AES key for settings records. Its bytes are private: `util.inspect`, `JSON.stringify`
 * and `String()` show only the source and a key id.
 */
export class SettingsKey {
  readonly #bytes: Buffer;
  /** Where the key came from. */
  readonly source: SettingsKeySource;
  /** Short, non-secret identifier of the key (an HMAC of a constant): tells "wrong key" from "tampered". */
  readonly id: string;

  /** Wraps 32 raw key bytes. Prefer {@link deriveSettingsKey}. */
  constructor(bytes: Uint8Array, source: SettingsKeySource = "secret") {
    if (bytes.length !== 32) {
      throw new SettingsArgumentError(
        `A settings key must be 32 bytes, got ${bytes.length}.`,
        "Use deriveSettingsKey() to derive one from a secret or the client credentials.",
      );
    }
    this.#bytes = Buffer.from(bytes);
    this.source = source;
    this.id = createHmac("sha256", this.#bytes)
      .update("x-connectors/oauth-settings/key-id")
      .digest("base64url")
      .slice(0, 8);
  }

  /** True when this key protects only against casual reading (no secret went into it). */
  get obfuscationOnly(): boolean {
    return this.source === "client-id" || this.source === "none";
  }

  /** @internal */
  bytes(): Buffer {
    return this.#bytes;
  }

  toJSON(): string {
    return this.toString();
  }

  toString(): string {
    return `SettingsKey(${this.source}, id ${this.id})`;
  }

  [INSPECT](): string {
    return this.toString();
  }
}

// One derivation per distinct input per process; concurrent callers share the pending one.
const cache = new Map<string, Promise<SettingsKey>>();

/**
 * Derives the settings key. Order: `secret`, then `env.X_OAUTH_SETTINGS_SECRET`, then
 * `clientId` + `clientSecret`, then `clientId` alone, then a fixed key. Derivation is scrypt with
 * a fixed, versioned salt, so the same inputs give the same key on any machine. It runs on a
 * libuv worker thread, not the event loop (a server opening many tenants' stores keeps serving),
 * and is cached per input: every later call resolves to the same key at once.
 *
 * @example
 * ```ts
 * const encryption = await deriveSettingsKey({ secret: process.env.X_OAUTH_SETTINGS_SECRET });
 * ```
 */
export function deriveSettingsKey(input: SettingsKeyInput = {}): Promise<SettingsKey> {
  const { source, material } = keyMaterial(input);
  const cacheKey = `${source}\0${material}`;
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  const derived = new Promise<SettingsKey>((resolve, reject) => {
    scrypt(material, SALT[source], 32, SCRYPT, (error, bytes) => {
      if (error) reject(error);
      else resolve(new SettingsKey(bytes, source));
    });
  });
  cache.set(cacheKey, derived);
  // A failed derivation (out of memory) is not cached: the next call tries again.
  derived.catch(() => cache.delete(cacheKey));
  return derived;
}

/** Where the key of `input` comes from; see {@link deriveSettingsKey} for the order. */
export function settingsKeySource(input: SettingsKeyInput = {}): SettingsKeySource {
  return keyMaterial(input).source;
}

function keyMaterial(input: SettingsKeyInput): { source: SettingsKeySource; material: string } {
  const env = input.env ?? process.env;
  const secret = nonEmpty(input.secret) ?? nonEmpty(env[SETTINGS_SECRET_ENV]);
  const clientId = nonEmpty(input.clientId);
  const clientSecret = nonEmpty(input.clientSecret);
  if (secret !== undefined) return { source: "secret", material: secret };
  if (clientId !== undefined && clientSecret !== undefined) {
    // Length-prefixed so that ("ab","c") and ("a","bc") differ.
    return {
      source: "client-credentials",
      material: `${clientId.length}:${clientId}\n${clientSecret}`,
    };
  }
  if (clientId !== undefined) return { source: "client-id", material: clientId };
  return { source: "none", material: "" };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}

/**
 * Encrypts `plaintext` with AES-256-GCM: random 12-byte IV, the record key as additional
 * authenticated data (so a record cannot be moved to another key), versioned envelope
 * `x1.<key id>.<iv>.<ciphertext+tag>` (base64url).
 */
export function encryptRecord(key: SettingsKey, recordKey: string, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key.bytes(), iv);
  cipher.setAAD(aad(recordKey));
  const body = Buffer.concat([
    cipher.update(plaintext, "utf8"),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  return [ENVELOPE_PREFIX, key.id, iv.toString("base64url"), body.toString("base64url")].join(".");
}

/** Reverses {@link encryptRecord}; throws `SETTINGS_UNDECRYPTABLE` on a wrong key, tampering or a malformed envelope. */
export function decryptRecord(key: SettingsKey, recordKey: string, envelope: string): string {
  const parts = envelope.split(".");
  const [prefix, keyId, ivText, bodyText] = parts;
  if (parts.length !== 4 || prefix !== ENVELOPE_PREFIX || !keyId || !ivText || !bodyText) {
    throw new SettingsDecryptError(
      `The stored record "${recordKey}" is not an encrypted settings envelope (expected "${ENVELOPE_PREFIX}.<key id>.<iv>.<data>").`,
      "The value was written by something else or was damaged; delete it and authorize again.",
      "malformed",
    );
  }
  const iv = Buffer.from(ivText, "base64url");
  const body = Buffer.from(bodyText, "base64url");
  if (iv.length !== 12 || body.length < 16) {
    throw new SettingsDecryptError(
      `The stored record "${recordKey}" has a truncated envelope (IV ${iv.length} bytes, data ${body.length} bytes).`,
      "The value was cut short; restore it from a copy or delete it and authorize again.",
      "malformed",
    );
  }
  if (keyId !== key.id) {
    throw new SettingsDecryptError(
      `The stored record "${recordKey}" was encrypted with a different key (key id ${keyId}, this key is ${key.id} from ${key.source}).`,
      "Use the same OAuthSettingsSecret (or X_OAUTH_SETTINGS_SECRET), or the same OAuth client id and secret, that wrote it.",
      "wrong-key",
    );
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", key.bytes(), iv);
    decipher.setAAD(aad(recordKey));
    decipher.setAuthTag(body.subarray(body.length - 16));
    return Buffer.concat([
      decipher.update(body.subarray(0, body.length - 16)),
      decipher.final(),
    ]).toString("utf8");
  } catch {
    throw new SettingsDecryptError(
      `The stored record "${recordKey}" failed authentication: it was altered, or moved from another key.`,
      "The record was tampered with or damaged; it is left as it is. Restore it from a copy or delete it and authorize again.",
      "tampered",
    );
  }
}

function aad(recordKey: string): Buffer {
  return Buffer.from(`${ENVELOPE_PREFIX}|${recordKey}`, "utf8");
}
