// The error base is one file copied into the two lowest packages (they depend on nothing of ours);
// the copies must stay identical, or two packages would disagree on the shape. The others import it.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const canonical = join(repo, "tooling", "shared", "error-base.ts");
const copies = ["conn-string", "settings-store"].map((p) =>
  join("packages", p, "src", "internal", "error-base.ts"),
);

test.each(copies)("%s is the shared error base, unchanged", (copy) => {
  const text = readFileSync(join(repo, copy), "utf8");
  expect(
    text === readFileSync(canonical, "utf8"),
    `${copy} differs from tooling/shared/error-base.ts; copy that file over it`,
  ).toBe(true);
});

test("no other package keeps a copy of its own", () => {
  const packages = readdirSync(join(repo, "packages"));
  const found = packages
    .map((p) => join("packages", p, "src", "internal", "error-base.ts"))
    .filter((path) => {
      try {
        readFileSync(join(repo, path));
        return true;
      } catch {
        return false;
      }
    });
  expect(found.sort()).toEqual([...copies].sort());
});
