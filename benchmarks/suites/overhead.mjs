// Per-request overhead: GET through a connection vs plain fetch to the same endpoint, at
// concurrency 1 and 32. Bare ky (the stack's HTTP client for token requests) and fetch with a
// shared abort signal (what a timeout through a signal costs fetch itself) are measured too; the
// ratios are per round (every client runs once per round), min and median over rounds. Two targets,
// each in its own process so their CPU is not the client's: a trivial node:http server answering
// one canned body (the figure is then almost only client cost) and the emulator. Every target
// counts the TCP connections it accepts: with keep-alive working, a batch opens none or a few.

import { loadavg } from "node:os";
import { connect } from "@x/pipedrive";
import ky from "ky";
import { fmt, median, ms, now, startTarget } from "./util.mjs";

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
  // What a timeout through an AbortSignal costs fetch on its own: one signal shared by the
  // requests of a 10 ms slot, as the connection's first attempts share one.
  let slot;
  let slotEnd = 0;
  return {
    fetch: async () => {
      const r = await fetch(`${url}/${path}`, { headers });
      if (!r.ok) throw new Error(`fetch ${r.status}`);
      await r.arrayBuffer();
    },
    "fetch + signal": async () => {
      const t = Date.now();
      if (t >= slotEnd) {
        slotEnd = t + 10;
        const controller = new AbortController();
        setTimeout(() => controller.abort(), 30_010).unref();
        slot = controller.signal;
      }
      const r = await fetch(`${url}/${path}`, { headers, signal: slot });
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
 * Concurrency 1, request by request: the clients take turns (the order rotating), each request
 * timed on its own, wall and this process's CPU. A burst of load from elsewhere spans neighbouring
 * requests of every client, and the median drops the requests it stretched; CPU is summed (mean),
 * so the collector's work counts where it falls.
 */
async function turns(run, requests) {
  const names = Object.keys(run);
  const lat = Object.fromEntries(names.map((n) => [n, []]));
  const cpu = Object.fromEntries(names.map((n) => [n, 0]));
  for (let i = 0; i < requests; i++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(i + k) % names.length];
      const used = process.cpuUsage();
      const start = now();
      await run[name]();
      lat[name].push(ms(start));
      const u = process.cpuUsage(used);
      cpu[name] += u.user + u.system;
    }
  }
  return Object.fromEntries(
    names.map((n) => [n, { ms: median(lat[n]), cpuUs: cpu[n] / requests }]),
  );
}

/** min / median of the per-round ratios a[i] / b[i]: both measured in the same round. */
function ratios(a, b) {
  const r = a.map((x, i) => x / b[i]);
  return { min: Math.min(...r), median: median(r) };
}

async function measure(target, label, { rounds, requests, paired }) {
  const conn = await connect(
    `AuthScheme=Basic;APIToken=${token};CompanyDomain=emulatedcompany;EmulatorURL=${target.url}`,
  );
  const rows = [];
  const summary = [];
  try {
    const run = clients(target.url, conn);
    const names = Object.keys(run);
    for (const c of [1, 32]) {
      const times = Object.fromEntries(names.map((n) => [n, []]));
      const cpu = Object.fromEntries(names.map((n) => [n, []]));
      const opened = Object.fromEntries(names.map((n) => [n, 0]));
      for (const name of names) await timed(300, c, run[name]);
      for (let round = 0; round < rounds; round++) {
        // Interleaved, the order reversed every other round: load from elsewhere on the machine
        // falls on every client alike, and no client always runs after the same one.
        for (const name of round % 2 ? [...names].reverse() : names) {
          const before = await target.connections();
          const t = await timed(requests, c, run[name]);
          times[name].push(t.ms);
          cpu[name].push(t.cpuUs);
          opened[name] += (await target.connections()) - before;
        }
      }
      // Request by request (concurrency 1 only): a second estimate, steadier on a busy machine.
      const before = await target.connections();
      const one = c === 1 ? await turns(run, paired) : undefined;
      const pairedOpened = (await target.connections()) - before;
      const span = (name) => `${fmt(Math.min(...times[name]), 3)} / ${fmt(median(times[name]), 3)}`;
      const wall = ratios(times.connection, times.fetch);
      const cpuRatio = ratios(cpu.connection, cpu.fetch);
      rows.push([
        label,
        String(c),
        span("fetch"),
        span("fetch + signal"),
        span("ky"),
        span("connection"),
        `${fmt(wall.min)}x / ${fmt(wall.median)}x`,
        `${fmt(ratios(times["fetch + signal"], times.fetch).median)}x`,
        `${fmt(ratios(times.ky, times.fetch).median)}x`,
        names.map((n) => fmt(median(cpu[n]), 0)).join(" / "),
        `${fmt(cpuRatio.median)}x`,
        `${fmt(ratios(cpu["fetch + signal"], cpu.fetch).median)}x`,
        names.map((n) => opened[n]).join(" / "),
        one
          ? `${names.map((n) => fmt(one[n].ms, 3)).join(" / ")} (${fmt(one.connection.ms / one.fetch.ms)}x)`
          : "",
        one
          ? `${names.map((n) => fmt(one[n].cpuUs, 0)).join(" / ")} (${fmt(one.connection.cpuUs / one.fetch.cpuUs)}x)`
          : "",
      ]);
      summary.push({
        figure: `per-request overhead, ${label}, concurrency ${c}`,
        value: `${fmt(wall.median)}x plain fetch (min ${fmt(wall.min)}x)`,
        target: "<= 1.10x",
        met: wall.median <= 1.1,
      });
      if (one)
        summary.push({
          figure: `per-request overhead, ${label}, concurrency 1, request by request`,
          value: `${fmt(one.connection.ms / one.fetch.ms)}x plain fetch (median latency)`,
          target: "<= 1.10x",
          met: one.connection.ms / one.fetch.ms <= 1.1,
        });
      if (one)
        summary.push({
          figure: `client CPU per request, ${label}, concurrency 1, request by request`,
          value: `${fmt(one.connection.cpuUs / one.fetch.cpuUs)}x plain fetch`,
          target: "(reported)",
          met: true,
        });
      summary.push({
        figure: `client CPU per request, ${label}, concurrency ${c}`,
        value: `${fmt(cpuRatio.median)}x plain fetch`,
        target: "(reported)",
        met: true,
      });
      const total = names.reduce((sum, n) => sum + opened[n], 0) + pairedOpened;
      const sent = names.length * (rounds * requests + (one ? paired : 0));
      summary.push({
        figure: `keep-alive, ${label}, concurrency ${c}`,
        value: `${total} TCP connection(s) for ${sent} requests`,
        target: `<= ${names.length * c}`,
        met: total <= names.length * c,
      });
    }
  } finally {
    await conn.close();
  }
  return { rows, summary };
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
    rounds: quick ? 11 : 41,
    requests: quick ? 200 : 300,
    paired: quick ? 1_000 : 4_000,
  };
  const load = loadavg()[0];
  const emulator = await startTarget("emulator");
  // The trivial server answers what the emulator answers, so both clients parse the same bytes.
  const sample = await fetch(`${emulator.url}/${path}`, { headers });
  const canned = { body: await sample.text(), contentType: sample.headers.get("content-type") };
  const plain = await startTarget("plain", canned);
  const rows = [];
  const summary = [];
  try {
    for (const [target, label] of [
      [plain, "node:http"],
      [emulator, "emulator"],
    ]) {
      const result = await measure(target, label, settings);
      rows.push(...result.rows);
      summary.push(...result.summary);
    }
  } finally {
    await Promise.all([plain.close(), emulator.close()]);
  }
  const alone = await stubbed(canned, { rounds: Math.min(settings.rounds, 9), quick });
  return {
    title: `Per-request overhead: Pipedrive GET /api/v1/users/me (ms per request, min / median of ${settings.rounds} interleaved rounds of ${settings.requests}; then ${settings.paired} turns of one request each at concurrency 1; ratios: min / median of the per-round ratios; client CPU: median; load average ${fmt(load, 1)} at the start, ${fmt(loadavg()[0], 1)} at the end)`,
    columns: [
      "target",
      "concurrency",
      "plain fetch",
      "fetch + signal",
      "bare ky",
      "connection",
      "connection / fetch",
      "fetch + signal / fetch",
      "ky / fetch",
      "client CPU µs/request (fetch / fetch + signal / ky / connection)",
      "CPU connection / fetch",
      "CPU fetch + signal / fetch",
      "new TCP connections (fetch / fetch + signal / ky / connection)",
      "concurrency 1 request by request: median ms (same order; connection / fetch)",
      "concurrency 1 request by request: mean CPU µs (same order; connection / fetch)",
    ],
    rows,
    summary,
    extra: [alone],
  };
}
