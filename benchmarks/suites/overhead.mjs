// Per-request overhead: GET through a connection vs plain fetch to the same endpoint, at
// concurrency 1 and 32. Bare ky (the stack's HTTP client for token requests) and fetch with a
// shared abort signal (what a timeout through a signal costs fetch itself) are measured beside
// them. The headline figure is turn by turn: the clients take turns, one request each at
// concurrency 1, a Promise.all of 32 at 32, each turn timed alone; the median drops the turns
// that load from elsewhere stretched. Throughput rounds (requests kept at the concurrency) are
// reported beside it. Two targets, each in its own process so their CPU is not the client's: a
// trivial node:http server answering one canned body (the figure is then almost only client
// cost) and the emulator. Every target counts the TCP connections it accepts: with keep-alive
// working, none are opened after the warm-up.

import { loadavg } from "node:os";
import { connect } from "@x/pipedrive";
import ky from "ky";
import { fmt, median, ms, now, slotSignals, startTarget } from "./util.mjs";

const token = "emulator-pipedrive-api-token";
const path = "emulatedcompany.pipedrive.com/api/v1/users/me";
const headers = { "x-api-token": token, "user-agent": "@x/pipedrive/0.1.0" };

/** ms per request (wall) and µs of this process's CPU per request. */
async function timed(requests, concurrency, once) {
  let next = 0;
  const start = now();
  const cpu = process.cpuUsage();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        next += 1;
        await once();
      }
    }),
  );
  const used = process.cpuUsage(cpu);
  return { ms: ms(start) / requests, cpuUs: (used.user + used.system) / requests };
}

function clients(url, conn) {
  const bareKy = ky.create({ headers, retry: 0, timeout: 30_000 });
  const signal = slotSignals();
  return {
    fetch: async () => {
      const r = await fetch(`${url}/${path}`, { headers });
      if (!r.ok) throw new Error(`fetch ${r.status}`);
      await r.arrayBuffer();
    },
    "fetch + signal": async () => {
      const r = await fetch(`${url}/${path}`, { headers, signal: signal() });
      if (!r.ok) throw new Error(`fetch ${r.status}`);
      await r.arrayBuffer();
    },
    ky: async () => {
      await (await bareKy(`${url}/${path}`)).arrayBuffer();
    },
    connection: async () => {
      await (await conn.request({ path: "api/v1/users/me" })).arrayBuffer();
    },
  };
}

/**
 * Turn by turn: the clients take turns (the order rotating), each turn `concurrency` requests
 * started at once and timed until the last one is read, wall and this process's CPU. At
 * concurrency 1 a turn is one request; at 32, a `Promise.all` of 32. A burst of load from
 * elsewhere spans neighbouring turns of every client, and the median drops the turns it
 * stretched; CPU is summed (mean per request), so the collector's work counts where it falls.
 */
async function turns(run, count, concurrency) {
  const names = Object.keys(run);
  const lat = Object.fromEntries(names.map((n) => [n, []]));
  const cpu = Object.fromEntries(names.map((n) => [n, 0]));
  const burst = (f) =>
    concurrency === 1 ? f() : Promise.all(Array.from({ length: concurrency }, f));
  for (let i = 0; i < count; i++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(i + k) % names.length];
      const used = process.cpuUsage();
      const start = now();
      await burst(run[name]);
      lat[name].push(ms(start));
      const u = process.cpuUsage(used);
      cpu[name] += u.user + u.system;
    }
  }
  return Object.fromEntries(
    names.map((n) => [n, { ms: median(lat[n]), cpuUs: cpu[n] / (count * concurrency) }]),
  );
}

/** min / median of the per-round ratios a[i] / b[i]: both measured in the same round. */
function ratios(a, b) {
  const r = a.map((x, i) => x / b[i]);
  return { min: Math.min(...r), median: median(r) };
}

async function measure(target, label, { rounds, requests, paired, bursts }) {
  const conn = await connect(
    `AuthScheme=Basic;APIToken=${token};CompanyDomain=emulatedcompany;EmulatorURL=${target.url}`,
  );
  const turnRows = [];
  const roundRows = [];
  const summary = [];
  try {
    const run = clients(target.url, conn);
    const names = Object.keys(run);
    for (const c of [1, 32]) {
      const times = Object.fromEntries(names.map((n) => [n, []]));
      const cpu = Object.fromEntries(names.map((n) => [n, []]));
      let opened = 0;
      for (const name of names) await timed(requests, c, run[name]);
      // Turn by turn (the headline figure): request by request at 1, bursts of 32 at 32.
      let before = await target.connections();
      const turnCount = c === 1 ? paired : bursts;
      const turn = await turns(run, turnCount, c);
      opened += (await target.connections()) - before;
      // Throughput: rounds of `requests` kept `c` in flight, interleaved, the order reversed
      // every other round, so load from elsewhere falls on every client alike.
      before = await target.connections();
      for (let round = 0; round < rounds; round++) {
        for (const name of round % 2 ? [...names].reverse() : names) {
          const t = await timed(requests, c, run[name]);
          times[name].push(t.ms);
          cpu[name].push(t.cpuUs);
        }
      }
      opened += (await target.connections()) - before;
      const versus = (name) => `${fmt(turn[name].ms / turn.fetch.ms)}x`;
      turnRows.push([
        label,
        c === 1 ? "1 (one request)" : `${c} (Promise.all of ${c})`,
        names.map((n) => fmt(turn[n].ms, 3)).join(" / "),
        versus("connection"),
        versus("fetch + signal"),
        versus("ky"),
        names.map((n) => fmt(turn[n].cpuUs, 0)).join(" / "),
        `${fmt(turn.connection.cpuUs / turn.fetch.cpuUs)}x`,
      ]);
      const span = (name) => `${fmt(Math.min(...times[name]), 3)} / ${fmt(median(times[name]), 3)}`;
      const wall = ratios(times.connection, times.fetch);
      roundRows.push([
        label,
        String(c),
        names.map(span).join(" · "),
        `${fmt(wall.min)}x / ${fmt(wall.median)}x`,
        `${fmt(ratios(cpu.connection, cpu.fetch).median)}x`,
      ]);
      const ratio = turn.connection.ms / turn.fetch.ms;
      summary.push(
        {
          figure: `per-request overhead, ${label}, concurrency ${c} (median ${c === 1 ? "latency" : `time of ${c} at once`})`,
          value: `${fmt(ratio)}x plain fetch`,
          target: "<= 1.10x",
          met: ratio <= 1.1,
        },
        {
          figure: `client CPU per request, ${label}, concurrency ${c}`,
          value: `${fmt(turn.connection.cpuUs / turn.fetch.cpuUs)}x plain fetch`,
          target: "(reported)",
          met: true,
        },
        {
          figure: `throughput rounds, ${label}, concurrency ${c} (median of per-round ratios)`,
          value: `${fmt(wall.median)}x plain fetch (min ${fmt(wall.min)}x)`,
          target: "(reported)",
          met: true,
        },
      );
      const sent = names.length * (turnCount * c + rounds * requests);
      summary.push({
        figure: `keep-alive, ${label}, concurrency ${c}`,
        value: `${opened} new TCP connection(s) for ${sent} requests`,
        target: "0",
        met: opened === 0,
      });
    }
  } finally {
    await conn.close();
  }
  return { turnRows, roundRows, summary };
}

/**
 * The client alone: µs of CPU per call when fetch is a stub answering at once with the same
 * canned body (no network, no server), median of rounds.
 */
async function stubbed(sample, { rounds, quick }) {
  const stub = async () =>
    new Response(sample.body, { status: 200, headers: { "content-type": sample.contentType } });
  const conn = await connect(
    `AuthScheme=Basic;APIToken=${token};CompanyDomain=emulatedcompany;EmulatorURL=http://127.0.0.1:9`,
    { fetch: stub },
  );
  const url = `http://127.0.0.1:9/${path}`;
  const bareKy = ky.create({ headers, retry: 0, timeout: 30_000, fetch: stub });
  const calls = {
    "stub fetch": async () => {
      await (await stub(url, { headers })).arrayBuffer();
    },
    "bare ky": async () => {
      await (await bareKy(url)).arrayBuffer();
    },
    connection: async () => {
      await (await conn.request({ path: "api/v1/users/me" })).arrayBuffer();
    },
  };
  const n = quick ? 2_000 : 10_000;
  const cpu = Object.fromEntries(Object.keys(calls).map((k) => [k, []]));
  try {
    for (const f of Object.values(calls)) for (let i = 0; i < 1_000; i++) await f();
    for (let round = 0; round < rounds; round++) {
      for (const [name, f] of Object.entries(calls)) {
        const start = process.cpuUsage();
        for (let i = 0; i < n; i++) await f();
        const used = process.cpuUsage(start);
        cpu[name].push((used.user + used.system) / n);
      }
    }
  } finally {
    await conn.close();
  }
  const base = median(cpu["stub fetch"]);
  return {
    title: `The client alone, fetch stubbed (µs of CPU per call, min / median of ${rounds} rounds of ${n})`,
    columns: ["client", "CPU per call", "added to the stub"],
    rows: Object.keys(calls).map((name) => [
      name,
      `${fmt(Math.min(...cpu[name]), 1)} / ${fmt(median(cpu[name]), 1)}`,
      name === "stub fetch" ? "" : `+${fmt(median(cpu[name]) - base, 1)}`,
    ]),
  };
}

export async function run({ quick } = {}) {
  const settings = {
    rounds: quick ? 5 : 15,
    requests: quick ? 300 : 1_000,
    paired: quick ? 1_000 : 4_000,
    bursts: quick ? 200 : 1_000,
  };
  const load = loadavg()[0];
  const emulator = await startTarget("emulator");
  // The trivial server answers what the emulator answers, so both clients parse the same bytes.
  const sample = await fetch(`${emulator.url}/${path}`, { headers });
  const canned = { body: await sample.text(), contentType: sample.headers.get("content-type") };
  const plain = await startTarget("plain", canned);
  const turnRows = [];
  const roundRows = [];
  const summary = [];
  try {
    for (const [target, label] of [
      [plain, "node:http"],
      [emulator, "emulator"],
    ]) {
      const result = await measure(target, label, settings);
      turnRows.push(...result.turnRows);
      roundRows.push(...result.roundRows);
      summary.push(...result.summary);
    }
  } finally {
    await Promise.all([plain.close(), emulator.close()]);
  }
  const alone = await stubbed(canned, { rounds: 9, quick });
  const names = "fetch / fetch + signal / ky / connection";
  return {
    title: `Per-request overhead: Pipedrive GET /api/v1/users/me, turn by turn (clients take turns, ${settings.paired} turns of one request, ${settings.bursts} turns of 32 at once; median ms per turn, mean client CPU µs per request; load average ${fmt(load, 1)} at the start, ${fmt(loadavg()[0], 1)} at the end)`,
    columns: [
      "target",
      "concurrency",
      `median ms per turn (${names})`,
      "connection / fetch",
      "fetch + signal / fetch",
      "ky / fetch",
      `client CPU µs per request (${names})`,
      "CPU connection / fetch",
    ],
    rows: turnRows,
    summary,
    extra: [
      {
        title: `Per-request overhead, throughput: ${settings.rounds} interleaved rounds of ${settings.requests} requests kept at the concurrency (ms per request, min / median; ratios per round)`,
        columns: [
          "target",
          "concurrency",
          `min / median ms (${names.replaceAll(" / ", " · ")})`,
          "connection / fetch (min / median)",
          "CPU connection / fetch",
        ],
        rows: roundRows,
      },
      alone,
    ],
  };
}
