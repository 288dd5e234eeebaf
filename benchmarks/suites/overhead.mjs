// Per-request overhead: GET through a connection vs plain fetch to the same endpoint, at
// concurrency 1 and 32. Bare ky (the HTTP layer every connector uses) is measured too. Two targets,
// each in its own process so their CPU is not the client's: a trivial node:http server answering
// one canned body (the figure is then almost only client cost) and the emulator. Every target
// counts the TCP connections it accepts: with keep-alive working, a batch opens none or a few.
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
  return {
    fetch: async () => {
      const r = await fetch(`${url}/${path}`, { headers });
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

async function measure(target, label, { rounds, requests }) {
  const conn = await connect(
    `AuthScheme=Basic;APIToken=${token};CompanyDomain=emulatedcompany;EmulatorURL=${target.url}`,
  );
  const rows = [];
  const summary = [];
  try {
    const run = clients(target.url, conn);
    for (const c of [1, 32]) {
      const times = { fetch: [], ky: [], connection: [] };
      const cpu = { fetch: [], ky: [], connection: [] };
      const opened = { fetch: 0, ky: 0, connection: 0 };
      for (const name of Object.keys(times)) await timed(200, c, run[name]);
      for (let round = 0; round < rounds; round++) {
        // Alternating, so a burst of load from elsewhere on the machine hits every client alike.
        for (const name of Object.keys(times)) {
          const before = await target.connections();
          const t = await timed(requests, c, run[name]);
          times[name].push(t.ms);
          cpu[name].push(t.cpuUs);
          opened[name] += (await target.connections()) - before;
        }
      }
      const med = (name) => median(times[name]);
      const min = (name) => Math.min(...times[name]);
      const ratio = med("connection") / med("fetch");
      const cpuMed = (name) => median(cpu[name]);
      rows.push([
        label,
        String(c),
        `${fmt(min("fetch"), 3)} / ${fmt(med("fetch"), 3)}`,
        `${fmt(min("ky"), 3)} / ${fmt(med("ky"), 3)}`,
        `${fmt(min("connection"), 3)} / ${fmt(med("connection"), 3)}`,
        `${fmt(med("ky") / med("fetch"))}x`,
        `${fmt(min("connection") / min("fetch"))}x / ${fmt(ratio)}x`,
        `${fmt(cpuMed("fetch"), 0)} / ${fmt(cpuMed("ky"), 0)} / ${fmt(cpuMed("connection"), 0)}`,
        `${fmt(cpuMed("connection") / cpuMed("fetch"))}x`,
        `${opened.fetch} / ${opened.ky} / ${opened.connection}`,
      ]);
      summary.push({
        figure: `per-request overhead, ${label}, concurrency ${c}`,
        value: `${fmt(ratio)}x plain fetch`,
        target: "<= 1.10x",
        met: ratio <= 1.1,
      });
      summary.push({
        figure: `client CPU per request, ${label}, concurrency ${c}`,
        value: `${fmt(cpuMed("connection") / cpuMed("fetch"))}x plain fetch`,
        target: "(reported)",
        met: true,
      });
      const total = opened.fetch + opened.ky + opened.connection;
      summary.push({
        figure: `keep-alive, ${label}, concurrency ${c}`,
        value: `${total} TCP connection(s) for ${3 * rounds * requests} requests`,
        target: `<= ${3 * c}`,
        met: total <= 3 * c,
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
  const settings = { rounds: quick ? 3 : 7, requests: quick ? 300 : 1_500 };
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
  const alone = await stubbed(canned, { rounds: settings.rounds, quick });
  return {
    title: `Per-request overhead: Pipedrive GET /api/v1/users/me (ms per request, min / median of ${settings.rounds} rounds of ${settings.requests}; client CPU: median)`,
    columns: [
      "target",
      "concurrency",
      "plain fetch",
      "bare ky",
      "connection",
      "ky / fetch",
      "connection / fetch",
      "client CPU µs/request (fetch / ky / connection)",
      "CPU connection / fetch",
      "new TCP connections (fetch / ky / connection)",
    ],
    rows,
    summary,
    extra: [alone],
  };
}
