#!/usr/bin/env node
// Prints ops/s of @x/conn-string vs @tediousjs/connection-string and the ratio, per input.
// Run after `pnpm build`: node bench/ratio.mjs
import { parse as tedious } from "@tediousjs/connection-string";
import { parse } from "../dist/index.js";
import { inputs } from "./inputs.mjs";

function opsPerSec(fn, text) {
  for (let i = 0; i < 20_000; i++) fn(text); // warm-up
  let best = 0;
  for (let round = 0; round < 5; round++) {
    let n = 0;
    const start = performance.now();
    let now = start;
    while (now - start < 200) {
      for (let i = 0; i < 500; i++) fn(text);
      n += 500;
      now = performance.now();
    }
    best = Math.max(best, (n * 1000) / (now - start));
  }
  return best;
}

const rows = [];
for (const [name, text] of Object.entries(inputs)) {
  const ours = opsPerSec(parse, text);
  const theirs = opsPerSec(tedious, text);
  rows.push({
    input: `${name} (${text.length} chars)`,
    "@x/conn-string ops/s": Math.round(ours),
    "tediousjs ops/s": Math.round(theirs),
    ratio: `${(ours / theirs).toFixed(2)}x`,
  });
}
console.table(rows);
