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
import { importOptional } from "../internal/optional.js";
import { throwIfAborted } from "../internal/time.js";

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
  /** `postgres://` or `postgresql://` URL to connect to (with pg, loaded on first use) when no pool is given. */
  url?: string;
  /** Table (optionally `schema.table`), created on first use. Default `x_oauth_settings`. */
  table?: string;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * Records as rows of a table `(key text primary key, value text not null, updated_at timestamptz)`,
 * created with `CREATE TABLE IF NOT EXISTS` on first use. `update` runs in a transaction that
 * inserts a placeholder if needed and locks the row with `SELECT ... FOR UPDATE`; the lease is
 * `idle_in_transaction_session_timeout` (kept alive while `fn` runs), and a crashed holder's
 * lock ends with its connection. Waiting uses `lock_timeout`.
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
  const ownsPool = options.pool === undefined;
  let pool: Promise<PostgresPoolLike> | undefined;
  let ready: Promise<void> | undefined;
  let closed = false;

  const connect = (): Promise<PostgresPoolLike> => {
    if (closed) return Promise.reject(new SettingsClosedError("postgres"));
    pool ??= (
      options.pool
        ? Promise.resolve(options.pool)
        : importOptional("pg", "postgres://", () => import("pg")).then((mod) => {
            if (!options.url)
              throw new SettingsBackendError(
                "postgres",
                "connect",
                "neither pool nor url was given",
              );
            const { Pool } =
              (mod as unknown as { default?: { Pool: typeof mod.Pool } }).default ?? mod;
            const created = new Pool({
              connectionString: options.url,
              max: 4,
              connectionTimeoutMillis: 5_000,
            });
            // An idle pooled connection that dies must not crash the process.
            created.on("error", () => undefined);
            return created as unknown as PostgresPoolLike;
          })
    ).then(async (p) => {
      ready ??= createTable(p);
      await ready;
      return p;
    });
    return pool;
  };
  const createTable = async (p: PostgresPoolLike) => {
    try {
      await p.query(
        `CREATE TABLE IF NOT EXISTS ${table} (key text PRIMARY KEY, value text NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())`,
      );
    } catch (error) {
      // Two processes creating the table at once: the loser sees a duplicate; the table exists.
      const code = (error as { code?: string }).code;
      if (code !== "23505" && code !== "42P07") {
        ready = undefined;
        throw new SettingsBackendError("postgres", `create table ${tableName}`, error);
      }
    }
  };
  const run = async (
    operation: string,
    db: PostgresQueryable,
    text: string,
    values?: unknown[],
  ) => {
    try {
      return (await db.query(text, values)).rows as Array<{ value?: string }>;
    } catch (error) {
      if (error instanceof SettingsStoreError) throw error;
      throw new SettingsBackendError("postgres", operation, error);
    }
  };
  const connectOrWrap = async () => {
    try {
      return await connect();
    } catch (error) {
      if (error instanceof SettingsStoreError) throw error;
      pool = undefined;
      throw new SettingsBackendError("postgres", "connect", error);
    }
  };

  return {
    name: "postgres",
    async get(key) {
      checkKey(key);
      const rows = await run(
        "read",
        await connectOrWrap(),
        `SELECT value FROM ${table} WHERE key = $1`,
        [key],
      );
      return rows[0]?.value;
    },
    async set(key, value) {
      checkKey(key);
      checkValue(key, value);
      await run(
        "write",
        await connectOrWrap(),
        `INSERT INTO ${table} (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()`,
        [key, value],
      );
    },
    async delete(key) {
      checkKey(key);
      await run("delete", await connectOrWrap(), `DELETE FROM ${table} WHERE key = $1`, [key]);
    },
    async update(key: string, fn: Updater, updateOptions?: UpdateOptions) {
      checkKey(key);
      const { leaseMs, waitMs, signal } = resolveUpdateOptions(updateOptions);
      const target = `postgres record "${key}" in ${tableName}`;
      throwIfAborted(signal, target);
      const p = await connectOrWrap();
      let db: PostgresPoolClientLike;
      try {
        db = await p.connect();
      } catch (error) {
        throw new SettingsBackendError("postgres", "connect", error);
      }
      let broken: Error | undefined;
      try {
        await run("begin", db, "BEGIN");
        // SET LOCAL does not take parameters; both values are integers we produced.
        await run("begin", db, `SET LOCAL lock_timeout = ${Math.max(1, Math.round(waitMs))}`);
        await run(
          "begin",
          db,
          `SET LOCAL idle_in_transaction_session_timeout = ${Math.round(leaseMs)}`,
        );
        let current: string | undefined;
        // pg cannot abort a query in flight: on abort, cancel this backend's lock wait from another connection.
        const [backend] = (await run("begin", db, "SELECT pg_backend_pid() AS pid")) as Array<{
          pid?: number;
        }>;
        const cancelWait = () => {
          void p.query("SELECT pg_cancel_backend($1)", [backend?.pid]).catch(() => undefined);
        };
        signal?.addEventListener("abort", cancelWait, { once: true });
        try {
          // Lock the row whether or not it exists yet: a placeholder is inserted (and rolled back if unused).
          const inserted = await db.query(
            `INSERT INTO ${table} (key, value) VALUES ($1, '') ON CONFLICT (key) DO NOTHING RETURNING key`,
            [key],
          );
          if (inserted.rows.length === 0) {
            const rows = (
              await db.query(`SELECT value FROM ${table} WHERE key = $1 FOR UPDATE`, [key])
            ).rows as Array<{ value: string }>;
            current = rows[0]?.value;
          }
        } catch (error) {
          throwIfAborted(signal, target);
          if ((error as { code?: string }).code === "55P03") {
            throw new SettingsLockTimeoutError(target, waitMs);
          }
          throw new SettingsBackendError("postgres", "lock the record", error);
        } finally {
          signal?.removeEventListener("abort", cancelWait);
        }
        throwIfAborted(signal, target);
        // Any query resets the idle timer: that is how the lease is renewed while fn runs.
        const keeper = keepLease(leaseMs, async () => {
          await db.query("SELECT 1");
          return true;
        });
        let next: string | null | undefined;
        try {
          next = await fn(current);
          checkUpdateResult(key, next);
          throwIfAborted(signal, target);
        } finally {
          await keeper.stop();
        }
        if (next === undefined) {
          await run("roll back", db, "ROLLBACK");
          return current;
        }
        if (keeper.lost) throw new SettingsLockLostError(target);
        try {
          if (next === null) await db.query(`DELETE FROM ${table} WHERE key = $1`, [key]);
          else
            await db.query(`UPDATE ${table} SET value = $2, updated_at = now() WHERE key = $1`, [
              key,
              next,
            ]);
          await db.query("COMMIT");
        } catch (error) {
          // 25P03: the session outlived its lease (idle_in_transaction_session_timeout) and was ended.
          if ((error as { code?: string }).code === "25P03")
            throw new SettingsLockLostError(target);
          throw new SettingsBackendError("postgres", "commit", error);
        }
        return next ?? undefined;
      } catch (error) {
        await db.query("ROLLBACK").catch((rollbackError: Error) => {
          broken = rollbackError;
        });
        throw error;
      } finally {
        db.release(broken ?? false);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      if (ownsPool && pool) {
        const p = await pool.catch(() => undefined);
        await p?.end().catch(() => undefined);
      }
    },
  };
}
