import { copyFile, mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { followConsent, startEmulator } from "@x/emulator";
import { table } from "../output.js";
import { installedProviders, loadProvider } from "../providers.js";
import { type ConsentBrowser, launchConsentBrowser } from "./browser.js";
import type { CommandContext } from "./context.js";

interface Stop {
  id: string;
  /** Emulator module serving it (Zoho CRM and Inventory share Zoho Accounts). */
  emulatorId: string;
  props: string;
  resource: string;
  params: Record<string, unknown>;
  columns: string[];
}

const tour: Stop[] = [
  {
    id: "zoho-crm",
    emulatorId: "zoho",
    props: "Region=US",
    resource: "Leads",
    params: { fields: ["First_Name", "Last_Name", "Email", "Company"] },
    columns: ["First_Name", "Last_Name", "Email", "Company"],
  },
  {
    id: "zoho-inventory",
    emulatorId: "zoho",
    props: "Region=US",
    resource: "items",
    params: {},
    columns: ["item_id", "name", "sku", "rate"],
  },
  {
    id: "pipedrive",
    emulatorId: "pipedrive",
    props: "",
    resource: "deals",
    params: {},
    columns: ["id", "title", "value", "status"],
  },
  {
    id: "highrise",
    emulatorId: "highrise",
    props: "",
    resource: "people",
    params: {},
    columns: ["id", "first-name", "last-name", "title"],
  },
  {
    id: "zendesk",
    emulatorId: "zendesk",
    props: "URL=https://emulated.zendesk.com",
    resource: "tickets",
    params: { pageSize: 5 },
    columns: ["id", "subject", "status", "priority"],
  },
];

/**
 * `xconn demo`: the main job for every installed provider, against a local emulator: desktop
 * flow, encrypted settings, records, automatic refresh, headless transfer. No account, no internet.
 */
export async function demoCommand(ctx: CommandContext, opts: { browser?: boolean }): Promise<void> {
  const say = (text = "") => ctx.io.stdout.write(`${text}\n`);
  const started = Date.now();
  const installed = await installedProviders();
  const emulator = await startEmulator({ autoApprove: true });
  const dir = await mkdtemp(join(tmpdir(), "xconn-demo-"));
  let browser: ConsentBrowser | undefined;
  if (opts.browser !== false && ctx.global.browser !== false)
    browser = await launchConsentBrowser(ctx.io.env);
  emulator.setAutoApprove(!browser);
  say(
    `The emulator of ${installed.length} providers is running at ${emulator.url} (loopback only).`,
  );
  say(
    browser
      ? "Consent pages will be clicked in a real headless Chromium."
      : "No Chromium with playwright-core found: the emulator approves consent by itself (install Debian's chromium and the optional playwright-core package to see the real page clicked).",
  );
  try {
    for (const stop of tour.filter((s) => installed.includes(s.id))) {
      const connector = await loadProvider(stop.id);
      const { clientId, clientSecret } = emulator.defaultClient(stop.emulatorId);
      const settings = join(dir, "desktop", stop.id, "OAuthSettings.txt");
      const base = [
        stop.props,
        `EmulatorURL=${emulator.url}`,
        `OAuthClientId=${clientId}`,
        `OAuthClientSecret=${clientSecret}`,
        "CallbackURL=http://127.0.0.1:0/callback",
      ]
        .filter(Boolean)
        .join(";");
      say();
      say(`== ${connector.name} ==`);
      say(
        `1. Desktop flow: connect("InitiateOAuth=GETANDREFRESH;…") opens the consent page, catches the redirect on 127.0.0.1, exchanges the code.`,
      );
      const conn = await connector.connect(
        `${base};InitiateOAuth=GETANDREFRESH;OAuthSettingsLocation=${settings}`,
        {
          onWarning: (w) => say(`   warning: ${w}`),
          onAuthorizationUrl: () => {},
          openBrowser: browser ? (url) => browser!.approve(url) : followConsent,
        },
      );
      const me = await conn.test();
      say(`   Connected as ${me.name ?? me.id}${me.email ? ` <${me.email}>` : ""}.`);

      const file = await readFile(settings, "utf8");
      const store = await connector.openSettings(`${base};OAuthSettingsLocation=${settings}`);
      const token = (await store.get())?.accessToken ?? "";
      await store.close();
      say(`2. Settings persisted, encrypted (AES-256-GCM), in ${settings}:`);
      say(`   ${file.replace(/\s+/g, " ").slice(0, 96)}…`);
      say(
        `   The access token appears in the file: ${token !== "" && file.includes(token) ? "yes (!)" : "no"}.`,
      );

      say(`3. Records of ${stop.resource} (first page, first 3):`);
      const rows: Record<string, unknown>[] = [];
      for await (const r of conn.paginate<Record<string, unknown>>(stop.resource, {
        ...stop.params,
        maxPages: 1,
      })) {
        rows.push(r);
        if (rows.length === 3) break;
      }
      say(table(rows, stop.columns).replace(/^/gm, "   "));

      emulator.expireTokens({ provider: stop.emulatorId });
      const before = emulator.count(stop.emulatorId, "token.refresh");
      await conn.test();
      say(
        `4. The provider expired the token; the next call refreshed it by itself (token refreshes: ${emulator.count(stop.emulatorId, "token.refresh") - before}).`,
      );
      await conn.close();

      const copy = join(dir, "headless", stop.id, "OAuthSettings.txt");
      await mkdir(join(dir, "headless", stop.id), { recursive: true });
      await copyFile(settings, copy);
      const headless = await connector.connect(
        `${base};InitiateOAuth=REFRESH;OAuthSettingsLocation=${copy}`,
        { onWarning: () => {} },
      );
      const again = await headless.test();
      await headless.close();
      say(
        `5. Headless transfer: the settings file, copied to another "machine", connects with InitiateOAuth=REFRESH and no browser (as ${again.name ?? again.id}).`,
      );
    }
  } finally {
    await browser?.close();
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  }
  say();
  say(
    `Done in ${((Date.now() - started) / 1000).toFixed(1)} s. Next: xconn --help, or connect to a real account with your own OAuth app.`,
  );
}
