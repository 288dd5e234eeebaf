// Pagination: 100,000 Zoho CRM leads through paginate() vs a hand-written fetch loop over the same
// pages; peak RSS growth of the paginate() walk. Each walker runs in its own process and walks
// twice: from a cold start, then warm (the code compiled, as in a long walk); the emulator
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
    const walk = (mode) => runChild(child, [mode, emulator.url, tokens.accessToken]);
    // Per walk kind (first in a fresh process, second warm): seconds, CPU and per-round ratios.
    const kinds = { first: {}, warm: {} };
    for (const k of Object.values(kinds))
      Object.assign(k, { base: [], ours: [], baseCpu: [], oursCpu: [], ratios: [] });
    let rss = 0;
    let records = 0;
    for (let round = 0; round < rounds; round++) {
      // The order alternates, so neither process always follows the other.
      const [b, o] =
        round % 2
          ? await walk("connector").then(async (o) => [await walk("fetch"), o])
          : await walk("fetch").then(async (b) => [b, await walk("connector")]);
      for (const [kind, pick] of [
        ["first", (x) => x],
        ["warm", (x) => x.warm],
      ]) {
        const k = kinds[kind];
        const [bw, ow] = [pick(b), pick(o)];
        if (bw.records !== ow.records)
          throw new Error(`record counts differ: ${bw.records} vs ${ow.records}`);
        k.ratios.push(ow.seconds / bw.seconds);
        k.base.push(bw.seconds);
        k.ours.push(ow.seconds);
        k.baseCpu.push(bw.cpuSeconds);
        k.oursCpu.push(ow.cpuSeconds);
      }
      rss = Math.max(rss, o.rssGrowthMb);
      records = o.records;
    }
    const minMed = (xs) => `${fmt(Math.min(...xs))} / ${fmt(median(xs))}`;
    const rows = [];
    const summary = [];
    for (const [kind, label] of [
      ["first", "first walk in a fresh process"],
      ["warm", "second walk, warm"],
    ]) {
      const k = kinds[kind];
      // The walks of one round ran back to back: their ratio is the figure.
      const ratio = median(k.ratios);
      const cpuRatio = median(k.oursCpu) / median(k.baseCpu);
      rows.push(
        [
          `hand-written fetch loop, ${label}`,
          String(records),
          minMed(k.base),
          minMed(k.baseCpu),
          "",
        ],
        [
          `connection.paginate(), ${label}`,
          String(records),
          minMed(k.ours),
          minMed(k.oursCpu),
          kind === "first" ? fmt(rss, 1) : "",
        ],
        [
          "ratio (min / median of the rounds' ratios; CPU: of the minimums / medians)",
          "",
          `${fmt(Math.min(...k.ratios))}x / ${fmt(ratio)}x`,
          `${fmt(Math.min(...k.oursCpu) / Math.min(...k.baseCpu))}x / ${fmt(cpuRatio)}x`,
          "",
        ],
      );
      summary.push(
        {
          figure: `pagination time vs hand-written loop, ${label}`,
          value: `${fmt(ratio)}x`,
          target: "<= 1.05x",
          met: ratio <= 1.05,
        },
        {
          figure: `pagination walker CPU vs hand-written loop, ${label}`,
          value: `${fmt(cpuRatio)}x`,
          target: "(reported)",
          met: true,
        },
      );
    }
    summary.push({
      figure: "pagination peak RSS growth",
      value: `${fmt(rss, 1)} MB`,
      target: "<= 64 MB",
      met: rss <= 64,
    });
    return {
      title: `Pagination: ${leads.toLocaleString("en")} Zoho CRM leads (seconds, min / median of ${rounds} rounds; each round a process per walker, the order alternating, each walking twice)`,
      columns: ["walk", "records", "wall seconds", "walker CPU seconds", "peak RSS growth (MB)"],
      rows,
      summary,
    };
  } finally {
    await emulator.close();
  }
}
