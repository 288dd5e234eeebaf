// What the test suite needs from the machine beyond Node.js: Chromium for the browser tests, Redis
// and PostgreSQL for the settings-store drivers. `prepareServices()` starts what is installed but
// down, installs what is missing from Debian packages when it may (root or passwordless sudo),
// and otherwise stops at once with one message naming what is missing and how to install it.
// `planServices()` is the pure decision, so it is tested without touching the machine.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";

/** The Debian package each need comes from. */
export const PACKAGES = { chromium: "chromium", redis: "redis-server", postgres: "postgresql" };

const REDIS_PORT = 6379;
const POSTGRES_PORT = 5432;

/**
 * Decides what to do from what was probed. Pure.
 * @param {{
 *   needs: Array<"chromium" | "redis" | "postgres">,
 *   installed: Record<string, boolean>,
 *   running: Record<string, boolean>,
 *   privilege: "root" | "sudo" | "none",
 * }} probe
 * @returns {{ install: string[], start: string[], error?: string, commands: string[][] }}
 */
export function planServices({ needs, installed, running, privilege }) {
  // A server that answers on its port is used as it is, wherever it came from.
  const missing = needs.filter((n) => !installed[n] && !(n !== "chromium" && running[n]));
  const install = missing.map((n) => PACKAGES[n]);
  const start = needs.filter((n) => n !== "chromium" && !running[n]);
  const sudo = privilege === "sudo" ? ["sudo", "-n"] : [];
  const aptEnv = ["env", "DEBIAN_FRONTEND=noninteractive"];
  const commands =
    install.length === 0
      ? []
      : [
          [...sudo, "apt-get", "update", "-qq"],
          [
            ...sudo,
            ...aptEnv,
            "apt-get",
            "install",
            "-y",
            "-qq",
            "--no-install-recommends",
            "-o",
            "DPkg::Lock::Timeout=600",
            ...install,
          ],
        ];
  if (install.length > 0 && privilege === "none") {
    const what = missing
      .map(
        (n) =>
          `${n === "chromium" ? "Chromium" : n === "redis" ? "Redis" : "PostgreSQL"} (${PACKAGES[n]})`,
      )
      .join(", ");
    return {
      install,
      start,
      commands,
      error:
        `npm test needs ${what}, which ${missing.length > 1 ? "are" : "is"} not installed, and this user may not install packages (not root, no passwordless sudo).\n` +
        `Install ${missing.length > 1 ? "them" : "it"} once with:\n\n  sudo apt-get update && sudo apt-get install -y ${install.join(" ")}\n\n` +
        "then run npm test again. (Already have them elsewhere? Set CHROMIUM_PATH, REDIS_URL or DATABASE_URL.)",
    };
  }
  return { install, start, commands };
}

/** True when something accepts TCP connections on 127.0.0.1:port. */
export function portOpen(port, timeoutMs = 1_000) {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

function onPath(cmd) {
  return spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;
}

function privilegeOf() {
  if (process.platform !== "linux") return "none";
  if (process.getuid?.() === 0) return "root";
  return onPath("sudo") && spawnSync("sudo", ["-n", "true"], { stdio: "ignore" }).status === 0
    ? "sudo"
    : "none";
}

function postgresVersions() {
  try {
    return readdirSync("/etc/postgresql").sort((a, b) => Number(b) - Number(a));
  } catch {
    return [];
  }
}

/**
 * Runs a command. Installs are captured and shown only when they fail (apt and dpkg are
 * verbose); server starts inherit the terminal, since a daemon holding a pipe would keep us waiting.
 */
function run(cmd, say, { capture = false } = {}) {
  say(`$ ${cmd.join(" ")}`);
  if (!capture) {
    const r = spawnSync(cmd[0], cmd.slice(1), { stdio: ["ignore", "inherit", "inherit"] });
    return r.status === 0;
  }
  const r = spawnSync(cmd[0], cmd.slice(1), { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) {
    const output = `${r.stdout ?? ""}${r.stderr ?? ""}`.trim().split("\n").slice(-30).join("\n");
    console.error(output || String(r.error ?? `exit status ${r.status}`));
  }
  return r.status === 0;
}

async function waitForPort(port, ms = 20_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await portOpen(port)) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

const chromiumPath = (env) => env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Makes the machine ready for the task's tests. Resolves when everything is up; on a need it
 * cannot meet, prints one message and exits the process with status 1.
 * @param {{ chromium?: boolean, env?: NodeJS.ProcessEnv, say?: (line: string) => void }} [options]
 */
export async function prepareServices(options = {}) {
  const env = options.env ?? process.env;
  const say = options.say ?? ((line) => console.log(line));
  // A REDIS_URL / DATABASE_URL names a server someone else runs: not ours to start or install.
  const needs = [
    ...(options.chromium === false ? [] : ["chromium"]),
    ...(env.REDIS_URL ? [] : ["redis"]),
    ...(env.DATABASE_URL ? [] : ["postgres"]),
  ];
  if (needs.length === 0) return;
  const probe = async () => ({
    installed: {
      chromium: existsSync(chromiumPath(env)),
      redis: onPath("redis-server"),
      postgres: postgresVersions().length > 0 && onPath("pg_ctlcluster"),
    },
    running: {
      redis: await portOpen(REDIS_PORT),
      postgres: await portOpen(POSTGRES_PORT),
    },
  });
  const privilege = privilegeOf();
  let state = await probe();
  const plan = planServices({ needs, ...state, privilege });
  if (plan.error) fail(plan.error);
  if (plan.commands.length > 0) {
    say(`Installing ${plan.install.join(", ")} from Debian packages (once)…`);
    for (const cmd of plan.commands) {
      if (!run(cmd, say, { capture: true })) {
        fail(
          `Installing ${plan.install.join(" ")} failed (see above). Install by hand with:\n\n  apt-get update && apt-get install -y ${plan.install.join(" ")}\n`,
        );
      }
    }
    state = await probe();
    if (needs.includes("chromium") && !state.installed.chromium) {
      fail(
        `Chromium is still missing at ${chromiumPath(env)} after installing the chromium package. Set CHROMIUM_PATH to its executable.`,
      );
    }
  }
  const sudo = privilege === "sudo" ? ["sudo", "-n"] : [];
  if (needs.includes("redis") && !state.running.redis) {
    say(`Starting Redis on 127.0.0.1:${REDIS_PORT}…`);
    run(
      [
        ...sudo,
        "redis-server",
        "--daemonize",
        "yes",
        "--bind",
        "127.0.0.1",
        "--port",
        String(REDIS_PORT),
        "--save",
        "",
        "--appendonly",
        "no",
      ],
      say,
    );
    if (!(await waitForPort(REDIS_PORT))) {
      fail(
        `Redis did not start on 127.0.0.1:${REDIS_PORT}. Start it by hand: redis-server --daemonize yes --bind 127.0.0.1 --port ${REDIS_PORT} --save "" --appendonly no (or set REDIS_URL).`,
      );
    }
  }
  if (needs.includes("postgres")) {
    const version = postgresVersions()[0];
    if (!state.running.postgres && version) {
      say(`Starting PostgreSQL ${version} on 127.0.0.1:${POSTGRES_PORT}…`);
      run([...sudo, "pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"], say);
      if (!(await waitForPort(POSTGRES_PORT))) {
        fail(
          `PostgreSQL did not start on 127.0.0.1:${POSTGRES_PORT}. Start it by hand: pg_ctlcluster --skip-systemctl-redirect ${version} main start (or set DATABASE_URL).`,
        );
      }
    }
    if (version && privilege !== "none") preparePostgres(version, sudo, say);
  }
}

/**
 * The tests connect as `postgres` over TCP without a password to the database `test`. A fresh
 * Debian cluster asks loopback clients for a password and has no `test` database: allow the
 * loopback addresses (only them) and create the database, once.
 */
function preparePostgres(version, sudo, say) {
  const asPostgres = (sql) =>
    spawnSync(
      sudo.length > 0 ? "sudo" : "runuser",
      sudo.length > 0
        ? ["-n", "-u", "postgres", "psql", "-XAtqc", sql]
        : ["-u", "postgres", "--", "psql", "-XAtqc", sql],
      { encoding: "utf8" },
    );
  const hba = join("/etc/postgresql", version, "main", "pg_hba.conf");
  const text = existsSync(hba) ? readFileSync(hba, "utf8") : "";
  if (text && !/^host\s+all\s+all\s+127\.0\.0\.1\/32\s+trust/m.test(text)) {
    say(`Allowing loopback connections without a password in ${hba} (test machine set-up)…`);
    const lines = [
      "# npm test: local test clients connect over loopback without a password",
      "host all all 127.0.0.1/32 trust",
      "host all all ::1/128 trust",
    ];
    if (sudo.length > 0) {
      spawnSync("sudo", [
        "-n",
        "sh",
        "-c",
        `printf '%s\\n' ${lines.map((l) => `'${l}'`).join(" ")} | cat - '${hba}' > '${hba}.new' && mv '${hba}.new' '${hba}'`,
      ]);
    } else {
      writeFileSync(hba, `${lines.join("\n")}\n${text}`);
    }
    asPostgres("SELECT pg_reload_conf()");
  }
  const exists = asPostgres("SELECT 1 FROM pg_database WHERE datname = 'test'");
  if (exists.status === 0 && exists.stdout.trim() !== "1") {
    say("Creating the PostgreSQL database test…");
    asPostgres("CREATE DATABASE test");
  }
}

function fail(message) {
  console.error(`\n${message}\n`);
  process.exit(1);
}
