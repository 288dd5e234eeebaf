// SQL (@x/sql) over 100,000 Pipedrive deals: (1) `WHERE status = 'won' AND stage_id = 2 LIMIT 100`
// with the filter sent to the provider vs the same query with pushdown off (requests, time, peak
// RSS); (2) `ORDER BY value DESC LIMIT 10` (value is not sorted by the provider: sorted locally,
// only the top rows kept) vs the same ORDER BY without a limit (every row kept). Each run is its
// own process; the emulator runs here and counts the requests.
import { fileURLToPath } from "node:url";
import { startEmulator } from "@x/emulator";
import { fmt, median, runChild } from "./util.mjs";

const child = fileURLToPath(new URL("./sql-child.mjs", import.meta.url));
const MODES = ["pushed", "local", "top", "all"];

export async function run({ quick } = {}) {
  const deals = quick ? 10_000 : 100_000;
  const emulator = await startEmulator({ datasets: { pipedrive: { deals } } });
  try {
    const rounds = quick ? 1 : 2;
    const runs = Object.fromEntries(MODES.map((m) => [m, []]));
    const requests = {};
    const last = {};
    for (let round = 0; round < rounds; round++) {
      for (const mode of MODES) {
        emulator.resetCounts();
        const r = await runChild(child, [emulator.url, mode]);
        runs[mode].push(r);
        requests[mode] = emulator.count("pipedrive", "deals.list");
        last[mode] = r;
      }
    }
    if (last.pushed.rows !== last.local.rows || last.pushed.first !== last.local.first) {
      throw new Error(
        `pushed and local answers differ: ${JSON.stringify([last.pushed, last.local])}`,
      );
    }
    if (last.top.first !== last.all.first) throw new Error("top-10 and full sort differ");
    const med = (mode, key) => median(runs[mode].map((r) => r[key]));
    const peak = (mode) => Math.max(...runs[mode].map((r) => r.rssGrowthMb));
    const ratio = med("local", "seconds") / med("pushed", "seconds");
    const row = (label, mode) => [
      label,
      String(last[mode].rows),
      String(requests[mode]),
      fmt(med(mode, "seconds")),
      fmt(med(mode, "cpuSeconds")),
      fmt(peak(mode), 1),
    ];
    return {
      title: `SQL over ${deals.toLocaleString("en")} Pipedrive deals (median of ${rounds} runs)`,
      columns: [
        "query",
        "rows",
        "requests",
        "seconds",
        "client CPU seconds",
        "peak RSS growth (MB)",
      ],
      rows: [
        row(
          "WHERE status = 'won' AND stage_id = 2 LIMIT 100, filter sent to the provider",
          "pushed",
        ),
        row("same query, pushdown off (filtered locally)", "local"),
        ["local / provider time", "", "", `${fmt(ratio)}x`, "", ""],
        row("ORDER BY value DESC, id LIMIT 10 (sorted locally, top 10 kept)", "top"),
        row("ORDER BY value DESC, id without LIMIT (every row kept)", "all"),
      ],
      summary: [
        {
          figure: "sql: WHERE … LIMIT 100, local vs pushed-down, time",
          value: `${fmt(ratio)}x (${requests.local} vs ${requests.pushed} requests)`,
          target: "(reported)",
          met: true,
        },
        {
          figure: `sql: ORDER BY … LIMIT 10 over ${deals.toLocaleString("en")} rows, peak RSS growth`,
          value: `${fmt(peak("top"), 1)} MB (without LIMIT: ${fmt(peak("all"), 1)} MB)`,
          target: "<= 64 MB",
          met: peak("top") <= 64,
        },
      ],
    };
  } finally {
    await emulator.close();
  }
}
