/**
 * Store faults with real servers of our own: Redis killed and PostgreSQL stopped between a token
 * response and the store write (refresh and code exchange), a process that crashes during the
 * outage, and a full file system. Each: no crash, typed errors during the outage, the rotated
 * refresh token in the store after recovery, and a fresh process connects without consent.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type Emulator, startEmulator } from "@x/emulator";
import { connect, connector } from "@x/zendesk";
import { Redis } from "ioredis";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  type OwnPostgres,
  type OwnRedis,
  startOwnPostgres,
  startOwnRedis,
} from "./servers/own-servers.js";
import { runConnectWorker } from "./servers/workers.js";
import { tempDir } from "./support.js";

let emulator: Emulator;
let redis: OwnRedis;
let postgres: OwnPostgres;

beforeAll(async () => {
  [emulator, redis, postgres] = await Promise.all([
    startEmulator({ autoApprove: true, zendesk: { requestsPerMinute: false } }),
    startOwnRedis(),
    startOwnPostgres(),
  ]);
}, 120_000);
afterAll(async () => {
  await Promise.all([emulator?.close(), redis?.close(), postgres?.close()]);
});

const runId = () => randomBytes(4).toString("hex");

function connection(location: string, key: string): string {
  const { clientId, clientSecret } = emulator.defaultClient("zendesk");
  return `URL=https://emulated.zendesk.com;EmulatorURL=${emulator.url};OAuthClientId=${clientId};OAuthClientSecret=${clientSecret};CallbackURL=http://127.0.0.1:0/callback;OAuthSettingsLocation=${location};OAuthSettingsKey=${key}`;
}

/** The consent page, as a user's browser would go through it: the code to exchange. */
async function consentCode(cs: string) {
  const auth = await connector.getAuthorizationUrl(cs, { authMode: "WEB" });
  const consent = await fetch(auth.url, { redirect: "manual" });
  return {
    code: new URL(consent.headers.get("location")!).searchParams.get("code")!,
    codeVerifier: auth.codeVerifier,
  };
}

/** The web recipe: consent, then GetOAuthAccessToken persisting into the location. */
async function onboard(cs: string) {
  const { code, codeVerifier } = await consentCode(cs);
  return connector.getAccessToken(cs, { verifier: code, codeVerifier });
}

/** A fetch that runs `fault` once, after the first successful token response of `grant`. */
function faultAfter(grant: "refresh_token" | "authorization_code", fault: () => Promise<void>) {
  let armed = true;
  const wrapped: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const hit =
      armed &&
      request.url.includes("/oauth/tokens") &&
      (await request.clone().text()).includes(`grant_type=${grant}`);
    const response = await fetch(request);
    if (hit && response.ok) {
      armed = false;
      await fault();
    }
    return response;
  };
  return wrapped;
}

/**
 * Resolves once no record of `cs` waits for the store (the write-back happened). Opening the
 * record reads the recovery file and starts writing it back, as any process of the app would.
 */
async function writtenBack(cs: string, recoveryPath: string) {
  const probe = await connector.openSettings(cs, { recoveryPath });
  try {
    await probe.get();
    const deadline = Date.now() + 60_000;
    while (probe.pending) {
      if (Date.now() > deadline) throw new Error("the kept record never reached the store");
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await probe.close();
  }
}

interface Server {
  name: string;
  location: () => string;
  down: () => Promise<void>;
  up: () => Promise<void>;
  pid: () => number | undefined;
  signal: NodeJS.Signals;
  /**
   * The lease rows of the record `key` the server kept across its restart, whatever their expiry.
   * Where the lease dies with the server (Redis without persistence) there are none to count.
   */
  leasesKept?: (key: string) => Promise<number>;
  /** Ages the lease of the record `key` past its expiry: a crashed holder's lease has run out. */
  leaseRunsOut?: (key: string) => Promise<void>;
}

/** One query on the test's own PostgreSQL server. */
async function onPostgres<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgres.url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

const servers: Server[] = [
  {
    name: "Redis killed",
    location: () => redis.url,
    down: () => redis.kill(),
    up: () => redis.start(),
    pid: () => redis.pid,
    signal: "SIGKILL",
  },
  {
    name: "PostgreSQL stopped",
    location: () => postgres.url,
    down: () => postgres.stop(),
    up: () => postgres.start(),
    pid: () => postgres.pid,
    signal: "SIGQUIT",
    leasesKept: (key) =>
      onPostgres(
        async (client) =>
          (await client.query("SELECT 1 FROM x_oauth_settings_locks WHERE key = $1", [key]))
            .rowCount ?? 0,
      ),
    // The lease is a row with an expiry in the server's time: set in the past, it has run out
    // and the takeover still goes through the expiry check. Only this record's lease is touched.
    leaseRunsOut: (key) =>
      onPostgres(async (client) => {
        await client.query(
          "UPDATE x_oauth_settings_locks SET expires_at = clock_timestamp() - interval '1 second' WHERE key = $1",
          [key],
        );
      }),
  },
];

describe.each(servers)("$name", (server) => {
  test("mid-refresh: the call succeeds, the outage gives typed errors, the rotated token reaches the store", {
    timeout: 120_000,
  }, async () => {
    const cs = connection(server.location(), `user-${runId()}`);
    const recoveryPath = join(await tempDir("recovery"), "OAuthRecovery.txt");
    await onboard(cs);
    emulator.expireTokens({ provider: "zendesk" });
    const refreshes = emulator.count("zendesk", "token.refresh");
    const warnings: string[] = [];
    const conn = await connect(`${cs};InitiateOAuth=REFRESH`, {
      recoveryPath,
      fetch: faultAfter("refresh_token", server.down),
      onWarning: (message) => warnings.push(message),
    });
    try {
      await conn.getJson("api/v2/tickets.json", { "page[size]": 1 });
      expect(emulator.count("zendesk", "token.refresh")).toBe(refreshes + 1);
      expect(warnings.join("\n")).toContain("kept in");

      // During the outage: another user's connection fails with a typed error, no hang, no crash.
      const other = await connect(
        `${connection(server.location(), `other-${runId()}`)};InitiateOAuth=REFRESH`,
        { recoveryPath },
      ).catch((error: unknown) => error);
      expect(other).toMatchObject({ code: "SETTINGS_BACKEND", hint: expect.any(String) });
      // This user's new tokens are in memory: another connection of this process uses them.
      const again = await connect(`${cs};InitiateOAuth=REFRESH`, { recoveryPath });
      await again.getJson("api/v2/tickets.json", { "page[size]": 1 });
      expect(emulator.count("zendesk", "token.refresh")).toBe(refreshes + 1);
      await again.close();

      await server.up();
      await writtenBack(cs, recoveryPath);
    } finally {
      await conn.close();
    }
    // A fresh process, without the recovery file, refreshes with what the store holds.
    emulator.expireTokens({ provider: "zendesk" });
    const fresh = await runConnectWorker({
      cs: `${cs};InitiateOAuth=REFRESH`,
      recoveryPath: join(await tempDir("empty"), "OAuthRecovery.txt"),
    });
    expect(fresh).toMatchObject({ ok: true });
    expect(emulator.count("zendesk", "token.refresh")).toBe(refreshes + 2);
  });

  test("mid-exchange: GetOAuthAccessToken returns the tokens, and they reach the store", {
    timeout: 120_000,
  }, async () => {
    const cs = connection(server.location(), `user-${runId()}`);
    const recoveryPath = join(await tempDir("recovery"), "OAuthRecovery.txt");
    const { code, codeVerifier } = await consentCode(cs);
    const warnings: string[] = [];
    const tokens = await connector.getAccessToken(
      cs,
      { verifier: code, codeVerifier },
      {
        recoveryPath,
        fetch: faultAfter("authorization_code", server.down),
        onWarning: (message) => warnings.push(message),
      },
    );
    expect(tokens.refreshToken).toBeTruthy();
    expect(warnings.join("\n")).toContain("kept in");
    await server.up();
    // The next process that opens the record finds the kept tokens and writes them to the store.
    expect(
      await runConnectWorker({ cs: `${cs};InitiateOAuth=REFRESH`, recoveryPath }),
    ).toMatchObject({ ok: true });
    emulator.expireTokens({ provider: "zendesk" });
    expect(
      await runConnectWorker({
        cs: `${cs};InitiateOAuth=REFRESH`,
        recoveryPath: join(await tempDir("empty"), "OAuthRecovery.txt"),
      }),
    ).toMatchObject({ ok: true });
  });

  test("a process that crashes during the outage loses nothing", { timeout: 120_000 }, async () => {
    const user = `user-${runId()}`;
    const recordKey = `zendesk:${user}`;
    const cs = `${connection(server.location(), user)};InitiateOAuth=REFRESH`;
    const recoveryPath = join(await tempDir("recovery"), "OAuthRecovery.txt");
    await onboard(cs);
    emulator.expireTokens({ provider: "zendesk" });
    const refreshes = emulator.count("zendesk", "token.refresh");
    const crashed = await runConnectWorker({
      cs,
      recoveryPath,
      killPid: server.pid(),
      killSignal: server.signal,
      crash: true,
    });
    expect(crashed).toMatchObject({ ok: true });
    expect(crashed.warnings.join("\n")).toContain("kept in");
    await server.down(); // reaps the killed server
    await server.up();
    // The crashed holder's lease outlived it (checked before any other process could take it
    // over, so however long the restart took).
    if (server.leasesKept) expect(await server.leasesKept(recordKey)).toBe(1);
    // The next process on this machine finds the kept tokens in the recovery file.
    const recovered = await runConnectWorker({ cs, recoveryPath });
    expect(recovered, JSON.stringify(recovered)).toMatchObject({ ok: true });
    // They reach the store once the crashed holder's lock is gone (PostgreSQL: its lease runs out).
    await server.leaseRunsOut?.(recordKey);
    await writtenBack(cs, recoveryPath);
    emulator.expireTokens({ provider: "zendesk" });
    expect(
      await runConnectWorker({
        cs,
        recoveryPath: join(await tempDir("empty"), "OAuthRecovery.txt"),
      }),
    ).toMatchObject({ ok: true });
    // One refresh by the crashed process, one by the last: the kept token was never spent twice.
    expect(emulator.count("zendesk", "token.refresh")).toBe(refreshes + 2);
  });
});

describe("shared clients", () => {
  test("20 connections to one Redis location use one client; closing one leaves the others working", {
    timeout: 60_000,
  }, async () => {
    const cs = `${connection(redis.url, `user-${runId()}`)};InitiateOAuth=REFRESH`;
    await onboard(cs);
    const probe = new Redis(redis.url);
    const clients = async () => {
      const own = Number(await probe.call("CLIENT", "ID"));
      return String(await probe.call("CLIENT", "LIST"))
        .trim()
        .split("\n")
        .filter((line) => !line.startsWith(`id=${own} `)).length;
    };
    try {
      const connections = await Promise.all(Array.from({ length: 20 }, () => connect(cs)));
      expect(await clients()).toBe(1);
      await connections[0]!.close();
      await connections[1]!.getJson("api/v2/tickets.json", { "page[size]": 1 });
      // A new connect reuses the client too.
      const late = await connect(cs);
      expect(await clients()).toBe(1);
      await Promise.all([late, ...connections.slice(1)].map((c) => c.close()));
      expect(await clients()).toBe(0);
    } finally {
      probe.disconnect();
    }
  });
});

describe("a client of the caller's", () => {
  test("connect() uses a Redis client and a pg pool passed in, and leaves them open", {
    timeout: 60_000,
  }, async () => {
    const client = new Redis(redis.url);
    const pool = new pg.Pool({ connectionString: postgres.url, max: 2 });
    try {
      for (const [location, option] of [
        [redis.url, { redisClient: client }],
        [postgres.url, { postgresPool: pool }],
      ] as const) {
        const cs = `${connection(location, `user-${runId()}`)};InitiateOAuth=REFRESH`;
        await onboard(cs);
        const conn = await connect(cs, option);
        await conn.getJson("api/v2/tickets.json", { "page[size]": 1 });
        await conn.close();
      }
      // Both belong to the caller: still open after the connections closed.
      expect(await client.ping()).toBe("PONG");
      expect((await pool.query("SELECT 1 AS one")).rows[0].one).toBe(1);
      // And they were used: the records are there.
      expect((await client.keys("x-oauth-settings:value:zendesk:user-*")).length).toBeGreaterThan(
        0,
      );
    } finally {
      client.disconnect();
      await pool.end();
    }
  });
});

/** Mounts a small tmpfs, or says why the OS cannot give one. */
function mountTmpfs(dir: string, size: string): string | undefined {
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${size},mode=0700`, "tmpfs", dir], {
      stdio: "pipe",
    });
    return undefined;
  } catch (error) {
    return String((error as { stderr?: Buffer }).stderr ?? error).trim();
  }
}

describe("a full file system (ENOSPC)", () => {
  test("mid-refresh: the rotated token is kept and reaches the settings file once space is back", {
    timeout: 120_000,
  }, async () => {
    const mountPoint = await tempDir("enospc");
    const refused = mountTmpfs(mountPoint, "256k");
    // Only root (or CAP_SYS_ADMIN) can mount; CI runs the suite as root.
    expect(refused, `mount -t tmpfs failed: ${refused}`).toBeUndefined();
    const filler = join(mountPoint, "filler");
    try {
      const cs = connection(join(mountPoint, "OAuthSettings.txt"), `user-${runId()}`);
      const recoveryPath = join(await tempDir("recovery"), "OAuthRecovery.txt");
      await onboard(cs);
      emulator.expireTokens({ provider: "zendesk" });
      const fill = async () => {
        await writeFile(filler, Buffer.alloc(1024 * 1024)).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== "ENOSPC") throw error;
        });
      };
      const warnings: string[] = [];
      const conn = await connect(`${cs};InitiateOAuth=REFRESH`, {
        recoveryPath,
        fetch: faultAfter("refresh_token", fill),
        onWarning: (message) => warnings.push(message),
      });
      try {
        await conn.getJson("api/v2/tickets.json", { "page[size]": 1 });
        expect(warnings.join("\n")).toContain("ENOSPC");
        await rm(filler);
        await writtenBack(cs, recoveryPath);
      } finally {
        await conn.close();
      }
      emulator.expireTokens({ provider: "zendesk" });
      expect(
        await runConnectWorker({
          cs: `${cs};InitiateOAuth=REFRESH`,
          recoveryPath: join(await tempDir("empty"), "OAuthRecovery.txt"),
        }),
      ).toMatchObject({ ok: true });
    } finally {
      execFileSync("umount", ["-l", mountPoint]);
    }
  });
});
