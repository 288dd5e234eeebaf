// Pagination: 100,000 Zoho CRM leads through paginate() vs a hand-written fetch loop over the same
// pages; peak RSS growth of the paginate() walk. Each walk runs in its own process; the emulator
// runs here, so its memory and CPU do not count. Wall time includes the emulator's work, which both
// walks share; the walker's own CPU time is reported beside it (steadier on a loaded machine).
import { fileURLToPath } from "node:url";
import { consentedRedirectUrl, startEmulator } from "@x/emulator";
import { getAccessToken, getAuthorizationUrl } from "@x/zoho-crm";
import { fmt, median, runChild } from "./util.mjs";

const child = fileURLToPath(new URL("./pagination-child.mjs", import.meta.url));

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
    const ours = [];
    const base = [];
    const oursCpu = [];
    const baseCpu = [];
    let rss = 0;
    let records = 0;
    const walk = (mode) => runChild(child, [mode, emulator.url, tokens.accessToken]);
    const ratios = [];
    for (let round = 0; round < rounds; round++) {
      // The order alternates, so neither walk always follows the other.
      const [b, o] =
        round % 2
          ? await walk("connector").then(async (o) => [await walk("fetch"), o])
          : await walk("fetch").then(async (b) => [b, await walk("connector")]);
      ratios.push(o.seconds / b.seconds);
      base.push(b.seconds);
      ours.push(o.seconds);
      baseCpu.push(b.cpuSeconds);
      oursCpu.push(o.cpuSeconds);
      rss = Math.max(rss, o.rssGrowthMb);
      records = o.records;
      if (b.records !== o.records)
        throw new Error(`record counts differ: ${b.records} vs ${o.records}`);
    }
    // The walks of one round ran back to back: their ratio is the figure.
    const ratio = median(ratios);
    const cpuRatio = median(oursCpu) / median(baseCpu);
    const minMed = (xs) => `${fmt(Math.min(...xs))} / ${fmt(median(xs))}`;
    return {
      title: `Pagination: ${leads.toLocaleString("en")} Zoho CRM leads (seconds, min / median of ${rounds} rounds of one walk each, the order alternating)`,
      columns: ["walk", "records", "wall seconds", "walker CPU seconds", "peak RSS growth (MB)"],
      rows: [
        ["hand-written fetch loop", String(records), minMed(base), minMed(baseCpu), ""],
        ["connection.paginate()", String(records), minMed(ours), minMed(oursCpu), fmt(rss, 1)],
        [
          "ratio (min / median of the rounds' ratios; CPU: of the minimums / medians)",
          "",
          `${fmt(Math.min(...ratios))}x / ${fmt(ratio)}x`,
          `${fmt(Math.min(...oursCpu) / Math.min(...baseCpu))}x / ${fmt(cpuRatio)}x`,
          "",
        ],
      ],
      summary: [
        {
          figure: "pagination time vs hand-written loop",
          value: `${fmt(ratio)}x`,
          target: "<= 1.05x",
          met: ratio <= 1.05,
        },
        {
          figure: "pagination walker CPU vs hand-written loop",
          value: `${fmt(cpuRatio)}x`,
          target: "(reported)",
          met: true,
        },
        {
          figure: "pagination peak RSS growth",
          value: `${fmt(rss, 1)} MB`,
          target: "<= 64 MB",
          met: rss <= 64,
        },
      ],
    };
  } finally {
    await emulator.close();
  }
}
