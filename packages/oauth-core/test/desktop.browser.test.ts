// The desktop flow end to end in a real headless Chromium: oidc-provider's own login and consent
// pages, the loopback callback, tokens persisted, and the success page the browser shows.

import { chromiumLaunchOptions } from "@x/vitest-config/chromium";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createOAuthClient } from "../src/client.js";
import { authorizeDesktop } from "../src/flows/desktop.js";
import { memoryStore } from "./support/fake-client.js";
import { testProvider } from "./support/helpers.js";
import {
  CALLBACK_PATH,
  CLIENTS,
  startAuthServer,
  type TestAuthServer,
} from "./support/oidc-server.js";

let server: TestAuthServer;
let browser: Browser;

beforeAll(async () => {
  const launchOptions = chromiumLaunchOptions();
  server = await startAuthServer();
  server.interaction = "browser";
  browser = await chromium.launch(launchOptions);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

it("consent in Chromium, loopback callback, tokens persisted, success page shown", async () => {
  const context = await browser.newContext();
  const page: Page = await context.newPage();
  // No test reaches the internet: only loopback requests may leave the browser.
  const blocked: string[] = [];
  await page.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === "127.0.0.1") return route.continue();
    blocked.push(url.host);
    return route.abort();
  });
  const store = memoryStore();
  const client = createOAuthClient(testProvider(server), {
    ...CLIENTS.basic,
    redirectUri: `http://127.0.0.1:0${CALLBACK_PATH}`,
  });
  let opened: Promise<unknown> | undefined;
  const flow = authorizeDesktop({
    client,
    store,
    onAuthorizationUrl: () => {},
    openBrowser: (url) => {
      opened = page.goto(url);
      return true;
    },
    timeoutMs: 30_000,
  });

  await page.waitForSelector('input[name="login"]', { timeout: 15_000 });
  await page.fill('input[name="login"]', "alice");
  await page.fill('input[name="password"]', "any-password");
  await page.click('button[type="submit"]');
  await page.waitForSelector('input[name="prompt"][value="consent"]', {
    state: "attached",
    timeout: 15_000,
  });
  expect(await page.textContent("body")).toMatch(/Authorize/i);
  await page.click('button[type="submit"]');

  const tokens = await flow;
  await opened;
  await page.waitForSelector("h1", { timeout: 15_000 });
  expect(new URL(page.url()).pathname).toBe(CALLBACK_PATH);
  expect(await page.textContent("h1")).toBe("Authorization succeeded");
  expect(await page.textContent("body")).toContain("You can close this window");
  const png = await page.screenshot();
  expect(png.subarray(1, 4).toString("ascii")).toBe("PNG");
  expect(png.length).toBeGreaterThan(1000);

  const stored = await store.get();
  expect(stored?.accessToken).toBe(tokens.accessToken);
  expect(stored?.refreshToken).toBe(tokens.refreshToken);
  expect(tokens.refreshToken).toBeTruthy();
  // The issued tokens work at the server.
  const refreshed = await client.refresh(tokens.refreshToken as string);
  expect(refreshed.accessToken).not.toBe(tokens.accessToken);
  await context.close();
}, 180_000);
