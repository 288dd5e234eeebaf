// Cold import time of each provider package and of peers installed beside them: a fresh `node`
// importing it, vs a fresh `node` importing nothing (the baseline, so the figure is what the import
// adds). Rounds are interleaved (each round runs every case once), so load from elsewhere on the
// machine falls on every case alike; min and median over the rounds.
import { spawnSync } from "node:child_process";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
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

export async function run({ quick } = {}) {
  const rounds = quick ? 3 : 15;
  const cases = [
    ["(node, nothing imported)", ""],
    ...providers.map((id) => [`@x/${id}`, `await import("@x/${id}")`]),
    ...peers.map((id) => [`${id} (peer)`, `await import(${JSON.stringify(id)})`]),
  ];
  const times = new Map(cases.map(([name]) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const [name, code] of cases) times.get(name).push(timeOnce(code));
  }
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
    if (name.startsWith("@x/")) {
      summary.push({
        figure: `cold import ${name}`,
        value: `+${fmt(added, 0)} ms (${fmt(median(xs) / baseMed)}x bare node)`,
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
