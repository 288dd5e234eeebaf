import { execFile } from "node:child_process";
import {
  chmod,
  copyFile,
  cp,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  realpath,
  rm,
  stat,
  truncate,
  writeFile,
} from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDriver } from "../src/conformance.js";
import { deriveSettingsKey } from "../src/crypto.js";
import { fileDriver } from "../src/drivers/file.js";
import { SettingsCorruptError, SettingsIoError } from "../src/errors.js";
import { createSettingsStore } from "../src/settings.js";
import { worker } from "./helpers/spawn.js";

const root = await mkdtemp(join(tmpdir(), "settings-file-test-"));
afterAll(() => rm(root, { recursive: true, force: true }));
let n = 0;
const freshPath = () => join(root, `case-${++n}`, "OAuthSettings.txt");

const conformancePath = join(root, "conformance", "OAuthSettings.txt");
testDriver({ name: "file", create: () => fileDriver({ path: conformancePath }) });

const encryption = await deriveSettingsKey({
  clientId: "client-1",
  clientSecret: "shh-client-secret",
  env: {},
});
const TOKEN = "1000.secret-refresh-token-value";

describe("fileDriver on disk", () => {
  it("writes a versioned JSON document with mode 0600 in a directory created with mode 0700", async () => {
    const path = freshPath();
    await fileDriver({ path }).set("zoho-crm", "x1.envelope");
    const doc = JSON.parse(await readFile(path, "utf8"));
    expect(doc).toEqual({
      format: "x-oauth-settings",
      version: 1,
      records: { "zoho-crm": "x1.envelope" },
    });
    if (process.platform !== "win32") {
      expect((await stat(path)).mode & 0o777).toBe(0o600);
      expect((await stat(join(path, ".."))).mode & 0o777).toBe(0o700);
    }
    // No temp or lock files are left behind.
    expect(await readdir(join(path, ".."))).toEqual(["OAuthSettings.txt"]);
  });

  it("callers queued in one process share one take of the file lock, and leave none behind", async () => {
    const path = freshPath();
    const driver = fileDriver({ path });
    await driver.set("seed", "0");
    // The lock file's token, as each update function sees it while it holds the lock.
    const tokens: string[] = [];
    const lockToken = async () => JSON.parse(await readFile(`${path}.lock`, "utf8")).token;
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        driver.update(`k${i}`, async () => {
          tokens.push(await lockToken());
          return String(i);
        }),
      ),
    );
    // Taken once from the file system and handed from caller to caller (a chain may be cut
    // after HANDOFF_MS on a slow machine, so a few takes at most).
    expect(tokens).toHaveLength(20);
    expect(new Set(tokens).size).toBeLessThanOrEqual(3);
    for (let i = 0; i < 20; i++) expect(await driver.get(`k${i}`)).toBe(String(i));
    expect(await readdir(dirname(path))).toEqual(["OAuthSettings.txt"]);
    // A caller alone takes and removes its own lock.
    const alone: string[] = [];
    await driver.update("a", async () => {
      alone.push(await lockToken());
      return "1";
    });
    await driver.update("b", async () => {
      alone.push(await lockToken());
      return "2";
    });
    expect(new Set(alone).size).toBe(2);
    expect(await readdir(dirname(path))).toEqual(["OAuthSettings.txt"]);
  });

  it("a file changed by anyone since it was last read is read again, even in place at its size", async () => {
    const path = freshPath();
    const driver = fileDriver({ path });
    await driver.set("k", "aaaa");
    expect(await driver.get("k")).toBe("aaaa");
    // Another writer edits the same inode in place, keeping the size.
    const text = await readFile(path, "utf8");
    await writeFile(path, text.replace('"aaaa"', '"bbbb"'));
    expect(await driver.get("k")).toBe("bbbb");
    // A map handed out is the caller's own: changing it changes nothing read later.
    await fileDriver({ path }).set("j", "1");
    expect(await driver.get("j")).toBe("1");
    expect(await driver.get("k")).toBe("bbbb");
  });

  it("creates missing parent directories several levels deep", async () => {
    const path = join(root, "deep", "a", "b", "c", "OAuthSettings.txt");
    await fileDriver({ path }).update("k", () => "v");
    expect(await fileDriver({ path }).get("k")).toBe("v");
  });

  it("reports a truncated file as SETTINGS_CORRUPT and never overwrites it", async () => {
    const path = freshPath();
    const store = createSettingsStore(fileDriver({ path }), { key: "p", encryption });
    await store.set({ refreshToken: TOKEN });
    const size = (await stat(path)).size;
    await truncate(path, Math.floor(size / 2));
    const damaged = await readFile(path, "utf8");
    for (const attempt of [
      () => store.get(),
      () => store.set({ refreshToken: "new" }),
      () => store.update(() => ({ refreshToken: "new" })),
    ]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SettingsCorruptError);
      expect(error).toMatchObject({ code: "SETTINGS_CORRUPT", path });
      expect((error as Error).message).toContain(path);
    }
    expect(await readFile(path, "utf8")).toBe(damaged);
  });

  it("reports an empty file, a foreign JSON document and a newer version distinctly", async () => {
    const path = freshPath();
    await mkdir(join(path, ".."), { recursive: true });
    const driver = fileDriver({ path });
    await writeFile(path, "");
    await expect(driver.get("k")).rejects.toMatchObject({
      code: "SETTINGS_CORRUPT",
      message: expect.stringContaining("empty"),
    });
    await writeFile(path, JSON.stringify({ hello: "world" }));
    await expect(driver.get("k")).rejects.toMatchObject({
      code: "SETTINGS_CORRUPT",
      message: expect.stringContaining("format"),
    });
    await writeFile(path, JSON.stringify({ format: "x-oauth-settings", version: 2, records: {} }));
    await expect(driver.update("k", () => "v")).rejects.toMatchObject({
      code: "SETTINGS_UNSUPPORTED_VERSION",
    });
    await writeFile(
      path,
      JSON.stringify({ format: "x-oauth-settings", version: 1, records: { k: 5 } }),
    );
    await expect(driver.get("k")).rejects.toMatchObject({
      code: "SETTINGS_CORRUPT",
      message: expect.stringContaining('"k"'),
    });
    expect(await readFile(path, "utf8")).toContain('"k":5');
  });

  it("reports a tampered record and a wrong key as SETTINGS_UNDECRYPTABLE, leaving the file untouched", async () => {
    const path = freshPath();
    await createSettingsStore(fileDriver({ path }), { key: "p", encryption }).set({
      refreshToken: TOKEN,
    });
    const original = await readFile(path, "utf8");
    const wrongKey = createSettingsStore(fileDriver({ path }), {
      key: "p",
      encryption: await deriveSettingsKey({
        clientId: "client-1",
        clientSecret: "other-secret",
        env: {},
      }),
    });
    const error = await wrongKey.get().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "SETTINGS_UNDECRYPTABLE", reason: "wrong-key" });
    expect((error as Error).message).not.toContain("other-secret");
    await expect(wrongKey.update(() => ({ refreshToken: "x" }))).rejects.toMatchObject({
      code: "SETTINGS_UNDECRYPTABLE",
    });
    expect(await readFile(path, "utf8")).toBe(original);

    const doc = JSON.parse(original);
    const envelope: string = doc.records.p;
    const i = envelope.length - 10;
    doc.records.p =
      envelope.slice(0, i) + (envelope[i] === "a" ? "b" : "a") + envelope.slice(i + 1);
    await writeFile(path, JSON.stringify(doc));
    await expect(
      createSettingsStore(fileDriver({ path }), { key: "p", encryption }).get(),
    ).rejects.toMatchObject({
      code: "SETTINGS_UNDECRYPTABLE",
      reason: "tampered",
    });
  });

  it("keeps tokens out of the file in clear text", async () => {
    const path = freshPath();
    await createSettingsStore(fileDriver({ path }), { key: "p", encryption }).set({
      refreshToken: TOKEN,
      metadata: { api_domain: "https://www.zohoapis.eu" },
    });
    const text = await readFile(path, "utf8");
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain("zohoapis");
  });

  it("reads a file copied to another path and another directory with the same credentials (portability)", async () => {
    const path = freshPath();
    await createSettingsStore(fileDriver({ path }), { key: "p", encryption }).set({
      refreshToken: TOKEN,
      expiresAt: 1_800_000_000_000,
    });
    const elsewhere = join(root, "other-machine", "home", "cfg", "copied.txt");
    await mkdir(join(elsewhere, ".."), { recursive: true });
    await copyFile(path, elsewhere);
    // A key derived afresh from the same credentials, as on another machine.
    const sameCredentials = await deriveSettingsKey({
      clientId: "client-1",
      clientSecret: "shh-client-secret",
      env: {},
    });
    const copy = createSettingsStore(fileDriver({ path: elsewhere }), {
      key: "p",
      encryption: sameCredentials,
    });
    expect(await copy.get()).toMatchObject({ refreshToken: TOKEN, expiresAt: 1_800_000_000_000 });
    // And it stays writable there: refreshes are written back.
    await copy.update((cur) => ({ ...cur, accessToken: "new-access" }));
    expect((await copy.get())?.accessToken).toBe("new-access");
  });

  it("fails with SETTINGS_IO when a parent of the location is a file (works as root too)", async () => {
    const blocker = join(root, `blocker-${++n}`);
    await writeFile(blocker, "not a directory");
    const driver = fileDriver({ path: join(blocker, "sub", "OAuthSettings.txt") });
    const readError = await driver.get("k").catch((e: unknown) => e);
    expect(readError).toBeInstanceOf(SettingsIoError);
    expect(readError).toMatchObject({ code: "SETTINGS_IO", ioCode: "ENOTDIR" });
    const writeError = await driver.set("k", "v").catch((e: unknown) => e);
    expect(writeError).toBeInstanceOf(SettingsIoError);
    expect((writeError as SettingsIoError).message).toContain(blocker);
    expect((writeError as SettingsIoError).hint).toMatch(/not a directory/);
  });

  it("fails with SETTINGS_IO when the location is a directory", async () => {
    const dir = join(root, `dir-${++n}`);
    await mkdir(dir);
    const error = await fileDriver({ path: dir })
      .get("k")
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "SETTINGS_IO", ioCode: "EISDIR" });
  });

  it("fails with SETTINGS_IO when the location is under a device file", async () => {
    // Works as root, unlike permission bits: /dev/null is not a directory for anyone.
    const error = await fileDriver({ path: "/dev/null/x-connectors/OAuthSettings.txt" })
      .set("k", "v")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SettingsIoError);
    expect(error).toMatchObject({ ioCode: "ENOTDIR" });
  });

  describe("permissions", () => {
    // Root ignores permission bits, so as root the attempt runs in a child process as `nobody`.
    const asRoot = process.getuid?.() === 0;
    // `nobody` may not be able to reach the checkout (a clone in a 0700 directory), so as root the
    // worker and the build it imports are copied where everyone can read them.
    let script = worker("try-access.mjs");
    beforeAll(async () => {
      if (!asRoot) return;
      const copy = await mkdtemp(join(tmpdir(), "settings-access-"));
      await chmod(copy, 0o755);
      await cp(join(dirname(script), "..", "..", "dist"), join(copy, "dist"), { recursive: true });
      // The build imports @x/errors: give the copy its own node_modules with that package.
      const errors = await realpath(
        join(dirname(script), "..", "..", "node_modules", "@x", "errors"),
      );
      const target = join(copy, "node_modules", "@x", "errors");
      await cp(join(errors, "dist"), join(target, "dist"), { recursive: true });
      await copyFile(join(errors, "package.json"), join(target, "package.json"));
      await mkdir(join(copy, "test", "workers"), { recursive: true, mode: 0o755 });
      await chmod(join(copy, "test"), 0o755);
      await chmod(join(copy, "test", "workers"), 0o755);
      script = join(copy, "test", "workers", "try-access.mjs");
      await copyFile(worker("try-access.mjs"), script);
    });
    const attempt = (operation: "get" | "set", path: string) =>
      new Promise<{ code?: string; ioCode?: string; message?: string; hint?: string }>(
        (resolve, reject) => {
          execFile(
            process.execPath,
            [script, operation, path],
            asRoot ? { uid: 65534, gid: 65534 } : {},
            (error, stdout) => (error ? reject(error) : resolve(JSON.parse(stdout))),
          );
        },
      );

    it("fails with SETTINGS_IO (EACCES) writing into a directory the user may not write", async () => {
      const dir = join(root, `no-write-${++n}`);
      await mkdir(dir, { mode: 0o755 });
      await chmod(dir, 0o555);
      await chmod(root, 0o755);
      const result = await attempt("set", join(dir, "OAuthSettings.txt"));
      expect(result).toMatchObject({ code: "SETTINGS_IO", ioCode: "EACCES" });
      expect(result.message).toContain(dir);
      expect(result.hint).toMatch(/permissions/);
      expect(await readdir(dir)).toEqual([]);
    });

    it("fails with SETTINGS_IO (EACCES) reading a settings file of another user (mode 0600)", async () => {
      const path = freshPath();
      await fileDriver({ path }).set("k", "v");
      await chmod(join(path, ".."), 0o755);
      await chmod(root, 0o755);
      // As root the file (root's, 0600) is read by `nobody`; otherwise its owner revokes their own access.
      if (!asRoot) await chmod(path, 0o000);
      const result = await attempt("get", path);
      expect(result).toMatchObject({ code: "SETTINGS_IO", ioCode: "EACCES" });
      expect(result.message).toContain(path);
    });
  });

  it("recovers a lock left by a dead process at once", async () => {
    const path = freshPath();
    await mkdir(join(path, ".."), { recursive: true });
    await writeFile(
      `${path}.lock`,
      JSON.stringify({
        pid: 2 ** 22 + 12345,
        host: hostname(),
        token: "dead",
        expiresAt: Date.now() + 60_000,
      }),
    );
    const started = Date.now();
    expect(await fileDriver({ path }).update("k", () => "v", { waitMs: 2_000 })).toBe("v");
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await readdir(join(path, ".."))).toEqual(["OAuthSettings.txt"]);
  });

  it("waits for a live foreign lock until its lease expires, then takes over", async () => {
    const path = freshPath();
    await mkdir(join(path, ".."), { recursive: true });
    // Another host: its pid cannot be checked here, so only the lease decides.
    await writeFile(
      `${path}.lock`,
      JSON.stringify({
        pid: 1,
        host: "another-host",
        token: "foreign",
        expiresAt: Date.now() + 400,
      }),
    );
    await expect(
      fileDriver({ path }).update("k", () => "early", { waitMs: 150 }),
    ).rejects.toMatchObject({ code: "SETTINGS_LOCK_TIMEOUT" });
    const started = Date.now();
    expect(await fileDriver({ path }).update("k", () => "late", { waitMs: 3_000 })).toBe("late");
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
  });

  it("does not take a lock held by a live process on this host, even past an unrenewed lease check", async () => {
    const path = freshPath();
    await mkdir(join(path, ".."), { recursive: true });
    await writeFile(
      `${path}.lock`,
      JSON.stringify({
        pid: process.pid,
        host: hostname(),
        token: "mine",
        expiresAt: Date.now() + 5_000,
      }),
    );
    await expect(
      fileDriver({ path }).update("k", () => "v", { waitMs: 200 }),
    ).rejects.toMatchObject({ code: "SETTINGS_LOCK_TIMEOUT" });
    await rm(`${path}.lock`);
  });

  it("removes temp files of crashed writers when it recovers their lock", async () => {
    const path = freshPath();
    await mkdir(join(path, ".."), { recursive: true });
    const deadPid = 2 ** 22 + 777;
    await writeFile(`${path}.${deadPid}.abcdef.tmp`, "partial");
    await writeFile(
      `${path}.lock`,
      JSON.stringify({
        pid: deadPid,
        host: hostname(),
        token: "dead",
        expiresAt: Date.now() + 60_000,
      }),
    );
    await fileDriver({ path }).set("k", "v");
    expect(await readdir(join(path, ".."))).toEqual(["OAuthSettings.txt"]);
  });
});
