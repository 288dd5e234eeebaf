// `check:package` (tooling/scripts/check-package.mjs) run for real against a temporary workspace
// holding a copy of one built package: pnpm packs the workspace root's LICENSE into a package that
// has none, so the check must look for the package's own file.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, expect, test } from "vitest";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const script = join(repo, "tooling", "scripts", "check-package.mjs");
const source = join(repo, "packages", "conn-string");
const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A workspace (root LICENSE, catalog) with a copy of the package's published files. */
function workspaceCopy(): string {
  const root = mkdtempSync(join(tmpdir(), "x-check-package-"));
  roots.push(root);
  cpSync(join(repo, "pnpm-workspace.yaml"), join(root, "pnpm-workspace.yaml"));
  cpSync(join(repo, "LICENSE"), join(root, "LICENSE"));
  writeFileSync(join(root, "package.json"), '{ "name": "copy", "private": true }\n');
  const target = join(root, "packages", "conn-string");
  cpSync(source, target, {
    recursive: true,
    filter: (from) => {
      const rel = relative(source, from).split(sep)[0];
      return ["", "package.json", "README.md", "LICENSE", "dist"].includes(rel ?? "");
    },
  });
  // Its devDependencies are workspace packages this copy does not have; pnpm pack would look
  // them up. The published dependencies are kept.
  const pkg = JSON.parse(readFileSync(join(target, "package.json"), "utf8"));
  delete pkg.devDependencies;
  // Workspace ranges of our packages (@x/errors) as pnpm pack writes them: this copy has no
  // installed workspace to resolve them from.
  for (const [dep, range] of Object.entries(pkg.dependencies ?? {})) {
    if (typeof range !== "string" || !range.startsWith("workspace:")) continue;
    const dir = join(repo, "packages", dep.slice("@x/".length), "package.json");
    pkg.dependencies[dep] = `^${JSON.parse(readFileSync(dir, "utf8")).version}`;
  }
  writeFileSync(join(target, "package.json"), JSON.stringify(pkg, null, 2));
  return target;
}

function check(dir: string) {
  const r = spawnSync(process.execPath, [script], {
    cwd: dir,
    encoding: "utf8",
    // publint and attw come from the repository's devDependencies.
    env: {
      ...process.env,
      NO_COLOR: "1",
      PATH: `${join(repo, "node_modules", ".bin")}${delimiter}${process.env.PATH}`,
    },
  });
  return { status: r.status, stderr: r.stderr };
}

test("a package with its own LICENSE passes; the tarball then carries that file", () => {
  const result = check(workspaceCopy());
  expect(result.stderr).not.toContain("check:package:");
  expect(result.status).toBe(0);
}, 180_000);

test("a package without its own LICENSE fails, although pnpm packs the root's", () => {
  const dir = workspaceCopy();
  rmSync(join(dir, "LICENSE"));
  const result = check(dir);
  expect(result.status).toBe(1);
  expect(result.stderr).toContain(
    "check:package: @x/conn-string is missing a LICENSE file in the package folder (without one, pnpm packs the root's)",
  );
}, 180_000);
