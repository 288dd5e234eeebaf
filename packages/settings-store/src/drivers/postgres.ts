import { createHash, randomBytes } from "node:crypto";
import {
  checkKey,
  checkUpdateResult,
  checkValue,
  resolveUpdateOptions,
  type SettingsDriver,
  type UpdateOptions,
  type Updater,
} from "../driver.js";
import {
  SettingsArgumentError,
  SettingsBackendError,
  SettingsClosedError,
  SettingsLockLostError,
  SettingsLockTimeoutError,
  SettingsStoreError,
} from "../errors.js";
import { keepLease } from "../internal/lease.js";
import { KeyedMutex } from "../internal/mutex.js";
import { importOptional } from "../internal/optional.js";
import { Semaphore } from "../internal/semaphore.js";
import { checkServerUrl } from "../internal/server-url.js";
import { acquireShared } from "../internal/shared.js";
import { sleep, throwIfAborted } from "../internal/time.js";

/** Something that runs a parameterized query (a `pg` client or pool fits). */
export interface PostgresQueryable {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** A pooled connection (a `pg` `PoolClient` fits). */
export interface PostgresPoolClientLike extends PostgresQueryable {
  release(error?: Error | boolean): void;
}

/** The part of a `pg` `Pool` this driver uses. */
export interface PostgresPoolLike extends PostgresQueryable {
  connect(): Promise<PostgresPoolClientLike>;
  end(): Promise<void>;
}

/** Options of {@link postgresDriver}. */
export interface PostgresDriverOptions {
  /** A `pg` pool to use; the driver does not end it on close. */
  pool?: PostgresPoolLike;
  /**
   * `postgres://` or `postgresql://` URL to connect to when no pool is given. Every driver of the
   * process on the same URL shares one bounded pool (pg, loaded on first use), ended when the
   * last of them closes.
   */
  url?: string;
  /** Table (optionally `schema.table`), created on first use. Default `x_oauth_settings`. */
  table?: string;
  /** Connections of the shared pool (for a URL). Default 4. */
  maxConnections?: number;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** `application_name` of the shared pools' connections (visible in `pg_stat_activity`). */
export const POSTGRES_APPLICATION_NAME = "x-settings-store";

async function createPool(url: string, max: number): Promise<PostgresPoolLike> {
  const mod = await importOptional("pg", "postgres://", () => import("pg"));
  const { Pool } = (mod as unknown as { default?: { Pool: typeof mod.Pool } }).default ?? mod;
  const created = new Pool({
    connectionString: url,
    max,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 10_000,
    application_name: POSTGRES_APPLICATION_NAME,
  });
  // An idle pooled connection that dies (server restart) must not crash the process; the pool
  // replaces it on the next query.
  created.on("error", () => undefined);
  return created as unknown as PostgresPoolLike;
}

// Leases this process could not release (the server went away), by table and key: this process
// may take them back at once; others wait for them to expire.
const orphanedLeases = new Map<string, string>();

/**
 * Delay between polls of a taken lease: 10 ms growing by half each time to 400 ms, with jitter.
 * Every poll is a query; many waiters polling fast would crowd out the holder's own queries.
 */
function pollDelay(attempt: number): number {
  const base = Math.min(10 * 1.5 ** attempt, 400);
  return base / 2 + Math.random() * base;
}

// Queries wait here for a free connection (see Semaphore), one queue per pool.
const queues = new WeakMap<PostgresPoolLike, Semaphore>();
function queueOf(pool: PostgresPoolLike, fallback: number): Semaphore {
  let queue = queues.get(pool);
  if (!queue) {
    const max = (pool as { options?: { max?: unknown } }).options?.max;
    queue = new Semaphore(typeof max === "number" ? max : fallback);
    queues.set(pool, queue);
  }
  return queue;
}

// Tables known to exist, per pool: created once per process, not once per store.
const readyTables = new WeakMap<PostgresPoolLike, Map<string, Promise<void>>>();

/**
 * Records as rows of a table `(key text primary key, value text not null, updated_at timestamptz)`;
 * update locks are lease rows in `<table>_locks` `(key, token, expires_at)`. Both are created with
 * `CREATE TABLE IF NOT EXISTS` on first use.
 *
 * Every statement is a short autocommit query on the pool, so no pooled connection is held while
 * a caller waits for a lock or while `fn` runs: `update` takes the lease with one
 * `INSERT ... ON CONFLICT DO UPDATE ... WHERE expires_at < now`, polls with backoff while
 * another holder has it, renews it while `fn` runs, and writes with one statement that checks
 * (and row-locks) the lease token, so a holder whose lease ran out cannot overwrite. A crashed
 * holder's lease simply expires. A lost server connection is a `SETTINGS_BACKEND` error; the
 * pool reconnects on the next query.
 */
export function postgresDriver(options: PostgresDriverOptions): SettingsDriver {
  const tableName = options.table ?? "x_oauth_settings";
  const parts = tableName.split(".");
  if (parts.length > 2 || !parts.every((part) => IDENTIFIER.test(part))) {
    throw new SettingsArgumentError(
      `The PostgreSQL table name ${JSON.stringify(tableName)} is not a plain identifier or schema.identifier.`,
      "Use letters, digits and underscores, e.g. x_oauth_settings or myschema.oauth_settings.",
    );
  }
  const table = parts.map((part) => `"${part}"`).join(".");
  const base = parts[parts.length - 1] as string;
  // Identifiers stop at 63 characters; a long name gets a shortened, still unique, lock table.
  const lockBase =
    base.length <= 57
      ? `${base}_locks`
      : `${base.slice(0, 46)}_${createHash("sha256").update(base).digest("hex").slice(0, 8)}_lk`;
  const locksTable = [...parts.slice(0, -1), lockBase].map((part) => `"${part}"`).join(".");
  const maxConnections = options.maxConnections ?? 4;
  const url = options.url === undefined ? undefined : checkServerUrl(options.url);
  const shared =
    options.pool === undefined && url !== undefined
      ? acquireShared(
          `postgres ${maxConnections} ${url}`,
          () => createPool(url, maxConnections),
          (pool) => pool.end(),
        )
      : undefined;
  if (shared) shared.value.catch(() => undefined);
  const poolPromise: Promise<PostgresPoolLike> | undefined = options.pool
    ? Promise.resolve(options.pool)
    : shared?.value;
  let closed = false;
  const locks = new KeyedMutex();
  const orphanKey = (key: string) => `${tableName}\0${key}`;

  const createTables = async (p: PostgresPoolLike) => {
    for (const ddl of [
      `CREATE TABLE IF NOT EXISTS ${table} (key text PRIMARY KEY, value text NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())`,
      `CREATE TABLE IF NOT EXISTS ${locksTable} (key text PRIMARY KEY, token text NOT NULL, expires_at timestamptz NOT NULL)`,
    ]) {
      try {
        await p.query(ddl);
      } catch (error) {
        // Two processes creating a table at once: the loser sees a duplicate; the table exists.
        const code = (error as { code?: string }).code;
        if (code !== "23505" && code !== "42P07") throw error;
      }
    }
  };
  const connect = async (): Promise<PostgresPoolLike> => {
    if (closed) throw new SettingsClosedError("postgres");
    if (!poolPromise)
      throw new SettingsBackendError("postgres", "connect", "neither pool nor url was given");
    let p: PostgresPoolLike;
    try {
      p = await poolPromise;
    } catch (error) {
      if (error instanceof SettingsStoreError) throw error;
      throw new SettingsBackendError("postgres", "connect", error);
    }
    let tables = readyTables.get(p);
    if (!tables) {
      tables = new Map();
      readyTables.set(p, tables);
    }
    let ready = tables.get(tableName);
    if (!ready) {
      ready = createTables(p);
      tables.set(tableName, ready);
      const known = tables;
      ready.catch(() => known.delete(tableName));
    }
    try {
      await ready;
    } catch (error) {
      throw new SettingsBackendError("postgres", `create table ${tableName}`, error);
    }
    return p;
  };
  // Lock polls queue behind everything else: a holder's read, write and release come first.
  const run = async (operation: string, text: string, values?: unknown[], poll = false) => {
    const p = await connect();
    try {
      const result = await queueOf(p, maxConnections).run(() => p.query(text, values), !poll);
      return result.rows as Array<Record<string, unknown>>;
    } catch (error) {
      // A table that went away (dropped, or a restored server without it) is created again next time.
      if ((error as { code?: string }).code === "42P01") readyTables.get(p)?.delete(tableName);
      throw new SettingsBackendError("postgres", operation, error);
    }
  };
  const leaseUntil = (leaseMs: number) =>
    `clock_timestamp() + ${Math.round(leaseMs)} * interval '1 millisecond'`;

  return {
    name: "postgres",
    async get(key) {
      checkKey(key);
      const rows = await run("read", `SELECT value FROM ${table} WHERE key = $1`, [key]);
      return rows[0]?.value as string | undefined;
    },
    async set(key, value) {
      checkKey(key);
      checkValue(key, value);
      await run(
        "write",
        `INSERT INTO ${table} (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()`,
        [key, value],
      );
    },
    async delete(key) {
      checkKey(key);
      await run("delete", `DELETE FROM ${table} WHERE key = $1`, [key]);
    },
    async update(key: string, fn: Updater, updateOptions?: UpdateOptions) {
      checkKey(key);
      const { leaseMs, waitMs, signal } = resolveUpdateOptions(updateOptions);
      const target = `postgres record "${key}" in ${tableName}`;
      throwIfAborted(signal, target);
      const deadline = Date.now() + waitMs;
      // Callers in this process queue here; only one of them polls the shared lease.
      const release = await locks.acquire(key, waitMs, signal, target);
      const token = randomBytes(16).toString("hex");
      try {
        for (let attempt = 0; ; attempt++) {
          const taken = await run(
            "take the lock",
            `INSERT INTO ${locksTable} AS held (key, token, expires_at) VALUES ($1, $2, ${leaseUntil(leaseMs)})
             ON CONFLICT (key) DO UPDATE SET token = excluded.token, expires_at = excluded.expires_at
             WHERE held.expires_at < clock_timestamp() OR held.token = $3 RETURNING 1 AS taken`,
            [key, token, orphanedLeases.get(orphanKey(key)) ?? ""],
            true,
          );
          if (taken.length > 0) {
            orphanedLeases.delete(orphanKey(key));
            break;
          }
          const now = Date.now();
          if (now >= deadline) throw new SettingsLockTimeoutError(target, waitMs);
          await sleep(Math.min(pollDelay(attempt), deadline - now), signal, target);
        }
        const keeper = keepLease(
          leaseMs,
          async () =>
            (
              await run(
                "renew the lock",
                `UPDATE ${locksTable} SET expires_at = ${leaseUntil(leaseMs)} WHERE key = $1 AND token = $2 RETURNING 1 AS renewed`,
                [key, token],
              )
            ).length > 0,
        );
        try {
          const rows = await run("read", `SELECT value FROM ${table} WHERE key = $1`, [key]);
          const current = rows[0]?.value as string | undefined;
          const next = await fn(current);
          checkUpdateResult(key, next);
          throwIfAborted(signal, target);
          if (next === undefined) return current;
          if (keeper.lost) throw new SettingsLockLostError(target);
          // One statement: the write happens only while the lease row still carries our token
          // (row-locked, so a takeover waits for it).
          const held = `held AS (SELECT key FROM ${locksTable} WHERE key = $1 AND token = $2 AND expires_at > clock_timestamp() FOR UPDATE)`;
          const committed =
            next === null
              ? await run(
                  "write",
                  `WITH ${held}, gone AS (DELETE FROM ${table} WHERE key = $1 AND EXISTS (SELECT 1 FROM held) RETURNING 1)
                   SELECT count(*)::int AS held FROM held`,
                  [key, token],
                )
              : await run(
                  "write",
                  `WITH ${held}, put AS (INSERT INTO ${table} (key, value) SELECT $1, $3 WHERE EXISTS (SELECT 1 FROM held)
                   ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now() RETURNING 1)
                   SELECT count(*)::int AS held FROM held`,
                  [key, token, next],
                );
          if (committed[0]?.held !== 1) throw new SettingsLockLostError(target);
          return next ?? undefined;
        } finally {
          await keeper.stop();
          await run("release the lock", `DELETE FROM ${locksTable} WHERE key = $1 AND token = $2`, [
            key,
            token,
          ]).catch((error: unknown) => {
            if (!(error instanceof SettingsStoreError)) throw error;
            // The lease expires on its own; until then this process may take it back (the
            // server went away mid-update and the next update of this process need not wait).
            orphanedLeases.set(orphanKey(key), token);
          });
        }
      } finally {
        release();
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await shared?.release();
    },
  };
}
