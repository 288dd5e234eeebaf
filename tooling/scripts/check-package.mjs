#!/usr/bin/env node
// `check:package` for one package: pack it the way it will be published (pnpm rewrites
// workspace: ranges), check what a registry page and a user need (repository, homepage, bugs,
// LICENSE, README), then run publint --strict and arethetypeswrong on what was packed.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
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
  checkMetadata(tarball);
  run("publint", ["--strict", tarball]);
  run("attw", [tarball, "--profile", "esm-only", "--format", "table-flipped"]);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * The packed package.json names its repository, homepage and bug tracker; the package's own
 * LICENSE is packed. pnpm packs the workspace root's LICENSE when a package has none, so "a
 * LICENSE is in the tarball" proves nothing: the packed one must be the package's own file.
 */
function checkMetadata(tarball) {
  const list = spawnSync("tar", ["-tzf", tarball], { encoding: "utf8" });
  const files = new Set(list.stdout.split("\n").filter(Boolean));
  const read = spawnSync("tar", ["-xzOf", tarball, "package/package.json"], { encoding: "utf8" });
  const pkg = JSON.parse(read.stdout);
  const problems = [];
  const repo = pkg.repository;
  if (!repo || typeof repo.url !== "string" || !/^git\+https:\/\//.test(repo.url))
    problems.push('"repository" with a git+https:// url');
  else if (typeof repo.directory !== "string") problems.push('"repository.directory"');
  if (typeof pkg.homepage !== "string" || !pkg.homepage.startsWith("https://"))
    problems.push('"homepage" (an https URL)');
  if (typeof pkg.bugs?.url !== "string" || !pkg.bugs.url.startsWith("https://"))
    problems.push('"bugs.url" (an https URL)');
  if (pkg.license !== "MIT") problems.push('"license": "MIT"');
  if (!existsSync("LICENSE"))
    problems.push("a LICENSE file in the package folder (without one, pnpm packs the root's)");
  else if (!files.has("package/LICENSE")) problems.push("a packed LICENSE");
  else {
    const packed = spawnSync("tar", ["-xzOf", tarball, "package/LICENSE"]).stdout;
    if (!packed.equals(readFileSync("LICENSE")))
      problems.push("a packed LICENSE identical to the package's own LICENSE file");
  }
  if (!files.has("package/README.md")) problems.push("a README.md");
  if (problems.length) {
    console.error(`check:package: ${pkg.name} is missing ${problems.join(", ")}.`);
    rmSync(dir, { recursive: true, force: true });
    process.exit(1);
  }
}
