import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import {
  defaultSettingsPath,
  openSettingsStore,
  parseSettingsLocation,
  redactUrl,
} from "../src/location.js";
import { dropTable, REDIS_URL, requirePostgres, requireRedis, runId } from "./helpers/servers.js";

const root = await mkdtemp(join(tmpdir(), "settings-location-"));
afterAll(() => rm(root, { recursive: true, force: true }));
const credentials = { clientId: "id", clientSecret: "secret", env: {} };

describe("defaultSettingsPath", () => {
  it("uses XDG_CONFIG_HOME, then ~/.config on Linux", () => {
    expect(
      defaultSettingsPath("zoho-crm", {
        platform: "linux",
        env: { XDG_CONFIG_HOME: "/xdg" },
        homedir: "/home/u",
      }),
    ).toBe("/xdg/x-connectors/zoho-crm/OAuthSettings.txt");
    expect(
      defaultSettingsPath("zoho-crm", { platform: "linux", env: {}, homedir: "/home/u" }),
    ).toBe("/home/u/.config/x-connectors/zoho-crm/OAuthSettings.txt");
    // A relative XDG_CONFIG_HOME is invalid per the spec and ignored.
    expect(
      defaultSettingsPath("p", {
        platform: "linux",
        env: { XDG_CONFIG_HOME: "rel" },
        homedir: "/home/u",
      }),
    ).toBe("/home/u/.config/x-connectors/p/OAuthSettings.txt");
  });

  it("uses Application Support on macOS and APPDATA on Windows", () => {
    expect(
      defaultSettingsPath("pipedrive", { platform: "darwin", env: {}, homedir: "/Users/u" }),
    ).toBe("/Users/u/Library/Application Support/x-connectors/pipedrive/OAuthSettings.txt");
    expect(
      defaultSettingsPath("zendesk", {
        platform: "win32",
        env: { APPDATA: "C:\\Users\\u\\AppData\\Roaming" },
        homedir: "C:\\Users\\u",
      }),
    ).toBe("C:\\Users\\u\\AppData\\Roaming\\x-connectors\\zendesk\\OAuthSettings.txt");
  });

  it("rejects provider ids that would escape the folder", () => {
    for (const bad of ["", "..", "a/b", "a\\b", "../etc"]) {
      expect(() => defaultSettingsPath(bad)).toThrow(
        expect.objectContaining({ code: "SETTINGS_INVALID_ARGUMENT" }),
      );
    }
  });
});

describe("parseSettingsLocation", () => {
  const info = { platform: "linux" as const, env: {}, homedir: "/home/u" };
  it("recognizes every location kind", () => {
    expect(parseSettingsLocation(undefined, "p", info)).toEqual({
      kind: "file",
      path: "/home/u/.config/x-connectors/p/OAuthSettings.txt",
    });
    expect(parseSettingsLocation("  ", "p", info).kind).toBe("file");
    expect(parseSettingsLocation("/abs/s.txt", "p", info)).toEqual({
      kind: "file",
      path: "/abs/s.txt",
    });
    expect(parseSettingsLocation("~/s.txt", "p", info)).toEqual({
      kind: "file",
      path: "/home/u/s.txt",
    });
    expect(parseSettingsLocation("file:///abs/s%20x.txt", "p", info)).toEqual({
      kind: "file",
      path: "/abs/s x.txt",
    });
    expect(parseSettingsLocation("memory://team", "p", info)).toEqual({
      kind: "memory",
      name: "team",
    });
    expect(parseSettingsLocation("redis://h:6379/2", "p", info)).toEqual({
      kind: "redis",
      url: "redis://h:6379/2",
    });
    expect(parseSettingsLocation("rediss://h", "p", info).kind).toBe("redis");
    expect(parseSettingsLocation("postgres://u@h/db", "p", info).kind).toBe("postgres");
    expect(parseSettingsLocation("postgresql://u@h/db", "p", info).kind).toBe("postgres");
  });

  it("rejects unknown schemes without showing a password", () => {
    const error = (() => {
      try {
        parseSettingsLocation("mongodb://user:hunter2@h/db", "p", info);
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toMatchObject({ code: "SETTINGS_INVALID_LOCATION" });
    expect(error?.message).toContain("mongodb");
    expect(error?.message).not.toContain("hunter2");
    expect(redactUrl("redis://:pw@h:1")).toBe("redis://:***@h:1");
  });
});

describe("openSettingsStore", () => {
  it("opens a file store keyed by the provider id, from a path or a file URL", async () => {
    const path = join(root, "p", "OAuthSettings.txt");
    const store = await openSettingsStore(path, { provider: "zoho-crm", ...credentials });
    await store.set({ refreshToken: "r" });
    expect(JSON.parse(await readFile(path, "utf8")).records).toHaveProperty("zoho-crm");
    const again = await openSettingsStore(pathToFileURL(path).href, {
      provider: "zoho-crm",
      ...credentials,
    });
    expect((await again.get())?.refreshToken).toBe("r");
  });

  it("opens the default file under XDG_CONFIG_HOME", async () => {
    const store = await openSettingsStore(undefined, {
      provider: "highrise",
      ...credentials,
      env: { XDG_CONFIG_HOME: root },
      platform: "linux",
    });
    await store.set({ accessToken: "a" });
    const doc = JSON.parse(
      await readFile(join(root, "x-connectors", "highrise", "OAuthSettings.txt"), "utf8"),
    );
    expect(Object.keys(doc.records)).toEqual(["highrise"]);
  });

  it("shares memory://NAME stores in the process and keeps records per key", async () => {
    const name = `memory://${runId()}`;
    const a = await openSettingsStore(name, { provider: "zendesk", ...credentials });
    const b = await openSettingsStore(name, { provider: "zendesk", ...credentials });
    const other = await openSettingsStore(name, {
      provider: "zendesk",
      key: "second-connection",
      ...credentials,
    });
    await a.set({ accessToken: "shared" });
    expect((await b.get())?.accessToken).toBe("shared");
    expect(await other.get()).toBeUndefined();
  });

  it("opens redis:// and postgres:// locations through the lazily loaded drivers", async () => {
    await requireRedis();
    const url = await requirePostgres();
    const table = `x_settings_loc_${runId()}`;
    const redis = await openSettingsStore(REDIS_URL, {
      provider: "pipedrive",
      prefix: `x-settings-loc:${runId()}:`,
      ...credentials,
    });
    const postgres = await openSettingsStore(url, { provider: "pipedrive", table, ...credentials });
    try {
      for (const store of [redis, postgres]) {
        await store.set({ refreshToken: "r1" });
        expect(await store.update((cur) => ({ ...cur, accessToken: "a2" }))).toMatchObject({
          refreshToken: "r1",
          accessToken: "a2",
        });
        await store.delete();
      }
      expect(redis.driver.name).toBe("redis");
      expect(postgres.driver.name).toBe("postgres");
    } finally {
      await redis.close();
      await postgres.close();
      await dropTable(url, table);
    }
  });
});
