#!/usr/bin/env node
// `check:package` for one package: pack it the way it will be published (pnpm rewrites
// workspace: ranges), then run publint --strict and arethetypeswrong on what was packed.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const dir = mkdtempSync(join(tmpdir(), "x-pack-"));
function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: "inherit" });
  if (r.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    process.exit(r.status ?? 1);
  }
}
try {
  run("pnpm", ["pack", "--pack-destination", dir]);
  const tarball = join(
    dir,
    readdirSync(dir).find((f) => f.endsWith(".tgz")),
  );
  run("publint", ["--strict", tarball]);
  run("attw", [tarball, "--profile", "esm-only", "--format", "table-flipped"]);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
