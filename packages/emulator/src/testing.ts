/**
 * Helpers for tests that drive OAuth flows against the emulator without a browser (its
 * `autoApprove` mode redirects at once from the authorize endpoint).
 * @module
 */
import { copyFile, mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
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

/**
 * The connection properties that reach `emulator` as `provider`'s default OAuth client:
 * `EmulatorURL`, `OAuthClientId`, `OAuthClientSecret` and a loopback `CallbackURL`.
 */
export function oauthProperties(emulator: Emulator, provider: string): string {
  const { clientId, clientSecret } = emulator.defaultClient(provider);
  return `EmulatorURL=${emulator.url};OAuthClientId=${clientId};OAuthClientSecret=${clientSecret};CallbackURL=http://127.0.0.1:0/callback`;
}

/** The options a harness passes to a connector's `connect` (a subset of its `ConnectOptions`). */
export interface HarnessConnectOptions {
  onAuthorizationUrl: (url: string) => void;
  onWarning: () => void;
  openBrowser?: (url: string) => Promise<boolean>;
}

/** What the harness needs of a connection. */
export interface HarnessConnection {
  test(): Promise<unknown>;
  close(): Promise<void>;
}

/** A provider package's `connect`. */
export type HarnessConnect<C extends HarnessConnection> = (
  connectionString: string,
  options: HarnessConnectOptions,
) => Promise<C>;

/** What every provider test needs around the emulator (see {@link providerTestHarness}). */
export interface ProviderTestHarness<C extends HarnessConnection = HarnessConnection> {
  /** The running emulator (after `start`). */
  readonly emulator: Emulator;
  /**
   * `EmulatorURL`, the provider's default OAuth client and a loopback `CallbackURL` (after the
   * harness's `properties`, if any).
   */
  readonly oauth: string;
  /** Connect options that print nothing (no authorization URL, no warnings). */
  readonly quiet: { onAuthorizationUrl: () => void; onWarning: () => void };
  /** A settings location of its own for each call (`memory://<prefix>-<pid>-<n>`). */
  location(): string;
  /**
   * Connects with `InitiateOAuth=GETANDREFRESH` through the auto-approved desktop flow (the
   * harness's `connect`): `oauth`, the settings `location` (a new one by default), then `extra`
   * properties. `onAuthorizationUrl` receives the authorization URL; `oauth` replaces the
   * harness's (another emulator's {@link oauthProperties}).
   */
  desktop(
    extra?: string,
    options?: { location?: string; oauth?: string; onAuthorizationUrl?: (url: string) => void },
  ): Promise<C>;
  /**
   * Headless use of a copied settings file: a desktop flow writes one, it is copied to another
   * folder, the tokens expire, and a connection with `InitiateOAuth=REFRESH` on the copy runs
   * `use` (default: `test()`). Returns the copy's text before and after, the original's text
   * after, and both paths; the folder is deleted before it returns (the files hold tokens).
   */
  copiedSettings(use?: (connection: C) => Promise<unknown>): Promise<{
    original: string;
    copy: string;
    before: string;
    after: string;
    originalAfter: string;
  }>;
  /** Starts the emulator: pass to `beforeAll`. */
  start(): Promise<void>;
  /** Stops it: pass to `afterAll`. */
  close(): Promise<void>;
}

/**
 * The harness of a provider package's tests: `const h = providerTestHarness("pipedrive", {
 * connect, datasets: … })`, then `beforeAll(h.start)` and `afterAll(h.close)`. The emulator
 * auto-approves consent, so `openBrowser: followConsent` completes a desktop flow. `properties`
 * lead every connection string `oauth` makes (Zendesk's `URL=…`); `connect`, the provider
 * package's, serves `desktop` and `copiedSettings`.
 */
export function providerTestHarness<C extends HarnessConnection = HarnessConnection>(
  provider: string,
  options: EmulatorOptions & {
    prefix?: string;
    properties?: string;
    connect?: HarnessConnect<C>;
  } = {},
): ProviderTestHarness<C> {
  const { prefix = provider, properties, connect, ...emulatorOptions } = options;
  let emulator: Emulator | undefined;
  let oauth = "";
  let n = 0;
  const running = () => {
    if (!emulator) throw new Error("providerTestHarness: call start() first (beforeAll(h.start))");
    return emulator;
  };
  const quiet = { onAuthorizationUrl: () => {}, onWarning: () => {} };
  const location = () => `memory://${prefix}-${process.pid}-${++n}`;
  const connecting = () => {
    if (!connect) throw new Error("providerTestHarness: pass the provider's connect in options");
    return connect;
  };
  const desktop: ProviderTestHarness<C>["desktop"] = (extra = "", options = {}) => {
    const { location: at, oauth: other, ...o } = options;
    if (other === undefined) running();
    const settings = `OAuthSettingsLocation=${at ?? location()}`;
    return connecting()(
      `${other ?? oauth};InitiateOAuth=GETANDREFRESH;${settings}${extra ? `;${extra}` : ""}`,
      { ...quiet, ...o, openBrowser: followConsent },
    );
  };
  return {
    get emulator() {
      return running();
    },
    get oauth() {
      running();
      return oauth;
    },
    quiet,
    location,
    desktop,
    async copiedSettings(use = (connection) => connection.test()) {
      const dir = await mkdtemp(join(tmpdir(), `x-${prefix}-`));
      try {
        const original = join(dir, "a", "OAuthSettings.txt");
        const copy = join(dir, "b", "OAuthSettings.txt");
        await (await desktop("", { location: original })).close();
        await mkdir(join(dir, "b"));
        await copyFile(original, copy);
        const before = await readFile(copy, "utf8");
        running().expireTokens({ provider });
        const headless = await connecting()(
          `${oauth};InitiateOAuth=REFRESH;OAuthSettingsLocation=${copy}`,
          quiet,
        );
        try {
          await use(headless);
        } finally {
          await headless.close();
        }
        const after = await readFile(copy, "utf8");
        const originalAfter = await readFile(original, "utf8");
        return { original, copy, before, after, originalAfter };
      } finally {
        // The settings files hold tokens: none stay behind.
        await rm(dir, { recursive: true, force: true });
      }
    },
    async start() {
      emulator = await startEmulator({ autoApprove: true, ...emulatorOptions });
      oauth = `${properties ? `${properties};` : ""}${oauthProperties(emulator, provider)}`;
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
