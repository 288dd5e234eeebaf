import { randomUUID } from "node:crypto";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { deriveSettingsKey, SettingsKey } from "../src/crypto.js";
import { memoryDriver } from "../src/drivers/memory.js";
import { SettingsDecryptError, SettingsRecordError } from "../src/errors.js";
import { createSettingsStore, redactSettings } from "../src/settings.js";

const ACCESS = "at-SECRET-1234567890";
const REFRESH = "rt-SECRET-abcdefghij";
const noEnv = { env: {} };

describe("createSettingsStore", () => {
  it("round-trips a record and stores only ciphertext in the driver", async () => {
    const driver = memoryDriver();
    const store = createSettingsStore(driver, {
      key: "zoho-crm",
      encryption: { secret: "s3cret", ...noEnv },
    });
    await store.set({
      accessToken: ACCESS,
      refreshToken: REFRESH,
      expiresAt: 1_700_000_000_000,
      metadata: { api_domain: "https://www.zohoapis.eu" },
    });
    const got = await store.get();
    expect(got?.accessToken).toBe(ACCESS);
    expect(got?.metadata).toEqual({ api_domain: "https://www.zohoapis.eu" });
    expect(typeof got?.updatedAt).toBe("number");
    const raw = await driver.get("zoho-crm");
    expect(raw).toMatch(/^x1\./);
    expect(raw).not.toContain(ACCESS);
    expect(raw).not.toContain("zohoapis");
  });

  it("update writes, deletes with null and keeps with undefined", async () => {
    const store = createSettingsStore(memoryDriver(), {
      key: "k",
      encryption: { secret: "s", ...noEnv },
    });
    expect(await store.update(() => ({ refreshToken: "r1" }))).toMatchObject({
      refreshToken: "r1",
    });
    expect(await store.update((cur) => ({ ...cur, accessToken: "a2" }))).toMatchObject({
      refreshToken: "r1",
      accessToken: "a2",
    });
    expect(await store.update(() => undefined)).toMatchObject({ accessToken: "a2" });
    expect(await store.update(() => null)).toBeUndefined();
    expect(await store.get()).toBeUndefined();
  });

  it("rejects a record read with another secret as wrong-key", async () => {
    const driver = memoryDriver();
    await createSettingsStore(driver, { key: "k", encryption: { secret: "one", ...noEnv } }).set({
      accessToken: ACCESS,
    });
    const other = createSettingsStore(driver, {
      key: "k",
      encryption: { secret: "two", ...noEnv },
    });
    const error = await other.get().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SettingsDecryptError);
    expect(error).toMatchObject({ code: "SETTINGS_UNDECRYPTABLE", reason: "wrong-key" });
    expect(String((error as Error).message)).not.toContain("one");
  });

  it("rejects a tampered record and a record moved to another key", async () => {
    const driver = memoryDriver();
    const enc = { secret: "one", ...noEnv };
    await createSettingsStore(driver, { key: "a", encryption: enc }).set({ accessToken: ACCESS });
    const raw = (await driver.get("a"))!;
    const flipped = raw.slice(0, -3) + (raw.at(-3) === "A" ? "B" : "A") + raw.slice(-2);
    await driver.set("a", flipped);
    await expect(
      createSettingsStore(driver, { key: "a", encryption: enc }).get(),
    ).rejects.toMatchObject({ reason: "tampered" });
    await driver.set("b", raw);
    await expect(
      createSettingsStore(driver, { key: "b", encryption: enc }).get(),
    ).rejects.toMatchObject({ reason: "tampered" });
  });

  it("validates records on write and names the property", async () => {
    const store = createSettingsStore(memoryDriver(), {
      key: "k",
      encryption: { secret: "s", ...noEnv },
    });
    const error = await store
      .set({ expiresAt: "soon" as unknown as number })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SettingsRecordError);
    expect((error as SettingsRecordError).properties).toEqual(["expiresAt"]);
    expect((error as Error).message).toContain("expiresAt");
  });

  it("never shows tokens or key bytes through inspect or JSON", async () => {
    const store = createSettingsStore(memoryDriver(), {
      key: "k",
      encryption: { secret: "s", ...noEnv },
    });
    await store.set({ accessToken: ACCESS, refreshToken: REFRESH, scope: "ZohoCRM.modules.ALL" });
    const got = (await store.get())!;
    for (const text of [
      inspect(got),
      JSON.stringify(got),
      inspect(store),
      JSON.stringify({ got }),
      inspect(redactSettings(got)),
    ]) {
      expect(text).not.toContain(ACCESS);
      expect(text).not.toContain(REFRESH);
    }
    expect(JSON.stringify(got)).toContain("ZohoCRM.modules.ALL");
    const key = await deriveSettingsKey({ secret: "s", ...noEnv });
    const bytes = key.bytes().toString("hex");
    expect(inspect(key) + JSON.stringify(key) + String(key)).not.toContain(bytes);
  });
});

describe("deriveSettingsKey", () => {
  it("prefers the secret, then the environment, then client credentials", async () => {
    expect(
      (await deriveSettingsKey({ secret: "x", clientId: "a", clientSecret: "b", env: {} })).source,
    ).toBe("secret");
    expect(
      (
        await deriveSettingsKey({
          clientId: "a",
          clientSecret: "b",
          env: { X_OAUTH_SETTINGS_SECRET: "e" },
        })
      ).source,
    ).toBe("secret");
    expect((await deriveSettingsKey({ clientId: "a", clientSecret: "b", env: {} })).source).toBe(
      "client-credentials",
    );
    expect(await deriveSettingsKey({ clientId: "a", env: {} })).toMatchObject({
      source: "client-id",
      obfuscationOnly: true,
    });
    expect(await deriveSettingsKey({ env: {} })).toMatchObject({
      source: "none",
      obfuscationOnly: true,
    });
  });

  it("derives off the event loop, once per input: concurrent and later calls share the key", async () => {
    const input = { secret: `fresh-${randomUUID()}`, env: {} };
    let loopTurned = false;
    setImmediate(() => {
      loopTurned = true;
    });
    const first = deriveSettingsKey(input);
    const second = deriveSettingsKey({ ...input });
    // scrypt runs on a worker thread: the event loop turns before the key is ready.
    const key = await first;
    expect(loopTurned).toBe(true);
    expect(await second).toBe(key);
    expect(await deriveSettingsKey({ ...input })).toBe(key);
  });

  it("a store takes the pending derivation and prints no secret while it runs", async () => {
    const secret = `pending-${randomUUID()}`;
    const driver = memoryDriver();
    const store = createSettingsStore(driver, {
      key: "k",
      encryption: deriveSettingsKey({ secret, env: {} }),
    });
    expect(inspect(store)).not.toContain(secret);
    await store.set({ refreshToken: REFRESH });
    const reader = createSettingsStore(driver, { key: "k", encryption: { secret, env: {} } });
    expect(inspect(reader)).not.toContain(secret);
    expect(await reader.get()).toMatchObject({ refreshToken: REFRESH });
    expect(inspect(reader)).toContain(
      `SettingsKey(secret, id ${(await deriveSettingsKey({ secret, env: {} })).id})`,
    );
  });

  it("is deterministic and separates inputs", async () => {
    const a = await deriveSettingsKey({ clientId: "ab", clientSecret: "c", env: {} });
    const b = await deriveSettingsKey({ clientId: "a", clientSecret: "bc", env: {} });
    expect(a.id).not.toBe(b.id);
    // A fresh key from the same bytes has the same id: derivation does not depend on the machine.
    expect(new SettingsKey(a.bytes(), "client-credentials").id).toBe(a.id);
    expect((await deriveSettingsKey({ secret: "ab\nc", env: {} })).id).not.toBe(a.id);
  });
});
