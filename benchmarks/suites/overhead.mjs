// Per-request overhead: GET through a connection vs plain fetch to the same emulator endpoint,
// at concurrency 1 and 32. Bare ky (the HTTP layer every connector uses) is measured too: it is
// the floor under the connection's figure. All run in this process, alternating, median of rounds.
import { startEmulator } from "@x/emulator";
import { connect } from "@x/pipedrive";
import ky from "ky";
import { fmt, median, ms, now } from "./util.mjs";

async function timed(requests, concurrency, once) {
  let next = 0;
  const start = now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        next += 1;
        await once();
      }
    }),
  );
  return ms(start) / requests;
}

export async function run({ quick } = {}) {
  const emulator = await startEmulator();
  const token = "emulator-pipedrive-api-token";
  const conn = await connect(
    `AuthScheme=Basic;APIToken=${token};CompanyDomain=emulatedcompany;EmulatorURL=${emulator.url}`,
  );
  const url = `${emulator.url}/emulatedcompany.pipedrive.com/api/v1/users/me`;
  const headers = { "x-api-token": token, "user-agent": "@x/pipedrive/0.1.0" };
  const viaConnection = async () => {
    await (await conn.request({ path: "api/v1/users/me" })).arrayBuffer();
  };
  const bareKy = ky.create({ headers, retry: 0, timeout: 30_000 });
  const viaKy = async () => {
    await (await bareKy(url)).arrayBuffer();
  };
  const viaFetch = async () => {
    const r = await fetch(url, { headers });
    if (!r.ok) throw new Error(`fetch ${r.status}`);
    await r.arrayBuffer();
  };
  const rows = [];
  const summary = [];
  const requests = quick ? 300 : 1_500;
  try {
    for (const c of [1, 32]) {
      await timed(200, c, viaConnection);
      await timed(200, c, viaFetch);
      await timed(200, c, viaKy);
      const ours = [];
      const base = [];
      const kyOnly = [];
      for (let round = 0; round < 5; round++) {
        base.push(await timed(requests, c, viaFetch));
        kyOnly.push(await timed(requests, c, viaKy));
        ours.push(await timed(requests, c, viaConnection));
      }
      const ratio = median(ours) / median(base);
      rows.push([
        String(c),
        fmt(median(base), 3),
        fmt(median(kyOnly), 3),
        fmt(median(ours), 3),
        `${fmt(median(kyOnly) / median(base))}x`,
        `${fmt(ratio)}x`,
      ]);
      summary.push({
        figure: `per-request overhead, concurrency ${c}`,
        value: `${fmt(ratio)}x plain fetch`,
        target: "<= 1.10x",
        met: ratio <= 1.1,
      });
    }
  } finally {
    await conn.close();
    await emulator.close();
  }
  return {
    title:
      "Per-request overhead: Pipedrive GET /api/v1/users/me (ms per request, median of 5 rounds)",
    columns: [
      "concurrency",
      "plain fetch",
      "bare ky",
      "connection",
      "ky / fetch",
      "connection / fetch",
    ],
    rows,
    summary,
  };
}
