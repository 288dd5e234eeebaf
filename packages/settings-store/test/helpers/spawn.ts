import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const dist = fileURLToPath(new URL("../../dist/index.js", import.meta.url));

/** Path of a worker script in test/workers. */
export function worker(name: string): string {
  if (!existsSync(dist))
    throw new Error(
      "The cross-process tests run the built package: run `pnpm build` first (turbo does this before `test`).",
    );
  return fileURLToPath(new URL(`../workers/${name}`, import.meta.url));
}

/** Runs a worker to completion; resolves to its stdout, rejects with its stderr on failure. */
export function runWorker(name: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [worker(name), ...args], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
    });
    child.stderr.on("data", (chunk) => {
      err += chunk;
    });
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve(out) : reject(new Error(`worker ${name} exited with ${code}: ${err}`)),
    );
  });
}

/** Waits until a child process has exited (and was reaped). */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}
