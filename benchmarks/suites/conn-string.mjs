// Connection-string parsing: @x/conn-string vs @tediousjs/connection-string on the same inputs.
import { parse as tedious } from "@tediousjs/connection-string";
import { parse } from "@x/conn-string";
import { inputs } from "../../packages/conn-string/bench/inputs.mjs";
import { fmt, ms, now } from "./util.mjs";

function opsPerSecond(fn, text, minMs = 300) {
  for (let i = 0; i < 2_000; i++) fn(text);
  let n = 0;
  const start = now();
  while (ms(start) < minMs) {
    for (let i = 0; i < 500; i++) fn(text);
    n += 500;
  }
  return (n / ms(start)) * 1000;
}

export async function run() {
  const rows = [];
  for (const [name, text] of Object.entries(inputs)) {
    const ours = opsPerSecond(parse, text);
    const theirs = opsPerSecond(tedious, text);
    rows.push({ input: `${name} (${text.length} chars)`, ours, theirs, ratio: ours / theirs });
  }
  const worst = Math.min(...rows.map((r) => r.ratio));
  return {
    title: "Connection-string parsing (ops/s)",
    columns: ["input", "@x/conn-string", "tediousjs", "speed-up"],
    rows: rows.map((r) => [r.input, fmt(r.ours, 0), fmt(r.theirs, 0), `${fmt(r.ratio)}x`]),
    summary: [
      {
        figure: "parse speed vs tediousjs (worst input)",
        value: `${fmt(worst)}x`,
        target: ">= 1.00x",
        met: worst >= 1,
      },
    ],
  };
}
