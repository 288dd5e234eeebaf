// Connection-string parsing: @x/conn-string vs @tediousjs/connection-string on the same inputs.
// CPU time per parse (process.cpuUsage), both parsers alternating round by round, min of rounds:
// on a loaded machine, wall-clock ops/s swing with everything else running.
import { parse as tedious } from "@tediousjs/connection-string";
import { parse } from "@x/conn-string";
import { inputs } from "../../packages/conn-string/bench/inputs.mjs";
import { fmt, median } from "./util.mjs";

/** µs of CPU per call of each parser on `text`: every round runs each once, min and median. */
function cpuPerCall(parsers, text, { rounds, calls }) {
  for (const fn of Object.values(parsers)) for (let i = 0; i < 20_000; i++) fn(text);
  const us = Object.fromEntries(Object.keys(parsers).map((k) => [k, []]));
  for (let round = 0; round < rounds; round++) {
    for (const [name, fn] of Object.entries(parsers)) {
      const start = process.cpuUsage();
      for (let i = 0; i < calls; i++) fn(text);
      const used = process.cpuUsage(start);
      us[name].push((used.user + used.system) / calls);
    }
  }
  return Object.fromEntries(
    Object.entries(us).map(([k, xs]) => [k, { min: Math.min(...xs), median: median(xs) }]),
  );
}

export async function run({ quick } = {}) {
  const settings = { rounds: quick ? 5 : 11, calls: quick ? 2_000 : 10_000 };
  const rows = [];
  for (const [name, text] of Object.entries(inputs)) {
    const t = cpuPerCall({ ours: parse, theirs: tedious }, text, settings);
    rows.push({ input: `${name} (${text.length} chars)`, ...t, ratio: t.theirs.min / t.ours.min });
  }
  const worst = Math.min(...rows.map((r) => r.ratio));
  const cell = (t) => `${fmt(t.min, 3)} / ${fmt(t.median, 3)}`;
  return {
    title: `Connection-string parsing (µs of CPU per parse, min / median of ${settings.rounds} alternating rounds of ${settings.calls})`,
    columns: ["input", "@x/conn-string", "tediousjs", "speed-up (min)"],
    rows: rows.map((r) => [r.input, cell(r.ours), cell(r.theirs), `${fmt(r.ratio)}x`]),
    summary: [
      {
        figure: "parse speed vs tediousjs (worst input, CPU)",
        value: `${fmt(worst)}x`,
        target: ">= 1.00x",
        met: worst >= 1,
      },
    ],
  };
}
