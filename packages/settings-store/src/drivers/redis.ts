import { randomBytes } from "node:crypto";
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
  SettingsBackendError,
  SettingsClosedError,
  SettingsLockLostError,
  SettingsLockTimeoutError,
  SettingsStoreError,
} from "../errors.js";
import { keepLease } from "../internal/lease.js";
import { KeyedMutex } from "../internal/mutex.js";
import { importOptional } from "../internal/optional.js";
import { checkServerUrl } from "../internal/server-url.js";
import { acquireShared } from "../internal/shared.js";
import { backoff, sleep, throwIfAborted } from "../internal/time.js";

/** The part of an ioredis client this driver uses (an `ioredis` `Redis` instance fits). */
export interface RedisClientLike {
  call(command: string, ...args: (string | number)[]): Promise<unknown>;
  quit(): Promise<unknown>;
  /** Drops the connection at once (ioredis); used when `quit()` cannot be sent. */
  disconnect?(): void;
  /** ioredis's connection state (`ready` when commands can be sent); checked when present. */
  readonly status?: string;
  once?(event: "ready" | "end" | "error", listener: (error?: Error) => void): unknown;
  off?(event: "ready" | "end" | "error", listener: (error?: Error) => void): unknown;
}

/** Options of {@link redisDriver}. */
export interface RedisDriverOptions {
  /** An ioredis client to use; the driver does not quit it on close. */
  client?: RedisClientLike;
  /**
   * `redis://` or `rediss://` URL to connect to when no client is given. Every driver of the
   * process on the same URL shares one client (ioredis, loaded on first use), which reconnects
   * forever and is quit when the last of them closes.
   */
  url?: string;
  /** Prefix of every Redis key this driver touches. Default `x-oauth-settings:`. */
  prefix?: string;
  /** How long the first command waits for the first connection, ms. Default 5 000. */
  connectTimeoutMs?: number;
}

/** Backoff between reconnection attempts: doubling from 50 ms, capped at 2 s, with jitter. */
export function redisReconnectDelay(attempt: number): number {
  const capped = Math.min(50 * 2 ** Math.min(attempt, 6), 2_000);
  return Math.round(capped / 2 + (Math.random() * capped) / 2);
}

// Clients that were connected at least once: while such a client reconnects, calls fail at once.
const connectedOnce = new WeakSet<RedisClientLike>();
// The wait for a client's first connection, shared by every call that arrives meanwhile.
const firstConnection = new WeakMap<RedisClientLike, Promise<void>>();

async function createRedisClient(url: string, connectTimeoutMs: number): Promise<RedisClientLike> {
  const mod = await importOptional("ioredis", "redis://", () => import("ioredis"));
  const created = new mod.Redis(url, {
    lazyConnect: false,
    connectTimeout: connectTimeoutMs,
    // While the server is down, commands fail at once (a typed error) instead of queueing.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    // Reconnect forever: a Redis restart must not need a process restart.
    retryStrategy: (times: number) => redisReconnectDelay(times),
  });
  // Connection errors reach callers through their failed commands; ioredis would also log them.
  created.on("error", () => undefined);
  created.once("ready", () => connectedOnce.add(created as unknown as RedisClientLike));
  return created as unknown as RedisClientLike;
}

// Renew / release / write only while the lock still carries our token (fencing against a lost lease).
const RENEW = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;
const COMMIT = `if redis.call("get", KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[2] == "set" then redis.call("set", KEYS[2], ARGV[3]) else redis.call("del", KEYS[2]) end
return 1`;

/**
 * Records as Redis strings under `<prefix>value:<key>`. `update` locks `<prefix>lock:<key>` with a
 * token-checked lease (SET NX PX), renews it while `fn` runs, and commits with a script that writes
 * only if the lock still carries its token, so a holder whose lease ran out cannot overwrite.
 * Values are what the store layer gives: already encrypted.
 */
export function redisDriver(options: RedisDriverOptions): SettingsDriver {
  const prefix = options.prefix ?? "x-oauth-settings:";
  const connectTimeoutMs = options.connectTimeoutMs ?? 5_000;
  const url = options.url === undefined ? undefined : checkServerUrl(options.url);
  const shared =
    options.client === undefined && url !== undefined
      ? acquireShared(
          `redis ${url}`,
          () => createRedisClient(url, connectTimeoutMs),
          async (redis) => {
            // QUIT needs a ready connection: a client still connecting (or reconnecting) refuses
            // it and would keep trying forever, holding the process open. Drop it instead.
            await redis.quit().catch(() => redis.disconnect?.());
          },
        )
      : undefined;
  if (shared) shared.value.catch(() => undefined);
  const client: Promise<RedisClientLike> | undefined = options.client
    ? Promise.resolve(options.client)
    : shared?.value;
  let closed = false;
  const locks = new KeyedMutex();

  const connect = async (): Promise<RedisClientLike> => {
    if (closed) throw new SettingsClosedError("redis");
    if (!client)
      throw new SettingsBackendError("redis", "connect", "neither client nor url was given");
    const redis = await client;
    if (redis.status === undefined || redis.status === "ready") {
      connectedOnce.add(redis);
      return redis;
    }
    // The first command waits for the first connection attempt; once connected, or once an
    // attempt failed, calls fail fast while the client reconnects.
    if (connectedOnce.has(redis) || redis.status === "reconnecting" || redis.status === "end") {
      throw new SettingsBackendError(
        "redis",
        "connect",
        `not connected (${redis.status}); reconnecting in the background`,
      );
    }
    let first = firstConnection.get(redis);
    if (!first) {
      first = whenReady(redis, connectTimeoutMs);
      firstConnection.set(redis, first);
      // Whoever comes after a failed first attempt fails fast (the status says "reconnecting").
      first.catch(() => firstConnection.delete(redis));
    }
    await first;
    connectedOnce.add(redis);
    return redis;
  };
  const run = async (
    operation: string,
    command: string,
    ...args: (string | number)[]
  ): Promise<unknown> => {
    let redis: RedisClientLike;
    try {
      redis = await connect();
    } catch (error) {
      if (error instanceof SettingsStoreError) throw error;
      throw new SettingsBackendError("redis", "connect", error);
    }
    try {
      return await redis.call(command, ...args);
    } catch (error) {
      throw new SettingsBackendError("redis", operation, error);
    }
  };
  const valueKey = (key: string) => `${prefix}value:${key}`;
  const lockKey = (key: string) => `${prefix}lock:${key}`;
  const asValue = (reply: unknown) =>
    reply === null || reply === undefined ? undefined : String(reply);

  return {
    name: "redis",
    async get(key) {
      checkKey(key);
      return asValue(await run("read", "GET", valueKey(key)));
    },
    async set(key, value) {
      checkKey(key);
      checkValue(key, value);
      await run("write", "SET", valueKey(key), value);
    },
    async delete(key) {
      checkKey(key);
      await run("delete", "DEL", valueKey(key));
    },
    async update(key: string, fn: Updater, updateOptions?: UpdateOptions) {
      checkKey(key);
      const { leaseMs, waitMs, signal } = resolveUpdateOptions(updateOptions);
      const target = `redis record "${key}"`;
      const deadline = Date.now() + waitMs;
      const release = await locks.acquire(key, waitMs, signal, target);
      const token = randomBytes(16).toString("hex");
      try {
        for (let attempt = 0; ; attempt++) {
          const ok = await run("take the lock", "SET", lockKey(key), token, "PX", leaseMs, "NX");
          if (ok === "OK") break;
          const now = Date.now();
          if (now >= deadline) throw new SettingsLockTimeoutError(target, waitMs);
          await sleep(Math.min(backoff(attempt), deadline - now), signal, target);
        }
        const keeper = keepLease(
          leaseMs,
          async () =>
            (await run("renew the lock", "EVAL", RENEW, 1, lockKey(key), token, leaseMs)) === 1,
        );
        try {
          const current = asValue(await run("read", "GET", valueKey(key)));
          const next = await fn(current);
          checkUpdateResult(key, next);
          throwIfAborted(signal, target);
          if (next === undefined) return current;
          if (keeper.lost) throw new SettingsLockLostError(target);
          const committed = await run(
            "write",
            "EVAL",
            COMMIT,
            2,
            lockKey(key),
            valueKey(key),
            token,
            next === null ? "del" : "set",
            next ?? "",
          );
          if (committed !== 1) throw new SettingsLockLostError(target);
          return next ?? undefined;
        } finally {
          await keeper.stop();
          await run("release the lock", "EVAL", RELEASE, 1, lockKey(key), token).catch(
            (error: unknown) => {
              // The lease expires on its own; a failed release only delays the next holder.
              if (!(error instanceof SettingsStoreError)) throw error;
            },
          );
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

function whenReady(redis: RedisClientLike, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      clearTimeout(timer);
      redis.off?.("ready", onReady);
      redis.off?.("end", onEnd);
      redis.off?.("error", onError);
      if (error) reject(error);
      else resolve();
    };
    const onReady = () => done();
    const onEnd = () => done(new Error("the connection was closed"));
    const onError = (error?: Error) => done(error ?? new Error("the connection failed"));
    const timer = setTimeout(
      () => done(new Error(`no connection within ${timeoutMs} ms (${redis.status})`)),
      timeoutMs,
    );
    redis.once?.("ready", onReady);
    redis.once?.("end", onEnd);
    redis.once?.("error", onError);
    if (redis.status === "ready") done();
  });
}
