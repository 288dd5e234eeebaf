// Install footprint: each provider packed (pnpm rewrites workspace: ranges) and installed with its
// dependencies into an empty project; bytes on disk and package count. The official SDKs are
// installed the same way, from the npm registry, as the comparison.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { fmt } from "./util.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const internal = {
  errors: "packages/errors",
  "conn-string": "packages/conn-string",
  "settings-store": "packages/settings-store",
  "oauth-core": "packages/oauth-core",
  "connector-kit": "packages/connector-kit",
  "zoho-accounts": "packages/providers/zoho-accounts",
};
const providers = {
  "zoho-crm": ["zoho-accounts"],
  "zoho-inventory": ["zoho-accounts"],
  pipedrive: [],
  highrise: [],
  zendesk: [],
};
const official = {
  "zoho-crm": "@zohocrm/nodejs-sdk-8.0",
  pipedrive: "pipedrive",
  zendesk: "node-zendesk",
};

function sizeOf(dir) {
  let bytes = 0;
  let packages = 0;
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isSymbolicLink()) continue;
      if (e.isDirectory()) walk(p);
      else {
        bytes += statSync(p).size;
        if (e.name === "package.json" && /node_modules[\\/](@[^\\/]+[\\/])?[^\\/]+$/.test(d))
          packages += 1;
      }
    }
  };
  walk(dir);
  return { bytes, packages };
}

function install(specs, work) {
  const project = mkdtempSync(join(work, "project-"));
  writeFileSync(join(project, "package.json"), "{}");
  execFileSync(
    "npm",
    ["install", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error", ...specs],
    { cwd: project, stdio: "pipe" },
  );
  const modules = join(project, "node_modules");
  const result = sizeOf(modules);
  // Bytes per top-level package, to show where the footprint comes from.
  result.parts = {};
  for (const e of readdirSync(modules, { withFileTypes: true })) {
    if (!e.isDirectory() || e.name.startsWith(".")) continue;
    const names = e.name.startsWith("@")
      ? readdirSync(join(modules, e.name)).map((n) => `${e.name}/${n}`)
      : [e.name];
    for (const name of names) result.parts[name] = sizeOf(join(modules, name)).bytes;
  }
  rmSync(project, { recursive: true, force: true });
  return result;
}

export async function run({ quick } = {}) {
  const work = mkdtempSync(join(tmpdir(), "x-bench-footprint-"));
  const packs = join(work, "packs");
  mkdirSync(packs);
  const tarball = {};
  for (const [id, dir] of Object.entries({
    ...internal,
    ...Object.fromEntries(Object.keys(providers).map((p) => [p, `packages/providers/${p}`])),
  })) {
    const out = execFileSync("pnpm", ["pack", "--pack-destination", packs], {
      cwd: join(root, dir),
      encoding: "utf8",
    });
    tarball[id] = out.trim().split("\n").at(-1);
  }
  const rows = [];
  const summary = [];
  let breakdown;
  try {
    for (const [id, extra] of Object.entries(providers)) {
      const specs = [
        id,
        "errors",
        "conn-string",
        "settings-store",
        "oauth-core",
        "connector-kit",
        ...extra,
      ].map((p) => tarball[p]);
      const ours = install(specs, work);
      if (id === "pipedrive") breakdown = ours;
      let theirs;
      if (official[id] && !quick) {
        try {
          theirs = install([official[id]], work);
        } catch (error) {
          theirs = { error: String(error.message).split("\n")[0] };
        }
      }
      const mb = ours.bytes / 1e6;
      rows.push([
        `@x/${id}`,
        fmt(mb),
        String(ours.packages),
        official[id]
          ? `${official[id]}: ${theirs?.bytes ? `${fmt(theirs.bytes / 1e6)} MB, ${theirs.packages} packages` : (theirs?.error ?? "skipped (--quick)")}`
          : "(no official Node SDK)",
        theirs?.bytes ? `${fmt(ours.bytes / theirs.bytes, 3)}x` : "",
      ]);
      summary.push({
        figure: `install footprint @x/${id}`,
        value: `${fmt(mb)} MB, ${ours.packages} packages`,
        target: "<= 1 MB",
        met: mb <= 1,
      });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return {
    title: "Install footprint (packed, installed with dependencies into an empty project)",
    columns: ["package", "MB on disk", "packages", "official SDK, same measure", "ratio"],
    rows,
    summary,
    extra: breakdown
      ? [
          {
            title: "Where the bytes of @x/pipedrive's install are",
            columns: ["installed package", "MB", "share"],
            rows: Object.entries(breakdown.parts)
              .sort(([, a], [, b]) => b - a)
              .map(([name, bytes]) => [
                name,
                fmt(bytes / 1e6),
                `${fmt((100 * bytes) / breakdown.bytes, 0)} %`,
              ]),
          },
        ]
      : [],
  };
}
