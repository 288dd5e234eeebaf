#!/usr/bin/env node
// `npm run bench`: runs every suite against the emulator on loopback, prints the tables and a
// summary (figure, target, met), and with --write records them in BENCHMARKS.md.
import { readFile, writeFile } from "node:fs/promises";
import { cpus, totalmem, type } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const suites = [
  "conn-string",
  "refresh-storm",
  "key-derivation",
  "overhead",
  "pagination",
  "cold-import",
  "footprint",
  "tables",
  "sql",
];
const args = process.argv.slice(2);
const only = args.includes("--only") ? args[args.indexOf("--only") + 1] : undefined;
const write = args.includes("--write");

function render(title, columns, rows) {
  const widths = columns.map((c, i) =>
    Math.max(c.length, ...rows.map((r) => String(r[i] ?? "").length)),
  );
  const line = (cells) =>
    `| ${cells.map((c, i) => String(c ?? "").padEnd(widths[i])).join(" | ")} |`;
  return [
    `### ${title}`,
    "",
    line(columns),
    `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`,
    ...rows.map(line),
  ].join("\n");
}

const machine = `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${type()}`;
console.log(`Machine: ${machine}\n`);
const sections = [];
const summary = [];
for (const name of suites.filter((s) => !only || s === only)) {
  const started = Date.now();
  const mod = await import(`./suites/${name}.mjs`);
  const result = await mod.run({ quick: args.includes("--quick") });
  // A suite may add tables that explain its figures (`extra`).
  const text = [result, ...(result.extra ?? [])]
    .map((t) => render(t.title, t.columns, t.rows))
    .join("\n\n");
  console.log(`${text}\n(${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  sections.push(text);
  summary.push(...result.summary);
}
const summaryText = render(
  "Summary",
  ["figure", "value", "target", "met"],
  summary.map((s) => [s.figure, s.value, s.target, s.met ? "yes" : "no"]),
);
console.log(summaryText);

if (write) {
  const root = join(dirname(fileURLToPath(import.meta.url)), "..");
  const file = join(root, "BENCHMARKS.md");
  // Sections with a "##" heading ("Before and after", figures of the fault suites) are written by
  // hand and kept as they are; generated sections use "###".
  const previous = await readFile(file, "utf8").catch(() => "");
  const kept = previous.search(/\n## /);
  const history = kept === -1 ? "" : previous.slice(kept);
  const doc = `# Benchmarks

Figures from \`npm run bench -- --write\` (benchmarks/run.mjs), all on loopback. Each figure is a
ratio to a baseline measured in the same run where one exists; none is a test. Machine: ${machine}.
Date: ${new Date().toISOString().slice(0, 10)}.

${summaryText}

Method:

- Baselines in the same run: plain \`fetch\` for the per-request overhead, a hand-written fetch loop
  for pagination, a bare \`node\` for cold imports. Rounds are repeated and interleaved (every
  client or package once per round), so load from elsewhere on the machine falls on all alike;
  tables give min / median.
- Servers run in their own processes, so their CPU is not the client's: the emulator, and a trivial
  \`node:http\` server answering one canned body (there the figure is almost only client cost).
  Keep-alive is verified at the server: it counts the TCP connections it accepts
  (\`net.server.socket\` diagnostics channel); the "new TCP connections" column should stay 0.
- Client CPU per request (\`process.cpuUsage\`) is given beside wall time: on a shared, loaded
  machine it is the steadier of the two.
- Per-request overhead, turn by turn (the headline figure): the clients take turns, each turn one
  request at concurrency 1 or a \`Promise.all\` of 32 at concurrency 32, each turn timed alone; the
  median turn is compared, so a burst of load from elsewhere, which stretches neighbouring turns of
  every client, drops out. Throughput rounds (requests kept at the concurrency, interleaved, the
  ratio taken per round) are reported beside it. "fetch + signal" is plain fetch with the kind of
  shared abort signal the connection's timeout needs: what the timeout costs fetch itself. The
  load average at the start and end of the suite is in its title.
- Pagination: rounds of one walk each by five walkers, the order turning: the hand-written loop
  (the baseline), \`paginate()\` record by record, \`paginate().pages()\` page by page, the
  hand-written loop behind the smallest async iterator of records (what \`for await\` over records
  costs whoever writes it), and the hand-written loop with a timeout through a shared abort
  signal (what the connection's bound on every request costs fetch itself). Each record is handed
  to the same code; ratios are per round.
- Cold import: a fresh process per measurement; the peers (oauth4webapi, openid-client, arctic,
  node-zendesk, the official pipedrive SDK) are dev dependencies of the benchmarks package and are
  measured in the same rounds. "(one file)" is the same provider with every @x package inlined
  into one module: the floor no packaging of this code goes below, on this machine.

Reading the figures:

- Per-request overhead: connectors send API calls through the kit's thin loop over \`fetch\`; bare
  ky is measured beside it to show what a general-purpose client costs on the same call. The
  emulator answers on loopback in well under a millisecond; against a real API, tens of
  milliseconds away, the same absolute cost (a few microseconds) is a small fraction of a percent.
- Install footprint: the breakdown under the footprint table shows where the bytes are. valibot is
  bundled into the packages that use it (the few functions each uses), so it is not installed.

${sections.join("\n\n")}
${history}`;
  await writeFile(file, doc);
  console.log("\nBENCHMARKS.md written.");
}
process.exit(0);
