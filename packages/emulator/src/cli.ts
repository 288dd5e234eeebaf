#!/usr/bin/env node
import { parseArgs } from "node:util";
import { startEmulator } from "./core/server.js";
import type { ZohoLocation } from "./providers/zoho/dc.js";

const HELP = `x-emulator: serve the emulated providers on loopback until Ctrl-C

Usage: x-emulator [options]

  --port N               port (default 4010; 0 = any free port)
  --host H               interface (default 127.0.0.1)
  --auto-approve         authorize endpoints redirect at once (no consent page)
  --seed N               data-set seed (default 1)
  --dataset P.R=N        data-set size, e.g. --dataset zoho.leads=100000 (repeatable)
  --zoho-leads N         shorthand for --dataset zoho.leads=N (also --zoho-contacts, --zoho-deals)
  --zoho-dc LOC          data centre of the Zoho user (default eu)
  --links MODE           URLs in responses: real (default: provider hosts, for clients that
                         rewrite them) or emulator (<url>/<real host>/…, for official SDKs)
  -h, --help             this text

Controls: ${"<url>"}/_emulator/info, /counts, /faults, /rate-limits, /tokens/expire, /clock, /reset
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "4010" },
      host: { type: "string", default: "127.0.0.1" },
      "auto-approve": { type: "boolean", default: false },
      seed: { type: "string", default: "1" },
      dataset: { type: "string", multiple: true, default: [] },
      "zoho-leads": { type: "string" },
      "zoho-contacts": { type: "string" },
      "zoho-deals": { type: "string" },
      "zoho-dc": { type: "string" },
      links: { type: "string", default: "real" },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const int = (name: string, v: string): number => {
    if (!/^\d+$/.test(v)) throw new Error(`--${name}: "${v}" is not a whole number`);
    return Number(v);
  };
  const datasets: Record<string, Record<string, number>> = {};
  const setSize = (provider: string, resource: string, n: number) => {
    datasets[provider] ??= {};
    datasets[provider][resource] = n;
  };
  for (const d of values.dataset) {
    const m = /^([a-z0-9-]+)\.([A-Za-z0-9_]+)=(\d+)$/.exec(d);
    if (!m) throw new Error(`--dataset: "${d}" is not PROVIDER.RESOURCE=N`);
    setSize(m[1]!, m[2]!, Number(m[3]));
  }
  for (const r of ["leads", "contacts", "deals"] as const) {
    const v = values[`zoho-${r}`];
    if (v !== undefined) setSize("zoho", r, int(`zoho-${r}`, v));
  }
  const emulator = await startEmulator({
    port: int("port", values.port),
    host: values.host,
    autoApprove: values["auto-approve"],
    seed: int("seed", values.seed),
    datasets,
    links: values.links as "real" | "emulator",
    ...(values["zoho-dc"] ? { zoho: { dc: values["zoho-dc"] as ZohoLocation } } : {}),
  });
  process.stdout.write(`x-emulator listening on ${emulator.url}\n`);
  process.stdout.write(`${JSON.stringify(emulator.info(), null, 2)}\n`);
  const stop = () => {
    emulator.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`x-emulator: ${(err as Error).message}\n`);
  process.exit(2);
});
