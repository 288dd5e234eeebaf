import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { deriveSettingsKey } from "../src/crypto.js";
import { fileDriver } from "../src/drivers/file.js";
import { postgresDriver } from "../src/drivers/postgres.js";
import { redisDriver } from "../src/drivers/redis.js";
import { createSettingsStore } from "../src/settings.js";
import { dropTable, REDIS_URL, requirePostgres, requireRedis, runId } from "./helpers/servers.js";
import { runWorker } from "./helpers/spawn.js";

const PROCESSES = 4;
const UPDATES = 250;
const root = await mkdtemp(join(tmpdir(), "settings-processes-"));
afterAll(() => rm(root, { recursive: true, force: true }));
const encryption = await deriveSettingsKey({
  clientId: "worker-client",
  clientSecret: "worker-secret",
  env: {},
});

// Every process reports the counter values it committed. No update is lost exactly when the final
// value is PROCESSES * UPDATES and the committed values are 1..N, each committed once.
async function hammer(kind: string, target: string, extra: string) {
  const outputs = await Promise.all(
    Array.from({ length: PROCESSES }, () =>
      runWorker("counter.mjs", [kind, target, extra, String(UPDATES)]),
    ),
  );
  const committed = outputs.flatMap((out) => JSON.parse(out) as number[]).sort((a, b) => a - b);
  const total = PROCESSES * UPDATES;
  const lost = total - new Set(committed).size;
  return { committed, total, lost };
}

describe(`${PROCESSES} processes x ${UPDATES} atomic updates on one record`, () => {
  it("file driver: no update lost", { timeout: 300_000 }, async () => {
    const path = join(root, "counter", "OAuthSettings.txt");
    const { committed, total, lost } = await hammer("file", path, "");
    expect(lost).toBe(0);
    expect(committed).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    const store = createSettingsStore(fileDriver({ path }), { key: "counter", encryption });
    expect(await store.get()).toMatchObject({
      refreshToken: String(total),
      accessToken: `access-${total}`,
    });
  });

  it("redis driver: no update lost", { timeout: 300_000 }, async () => {
    await requireRedis();
    const prefix = `x-settings-proc:${runId()}:`;
    const { committed, total, lost } = await hammer("redis", REDIS_URL, prefix);
    expect(lost).toBe(0);
    expect(committed).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    const driver = redisDriver({ url: REDIS_URL, prefix });
    const store = createSettingsStore(driver, { key: "counter", encryption });
    expect(await store.get()).toMatchObject({ refreshToken: String(total) });
    await store.delete();
    await store.close();
  });

  it("postgres driver: no update lost", { timeout: 300_000 }, async () => {
    const url = await requirePostgres();
    const table = `x_settings_proc_${runId()}`;
    try {
      const { committed, total, lost } = await hammer("postgres", url, table);
      expect(lost).toBe(0);
      expect(committed).toEqual(Array.from({ length: total }, (_, i) => i + 1));
      const store = createSettingsStore(postgresDriver({ url, table }), {
        key: "counter",
        encryption,
      });
      expect(await store.get()).toMatchObject({ refreshToken: String(total) });
      await store.close();
    } finally {
      await dropTable(url, table);
    }
  });
});
