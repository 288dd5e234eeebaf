#!/usr/bin/env node
// The README's commands start here, on a machine that may have only Node.js and npm.
// It makes the machine ready for the task (services.mjs: Chromium, Redis and PostgreSQL for
// `test`; Redis and PostgreSQL for `bench`; nothing for `demo`), finds the pnpm pinned in
// package.json (or installs that exact version into .tooling/), installs the workspace from the
// lockfile, then runs the task.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { prepareServices } from "./services.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const pinned = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).packageManager;
const pnpmVersion = /^pnpm@([^+]+)/.exec(pinned)?.[1];
if (!pnpmVersion) throw new Error("package.json packageManager must pin pnpm");

const tasks = {
  test: [["run", "ci"]],
  demo: [["run", "demo:run"]],
  bench: [["run", "bench:run"]],
};
/** What each task needs from the machine (the demo uses the file store and no browser). */
const services = {
  test: { chromium: true },
  bench: { chromium: false },
};

const task = process.argv[2];
const steps = tasks[task];
if (!steps) {
  console.error(`usage: bootstrap.mjs <${Object.keys(tasks).join("|")}>`);
  process.exit(2);
}

function run(cmd, args, env = process.env) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function versionOf(cmd, env) {
  const r = spawnSync(cmd, ["--version"], { cwd: root, env, encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

// 0. Browser and servers first: a machine that cannot run the task stops before any install.
if (services[task]) await prepareServices(services[task]);

// 1. pnpm: the one on PATH if it is the pinned version, else a private copy under .tooling/.
const env = { ...process.env, COREPACK_ENABLE_STRICT: "0", COREPACK_ENABLE_DOWNLOAD_PROMPT: "0" };
if (versionOf("pnpm", env) !== pnpmVersion) {
  const prefix = join(root, ".tooling", `pnpm-${pnpmVersion}`);
  const bin = join(prefix, "node_modules", ".bin");
  if (!existsSync(join(bin, "pnpm"))) {
    console.log(`Installing pnpm ${pnpmVersion} into .tooling/ (once)…`);
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const status = run(
      npm,
      [
        "install",
        "--prefix",
        prefix,
        "--no-save",
        "--no-audit",
        "--no-fund",
        `pnpm@${pnpmVersion}`,
      ],
      env,
    );
    if (status !== 0) process.exit(status);
  }
  env.PATH = `${bin}${delimiter}${env.PATH ?? ""}`;
}

// 2. Install exactly what the lockfile says, then 3. run the task.
const install = run("pnpm", ["install", "--frozen-lockfile", "--prefer-offline"], env);
if (install !== 0) process.exit(install);
// Arguments after the task name go to the task: `npm run bench -- --write`.
const extra = process.argv.slice(3);
let status = 0;
for (const [i, args] of steps.entries()) {
  status = run("pnpm", i === steps.length - 1 ? [...args, ...extra] : args, env);
  if (status !== 0) break;
}
process.exit(status);
