// Hostile files and locations: a FIFO or a device as the settings file, huge files, files and
// locks planted by another user in a shared directory, malformed locations, passwords in URLs.
import { execFileSync } from "node:child_process";
import { chown, lchown, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { fileDriver, readRecords } from "../src/drivers/file.js";
import { SettingsBackendError, SettingsStoreError } from "../src/errors.js";
import { openSettingsStore, parseSettingsLocation, redactUrl } from "../src/location.js";
import { REDIS_URL, requireRedis } from "./helpers/servers.js";

const root = await mkdtemp(join(tmpdir(), "settings-hostile-"));
afterAll(() => rm(root, { recursive: true, force: true }));
const key = { secret: "hostile-files-secret", env: {} };

async function failure(promise: Promise<unknown>): Promise<SettingsStoreError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsStoreError);
    return error as SettingsStoreError;
  }
  throw new Error("expected a failure");
}

/**
 * Makes `path` a file that another user owns: as root, chown it to nobody; otherwise, a symbolic
 * link to a file root owns (what is read is then another user's file).
 */
async function plantForeign(path: string, content: string): Promise<void> {
  if (process.getuid?.() === 0) {
    await writeFile(path, content);
    await chown(path, 65534, 65534);
  } else {
    await symlink("/etc/hostname", path);
  }
}

describe("only regular files, of bounded size", () => {
  it("a FIFO as OAuthSettingsLocation is refused at once, not waited on", async () => {
    const fifo = join(root, "fifo");
    execFileSync("mkfifo", [fifo]);
    const store = await openSettingsStore(fifo, { provider: "p", ...key });
    const error = await failure(store.get());
    expect(error.code).toBe("SETTINGS_UNSAFE_FILE");
    expect(error.message).toContain(fifo);
    expect(error.message).toContain("named pipe");
  }, 20_000);

  it("/dev/zero is refused before a byte is read", async () => {
    const error = await failure(fileDriver({ path: "/dev/zero" }).get("k"));
    expect(error.code).toBe("SETTINGS_UNSAFE_FILE");
    expect(error.message).toContain("device");
  }, 20_000);

  it("a file larger than any settings file is refused", async () => {
    const big = join(root, "big.json");
    await writeFile(big, Buffer.alloc(9 * 1024 * 1024, 0x20));
    const error = await failure(readRecords(big));
    expect(error.code).toBe("SETTINGS_UNSAFE_FILE");
    expect(error.message).toMatch(/more than/);
  });
});

describe("shared directories: files and locks of another user", () => {
  it("a lock planted by another user with a far-future expiry is refused, naming the lock", async () => {
    const path = join(root, "planted-lock.json");
    await plantForeign(
      `${path}.lock`,
      JSON.stringify({ pid: 1, host: "elsewhere", token: "t", expiresAt: Date.now() + 1e12 }),
    );
    const error = await failure(
      fileDriver({ path }).update("k", () => "v", { waitMs: 3_000, leaseMs: 1_000 }),
    );
    expect(error.code).toBe("SETTINGS_UNSAFE_FILE");
    expect(error.message).toContain(`${path}.lock`);
  }, 20_000);

  it("a settings file (or a symlink) another user planted is not read", async () => {
    const path = join(root, "planted.json");
    await plantForeign(
      path,
      JSON.stringify({ format: "x-oauth-settings", version: 1, records: {} }),
    );
    const error = await failure(readRecords(path));
    expect(error.code).toBe("SETTINGS_UNSAFE_FILE");
    expect(error.message).toContain(path);
    if (process.getuid?.() === 0) {
      const link = join(root, "planted-link.json");
      await symlink(join(root, "anything.json"), link);
      await lchown(link, 65534, 65534);
      expect((await failure(readRecords(link))).message).toMatch(/symbolic link/);
    }
  });
});

describe("locations and URLs", () => {
  it("memory:// with a malformed %-escape is a typed error", () => {
    expect(() => parseSettingsLocation("memory://%E0%A4%A", "p")).toThrow(
      expect.objectContaining({ code: "SETTINGS_INVALID_LOCATION" }),
    );
  });

  it("a malformed Redis or PostgreSQL URL is a typed error without its password", async () => {
    for (const location of [
      "redis://:hunter2pw/x@127.0.0.1:notaport/0",
      "postgres://u:hunter2pw@:5432/db",
    ]) {
      const error = await failure(openSettingsStore(location, { provider: "p", ...key }));
      expect(error.code).toBe("SETTINGS_INVALID_LOCATION");
      expect(inspect(error, { depth: 5 })).not.toContain("hunter2pw");
    }
  });

  it("redactUrl hides passwords with '/' or '@' in them, and ?password=", () => {
    expect(redactUrl("redis://:pa/ss@word@host:6379/0")).toBe("redis://:***@host:6379/0");
    expect(redactUrl("redis://user:p@ss@host")).toBe("redis://user:***@host");
    expect(redactUrl("postgres://host/db?sslmode=require&password=hunter2")).toBe(
      "postgres://host/db?sslmode=require&password=***",
    );
  });

  it("a backend error keeps no password in its cause (Redis WRONGPASS, a client's AUTH command)", async () => {
    const cause = Object.assign(new Error("WRONGPASS invalid username-password pair"), {
      command: { name: "auth", args: ["default", "hunter2pw"] },
      code: "WRONGPASS",
    });
    const error = new SettingsBackendError("redis", "connect", cause);
    expect(inspect(error, { depth: 10, showHidden: true })).not.toContain("hunter2pw");
    expect((error.cause as { code?: string }).code).toBe("WRONGPASS");
    await requireRedis();
    const url = new URL(REDIS_URL);
    url.username = "no-such-user-hostile";
    url.password = "hunter2pw-real";
    const store = await openSettingsStore(url.href, { provider: "p", ...key });
    try {
      const real = await failure(store.get());
      expect(inspect(real, { depth: 10, showHidden: true })).not.toContain("hunter2pw-real");
      expect(JSON.stringify(real)).not.toContain("hunter2pw-real");
    } finally {
      await store.close();
    }
  }, 30_000);
});
