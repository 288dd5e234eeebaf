// Tables: (1) 100,000 Pipedrive deals filtered by status and stage, the filter sent to the
// provider vs the same filter applied locally (requests, time, peak RSS of the client process);
// (2) 1,000 Zoho CRM leads inserted one call each vs insertMany's batches of 100. Each run is its
// own process; the emulator runs here and counts the requests.
import { fileURLToPath } from "node:url";
import { consentedRedirectUrl, startEmulator } from "@x/emulator";
import { getAccessToken, getAuthorizationUrl } from "@x/zoho-crm";
import { fmt, median, runChild } from "./util.mjs";

const child = fileURLToPath(new URL("./tables-child.mjs", import.meta.url));

export async function run({ quick } = {}) {
  const deals = quick ? 10_000 : 100_000;
  const emulator = await startEmulator({
    autoApprove: true,
    datasets: { pipedrive: { deals }, zoho: { leads: 100 } },
  });
  const { clientId, clientSecret } = emulator.defaultClient("zoho");
  const props = `EmulatorURL=${emulator.url};OAuthClientId=${clientId};OAuthClientSecret=${clientSecret}`;
  try {
    const auth = await getAuthorizationUrl(props);
    const tokens = await getAccessToken(props, {
      verifier: (await consentedRedirectUrl(auth.url)).href,
      state: auth.state,
    });
    const rounds = quick ? 2 : 3;
    const runs = { pushed: [], local: [], single: [], batch: [] };
    const requests = {};
    const rows = {};
    for (let round = 0; round < rounds; round++) {
      for (const mode of ["pushed", "local"]) {
        emulator.resetCounts();
        const r = await runChild(child, ["list", emulator.url, mode]);
        runs[mode].push(r);
        requests[mode] = emulator.count("pipedrive", "deals.list");
        rows[mode] = r.rows;
      }
      for (const mode of ["single", "batch"]) {
        emulator.resetCounts();
        const r = await runChild(child, ["insert", emulator.url, mode, tokens.accessToken]);
        runs[mode].push(r);
        requests[mode] = emulator.count("zoho", "crm.insert");
        rows[mode] = r.rows;
      }
    }
    if (rows.pushed !== rows.local) throw new Error(`rows differ: ${rows.pushed} vs ${rows.local}`);
    const med = (mode, key) => median(runs[mode].map((r) => r[key]));
    const peak = (mode) => Math.max(...runs[mode].map((r) => r.rssGrowthMb));
    const listRatio = med("local", "seconds") / med("pushed", "seconds");
    const insertRatio = med("single", "seconds") / med("batch", "seconds");
    const row = (label, mode) => [
      label,
      String(rows[mode]),
      String(requests[mode]),
      fmt(med(mode, "seconds")),
      fmt(med(mode, "cpuSeconds")),
      fmt(peak(mode), 1),
    ];
    return {
      title: `Tables: ${deals.toLocaleString("en")} Pipedrive deals filtered (status = won, stage_id = 2); 1,000 Zoho CRM leads inserted (median of ${rounds} runs)`,
      columns: ["run", "rows", "requests", "seconds", "client CPU seconds", "peak RSS growth (MB)"],
      rows: [
        row("list, filter sent to the provider", "pushed"),
        row("list, same filter applied locally", "local"),
        ["local / provider time", "", "", `${fmt(listRatio)}x`, "", ""],
        row("insert one by one", "single"),
        row("insertMany (batches of 100)", "batch"),
        ["one by one / batched time", "", "", `${fmt(insertRatio)}x`, "", ""],
      ],
      summary: [
        {
          figure: "tables: local filter vs pushed-down, time",
          value: `${fmt(listRatio)}x (${requests.local} vs ${requests.pushed} requests)`,
          target: "(reported)",
          met: true,
        },
        {
          figure: "tables: pushed-down listing peak RSS growth",
          value: `${fmt(peak("pushed"), 1)} MB`,
          target: "<= 64 MB",
          met: peak("pushed") <= 64,
        },
        {
          figure: "tables: 1,000 inserts one by one vs batched, time",
          value: `${fmt(insertRatio)}x (${requests.single} vs ${requests.batch} requests)`,
          target: "(reported)",
          met: true,
        },
      ],
    };
  } finally {
    await emulator.close();
  }
}
