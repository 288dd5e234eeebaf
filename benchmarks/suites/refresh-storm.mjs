// Refresh storm: 1,000 concurrent requests across a token expiry; token requests counted at the
// emulator (target: exactly 1), in one process and in 4 processes sharing a file, Redis or
// PostgreSQL settings store. Zendesk rotates refresh tokens, so a second refresh would also lose one.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { followConsent, startEmulator } from "@x/emulator";
import { connect, connector } from "@x/zendesk";
import { runChild } from "./util.mjs";

const child = fileURLToPath(new URL("./storm-child.mjs", import.meta.url));

async function storm(emulator, base, location, processes) {
  // Start from an empty record: one left by an earlier run holds tokens this emulator never issued.
  const previous = await connector.openSettings(`${base};OAuthSettingsLocation=${location}`);
  await previous.delete();
  await previous.close?.();
  const desktop = await connect(
    `${base};InitiateOAuth=GETANDREFRESH;OAuthSettingsLocation=${location}`,
    {
      openBrowser: followConsent,
      onAuthorizationUrl: () => {},
    },
  );
  await desktop.test();
  await desktop.close();
  emulator.expireTokens({ provider: "zendesk" });
  const before = emulator.count("zendesk", "token.refresh");
  const cs = `${base};InitiateOAuth=REFRESH;OAuthSettingsLocation=${location}`;
  let failed = 0;
  if (processes === 1) {
    const conn = await connect(cs);
    const results = await Promise.allSettled(
      Array.from({ length: 1_000 }, () => conn.getJson("api/v2/tickets.json", { "page[size]": 1 })),
    );
    failed = results.filter((r) => r.status === "rejected").length;
    await conn.close();
  } else {
    const outs = await Promise.all(
      Array.from({ length: processes }, () => runChild(child, [cs, String(1_000 / processes)])),
    );
    failed = outs.reduce((a, o) => a + o.failed, 0);
  }
  const refreshes = emulator.count("zendesk", "token.refresh") - before;
  // The refresh token stored last must still work: expire again and refresh once more.
  emulator.expireTokens({ provider: "zendesk" });
  const after = await connect(cs);
  const kept = await after.test().then(
    () => true,
    () => false,
  );
  await after.close();
  return { refreshes, failed, kept };
}

export async function run() {
  const emulator = await startEmulator({
    autoApprove: true,
    zendesk: { requestsPerMinute: false },
  });
  const { clientId, clientSecret } = emulator.defaultClient("zendesk");
  const base = `URL=https://emulated.zendesk.com;EmulatorURL=${emulator.url};OAuthClientId=${clientId};OAuthClientSecret=${clientSecret};CallbackURL=http://127.0.0.1:0/callback`;
  const dir = await mkdtemp(join(tmpdir(), "x-bench-storm-"));
  const pg = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
  const cases = [
    ["1 process, memory store", `memory://storm-${process.pid}`, 1],
    ["4 processes, file store", join(dir, "OAuthSettings.txt"), 4],
    ["4 processes, Redis store", "redis://127.0.0.1:6379/15", 4],
    ["4 processes, PostgreSQL store", pg, 4],
  ];
  const rows = [];
  const summary = [];
  try {
    for (const [name, location, processes] of cases) {
      try {
        const r = await storm(emulator, base, location, processes);
        rows.push([name, String(r.refreshes), String(r.failed), r.kept ? "yes" : "NO"]);
        summary.push({
          figure: `refresh storm: ${name}`,
          value: `${r.refreshes} token request(s)`,
          target: "exactly 1",
          met: r.refreshes === 1 && r.failed === 0 && r.kept,
        });
      } catch (error) {
        rows.push([name, "not measured", "", String(error?.message ?? error).split("\n")[0]]);
        summary.push({
          figure: `refresh storm: ${name}`,
          value: "not measured",
          target: "exactly 1",
          met: false,
        });
      }
    }
  } finally {
    await emulator.close();
  }
  return {
    title:
      "Refresh storm: 1,000 concurrent requests across a token expiry (Zendesk, rotating refresh tokens)",
    columns: ["case", "token requests", "failed requests", "refresh token kept"],
    rows,
    summary,
  };
}
