// The error base lives in one package, @x/errors; every other package imports it from there. A copy
// of the class anywhere else would be a second source that can drift.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const home = join(repo, "packages", "errors", "src", "index.ts");

/** Every .ts/.mjs source file under `dir`, skipping node_modules, dist and generated output. */
function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (["node_modules", "dist", ".generated", ".git", "docs-site"].includes(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sources(path));
    else if (/\.(ts|mts|mjs|js)$/.test(entry.name) && !entry.name.endsWith(".d.ts")) out.push(path);
  }
  return out;
}

/** The files that define a class named XConnError (or register the shared brand). */
function definitions(): string[] {
  return ["packages", "tooling", "tests", "benchmarks"]
    .flatMap((d) => sources(join(repo, d)))
    .filter((file) => {
      const text = readFileSync(file, "utf8");
      return /\bclass\s+XConnError\b/.test(text) || /defineProperty\([^)]*\bBRAND\b/.test(text);
    })
    .map((file) => relative(repo, file));
}

test("XConnError is defined once, in @x/errors; no package keeps a copy", () => {
  expect(definitions()).toEqual([relative(repo, home)]);
});

test("the packages that used to carry a copy import it from @x/errors", () => {
  for (const pkg of ["conn-string", "settings-store"]) {
    const manifest = JSON.parse(readFileSync(join(repo, "packages", pkg, "package.json"), "utf8"));
    expect(manifest.dependencies?.["@x/errors"], pkg).toBe("workspace:^");
    const errors = readFileSync(join(repo, "packages", pkg, "src", "errors.ts"), "utf8");
    expect(errors, pkg).toMatch(/import \{[^}]*\bXConnError\b[^}]*\} from "@x\/errors"/);
  }
});
