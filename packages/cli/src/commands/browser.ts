import { existsSync } from "node:fs";

/** A headless Chromium that clicks "Allow" on consent pages, when one is installed. */
export interface ConsentBrowser {
  /** Opens the authorization URL, clicks `#approve`, waits for the loopback page. */
  approve(url: string): Promise<boolean>;
  close(): Promise<void>;
}

/** Debian's Chromium (or `CHROMIUM_PATH`), if present. */
export function chromiumPath(env: Record<string, string | undefined>): string | undefined {
  const path = env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  return existsSync(path) ? path : undefined;
}

/** Launches headless Chromium through playwright-core, or resolves undefined when it cannot. */
export async function launchConsentBrowser(
  env: Record<string, string | undefined>,
  // playwright-core is an optional peer dependency: installed only by those who want the click.
  load: () => Promise<typeof import("playwright-core")> = () => import("playwright-core"),
): Promise<ConsentBrowser | undefined> {
  const executablePath = chromiumPath(env);
  if (!executablePath) return undefined;
  let playwright: typeof import("playwright-core");
  try {
    playwright = await load();
  } catch {
    return undefined;
  }
  const browser = await playwright.chromium.launch({
    executablePath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  return {
    async approve(url) {
      const page = await browser.newPage();
      // Only loopback: nothing of the demo may reach the internet.
      await page.route(/^(?!https?:\/\/(127\.0\.0\.1|localhost)[:/])/, (route) => route.abort());
      try {
        await page.goto(url);
        await Promise.all([
          page.waitForURL((u) => u.pathname === "/callback"),
          page.click("#approve"),
        ]);
        return true;
      } finally {
        await page.close();
      }
    },
    close: () => browser.close(),
  };
}
