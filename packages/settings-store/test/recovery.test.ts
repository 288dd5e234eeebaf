import { mkdtemp, readFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fileDriver } from "../src/drivers/file.js";
import { memoryDriver } from "../src/drivers/memory.js";
import { SettingsBackendError } from "../src/errors.js";
import type { RecoveryEvent } from "../src/recovery.js";
import { createSettingsStore } from "../src/settings.js";
// @ts-expect-error plain JavaScript helper shared with the workers
import { flakyDriver } from "./helpers/flaky.mjs";
import { runWorker } from "./helpers/spawn.js";

type Flaky = {
  driver: ReturnType<typeof memoryDriver>;
  state: { down: boolean; lockFails: boolean };
};

const secret = "recovery-test-secret";

async function setup() {
  const dir = await mkdtemp(join(tmpdir(), "x-recovery-"));
  const path = join(dir, "OAuthRecovery.txt");
  const inner = memoryDriver();
  const flaky = flakyDriver(inner, SettingsBackendError) as Flaky;
  const events: RecoveryEvent[] = [];
  let resolveWritten!: () => void;
  const written = new Promise<void>((resolve) => {
    resolveWritten = resolve;
  });
  const store = createSettingsStore(flaky.driver, {
    key: "user-1",
    encryption: { secret },
    recovery: {
      path,
      location: "test-location",
      retryDelayMs: () => 20,
      onEvent: (event) => {
        events.push(event);
        if (event.type === "written") resolveWritten();
      },
    },
  });
  return { path, flaky, events, written, inner, store };
}

describe("recovery file", () => {
  it("keeps a record the store refused after the token response, uses it, and writes it back", async () => {
    const t = await setup();
    await t.store.set({ accessToken: "old", refreshToken: "rt-1" });
    t.flaky.state.down = true;
    const record = await t.store.update((current) => ({
      ...current,
      accessToken: "new",
      refreshToken: "rt-2",
    }));
    expect(record?.refreshToken).toBe("rt-2");
    expect(t.store.pending).toBe(true);
    expect(t.events.map((e) => e.type)).toEqual(["kept"]);
    expect(t.events[0]?.error).toMatchObject({ code: "SETTINGS_BACKEND" });
    // While the store is down, reads answer with the kept record.
    expect((await t.store.get())?.refreshToken).toBe("rt-2");
    // The recovery file is private and holds no token in clear.
    const file = await readFile(t.path, "utf8");
    expect((await stat(t.path)).mode & 0o777).toBe(0o600);
    expect(file).not.toContain("rt-2");
    expect(file).not.toContain("new");

    t.flaky.state.down = false;
    await t.written;
    expect(t.store.pending).toBe(false);
    const stored = createSettingsStore(t.inner, { key: "user-1", encryption: { secret } });
    expect((await stored.get())?.refreshToken).toBe("rt-2");
    // Written back: the recovery file no longer holds it.
    expect(JSON.parse(await readFile(t.path, "utf8")).records).toEqual({});
    await t.store.close();
  });

  it("a durable update whose lock cannot be taken keeps the tokens obtained outside the lock", async () => {
    const t = await setup();
    t.flaky.state.down = true;
    t.flaky.state.lockFails = true;
    const exchanged = { accessToken: "from-code", refreshToken: "rt-code" };
    await expect(t.store.update(() => exchanged)).rejects.toMatchObject({
      code: "SETTINGS_BACKEND",
    });
    const kept = await t.store.update(() => exchanged, { durable: true });
    expect(kept?.refreshToken).toBe("rt-code");
    t.flaky.state.down = false;
    t.flaky.state.lockFails = false;
    await t.written;
    expect((await t.store.get())?.refreshToken).toBe("rt-code");
    await t.store.close();
  });

  it("an update function that throws, or a lock that times out before it ran, keeps nothing", async () => {
    const t = await setup();
    t.flaky.state.down = true;
    await expect(
      t.store.update(() => {
        throw new Error("refresh refused");
      }),
    ).rejects.toThrow("refresh refused");
    t.flaky.state.lockFails = true;
    await expect(t.store.update(() => ({ accessToken: "x" }))).rejects.toMatchObject({
      code: "SETTINGS_BACKEND",
    });
    expect(t.store.pending).toBe(false);
    expect(t.events).toEqual([]);
    await t.store.close();
  });

  it("what a crashed process left is reconciled on the next open; the newer record wins", async () => {
    const dir = await mkdtemp(join(tmpdir(), "x-recovery-crash-"));
    const recoveryPath = join(dir, "OAuthRecovery.txt");
    const settingsPath = join(dir, "OAuthSettings.txt");
    const location = `file:${settingsPath}`;
    await runWorker("recovery-crash.mjs", [recoveryPath, location, "crashed", secret, "rt-kept"]);
    await runWorker("recovery-crash.mjs", [recoveryPath, location, "older", secret, "rt-old"]);
    // "older": the store got a newer record after the crash (another process refreshed).
    const plain = createSettingsStore(fileDriver({ path: settingsPath }), {
      key: "older",
      encryption: { secret },
    });
    await plain.set({ accessToken: "a", refreshToken: "rt-newer" });

    const open = (key: string) => {
      let resolveWritten!: () => void;
      const written = new Promise<void>((resolve) => {
        resolveWritten = resolve;
      });
      const store = createSettingsStore(fileDriver({ path: settingsPath }), {
        key,
        encryption: { secret },
        recovery: {
          path: recoveryPath,
          location,
          retryDelayMs: () => 20,
          onEvent: (e) => e.type === "written" && resolveWritten(),
        },
      });
      return { store, written };
    };
    const crashed = open("crashed");
    expect((await crashed.store.get())?.refreshToken).toBe("rt-kept");
    await crashed.written;
    const again = createSettingsStore(fileDriver({ path: settingsPath }), {
      key: "crashed",
      encryption: { secret },
    });
    expect((await again.get())?.refreshToken).toBe("rt-kept");

    const older = open("older");
    expect((await older.store.get())?.refreshToken).toBe("rt-newer");
    await older.written;
    expect((await plain.get())?.refreshToken).toBe("rt-newer");
    expect(JSON.parse(await readFile(recoveryPath, "utf8")).records).toEqual({});
    await crashed.store.close();
    await older.store.close();
  });

  it("deleting the record discards what is pending for it", async () => {
    const t = await setup();
    t.flaky.state.down = true;
    await t.store.update(() => ({ accessToken: "a", refreshToken: "rt" }));
    t.flaky.state.down = false;
    await t.store.delete();
    expect(t.store.pending).toBe(false);
    expect(await t.store.get()).toBeUndefined();
    await t.store.close();
  });
});
