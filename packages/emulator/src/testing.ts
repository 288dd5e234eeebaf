/**
 * Helpers for tests that drive OAuth flows against the emulator without a browser (its
 * `autoApprove` mode redirects at once from the authorize endpoint).
 * @module
 */
import type { Emulator, EmulatorOptions } from "./core/emulator.js";
import { startEmulator } from "./core/server.js";

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

/** What every provider test needs around the emulator (see {@link providerTestHarness}). */
export interface ProviderTestHarness {
  /** The running emulator (after `start`). */
  readonly emulator: Emulator;
  /** `EmulatorURL`, the provider's default OAuth client and a loopback `CallbackURL`. */
  readonly oauth: string;
  /** Connect options that print nothing (no authorization URL, no warnings). */
  readonly quiet: { onAuthorizationUrl: () => void; onWarning: () => void };
  /** A settings location of its own for each call (`memory://<prefix>-<pid>-<n>`). */
  location(): string;
  /** Starts the emulator: pass to `beforeAll`. */
  start(): Promise<void>;
  /** Stops it: pass to `afterAll`. */
  close(): Promise<void>;
}

/**
 * The harness of a provider package's tests: `const h = providerTestHarness("pipedrive", {
 * datasets: … })`, then `beforeAll(h.start)` and `afterAll(h.close)`. The emulator auto-approves
 * consent, so `openBrowser: followConsent` completes a desktop flow.
 */
export function providerTestHarness(
  provider: string,
  options: EmulatorOptions & { prefix?: string } = {},
): ProviderTestHarness {
  const { prefix = provider, ...emulatorOptions } = options;
  let emulator: Emulator | undefined;
  let oauth = "";
  let n = 0;
  const running = () => {
    if (!emulator) throw new Error("providerTestHarness: call start() first (beforeAll(h.start))");
    return emulator;
  };
  return {
    get emulator() {
      return running();
    },
    get oauth() {
      running();
      return oauth;
    },
    quiet: { onAuthorizationUrl: () => {}, onWarning: () => {} },
    location: () => `memory://${prefix}-${process.pid}-${++n}`,
    async start() {
      emulator = await startEmulator({ autoApprove: true, ...emulatorOptions });
      const { clientId, clientSecret } = emulator.defaultClient(provider);
      oauth = `EmulatorURL=${emulator.url};OAuthClientId=${clientId};OAuthClientSecret=${clientSecret};CallbackURL=http://127.0.0.1:0/callback`;
    },
    async close() {
      await emulator?.close();
    },
  };
}

/** Every item of an async iterable (a `paginate()` walk), in order. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
