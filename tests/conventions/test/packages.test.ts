import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/** Every package folder under packages/ (providers one level deeper). */
function packageDirs(): string[] {
  const out: string[] = [];
  const visit = (dir: string, depth: number) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name === "node_modules") continue;
      const path = join(dir, entry.name);
      if (existsSync(join(path, "package.json"))) out.push(path);
      else if (depth > 0) visit(path, depth - 1);
    }
  };
  visit(join(repo, "packages"), 1);
  return out;
}

const published = packageDirs().filter(
  (dir) => !JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).private,
);

describe("published packages", () => {
  test("there are published packages to check", () => {
    expect(published.length).toBeGreaterThanOrEqual(10);
  });

  test.each(published.map((d) => relative(repo, d)))(
    "%s: repository (with its folder), homepage, bugs, MIT LICENSE file",
    (dir) => {
      const pkg = JSON.parse(readFileSync(join(repo, dir, "package.json"), "utf8"));
      const root = JSON.parse(readFileSync(join(repo, "packages/cli/package.json"), "utf8"));
      expect(pkg.repository).toEqual({ ...root.repository, directory: dir });
      expect(pkg.homepage).toBe(root.homepage.replace("packages/cli", dir));
      expect(pkg.bugs).toEqual(root.bugs);
      expect(pkg.license).toBe("MIT");
      const license = readFileSync(join(repo, dir, "LICENSE"), "utf8");
      expect(license).toMatch(/^MIT License/);
      expect(license).toBe(readFileSync(join(repo, "LICENSE"), "utf8"));
    },
  );
});
