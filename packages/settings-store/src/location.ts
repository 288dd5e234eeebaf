import { homedir } from "node:os";
import { dirname, isAbsolute, join, resolve, win32 } from "node:path";
import { fileURLToPath } from "node:url";
import type { SettingsKey, SettingsKeyInput } from "./crypto.js";
import { deriveSettingsKey } from "./crypto.js";
import type { SettingsDriver } from "./driver.js";
import { fileDriver } from "./drivers/file.js";
import { memoryDriver } from "./drivers/memory.js";
import type { PostgresPoolLike } from "./drivers/postgres.js";
import type { RedisClientLike } from "./drivers/redis.js";
import {
  hidePasswords,
  SettingsArgumentError,
  SettingsDecryptError,
  SettingsLocationError,
  SettingsRecordError,
} from "./errors.js";
import { checkServerUrl } from "./internal/server-url.js";
import type { RecoveryOptions } from "./recovery.js";
import { createSettingsStore, type OAuthSettings, type SettingsStore } from "./settings.js";

/** Folder under the user's config directory that holds one folder per provider. */
export const SETTINGS_FOLDER = "x-connectors";
/** File name of the default settings file. */
export const SETTINGS_FILE_NAME = "OAuthSettings.txt";

/** File name of the default recovery file (records a store failed to take; see `RecoveryOptions`). */
export const RECOVERY_FILE_NAME = "OAuthRecovery.txt";

/** Platform facts for {@link defaultSettingsPath}; defaults are the current process's. */
export interface PlatformInfo {
  platform?: NodeJS.Platform;
  env?: Record<string, string | undefined>;
  homedir?: string;
}

/**
 * The default settings file of a provider:
 * Linux (and other Unix) `$XDG_CONFIG_HOME` or `~/.config`, macOS `~/Library/Application Support`,
 * Windows `%APPDATA%`; then `x-connectors/<provider>/OAuthSettings.txt`.
 */
export function defaultSettingsPath(provider: string, info: PlatformInfo = {}): string {
  checkProvider(provider);
  const platform = info.platform ?? process.platform;
  const env = info.env ?? process.env;
  const home = info.homedir ?? homedir();
  if (platform === "win32") {
    const appData = env.APPDATA || win32.join(home, "AppData", "Roaming");
    return win32.join(appData, SETTINGS_FOLDER, provider, SETTINGS_FILE_NAME);
  }
  const base =
    platform === "darwin"
      ? join(home, "Library", "Application Support")
      : env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME)
        ? env.XDG_CONFIG_HOME
        : join(home, ".config");
  return join(base, SETTINGS_FOLDER, provider, SETTINGS_FILE_NAME);
}

/** The default recovery file of a provider: `OAuthRecovery.txt` beside the default settings file. */
export function defaultRecoveryPath(provider: string, info: PlatformInfo = {}): string {
  const settings = defaultSettingsPath(provider, info);
  const platform = info.platform ?? process.platform;
  return platform === "win32"
    ? win32.join(win32.dirname(settings), RECOVERY_FILE_NAME)
    : join(dirname(settings), RECOVERY_FILE_NAME);
}

function checkProvider(provider: string): void {
  if (!/^[a-z0-9][a-z0-9._-]{0,63}$/i.test(provider) || provider.includes("..")) {
    throw new SettingsArgumentError(
      `The provider id must be 1-64 letters, digits, ".", "_" or "-", got ${JSON.stringify(provider)}.`,
      'Pass the provider\'s id, e.g. "zoho-crm".',
    );
  }
}

/** What a location resolves to. */
export type ParsedLocation =
  | { kind: "file"; path: string }
  | { kind: "memory"; name: string }
  | { kind: "redis"; url: string }
  | { kind: "postgres"; url: string };

/**
 * Parses an `OAuthSettingsLocation`: empty for the default file, a path (`~/` expands) or
 * `file://` URL, `memory://NAME`, `redis://` / `rediss://`, `postgres://` / `postgresql://`.
 */
export function parseSettingsLocation(
  location: string | undefined,
  provider: string,
  info: PlatformInfo = {},
): ParsedLocation {
  const text = location?.trim() ?? "";
  if (text === "") return { kind: "file", path: defaultSettingsPath(provider, info) };
  const scheme = /^([a-z][a-z0-9+.-]+):/i.exec(text)?.[1]?.toLowerCase();
  // One letter before ":" is a Windows drive, not a scheme.
  if (scheme === undefined) {
    if (text === "~" || text.startsWith("~/"))
      return { kind: "file", path: join(info.homedir ?? homedir(), text.slice(1)) };
    return { kind: "file", path: resolve(text) };
  }
  switch (scheme) {
    case "file":
      try {
        return { kind: "file", path: fileURLToPath(text) };
      } catch (error) {
        throw new SettingsLocationError(
          `OAuthSettingsLocation "${text}" is not a valid file URL.`,
          "Use file:///absolute/path or a plain path.",
          { cause: error },
        );
      }
    case "memory": {
      const name = text.slice("memory:".length).replace(/^\/\//, "");
      if (name === "") return { kind: "memory", name: "default" };
      try {
        return { kind: "memory", name: decodeURIComponent(name) };
      } catch {
        throw new SettingsLocationError(
          `OAuthSettingsLocation "memory://${name.slice(0, 100)}" has a malformed %-escape.`,
          "Write % as %25 in the name, or use a name without %: memory://NAME.",
        );
      }
    }
    case "redis":
    case "rediss":
      return { kind: "redis", url: checkServerUrl(text) };
    case "postgres":
    case "postgresql":
      return { kind: "postgres", url: checkServerUrl(text) };
    default:
      throw new SettingsLocationError(
        `OAuthSettingsLocation uses the unknown scheme "${scheme}:" (${redactUrl(text)}).`,
        "Use a file path, file://, memory://NAME, redis://, rediss://, postgres:// or postgresql://.",
      );
  }
}

/**
 * A URL with its password hidden, for messages: the password of `scheme://user:password@host`
 * (up to the last `@`, so an unencoded `/` or `@` in it is hidden too) and a `password=` query
 * parameter.
 */
export function redactUrl(text: string): string {
  return hidePasswords(text);
}

/** Options of {@link openSettingsStore}. */
export interface OpenSettingsStoreOptions extends Omit<SettingsKeyInput, "env">, PlatformInfo {
  /** Provider id: names the default folder and is the default record key. */
  provider: string;
  /** Record key; default the provider id. Use a connection name to keep several connections in one location. */
  key?: string;
  /**
   * Keys a record of this connection may have been written under before (an older default key).
   * When `key` holds no record, the first of these that does is moved to `key`.
   */
  legacyKeys?: readonly string[];
  /** A ready encryption key; otherwise derived from `secret` / client credentials. */
  encryption?: SettingsKey;
  /** PostgreSQL table; default `x_oauth_settings`. */
  table?: string;
  /** Redis key prefix; default `x-oauth-settings:`. */
  prefix?: string;
  /** Use this ioredis client for `redis://` locations instead of connecting from the URL. */
  redisClient?: RedisClientLike;
  /** Use this pg pool for `postgres://` locations instead of connecting from the URL. */
  postgresPool?: PostgresPoolLike;
  /**
   * The recovery file for records the store fails to take after new tokens were issued (see
   * `RecoveryOptions`): default {@link defaultRecoveryPath} for file, Redis and PostgreSQL
   * locations; `false` turns it off (the write error is thrown). Not used for `memory://`.
   */
  recovery?: false | { path?: string; onEvent?: RecoveryOptions["onEvent"] } | undefined;
}

/**
 * Opens the store an `OAuthSettingsLocation` names (see {@link parseSettingsLocation}), with
 * the record key defaulting to the provider id. Redis and PostgreSQL support is loaded only when
 * the location needs it; a missing `ioredis` / `pg` gives `SETTINGS_DRIVER_MISSING`.
 */
export async function openSettingsStore(
  location: string | undefined,
  options: OpenSettingsStoreOptions,
): Promise<SettingsStore> {
  const parsed = parseSettingsLocation(location, options.provider, options);
  const encryption =
    options.encryption ??
    (await deriveSettingsKey({
      secret: options.secret,
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      ...(options.env ? { env: options.env } : {}),
    }));
  const driver = await openDriver(parsed, options);
  const recovery =
    options.recovery === false || parsed.kind === "memory"
      ? undefined
      : {
          path: options.recovery?.path ?? defaultRecoveryPath(options.provider, options),
          location: parsed.kind === "file" ? `file:${parsed.path}` : parsed.url,
          onEvent: options.recovery?.onEvent,
        };
  const store = createSettingsStore(driver, {
    key: options.key ?? options.provider,
    encryption,
    recovery,
  });
  try {
    await adoptLegacyRecord(store, options.legacyKeys ?? [], encryption);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

/**
 * Moves the record of an older key to `store.key` when `store.key` holds none. Records are
 * encrypted with their key as associated data, so the record is decrypted and written again.
 */
async function adoptLegacyRecord(
  store: SettingsStore,
  legacyKeys: readonly string[],
  encryption: SettingsKey,
): Promise<void> {
  const candidates = legacyKeys.filter((legacy) => legacy !== store.key);
  if (candidates.length === 0 || (await store.driver.get(store.key)) !== undefined) return;
  for (const legacy of candidates) {
    const old = createSettingsStore(store.driver, { key: legacy, encryption });
    let record: OAuthSettings | undefined;
    try {
      record = await old.get();
    } catch (error) {
      // A record another secret wrote is not ours to move.
      if (error instanceof SettingsDecryptError || error instanceof SettingsRecordError) continue;
      throw error;
    }
    if (!record) continue;
    const adopted = record;
    await store.update((current) => current ?? { ...adopted });
    await store.driver.delete(legacy);
    return;
  }
}

async function openDriver(
  parsed: ParsedLocation,
  options: OpenSettingsStoreOptions,
): Promise<SettingsDriver> {
  switch (parsed.kind) {
    case "file":
      return fileDriver({ path: parsed.path });
    case "memory":
      return memoryDriver({ name: parsed.name });
    case "redis": {
      const { redisDriver } = await import("./drivers/redis.js");
      return redisDriver({
        url: parsed.url,
        ...(options.redisClient ? { client: options.redisClient } : {}),
        ...(options.prefix ? { prefix: options.prefix } : {}),
      });
    }
    case "postgres": {
      const { postgresDriver } = await import("./drivers/postgres.js");
      return postgresDriver({
        url: parsed.url,
        ...(options.postgresPool ? { pool: options.postgresPool } : {}),
        ...(options.table ? { table: options.table } : {}),
      });
    }
  }
}
