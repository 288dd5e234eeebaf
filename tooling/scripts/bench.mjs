#!/usr/bin/env node
// `npm run bench`: runs the benchmark suite in benchmarks/ and prints its tables.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const entry = join(root, "benchmarks", "run.mjs");
if (!existsSync(entry)) {
  console.error("benchmarks/run.mjs is not there yet");
  process.exit(1);
}
const r = spawnSync(process.execPath, [entry, ...process.argv.slice(2)], {
  stdio: "inherit",
  cwd: root,
});
process.exit(r.status ?? 1);
