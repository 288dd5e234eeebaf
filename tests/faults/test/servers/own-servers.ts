// Redis and PostgreSQL instances that belong to one test: started on free ports, killed and
// restarted at will, removed afterwards. Never the machine's shared servers.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { chown, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import pg from "pg";

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not come up within ${timeoutMs} ms`);
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

/** A redis-server of our own. */
export interface OwnRedis {
  readonly url: string;
  readonly port: number;
  /** The server's process id (a worker may kill it at the exact moment a test needs). */
  readonly pid: number | undefined;
  /** SIGKILL: the server dies as in a crash (no persistence configured: data is lost). */
  kill(): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
  /** Kills it for good. */
  close(): Promise<void>;
}

/** Starts `redis-server` (Debian package `redis-server`) on a free loopback port. */
export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const start = async () => {
    const args = [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--save",
      "",
      "--appendonly",
      "no",
    ];
    child = spawn("redis-server", args, { stdio: "ignore" });
    const started = child;
    await new Promise<void>((resolve, reject) => {
      started.once("error", (error) =>
        reject(
          new Error(
            `redis-server could not start (${error.message}); install the Debian package redis-server`,
          ),
        ),
      );
      started.once("spawn", () => resolve());
    });
    await waitFor(`redis-server on port ${port}`, async () => {
      const probe = new Redis(url, {
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
      });
      probe.on("error", () => undefined);
      try {
        await probe.connect();
        return (await probe.ping()) === "PONG";
      } finally {
        probe.disconnect();
      }
    });
  };
  const kill = async () => {
    if (!child) return;
    const dying = child;
    child = undefined;
    dying.kill("SIGKILL");
    await exited(dying);
  };
  await start();
  return {
    url,
    port,
    get pid() {
      return child?.pid;
    },
    kill,
    start,
    close: kill,
  };
}

/** A PostgreSQL cluster of our own. */
export interface OwnPostgres {
  readonly url: string;
  readonly port: number;
  /** The postmaster's process id (SIGQUIT stops it at once). */
  readonly pid: number | undefined;
  /** Immediate shutdown (SIGQUIT to the postmaster): connections die as in a crash. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data directory. */
  start(): Promise<void>;
  /** Server-side connections whose application_name is `name`. */
  connections(name: string): Promise<number>;
  /** Stops it and removes its data directory. */
  close(): Promise<void>;
}

function postgresBin(): string {
  const base = "/usr/lib/postgresql";
  const versions = existsSync(base) ? readdirSync(base).sort((a, b) => Number(b) - Number(a)) : [];
  for (const version of versions) {
    const dir = join(base, version, "bin");
    if (existsSync(join(dir, "initdb"))) return dir;
  }
  throw new Error(
    "PostgreSQL server binaries (initdb, postgres) were not found under /usr/lib/postgresql; install the Debian package postgresql",
  );
}

/**
 * initdb and postgres refuse to run as root: as root, the cluster runs as the `postgres` user
 * (else `nobody`), through setpriv.
 */
function unprivileged():
  | { uid: number; gid: number; wrap: (cmd: string, args: string[]) => [string, string[]] }
  | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const user of ["postgres", "nobody"]) {
    try {
      const uid = Number(execFileSync("id", ["-u", user], { encoding: "utf8" }).trim());
      const gid = Number(execFileSync("id", ["-g", user], { encoding: "utf8" }).trim());
      return {
        uid,
        gid,
        wrap: (cmd, args) => [
          "setpriv",
          [`--reuid=${uid}`, `--regid=${gid}`, "--clear-groups", "--", cmd, ...args],
        ],
      };
    } catch {
      // try the next user
    }
  }
  throw new Error(
    "Running as root, but neither a postgres nor a nobody user exists to run PostgreSQL",
  );
}

/** initdb + postgres on a free loopback port, trust auth, fsync off (a test cluster). */
export async function startOwnPostgres(
  options: { maxConnections?: number } = {},
): Promise<OwnPostgres> {
  const bin = postgresBin();
  const user = unprivileged();
  const dir = await mkdtemp(join(tmpdir(), "x-faults-pg-"));
  if (user) await chown(dir, user.uid, user.gid);
  const data = join(dir, "data");
  const run = (cmd: string, args: string[]) =>
    user ? user.wrap(cmd, args) : ([cmd, args] as [string, string[]]);
  const [initCmd, initArgs] = run(join(bin, "initdb"), [
    "-D",
    data,
    "-A",
    "trust",
    "-U",
    "postgres",
    "--no-sync",
    "-E",
    "UTF8",
  ]);
  execFileSync(initCmd, initArgs, { stdio: "ignore", cwd: dir });
  const port = await freePort();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let child: ChildProcess | undefined;
  const start = async () => {
    const [cmd, args] = run(join(bin, "postgres"), [
      "-D",
      data,
      "-p",
      String(port),
      "-k",
      dir,
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "fsync=off",
      "-c",
      "full_page_writes=off",
      "-c",
      `max_connections=${options.maxConnections ?? 100}`,
    ]);
    child = spawn(cmd, args, { stdio: "ignore", cwd: dir });
    await waitFor(`postgres on port ${port}`, async () => {
      const probe = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
      try {
        await probe.connect();
        await probe.query("SELECT 1");
        return true;
      } finally {
        await probe.end().catch(() => undefined);
      }
    });
  };
  // One client answers every connections() call: a connection per sample would cost the server a
  // process each time, and a sampler asks every 50 ms.
  let probe: Promise<pg.Client> | undefined;
  const probeClient = () => {
    if (!probe) {
      const client = new pg.Client({ connectionString: url });
      const connecting = client.connect().then(() => client);
      const forget = () => {
        if (probe === connecting) probe = undefined;
      };
      client.on("error", forget);
      client.on("end", forget);
      connecting.catch(forget);
      probe = connecting;
    }
    return probe;
  };
  const stop = async () => {
    const closing = probe;
    probe = undefined;
    await closing?.then((client) => client.end()).catch(() => undefined);
    if (!child) return;
    const dying = child;
    child = undefined;
    // setpriv execs postgres: the child is the postmaster itself. SIGQUIT = immediate shutdown.
    dying.kill("SIGQUIT");
    await exited(dying);
  };
  await start();
  return {
    url,
    port,
    get pid() {
      return child?.pid;
    },
    stop,
    start,
    async connections(name) {
      const { rows } = await (await probeClient()).query(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1",
        [name],
      );
      return rows[0].n as number;
    },
    async close() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
