// Cold import time of each provider package: a fresh `node` importing it, vs a fresh `node`
// importing nothing (the baseline, so the figure is what the import adds).
import { spawnSync } from "node:child_process";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { fmt, median, ms, now } from "./util.mjs";

const cwd = dirname(fileURLToPath(import.meta.url));
const providers = ["zoho-crm", "zoho-inventory", "pipedrive", "highrise", "zendesk"];

function time(code, runs) {
  const xs = [];
  for (let i = 0; i < runs; i++) {
    const start = now();
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", code], { cwd });
    if (r.status !== 0) throw new Error(String(r.stderr));
    xs.push(ms(start));
  }
  return median(xs);
}

export async function run({ quick } = {}) {
  const runs = quick ? 3 : 9;
  const baseline = time("", runs);
  const rows = [["(node, nothing imported)", fmt(baseline, 1), "", ""]];
  const summary = [];
  for (const id of providers) {
    const t = time(`await import("@x/${id}")`, runs);
    rows.push([`@x/${id}`, fmt(t, 1), fmt(t - baseline, 1), `${fmt(t / baseline)}x`]);
    summary.push({
      figure: `cold import @x/${id}`,
      value: `+${fmt(t - baseline, 0)} ms (${fmt(t / baseline)}x bare node)`,
      target: "(reported)",
      met: true,
    });
  }
  return {
    title: `Cold import (ms, median of ${runs} fresh processes)`,
    columns: ["package", "process time", "added by the import", "ratio to bare node"],
    rows,
    summary,
  };
}
