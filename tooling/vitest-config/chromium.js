// Headless Chromium for browser tests: Debian's package (or CHROMIUM_PATH), never a download.
import { existsSync } from "node:fs";

/**
 * Flags of every headless Chromium the tests launch: no sandbox (CI containers run as root), no
 * GPU, and no background traffic (updates, sync, first-run pages), so nothing leaves loopback.
 */
export const CHROMIUM_ARGS = Object.freeze([
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
]);

/** The Chromium to launch; throws how to install it when it is missing (tests fail, never skip). */
export function chromiumExecutable(env = process.env) {
  const path = env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(path)) {
    throw new Error(
      `Chromium is missing at ${path}. Install Debian's package: apt-get install -y chromium (or set CHROMIUM_PATH).`,
    );
  }
  return path;
}

/** Options for playwright-core's `chromium.launch()`. */
export function chromiumLaunchOptions(env = process.env) {
  return { executablePath: chromiumExecutable(env), args: [...CHROMIUM_ARGS] };
}
