// Pagination: 100,000 Zoho CRM leads through paginate() vs a hand-written fetch loop over the same
// pages; peak RSS growth of the paginate() walk. Each walker runs in its own process and walks
// twice: from a cold start, then warm (the code compiled, as in a long walk); the emulator
// runs here, so its memory and CPU do not count. Wall time includes the emulator's work, which both
// walks share; the walker's own CPU time is reported beside it (steadier on a loaded machine).
//
// Five walkers: the hand-written loop (the baseline); paginate() record by record (`for await`
// over records); paginate().pages() (`for await` over pages, a plain loop inside, as the
// baseline); the hand-written loop behind the smallest async iterator of records, which is what
// `for await` over records costs whoever writes it (the floor of the record-by-record walk); and
// the hand-written loop with a timeout through a shared abort signal, as the connection bounds
// every request (what that costs fetch itself).
import { fileURLToPath } from "node:url";
import { consentedRedirectUrl, startEmulator } from "@x/emulator";
import { getAccessToken, getAuthorizationUrl } from "@x/zoho-crm";
import { fmt, median, runChild } from "./util.mjs";

const child = fileURLToPath(new URL("./pagination-child.mjs", import.meta.url));

const walkers = [
  ["fetch", "hand-written fetch loop"],
  ["connector", "connection.paginate(), record by record"],
  ["pages", "connection.paginate().pages(), page by page"],
  ["fetch-records", "hand-written loop behind an async iterator of records"],
  ["fetch-signal", "hand-written fetch loop with the timeout's shared abort signal"],
];

// [walker, baseline, what the ratio says, target (undefined: reported)]
const ratios = [
  ["connector", "fetch", "pagination time vs hand-written loop", 1.05],
  ["pages", "fetch", "pagination pages() time vs hand-written loop", 1.05],
  ["connector", "fetch-records", "pagination time vs the same loop handing out records", undefined],
  [
    "fetch-signal",
    "fetch",
    "pagination: a timeout signal's cost to the hand-written loop",
    undefined,
  ],
];

export async function run({ quick } = {}) {
  const leads = quick ? 10_000 : 100_000;
  const emulator = await startEmulator({ autoApprove: true, datasets: { zoho: { leads } } });
  const { clientId, clientSecret } = emulator.defaultClient("zoho");
  const props = `EmulatorURL=${emulator.url};OAuthClientId=${clientId};OAuthClientSecret=${clientSecret}`;
  try {
    const auth = await getAuthorizationUrl(props);
    const tokens = await getAccessToken(props, {
      verifier: (await consentedRedirectUrl(auth.url)).href,
      state: auth.state,
    });
    const rounds = quick ? 3 : 11;
    // Per walk kind (first in a fresh process, second warm), per walker: seconds and CPU seconds.
    const kinds = ["first", "warm"];
    const runs = Object.fromEntries(
      kinds.map((kind) => [
        kind,
        Object.fromEntries(walkers.map(([mode]) => [mode, { seconds: [], cpu: [] }])),
      ]),
    );
    let rss = 0;
    let records;
    for (let round = 0; round < rounds; round++) {
      // The order turns each round, so no walker always follows the same one.
      const order = walkers.map((_, i) => walkers[(i + round) % walkers.length][0]);
      for (const mode of order) {
        const out = await runChild(child, [mode, emulator.url, tokens.accessToken]);
        if (records !== undefined && out.records !== records)
          throw new Error(`record counts differ: ${out.records} (${mode}) vs ${records}`);
        records = out.records;
        for (const [kind, walk] of [
          ["first", out],
          ["warm", out.warm],
        ]) {
          runs[kind][mode].seconds.push(walk.seconds);
          runs[kind][mode].cpu.push(walk.cpuSeconds);
        }
        if (mode === "connector") rss = Math.max(rss, out.rssGrowthMb);
      }
    }
    const minMed = (xs) => `${fmt(Math.min(...xs))} / ${fmt(median(xs))}`;
    const rows = [];
    const summary = [];
    for (const [kind, label] of [
      ["first", "first walk in a fresh process"],
      ["warm", "second walk, warm"],
    ]) {
      const k = runs[kind];
      for (const [mode, name] of walkers) {
        rows.push([
          `${name}, ${label}`,
          String(records),
          minMed(k[mode].seconds),
          minMed(k[mode].cpu),
          kind === "first" && mode === "connector" ? fmt(rss, 1) : "",
        ]);
      }
      for (const [mode, base, figure, target] of ratios) {
        // Walks of one round ran close together: the median of the rounds' ratios is the figure.
        const perRound = k[mode].seconds.map((s, i) => s / k[base].seconds[i]);
        const ratio = median(perRound);
        const cpuRatio = median(k[mode].cpu) / median(k[base].cpu);
        rows.push([
          `ratio ${mode} / ${base} (min / median of the rounds' ratios; CPU: of the medians)`,
          "",
          `${fmt(Math.min(...perRound))}x / ${fmt(ratio)}x`,
          `${fmt(cpuRatio)}x`,
          "",
        ]);
        summary.push({
          figure: `${figure}, ${label}`,
          value: `${fmt(ratio)}x (CPU ${fmt(cpuRatio)}x)`,
          target: target === undefined ? "(reported)" : `<= ${fmt(target)}x`,
          met: target === undefined || ratio <= target,
        });
      }
    }
    summary.push({
      figure: "pagination peak RSS growth",
      value: `${fmt(rss, 1)} MB`,
      target: "<= 64 MB",
      met: rss <= 64,
    });
    return {
      title: `Pagination: ${leads.toLocaleString("en")} Zoho CRM leads (seconds, min / median of ${rounds} rounds; each round a process per walker, the order turning, each walking twice)`,
      columns: ["walk", "records", "wall seconds", "walker CPU seconds", "peak RSS growth (MB)"],
      rows,
      summary,
    };
  } finally {
    await emulator.close();
  }
}
