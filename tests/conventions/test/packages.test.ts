import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
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

  // The repository URL is written once, in the root package.json; a rename is that edit, and this
  // test names every package.json still to change.
  const rootRepository = JSON.parse(readFileSync(join(repo, "package.json"), "utf8")).repository;
  const web = String(rootRepository?.url)
    .replace(/^git\+/, "")
    .replace(/\.git$/, "");

  test("the root package.json holds the repository URL (git+https, .git)", () => {
    expect(rootRepository).toEqual({
      type: "git",
      url: expect.stringMatching(/^git\+https:\/\/.+\.git$/),
    });
  });

  test("every published package names the root's repository, its folder, homepage and bug tracker", () => {
    const differ: string[] = [];
    for (const dir of published.map((d) => relative(repo, d).split(sep).join("/"))) {
      const pkg = JSON.parse(readFileSync(join(repo, dir, "package.json"), "utf8"));
      const want = {
        repository: { type: "git", url: rootRepository.url, directory: dir },
        homepage: `${web}/tree/main/${dir}#readme`,
        bugs: { url: `${web}/issues` },
      };
      for (const [field, value] of Object.entries(want))
        if (JSON.stringify(pkg[field]) !== JSON.stringify(value))
          differ.push(`${dir}/package.json "${field}": ${JSON.stringify(value)}`);
    }
    expect(differ, "set these to what the root package.json's repository says").toEqual([]);
  });

  test.each(published.map((d) => relative(repo, d)))(
    "%s: MIT license, LICENSE file identical to the root's",
    (dir) => {
      const pkg = JSON.parse(readFileSync(join(repo, dir, "package.json"), "utf8"));
      expect(pkg.license).toBe("MIT");
      const license = readFileSync(join(repo, dir, "LICENSE"), "utf8");
      expect(license).toMatch(/^MIT License/);
      expect(license).toBe(readFileSync(join(repo, "LICENSE"), "utf8"));
    },
  );
});
