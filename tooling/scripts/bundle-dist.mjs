#!/usr/bin/env node
// Runs last in a package's build (after `tsc` and inline-valibot): bundles the JavaScript of each
// entry point named in the `exports` map into one module, so importing the package reads a few
// files instead of dozens (module loading is most of a cold import). Imports of other packages and
// of node: built-ins stay imports; dynamic imports (parts loaded on demand) become chunks under
// dist/chunks/. The .d.ts files tsc wrote stay as they are: types are not bundled.
import { mkdir, readdir, readFile, rename, rm, rmdir } from "node:fs/promises";
import { join, relative } from "node:path";
import { build } from "rolldown";

const root = process.cwd();
const dist = join(root, "dist");
const temp = join(root, "node_modules", ".cache", "bundle-dist");
const pkg = JSON.parse(await readFile(join(root, "package.json"), "utf8"));

// Every `default`/`import` target under ./dist/ is an entry, named by its path inside dist.
const targets = new Set();
const collect = (value) => {
  if (typeof value === "string") {
    if (value.startsWith("./dist/") && value.endsWith(".js")) targets.add(value.slice(2));
  } else if (value && typeof value === "object") {
    for (const [condition, v] of Object.entries(value)) if (condition !== "types") collect(v);
  }
};
collect(pkg.exports);
if (targets.size === 0) throw new Error(`${pkg.name}: no ./dist/*.js entry in "exports"`);
const input = Object.fromEntries(
  [...targets].map((file) => [relative("dist", file).replace(/\.js$/, ""), join(root, file)]),
);

await rm(temp, { recursive: true, force: true });
await build({
  input,
  platform: "node",
  treeshake: true,
  logLevel: "warn",
  // Anything that is not a file of this package (another package, a node: built-in) stays an import.
  external: (id) => !id.startsWith(".") && !id.startsWith("/") && !id.startsWith("\0"),
  output: {
    dir: temp,
    format: "esm",
    entryFileNames: "[name].js",
    chunkFileNames: "chunks/[name]-[hash].js",
  },
});

// Replace tsc's modules with the bundles; keep every declaration file.
async function walk(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path)));
    else out.push(path);
  }
  return out;
}
for (const file of await walk(dist)) {
  if (file.endsWith(".js") || file.endsWith(".js.map")) await rm(file);
}
await rm(join(dist, "chunks"), { recursive: true, force: true });
for (const file of await walk(temp)) {
  const target = join(dist, relative(temp, file));
  await rm(target, { force: true });
  await mkdir(join(target, ".."), { recursive: true });
  await rename(file, target);
}
await rm(temp, { recursive: true, force: true });
// Folders that held only modules (dist/internal) are left empty: remove them.
async function pruneEmpty(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) await pruneEmpty(join(dir, entry.name));
  }
  if (dir !== dist && (await readdir(dir)).length === 0) await rmdir(dir);
}
await pruneEmpty(dist);
