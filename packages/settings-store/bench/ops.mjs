#!/usr/bin/env node
// Prints operations per second of get / set / update for every driver, through the encrypted
// store (what a connector does). Needs the build (`pnpm build`) and, for Redis and PostgreSQL,
// the local servers (REDIS_URL / DATABASE_URL override the defaults). A script, not a test.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSettingsStore, deriveSettingsKey, fileDriver, memoryDriver } from "../dist/index.js";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 1);
const encryption = await deriveSettingsKey({
  clientId: "bench-client",
  clientSecret: "bench-secret",
  env: {},
});
const record = {
  accessToken: randomBytes(48).toString("hex"),
  refreshToken: randomBytes(48).toString("hex"),
  tokenType: "Bearer",
  expiresAt: Date.now() + 3_600_000,
  scope: "ZohoCRM.modules.ALL",
  metadata: { api_domain: "https://www.zohoapis.eu" },
};

async function measure(fn) {
  const until = performance.now() + SECONDS * 1000;
  let ops = 0;
  const started = performance.now();
  while (performance.now() < until) {
    await fn();
    ops++;
  }
  return ops / ((performance.now() - started) / 1000);
}

async function benchDriver(label, driver, cleanup = async () => {}) {
  const store = createSettingsStore(driver, {
    key: `bench-${randomBytes(4).toString("hex")}`,
    encryption,
  });
  try {
    await store.set(record);
    const set = await measure(() => store.set(record));
    const get = await measure(() => store.get());
    const update = await measure(() =>
      store.update((cur) => ({ ...cur, accessToken: randomBytes(8).toString("hex") })),
    );
    await store.delete();
    return {
      driver: label,
      "get ops/s": Math.round(get),
      "set ops/s": Math.round(set),
      "update ops/s": Math.round(update),
    };
  } finally {
    await store.close();
    await cleanup();
  }
}

const rows = [];
rows.push(await benchDriver("memory", memoryDriver()));
const dir = await mkdtemp(join(tmpdir(), "settings-bench-"));
rows.push(
  await benchDriver("file", fileDriver({ path: join(dir, "OAuthSettings.txt") }), () =>
    rm(dir, { recursive: true, force: true }),
  ),
);
try {
  const { redisDriver } = await import("../dist/drivers/redis.js");
  rows.push(
    await benchDriver(
      "redis",
      redisDriver({
        url: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
        prefix: "x-settings-bench:",
      }),
    ),
  );
} catch (error) {
  rows.push({ driver: "redis", error: error.message });
}
try {
  const { postgresDriver } = await import("../dist/drivers/postgres.js");
  const url = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
  rows.push(
    await benchDriver("postgres", postgresDriver({ url, table: "x_oauth_settings_bench" })),
  );
} catch (error) {
  rows.push({ driver: "postgres", error: error.message });
}
console.log(
  `@x/settings-store: operations per second through the encrypted store (${SECONDS} s each, one process)`,
);
console.table(rows);
