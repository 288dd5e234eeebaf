// Cold import time of each provider package and of peers installed beside them: a fresh `node`
// importing it, vs a fresh `node` importing nothing (the baseline, so the figure is what the import
// adds). Rounds are interleaved (each round runs every case once), so load from elsewhere on the
// machine falls on every case alike; min and median over the rounds.
//
// A reference row per provider, "(one file)", imports the same code with every @x package inlined
// into one module (rolldown, not minified): what no packaging of this code could go below. The
// difference to the provider's own row is what splitting it into packages costs.
import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "rolldown";
import { fmt, median, ms, now } from "./util.mjs";

const cwd = dirname(fileURLToPath(import.meta.url));
const providers = ["zoho-crm", "zoho-inventory", "pipedrive", "highrise", "zendesk"];
// Peers: OAuth clients and official SDKs a user might pick instead.
const peers = ["oauth4webapi", "openid-client", "arctic", "node-zendesk", "pipedrive"];

function timeOnce(code) {
  const start = now();
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", code], { cwd });
  if (r.status !== 0) throw new Error(String(r.stderr));
  return ms(start);
}

/** Bundles provider `id` with its @x dependencies into `dir`; other packages stay imports. */
async function oneFile(id, dir) {
  const entry = fileURLToPath(import.meta.resolve(`@x/${id}`));
  const root = join(dirname(entry), "..");
  await build({
    input: { index: entry },
    platform: "node",
    treeshake: true,
    logLevel: "silent",
    plugins: [
      {
        // Packages outside @x resolve as the provider would resolve them, by absolute URL, since
        // the bundle lives in a temporary folder with no node_modules.
        name: "external-by-url",
        async resolveId(source, importer) {
          if (source.startsWith("node:")) return { id: source, external: true };
          if (/^[./\0]/.test(source) || source.startsWith("@x/")) return null;
          const resolved = await this.resolve(source, importer, { skipSelf: true });
          if (!resolved) throw new Error(`cannot resolve ${source} from ${importer}`);
          return { id: pathToFileURL(resolved.id).href, external: true };
        },
      },
    ],
    output: { dir, format: "esm", entryFileNames: "[name].js", chunkFileNames: "[name]-[hash].js" },
  });
  // The connector reads its name and version from the package.json above it.
  const pkg = JSON.parse(await readFile(join(root, "package.json"), "utf8"));
  await writeFile(
    join(dir, "package.json"),
    JSON.stringify({ name: pkg.name, version: pkg.version, type: "module" }),
  );
  return pathToFileURL(join(dir, "index.js")).href;
}

export async function run({ quick } = {}) {
  const rounds = quick ? 3 : 15;
  const temp = await mkdtemp(join(tmpdir(), "x-cold-import-"));
  try {
    const cases = [["(node, nothing imported)", ""]];
    for (const id of providers) {
      cases.push([`@x/${id}`, `await import("@x/${id}")`]);
      const url = await oneFile(id, join(temp, id));
      cases.push([`@x/${id} (one file)`, `await import(${JSON.stringify(url)})`]);
    }
    for (const id of peers) cases.push([`${id} (peer)`, `await import(${JSON.stringify(id)})`]);
    const times = new Map(cases.map(([name]) => [name, []]));
    for (let round = 0; round < rounds; round++) {
      for (const [name, code] of cases) times.get(name).push(timeOnce(code));
    }
    return report(cases, times, rounds);
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

function report(cases, times, rounds) {
  const base = times.get(cases[0][0]);
  const baseMin = Math.min(...base);
  const baseMed = median(base);
  const rows = [["(node, nothing imported)", `${fmt(baseMin, 1)} / ${fmt(baseMed, 1)}`, "", ""]];
  const summary = [];
  for (const [name] of cases.slice(1)) {
    const xs = times.get(name);
    const added = median(xs) - baseMed;
    rows.push([
      name,
      `${fmt(Math.min(...xs), 1)} / ${fmt(median(xs), 1)}`,
      `${fmt(Math.min(...xs) - baseMin, 1)} / ${fmt(added, 1)}`,
      `${fmt(median(xs) / baseMed)}x`,
    ]);
    if (name.startsWith("@x/") && !name.endsWith("(one file)")) {
      const floor = median(times.get(`${name} (one file)`)) - baseMed;
      summary.push({
        figure: `cold import ${name}`,
        value: `+${fmt(added, 0)} ms (${fmt(median(xs) / baseMed)}x bare node; one file +${fmt(floor, 0)} ms)`,
        target: "<= +50 ms",
        met: added <= 50,
      });
    }
  }
  return {
    title: `Cold import (ms, min / median of ${rounds} interleaved rounds of fresh processes)`,
    columns: ["package", "process time", "added by the import", "ratio to bare node (median)"],
    rows,
    summary,
  };
}
