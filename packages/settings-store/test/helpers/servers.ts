import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import pg from "pg";

export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const POSTGRES_CANDIDATES = process.env.DATABASE_URL
  ? [process.env.DATABASE_URL]
  : ["postgres://postgres@127.0.0.1:5432/test", "postgres://root@127.0.0.1:5432/test"];

/** A random suffix so parallel runs use their own keys and tables. */
export const runId = () => randomBytes(4).toString("hex");

/** Fails (never skips) with how to start Redis when it is not reachable. */
export async function requireRedis(): Promise<string> {
  const client = new Redis(REDIS_URL, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 2_000,
  });
  try {
    await client.connect();
    await client.ping();
    return REDIS_URL;
  } catch (error) {
    throw new Error(
      `Redis is not reachable at ${REDIS_URL} (${(error as Error).message}). Start it with: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no (or set REDIS_URL).`,
    );
  } finally {
    client.disconnect();
  }
}

/** Fails (never skips) with how to start PostgreSQL when it is not reachable; returns a working URL. */
export async function requirePostgres(): Promise<string> {
  const failures: string[] = [];
  for (const url of POSTGRES_CANDIDATES) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
    try {
      await client.connect();
      await client.query("SELECT 1");
      return url;
    } catch (error) {
      failures.push(`${url}: ${(error as Error).message}`);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  throw new Error(
    `PostgreSQL is not reachable (${failures.join("; ")}). Start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start (or set DATABASE_URL).`,
  );
}

/** Drops a test table and its lock table. */
export async function dropTable(url: string, table: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP TABLE IF EXISTS "${table}", "${table}_locks"`);
  } finally {
    await client.end();
  }
}
