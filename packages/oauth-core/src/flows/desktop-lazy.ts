// The desktop flow needs node:http and node:child_process (about 10 ms to load): it is loaded on
// first use, not when the package is imported.
import type { TokenSet } from "../tokens.js";
import type { DesktopFlowOptions } from "./desktop.js";

/**
 * Opens `url` with the platform's opener, detached. Resolves `false` when none can run (no
 * opener, or no display on Linux), so the caller can fall back to a pasted redirect.
 */
export async function openSystemBrowser(url: string): Promise<boolean> {
  return (await import("./desktop.js")).openSystemBrowser(url);
}

/**
 * Runs the desktop authorization flow: listen on 127.0.0.1 (the callback's port, or an ephemeral
 * one), open the browser (and print the URL), accept exactly one valid callback on the exact
 * path (other requests get 404 or 400), exchange the code, persist the tokens, answer the
 * browser with a success or failure page, and close the listener in every case.
 *
 * @throws CallbackPortError, AuthorizationResponseError, AuthorizationTimeoutError, AbortedError,
 *   and the client's exchange errors.
 */
export async function authorizeDesktop(options: DesktopFlowOptions): Promise<TokenSet> {
  return (await import("./desktop.js")).authorizeDesktop(options);
}
