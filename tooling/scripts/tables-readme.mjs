#!/usr/bin/env node
// Writes the "Tables" section of every provider README from the package's table declarations
// (its built `tables` export), between the generated markers. `--check` writes nothing and
// exits 1 when a README is out of date. Run after `pnpm build`.
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const check = process.argv.includes("--check");
const kit = await import(pathToFileURL(join(root, "packages/connector-kit/dist/index.js")).href);

/** Every provider package that declares tables: its README path and the section it should have. */
export async function tableSections() {
  const out = [];
  const dir = join(root, "packages/providers");
  for (const id of (await readdir(dir)).sort()) {
    let mod;
    try {
      mod = await import(pathToFileURL(join(dir, id, "dist/index.js")).href);
    } catch {
      continue;
    }
    if (!mod.tables) continue;
    out.push({
      id,
      readme: join(dir, id, "README.md"),
      section: kit.renderTablesMarkdown(mod.tables),
    });
  }
  return out;
}

const stale = [];
for (const { id, readme, section } of await tableSections()) {
  const text = await readFile(readme, "utf8");
  const next = kit.replaceTablesSection(text, section);
  if (next === text) continue;
  stale.push(id);
  if (!check) await writeFile(readme, next);
}
if (check && stale.length > 0) {
  console.error(`Tables sections out of date: ${stale.join(", ")}. Run: pnpm tables-readme`);
  process.exit(1);
}
console.log(
  stale.length
    ? `${check ? "stale" : "updated"}: ${stale.join(", ")}`
    : "Tables sections up to date",
);
