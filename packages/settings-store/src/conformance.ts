import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import type { SettingsDriver } from "./driver.js";

/** Options of {@link testDriver}. */
export interface TestDriverOptions {
  /** Suite title, e.g. `"file"`. */
  name: string;
  /**
   * Creates a driver. Called several times: drivers from one suite must see the same records
   * (same file, server, table or memory name), as two processes would.
   */
  create: () => SettingsDriver | Promise<SettingsDriver>;
  /** How many concurrent updates the lost-update check runs. Default 40. */
  concurrency?: number;
}

/**
 * The conformance suite every {@link SettingsDriver} runs (ours and third parties'), built on
 * vitest's `describe`/`it`. Call it at the top level of a test file:
 *
 * ```ts
 * import { testDriver } from "@x/settings-store/test";
 * testDriver({ name: "my-driver", create: () => myDriver({ ... }) });
 * ```
 *
 * Keys are prefixed with a random run id, so parallel runs against one server do not collide.
 */
export function testDriver(options: TestDriverOptions): void {
  const run = `ct-${randomBytes(4).toString("hex")}`;
  let counter = 0;
  const freshKey = () => `${run}-${++counter}`;
  const opened: SettingsDriver[] = [];
  const open = async () => {
    const driver = await options.create();
    opened.push(driver);
    return driver;
  };
  const deferred = () => {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => {
      resolve = r;
    });
    return { promise, resolve };
  };

  describe(`settings driver conformance: ${options.name}`, () => {
    afterAll(async () => {
      await Promise.all(opened.map((driver) => driver.close()));
    });

    it("has a name", async () => {
      const driver = await open();
      expect(typeof driver.name).toBe("string");
      expect(driver.name.length).toBeGreaterThan(0);
    });

    it("returns undefined for a missing key", async () => {
      const driver = await open();
      expect(await driver.get(freshKey())).toBeUndefined();
    });

    it("stores, overwrites and deletes values", async () => {
      const driver = await open();
      const key = freshKey();
      await driver.set(key, "one");
      expect(await driver.get(key)).toBe("one");
      await driver.set(key, "two");
      expect(await driver.get(key)).toBe("two");
      await driver.delete(key);
      expect(await driver.get(key)).toBeUndefined();
      await driver.delete(key); // deleting a missing key is not an error
    });

    it("keeps keys apart and stores any string exactly, including empty, unicode and 64 KiB values", async () => {
      const driver = await open();
      const [a, b, c, d] = [freshKey(), freshKey(), freshKey(), freshKey()];
      const big = randomBytes(48 * 1024).toString("base64");
      await driver.set(a, "ä€😀\n\"'\\");
      await driver.set(b, big);
      await driver.set(c, "");
      expect(await driver.get(a)).toBe("ä€😀\n\"'\\");
      expect(await driver.get(b)).toBe(big);
      expect(await driver.get(c)).toBe("");
      expect(await driver.get(d)).toBeUndefined();
      await driver.delete(a);
      expect(await driver.get(b)).toBe(big);
    });

    it("shares records between driver instances", async () => {
      const [one, two] = [await open(), await open()];
      const key = freshKey();
      await one.set(key, "shared");
      expect(await two.get(key)).toBe("shared");
    });

    it("update writes a string, deletes on null, keeps on undefined, and resolves to what is stored", async () => {
      const driver = await open();
      const key = freshKey();
      const seen: Array<string | undefined> = [];
      expect(
        await driver.update(key, (cur) => {
          seen.push(cur);
          return "v1";
        }),
      ).toBe("v1");
      expect(
        await driver.update(key, (cur) => {
          seen.push(cur);
          return `${cur}+v2`;
        }),
      ).toBe("v1+v2");
      expect(
        await driver.update(key, (cur) => {
          seen.push(cur);
          return undefined;
        }),
      ).toBe("v1+v2");
      expect(await driver.get(key)).toBe("v1+v2");
      expect(
        await driver.update(key, (cur) => {
          seen.push(cur);
          return null;
        }),
      ).toBeUndefined();
      expect(await driver.get(key)).toBeUndefined();
      expect(await driver.update(key, () => undefined)).toBeUndefined();
      expect(await driver.get(key)).toBeUndefined();
      expect(seen).toEqual([undefined, "v1", "v1+v2", "v1+v2"]);
    });

    it("update with an async function and an empty string", async () => {
      const driver = await open();
      const key = freshKey();
      expect(await driver.update(key, async () => "")).toBe("");
      expect(await driver.get(key)).toBe("");
    });

    it("writes nothing when the update function throws, and releases the lock", async () => {
      const driver = await open();
      const key = freshKey();
      await driver.set(key, "before");
      await expect(
        driver.update(key, () => {
          throw new Error("refresh failed");
        }),
      ).rejects.toThrow("refresh failed");
      expect(await driver.get(key)).toBe("before");
      expect(await driver.update(key, () => "after", { waitMs: 2_000 })).toBe("after");
    });

    it("rejects a non-string update result with SETTINGS_INVALID_VALUE and writes nothing", async () => {
      const driver = await open();
      const key = freshKey();
      await driver.set(key, "kept");
      await expect(driver.update(key, () => 42 as unknown as string)).rejects.toMatchObject({
        code: "SETTINGS_INVALID_VALUE",
      });
      expect(await driver.get(key)).toBe("kept");
    });

    it("rejects invalid keys with SETTINGS_INVALID_ARGUMENT", async () => {
      const driver = await open();
      await expect(driver.get("")).rejects.toMatchObject({ code: "SETTINGS_INVALID_ARGUMENT" });
      await expect(driver.set("a\0b", "x")).rejects.toMatchObject({
        code: "SETTINGS_INVALID_ARGUMENT",
      });
      await expect(driver.update("x".repeat(513), () => "x")).rejects.toMatchObject({
        code: "SETTINGS_INVALID_ARGUMENT",
      });
    });

    it("loses no update when many run at once on two driver instances", async () => {
      const [one, two] = [await open(), await open()];
      const key = freshKey();
      const n = options.concurrency ?? 40;
      await Promise.all(
        Array.from({ length: n }, (_, i) =>
          (i % 2 ? one : two).update(key, async (cur) => {
            const value = Number(cur ?? "0");
            await new Promise((r) => setTimeout(r, Math.random() * 2));
            return String(value + 1);
          }),
        ),
      );
      expect(await one.get(key)).toBe(String(n));
    });

    it("times out with SETTINGS_LOCK_TIMEOUT while another update holds the lock", async () => {
      const [one, two] = [await open(), await open()];
      const key = freshKey();
      const entered = deferred();
      const finish = deferred();
      const holder = one.update(key, async () => {
        entered.resolve();
        await finish.promise;
        return "holder";
      });
      await entered.promise;
      const started = Date.now();
      await expect(two.update(key, () => "waiter", { waitMs: 150 })).rejects.toMatchObject({
        code: "SETTINGS_LOCK_TIMEOUT",
      });
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
      finish.resolve();
      expect(await holder).toBe("holder");
      expect(await two.get(key)).toBe("holder");
    });

    it("stops waiting with SETTINGS_ABORTED when the signal fires", async () => {
      const [one, two] = [await open(), await open()];
      const key = freshKey();
      const entered = deferred();
      const finish = deferred();
      const holder = one.update(key, async () => {
        entered.resolve();
        await finish.promise;
        return "holder";
      });
      await entered.promise;
      const controller = new AbortController();
      const waiter = two.update(key, () => "waiter", { signal: controller.signal, waitMs: 5_000 });
      setTimeout(() => controller.abort(), 50);
      await expect(waiter).rejects.toMatchObject({ code: "SETTINGS_ABORTED" });
      finish.resolve();
      await holder;
      expect(await one.get(key)).toBe("holder");
    });

    it("keeps the lock while a slow update function outlives its lease", async () => {
      const [one, two] = [await open(), await open()];
      const key = freshKey();
      const entered = deferred();
      const waiterDone = deferred();
      // The lease is short next to the wait, but long next to a timer's delay on a loaded
      // machine: renewals run every fraction of it, so only a lost renewal loses the lock.
      const leaseMs = 3_000;
      const holder = one.update(
        key,
        async () => {
          entered.resolve();
          await waiterDone.promise;
          return "slow";
        },
        { leaseMs },
      );
      await entered.promise;
      // Waits past twice the lease: if the lease were not renewed, the waiter would take the lock.
      const waiter = two.update(key, () => "fast", { waitMs: leaseMs * 2 });
      await expect(waiter).rejects.toMatchObject({ code: "SETTINGS_LOCK_TIMEOUT" });
      waiterDone.resolve();
      expect(await holder).toBe("slow");
      expect(await two.update(key, (cur) => `${cur}+fast`, { waitMs: 10_000 })).toBe("slow+fast");
    });

    it("rejects unusable options with SETTINGS_INVALID_ARGUMENT", async () => {
      const driver = await open();
      await expect(driver.update(freshKey(), () => "x", { leaseMs: 0 })).rejects.toMatchObject({
        code: "SETTINGS_INVALID_ARGUMENT",
      });
      await expect(driver.update(freshKey(), () => "x", { waitMs: -1 })).rejects.toMatchObject({
        code: "SETTINGS_INVALID_ARGUMENT",
      });
    });

    it("fails with SETTINGS_CLOSED after close()", async () => {
      const driver = await options.create();
      await driver.close();
      await expect(driver.get(freshKey())).rejects.toMatchObject({ code: "SETTINGS_CLOSED" });
      await expect(driver.update(freshKey(), () => "x")).rejects.toMatchObject({
        code: "SETTINGS_CLOSED",
      });
    });
  });
}
