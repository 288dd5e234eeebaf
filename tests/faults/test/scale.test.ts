/**
 * Scale: 16 processes x 50 records (one per user) on one Redis, PostgreSQL and file location, all
 * access tokens expiring at once, two rounds. Each round must cost exactly one token request per
 * record (50), with no failed call and no record lost. Prints the figures (BENCHMARKS.md).
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Emulator, startEmulator } from "@x/emulator";
import { POSTGRES_APPLICATION_NAME } from "@x/settings-store/postgres";
import { connector } from "@x/zendesk";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  type OwnPostgres,
  type OwnRedis,
  startOwnPostgres,
  startOwnRedis,
} from "./servers/own-servers.js";
import { tempDir } from "./support.js";

const PROCESSES = 16;
const RECORDS = 50;
const ROUNDS = 2;
const child = fileURLToPath(new URL("./workers/scale-child.mjs", import.meta.url));

let emulator: Emulator;
let redis: OwnRedis;
let postgres: OwnPostgres;
let home: string;
const figures: string[][] = [];

beforeAll(async () => {
  [emulator, redis, postgres, home] = await Promise.all([
    startEmulator({ autoApprove: true, zendesk: { requestsPerMinute: false } }),
    startOwnRedis(),
    startOwnPostgres(),
    tempDir("scale-home"),
  ]);
}, 120_000);
afterAll(async () => {
  console.log(
    [
      `Scale: ${PROCESSES} processes x ${RECORDS} records, all expiring at once, ${ROUNDS} rounds`,
      "| store | round | token requests | calls | failed calls | records lost | wall time | PostgreSQL connections (max) |",
      "|---|---|---|---|---|---|---|---|",
      ...figures.map((row) => `| ${row.join(" | ")} |`),
    ].join("\n"),
  );
  await Promise.all([emulator?.close(), redis?.close(), postgres?.close()]);
});

function base(location: string): string {
  const { clientId, clientSecret } = emulator.defaultClient("zendesk");
  return `URL=https://emulated.zendesk.com;EmulatorURL=${emulator.url};OAuthClientId=${clientId};OAuthClientSecret=${clientSecret};CallbackURL=http://127.0.0.1:0/callback;OAuthSettingsLocation=${location}`;
}

async function onboard(cs: string) {
  const auth = await connector.getAuthorizationUrl(cs, { authMode: "WEB" });
  const consent = await fetch(auth.url, { redirect: "manual" });
  const code = new URL(consent.headers.get("location")!).searchParams.get("code")!;
  await connector.getAccessToken(cs, { verifier: code, codeVerifier: auth.codeVerifier });
}

function runChild(
  cs: string,
  keys: string[],
): Promise<{ calls: number; failed: number; firstError?: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [child, JSON.stringify({ cs, keys })], {
      stdio: ["ignore", "pipe", "pipe"],
      // The default recovery file lives in the config directory: a private one for the test.
      env: { ...process.env, XDG_CONFIG_HOME: home, HOME: home },
    });
    let out = "";
    let err = "";
    proc.stdout.on("data", (chunk) => {
      out += chunk;
    });
    proc.stderr.on("data", (chunk) => {
      err += chunk;
    });
    proc.on("error", reject);
    // "close", not "exit": all output has been read by then.
    proc.on("close", (code) => {
      const line = out.trim().split("\n").pop();
      if (code !== 0 || !line) reject(new Error(`scale child exited with ${code}: ${err}`));
      else resolve(JSON.parse(line));
    });
  });
}

/** Samples the server-side connections of the stores while `work` runs; the maximum seen. */
async function sampleConnections<T>(work: Promise<T>): Promise<[T, number]> {
  let max = 0;
  let done = false;
  const sampler = (async () => {
    while (!done) {
      max = Math.max(max, await postgres.connections(POSTGRES_APPLICATION_NAME).catch(() => 0));
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  try {
    return [await work, max];
  } finally {
    done = true;
    await sampler;
  }
}

const stores = [
  { name: "Redis", location: () => redis.url },
  { name: "PostgreSQL", location: () => postgres.url },
  {
    name: "file",
    location: () => tempDir("scale-file").then((dir) => join(dir, "OAuthSettings.txt")),
  },
];

describe("scale", () => {
  test.each(stores)(
    "$name: 16 processes x 50 records expiring at once, two rounds",
    { timeout: 600_000 },
    async (store) => {
      const cs = base(await store.location());
      const run = randomBytes(3).toString("hex");
      const keys = Array.from({ length: RECORDS }, (_, i) => `user-${run}-${i}`);
      for (let i = 0; i < keys.length; i += 10) {
        await Promise.all(
          keys.slice(i, i + 10).map((key) => onboard(`${cs};OAuthSettingsKey=${key}`)),
        );
      }
      const refreshCs = `${cs};InitiateOAuth=REFRESH`;
      for (let round = 1; round <= ROUNDS; round++) {
        emulator.expireTokens({ provider: "zendesk" });
        const before = emulator.count("zendesk", "token.refresh");
        const started = performance.now();
        const work = Promise.all(
          Array.from({ length: PROCESSES }, () => runChild(refreshCs, keys)),
        );
        const [results, connections] =
          store.name === "PostgreSQL" ? await sampleConnections(work) : [await work, undefined];
        const seconds = (performance.now() - started) / 1000;
        const refreshes = emulator.count("zendesk", "token.refresh") - before;
        const calls = results.reduce((sum, r) => sum + r.calls, 0);
        const failed = results.reduce((sum, r) => sum + r.failed, 0);
        // A record is lost when its stored refresh token no longer works: refresh each once.
        const lost = round === ROUNDS ? await countLost(cs, keys) : undefined;
        figures.push([
          store.name,
          String(round),
          String(refreshes),
          String(calls),
          String(failed),
          lost === undefined ? "" : String(lost),
          `${seconds.toFixed(1)} s`,
          connections === undefined ? "" : String(connections),
        ]);
        expect(failed, results.find((r) => r.firstError)?.firstError).toBe(0);
        expect(calls).toBe(PROCESSES * RECORDS);
        expect(refreshes).toBe(RECORDS);
        if (lost !== undefined) expect(lost).toBe(0);
      }
    },
  );
});

async function countLost(cs: string, keys: string[]): Promise<number> {
  let lost = 0;
  for (let i = 0; i < keys.length; i += 10) {
    const outcomes = await Promise.allSettled(
      keys
        .slice(i, i + 10)
        .map((key) =>
          connector.refreshAccessToken(
            `${cs};OAuthSettingsKey=${key}`,
            {},
            { env: { HOME: home, XDG_CONFIG_HOME: home } },
          ),
        ),
    );
    lost += outcomes.filter((o) => o.status === "rejected").length;
  }
  return lost;
}
