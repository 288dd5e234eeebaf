#!/usr/bin/env node
// Runs after `tsc` in the packages that validate with valibot. Their code imports valibot only
// through src/internal/valibot.ts; this bundles that one module in place, so the published
// package carries the few valibot functions it uses (tree-shaken) instead of depending on all of
// valibot, which would be most of a connector's install size. Public types never mention valibot.
import { readFile, rename, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { build } from "rolldown";

const dist = join(process.cwd(), "dist", "internal");
const target = join(dist, "valibot.js");
const temp = join(dist, "valibot.bundle.js");
const require = createRequire(join(process.cwd(), "package.json"));
// valibot does not export its package.json; find it above the resolved entry.
const entry = require.resolve("valibot");
const root = entry.slice(0, entry.lastIndexOf("valibot") + "valibot".length);
const { version } = JSON.parse(await readFile(join(root, "package.json"), "utf8"));

await build({
  input: target,
  platform: "neutral",
  treeshake: true,
  logLevel: "warn",
  output: { file: temp, format: "esm" },
});
const code = await readFile(temp, "utf8");
if (/\bfrom\s*["']valibot["']|import\(["']valibot["']\)/.test(code)) {
  throw new Error(`${target}: valibot is still imported after bundling`);
}
const banner = `// valibot ${version} (MIT License, Copyright (c) Fabian Hiller), the parts this package uses.\n`;
await writeFile(temp, banner + code);
await rename(temp, target);
// The declaration would name valibot, which the published package does not depend on.
await rm(join(dist, "valibot.d.ts"), { force: true });
