// 4 processes sharing one settings store (file, then Redis) refresh at expiry: exactly one token
// request per expiry reaches the server, with refresh-token rotation on, and no refresh token is
// lost. The workers import the built dist of @x/oauth-core and @x/settings-store.
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { openSettingsStore, type SettingsStore } from "@x/settings-store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOAuthClient } from "../src/client.js";
import { tokenSetToSettings } from "../src/tokens.js";
import { testProvider } from "./support/helpers.js";
import {
  CALLBACK_PATH,
  CLIENTS,
  startAuthServer,
  type TestAuthServer,
} from "./support/oidc-server.js";

const here = dirname(fileURLToPath(import.meta.url));
const WORKER = join(here, "workers", "refresh-worker.mjs");
const PROCESSES = 4;
const CALLS_PER_PROCESS = 50;
const ROUNDS = 3;
const SECRET = "cross-process-test-secret";

let server: TestAuthServer;
let dir: string;
beforeAll(async () => {
  for (const built of ["../dist/index.js", "../node_modules/@x/settings-store/dist/index.js"]) {
    if (!existsSync(join(here, built))) {
      throw new Error(
        `${built} is missing: build first (pnpm turbo run build --filter=@x/oauth-core...).`,
      );
    }
  }
  server = await startAuthServer();
  server.rotateRefreshTokens = true;
  dir = mkdtempSync(join(tmpdir(), "oauth-core-xproc-"));
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

function redisReachable(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port: 6379 });
    socket.setTimeout(2000);
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (d) => {
      socket.destroy();
      resolve(d.toString().startsWith("+PONG"));
    });
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
  });
}

interface WorkerResult {
  distinct?: string[];
  refreshes?: number;
  error?: string;
}

function startWorker(config: Record<string, unknown>) {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    [WORKER, JSON.stringify(config)],
    {
      cwd: here,
      stdio: ["pipe", "pipe", "pipe"],
    },
  );
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const lines = createInterface({ input: child.stdout });
  const queue: string[] = [];
  const waiters: ((line: string) => void)[] = [];
  lines.on("line", (line) => {
    const waiter = waiters.shift();
    if (waiter) waiter(line);
    else queue.push(line);
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const nextLine = () =>
    new Promise<string>((resolve, reject) => {
      const queued = queue.shift();
      if (queued !== undefined) return resolve(queued);
      waiters.push(resolve);
      exited.then((code) =>
        reject(new Error(`worker exited (${code}) before answering: ${stderr.slice(0, 2000)}`)),
      );
    });
  return { child, nextLine, exited };
}

async function round(location: string, key: string): Promise<{ results: WorkerResult[] }> {
  const config = {
    issuer: server.issuer,
    clientId: CLIENTS.basic.clientId,
    clientSecret: CLIENTS.basic.clientSecret,
    location,
    key,
    secret: SECRET,
    calls: CALLS_PER_PROCESS,
  };
  const workers = Array.from({ length: PROCESSES }, () => startWorker(config));
  try {
    for (const w of workers) expect(await w.nextLine()).toBe("ready");
    for (const w of workers) w.child.stdin.write("go\n");
    const results = await Promise.all(
      workers.map(async (w) => JSON.parse(await w.nextLine()) as WorkerResult),
    );
    await Promise.all(workers.map((w) => w.exited));
    return { results };
  } finally {
    for (const w of workers) if (w.child.exitCode === null) w.child.kill();
  }
}

async function seed(store: SettingsStore) {
  const client = createOAuthClient(testProvider(server), {
    ...CLIENTS.basic,
    redirectUri: `http://127.0.0.1${CALLBACK_PATH}`,
  });
  const request = client.createAuthorizationRequest();
  const { code } = client.processRedirect(await server.authorize(request.url), request.state);
  const tokens = await client.exchangeCode(code, { codeVerifier: request.codeVerifier });
  await store.set(tokenSetToSettings(tokens));
  return client;
}

async function exercise(backend: string, location: string, key: string) {
  const store = await openSettingsStore(location, {
    provider: "oidc-test",
    key,
    secret: SECRET,
    env: {},
  });
  try {
    const client = await seed(store);
    const perRound: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      await store.update((current) => ({ ...current, expiresAt: Date.now() - 1000 }));
      const before = await store.get();
      const countBefore = server.counts.byGrant.refresh_token ?? 0;
      const { results } = await round(location, key);
      const requests = (server.counts.byGrant.refresh_token ?? 0) - countBefore;
      perRound.push(requests);
      for (const result of results) expect(result.error).toBeUndefined();
      const tokens = new Set(results.flatMap((result) => result.distinct ?? []));
      expect(tokens.size).toBe(1); // every call in every process got the same, new token
      expect(results.reduce((n, result) => n + (result.refreshes ?? 0), 0)).toBe(1);
      const after = await store.get();
      expect(after?.accessToken).toBe([...tokens][0]);
      expect(after?.accessToken).not.toBe(before?.accessToken);
      expect(after?.refreshToken).not.toBe(before?.refreshToken); // rotated, and the new one persisted
      expect(requests).toBe(1);
    }
    // No refresh token was lost: the persisted one still works at the server.
    const current = await store.get();
    const next = await client.refresh(current?.refreshToken as string);
    expect(next.accessToken).toBeTruthy();
    console.log(
      `[${backend}] ${PROCESSES} processes x ${CALLS_PER_PROCESS} concurrent getAccessToken() per expiry, ${ROUNDS} expiries: token requests counted at the server per expiry = ${JSON.stringify(perRound)}`,
    );
  } finally {
    await store.close();
  }
}

describe("cross-process refresh", () => {
  it(`file store: ${PROCESSES} processes, one token request per expiry, rotation on`, async () => {
    await exercise("file", join(dir, "OAuthSettings.txt"), "oidc-test");
  }, 240_000);

  it(`Redis store: ${PROCESSES} processes, one token request per expiry, rotation on`, async () => {
    if (!(await redisReachable())) {
      throw new Error(
        'Redis is not reachable at 127.0.0.1:6379. Start it with: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no',
      );
    }
    await exercise("redis", "redis://127.0.0.1:6379", `oauth-core-test-${randomUUID()}`);
  }, 240_000);
});
