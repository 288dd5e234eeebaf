import { mkdtemp, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Emulator, startEmulator } from "@x/emulator";
import { chromiumLaunchOptions } from "@x/vitest-config/chromium";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { run } from "./support.js";

let browser: Browser;
let emulator: Emulator;
let shots: string;

beforeAll(async () => {
  browser = await chromium.launch(chromiumLaunchOptions());
  emulator = await startEmulator({ autoApprove: false });
  shots = await mkdtemp(join(tmpdir(), "xconn-shots-"));
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await emulator?.close();
});

async function page(): Promise<Page> {
  const p = await browser.newPage();
  // Nothing reaches the internet: only loopback requests go through.
  await p.route(/^(?!https?:\/\/(127\.0\.0\.1|localhost)[:/])/, (route) => route.abort());
  return p;
}

/** Runs `xconn connect` whose browser is this Chromium clicking `button`; returns the CLI result and the pages' text. */
async function connectClicking(
  provider: string,
  props: string,
  button: "#approve" | "#deny",
  name: string,
) {
  let consentText = "";
  let finalText = "";
  const clickThrough = async (url: string) => {
    const p = await page();
    await p.goto(url);
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText (the rendered text), not the DOM property.
    consentText = await p.innerText("body");
    await p.screenshot({ path: join(shots, `${name}-consent.png`) });
    await Promise.all([p.waitForURL((u) => u.pathname === "/callback"), p.click(button)]);
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText (the rendered text), not the DOM property.
    finalText = await p.innerText("body");
    await p.screenshot({ path: join(shots, `${name}-result.png`) });
    await p.close();
    return true;
  };
  // The CLI finishes when the callback arrives; the page is read after, so wait for it too.
  let browsing: Promise<boolean> = Promise.resolve(false);
  const cs = `${props};InitiateOAuth=GETANDREFRESH;OAuthSettingsLocation=memory://browser-${name};CallbackURL=http://127.0.0.1:0/callback`;
  const result = await run(["connect", provider, cs], {
    openBrowser: (url) => {
      browsing = clickThrough(url);
      return browsing;
    },
  });
  await browsing;
  return { result, consentText, finalText };
}

describe("in a real headless Chromium", () => {
  test("Zoho: the consent page shows the app and scopes; Allow completes the flow with a success page", async () => {
    const { clientId, clientSecret } = emulator.defaultClient("zoho");
    const r = await connectClicking(
      "zoho-crm",
      `EmulatorURL=${emulator.url};OAuthClientId=${clientId};OAuthClientSecret=${clientSecret}`,
      "#approve",
      "zoho",
    );
    expect(r.consentText).toContain("Zoho");
    expect(r.consentText).toContain(clientId);
    expect(r.consentText).toContain("ZohoCRM.modules.ALL");
    expect(r.finalText.toLowerCase()).toContain("succeeded");
    expect(r.result.code).toBe(0);
    expect((await stat(join(shots, "zoho-consent.png"))).size).toBeGreaterThan(1_000);
  });

  test("Zendesk: Deny ends on the failure page and exit code 3", async () => {
    const { clientId, clientSecret } = emulator.defaultClient("zendesk");
    const r = await connectClicking(
      "zendesk",
      `URL=https://emulated.zendesk.com;EmulatorURL=${emulator.url};OAuthClientId=${clientId};OAuthClientSecret=${clientSecret}`,
      "#deny",
      "zendesk",
    );
    expect(r.consentText).toContain("Zendesk");
    expect(r.consentText).toContain("read");
    expect(r.finalText.toLowerCase()).toMatch(/denied|failed/);
    expect(r.result.code).toBe(3);
    expect((await stat(join(shots, "zendesk-result.png"))).size).toBeGreaterThan(1_000);
  });
});
