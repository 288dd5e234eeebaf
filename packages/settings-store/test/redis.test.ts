import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDriver } from "../src/conformance.js";
import { redisDriver } from "../src/drivers/redis.js";
import { REDIS_URL, requireRedis, runId } from "./helpers/servers.js";

const prefix = `x-settings-test:${runId()}:`;
const direct = new Redis(REDIS_URL, {
  lazyConnect: true,
  maxRetriesPerRequest: 0,
  retryStrategy: () => null,
});

beforeAll(async () => {
  await requireRedis();
  await direct.connect();
});
afterAll(async () => {
  const keys = await direct.keys(`${prefix}*`);
  if (keys.length) await direct.del(...keys);
  direct.disconnect();
});

testDriver({ name: "redis (url)", create: () => redisDriver({ url: REDIS_URL, prefix }) });

describe("redisDriver", () => {
  it("uses a client passed in and does not quit it on close", async () => {
    const client = new Redis(REDIS_URL);
    const driver = redisDriver({ client, prefix });
    await driver.set("passed", "v");
    await driver.close();
    expect(await client.get(`${prefix}value:passed`)).toBe("v");
    await client.quit();
  });

  it("waits for a foreign lease to expire, then takes the lock", async () => {
    const driver = redisDriver({ url: REDIS_URL, prefix });
    await direct.set(`${prefix}lock:leased`, "crashed-holder", "PX", 400);
    await expect(driver.update("leased", () => "early", { waitMs: 100 })).rejects.toMatchObject({
      code: "SETTINGS_LOCK_TIMEOUT",
    });
    expect(await driver.update("leased", () => "late", { waitMs: 3_000 })).toBe("late");
    expect(await direct.get(`${prefix}lock:leased`)).toBeNull();
    await driver.close();
  });

  it("refuses to commit once its lock was taken over (fencing)", async () => {
    const driver = redisDriver({ url: REDIS_URL, prefix });
    await driver.set("fenced", "before");
    const result = driver.update("fenced", async () => {
      // Simulates a lease that ran out and another holder taking the lock.
      await direct.set(`${prefix}lock:fenced`, "someone-else", "PX", 5_000);
      return "stale write";
    });
    await expect(result).rejects.toMatchObject({ code: "SETTINGS_LOCK_LOST" });
    expect(await driver.get("fenced")).toBe("before");
    // Release leaves the other holder's lock alone.
    expect(await direct.get(`${prefix}lock:fenced`)).toBe("someone-else");
    await direct.del(`${prefix}lock:fenced`);
    await driver.close();
  });

  it("drivers on one URL share one connection; closing one leaves the others working", async () => {
    // A unique client name in the URL tells this test's connections from everyone else's.
    const name = `x-share-${runId()}`;
    const url = `${REDIS_URL}/?connectionName=${name}`;
    const count = async () =>
      String(await direct.call("CLIENT", "LIST"))
        .split("\n")
        .filter((line) => line.includes(` name=${name} `)).length;
    const drivers = Array.from({ length: 20 }, () => redisDriver({ url, prefix }));
    await Promise.all(drivers.map((d, i) => d.set(`shared-${i}`, String(i))));
    expect(await count()).toBe(1);
    await drivers[0]!.close();
    expect(await drivers[1]!.get("shared-1")).toBe("1");
    await expect(drivers[0]!.get("shared-0")).rejects.toMatchObject({ code: "SETTINGS_CLOSED" });
    await Promise.all(drivers.slice(1).map((d) => d.close()));
    // Polls until the server has noticed (up to 30 s on a loaded machine).
    for (let i = 0; i < 300 && (await count()) > 0; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(await count()).toBe(0);
  });

  it("reports an unreachable server as SETTINGS_BACKEND", async () => {
    const driver = redisDriver({ url: "redis://127.0.0.1:1", prefix, connectTimeoutMs: 500 });
    await expect(driver.get("k")).rejects.toMatchObject({ code: "SETTINGS_BACKEND" });
    await driver.close();
  });
});
