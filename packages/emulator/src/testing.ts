/**
 * Helpers for tests that drive OAuth flows against the emulator without a browser (its
 * `autoApprove` mode redirects at once from the authorize endpoint).
 * @module
 */

async function consentRedirect(authorizationUrl: string): Promise<URL> {
  const response = await fetch(authorizationUrl, { redirect: "manual" });
  const location = response.headers.get("location");
  if (response.status !== 302 || !location) {
    throw new Error(
      `The authorize endpoint answered ${response.status} without a redirect; start the emulator with autoApprove: true.`,
    );
  }
  return new URL(location);
}

/**
 * Plays the browser of a desktop flow: follows the auto-approved consent redirect to the loopback
 * callback. Pass it as `openBrowser` to a connector or to `@x/oauth-core`'s `authorizeDesktop`.
 */
export async function followConsent(authorizationUrl: string): Promise<boolean> {
  const callback = await consentRedirect(authorizationUrl);
  await fetch(callback);
  return true;
}

/**
 * The redirect a user would land on after consenting (with `code`, `state` and provider extras),
 * without calling it: what a web app or a headless user gets to exchange.
 */
export async function consentedRedirectUrl(authorizationUrl: string): Promise<URL> {
  return consentRedirect(authorizationUrl);
}
