import type { ClientRegistration, ClientRegistry } from "./clients.js";
import type { Clock } from "./clock.js";
import type { Faults, RateLimitSpec, RateLimits } from "./controls.js";
import type { LinkMode } from "./links.js";
import type { TokenFilter, TokenStore } from "./tokens.js";
import type { ProviderInstance, ProviderModule, ProviderOptionsMap } from "./types.js";

// The emulator's public shape, apart from startEmulator (server.ts) so that the control API can
// use it without importing the server.

/** Options of `startEmulator` shared by every provider. */
export interface EmulatorBaseOptions {
  /** Port to listen on (default 0: a free port). */
  port?: number;
  /** Interface to listen on (default `127.0.0.1`; keep it loopback). */
  host?: string;
  /** Authorize endpoints redirect at once with a code instead of showing the consent page. */
  autoApprove?: boolean;
  /** Seed of every generated data set (default 1). */
  seed?: number;
  /** Data-set sizes per provider and resource, e.g. `{ zoho: { leads: 100_000 } }`. */
  datasets?: Record<string, Record<string, number>>;
  /** Initial emulated time, epoch ms (default: real time). */
  startTime?: number;
  /**
   * URLs written into responses (next links, `api_domain`, `accounts-server`, hrefs, Location):
   * `"real"` (default) names the provider's hosts, for clients that rewrite origins when they
   * send; `"emulator"` names `<emulator origin>/<real host>/…`, for clients that follow links
   * as given (official SDKs).
   */
  links?: LinkMode;
  /** Provider modules to serve (default: every built-in provider). */
  providers?: readonly ProviderModule<never>[];
}

/** Options of `startEmulator`: the shared ones plus one entry per provider id. */
export type EmulatorOptions = EmulatorBaseOptions & {
  [K in keyof ProviderOptionsMap]?: ProviderOptionsMap[K];
};

/** A running emulator. */
export interface Emulator {
  /** Base URL, e.g. `http://127.0.0.1:4010` (no trailing slash). */
  readonly url: string;
  readonly port: number;
  /** Provider ids served. */
  readonly providers: string[];
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
  /** `emulatorUrlFor(this.url, realUrl)`. */
  urlFor(realUrl: string | URL): string;
  /** `realUrlFor(this.url, url)`. */
  realUrlFor(url: string | URL): string;
  /** The emulated clock (advance it to expire codes and tokens). */
  readonly clock: Clock;
  /** Codes and tokens of every provider. */
  readonly tokens: TokenStore;
  /** Registered OAuth clients. */
  readonly clients: ClientRegistry;
  /** Injected faults. */
  readonly faults: Faults;
  /** Rate-limit rules. */
  readonly rateLimits: RateLimits;
  /** Installs a rate-limit rule (shorthand for `rateLimits.add`); returns its id. */
  rateLimit(spec: RateLimitSpec): string;
  /** Requests served by one endpoint (e.g. `count("zoho", "token.refresh")`) or by a provider. */
  count(provider: string, endpoint?: string): number;
  /** Every counter, `{ "zoho:token.refresh": 1, ... }`. */
  counts(): Record<string, number>;
  /** Sets every counter to zero. */
  resetCounts(): void;
  /** Makes matching access tokens expire now; returns how many. */
  expireTokens(filter?: TokenFilter): number;
  /** Makes matching refresh tokens expire now; returns how many. */
  expireRefreshTokens(filter?: TokenFilter): number;
  /** Revokes one token (a refresh token takes its access tokens with it). */
  revoke(token: string): boolean;
  /** Revokes every matching token. */
  revokeAll(filter?: TokenFilter): number;
  /** Registers an OAuth client. */
  registerClient(reg: ClientRegistration): void;
  /** The documented default client of a provider. */
  defaultClient(provider: string): ClientRegistration;
  /** Turns auto-approve on or off. */
  setAutoApprove(enabled: boolean): void;
  /** Provider facts (default user, data centre, default client...). */
  info(): Record<string, unknown>;
  /** Forgets tokens, counters, faults, rate limits, clients and provider state; resets the clock. */
  reset(): void;
}

/** Live state the control API needs. @internal */
export interface EmulatorInternals extends Emulator {
  instances: Map<string, ProviderInstance>;
}
