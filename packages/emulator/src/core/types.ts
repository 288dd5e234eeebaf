import type { IncomingHttpHeaders } from "node:http";
import type { ClientRegistry } from "./clients.js";
import type { Clock } from "./clock.js";
import type { Rng } from "./data.js";
import type { EmulatorResponse, ParsedBody } from "./http.js";
import type { TokenStore } from "./tokens.js";

/**
 * Options every provider accepts (each provider documents its own defaults).
 * Provider option types extend this.
 */
export interface CommonProviderOptions {
  /** Access-token lifetime, seconds. */
  accessTokenTtlSeconds?: number;
  /** Refresh-token lifetime, seconds (providers whose refresh tokens never expire ignore it). */
  refreshTokenTtlSeconds?: number;
  /** Authorization-code lifetime, seconds. */
  codeTtlSeconds?: number;
}

/**
 * Per-provider option types, keyed by provider id. Provider modules add their entry with
 * declaration merging (`declare module "../core/types.js" { interface ProviderOptionsMap { … } }`),
 * which makes `startEmulator({ <id>: { … } })` typed.
 */
// biome-ignore lint/suspicious/noEmptyInterface: extended by declaration merging
export interface ProviderOptionsMap {}

/** Which of a provider's hosts a request addressed, with values taken from the host name. */
export interface HostMatch {
  /** Host family, e.g. `"accounts"`, `"api"`, `"subdomain"`. Routes select on it. */
  kind: string;
  /** Values from the host name, e.g. `{ dc: "eu" }` or `{ subdomain: "acme" }`. */
  params: Record<string, string>;
}

/** One request as a route handler sees it. */
export interface RequestContext {
  /** Upper-case method. */
  readonly method: string;
  /** Real host the request addressed (lower case), e.g. `www.zohoapis.eu`. */
  readonly host: string;
  /** The provider's host match. */
  readonly hostMatch: HostMatch;
  /** Path on the real host, e.g. `/crm/v8/Leads`. */
  readonly path: string;
  /** Path on the emulator, e.g. `/www.zohoapis.eu/crm/v8/Leads` (use for form actions). */
  readonly emulatedPath: string;
  /** `:name` values from the route pattern (or RegExp groups). */
  readonly params: Record<string, string>;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: ParsedBody;
  /** A parameter from a form/multipart body, a JSON body (top level) or the query, in that order. */
  param(name: string): string | undefined;
  /** `Authorization: Basic` credentials. */
  readonly basicAuth: { username: string; password: string } | undefined;
  /** `Authorization` split into scheme (as sent) and credentials. */
  readonly authorization: { scheme: string; credentials: string } | undefined;
  /** Header value (first one when repeated). */
  header(name: string): string | undefined;
  /** Emulator clock time, epoch ms. */
  now(): number;
}

/** A route handler: returns the response for the core to write. */
export type Handler = (ctx: RequestContext) => EmulatorResponse | Promise<EmulatorResponse>;

/** One route of a provider. */
export interface Route {
  /** Method(s); `"*"` for any. */
  method: string | string[];
  /** Path pattern: `/crm/:version/:module` (`:x` = one segment), or a RegExp with named groups. */
  path: string | RegExp;
  /** Host kind(s) this route serves; omitted: any of the provider's hosts. */
  hostKind?: string | string[];
  /**
   * Counter / fault / rate-limit name of the endpoint, e.g. `"crm.list"`. A function sees the
   * parsed request, so one path can count as `"token.exchange"` or `"token.refresh"`.
   */
  endpoint: string | ((ctx: RequestContext) => string);
  handler: Handler;
}

/** What {@link ProviderCore.authorize} needs to run the consent step. */
export interface AuthorizeRequest {
  clientId: string | undefined;
  redirectUri: string | undefined;
  /** Scopes to show on the consent page. */
  scopes: string[];
  state: string | undefined;
  /** A provider-specific validation error: shown as an HTML error page, never redirected. */
  error?: string;
  /** A provider-specific error to send back to the redirect_uri (e.g. `invalid_request`). */
  redirectError?: string;
  /** Called when the user allows: returns the redirect parameters (code and extras). */
  approve: () => Record<string, string>;
  /** Extra text lines on the consent page (e.g. the data centre). */
  details?: string[];
}

/** Response helpers (also available as standalone functions). */
export interface Responses {
  json(status: number, body: unknown, headers?: Record<string, string>): EmulatorResponse;
  text(status: number, body: string, headers?: Record<string, string>): EmulatorResponse;
  html(status: number, body: string, headers?: Record<string, string>): EmulatorResponse;
  xml(status: number, body: string, headers?: Record<string, string>): EmulatorResponse;
  empty(status: number, headers?: Record<string, string>): EmulatorResponse;
  redirect(location: string, status?: number): EmulatorResponse;
}

/** What the core gives a provider module when the emulator starts. */
export interface ProviderCore<O = unknown> {
  /** The provider id. */
  readonly id: string;
  /** The provider's options (`startEmulator({ [id]: options })`), `{}` when none. */
  readonly options: O;
  /** The data-set seed. */
  readonly seed: number;
  readonly clock: Clock;
  /** Shared code/token store (records carry the provider id). */
  readonly tokens: TokenStore;
  /** Registered OAuth clients. */
  readonly clients: ClientRegistry;
  /** Whether authorize endpoints skip the consent page. */
  autoApprove(): boolean;
  /** Size of a data set: `datasets[id][resource]` or `fallback`. */
  datasetSize(resource: string, fallback: number): number;
  /** Deterministic random numbers for (seed, ...keys): record i of resource r is `rng(r, i)`. */
  rng(...keys: (string | number)[]): Rng;
  /**
   * Runs the consent step of an authorize endpoint (GET shows the page or auto-approves;
   * POST carries the user's decision). Validates client and redirect_uri first.
   */
  authorize(ctx: RequestContext, request: AuthorizeRequest): EmulatorResponse;
  /** Response helpers. */
  readonly respond: Responses;
}

/** A provider's live instance, created once per emulator. */
export interface ProviderInstance {
  /** Routes, tried in order. */
  routes: Route[];
  /** The provider's rate-limit signal (e.g. 429 + Retry-After; Highrise 503). */
  throttled(
    ctx: RequestContext,
    info: { retryAfterSeconds: number; endpoint: string },
  ): EmulatorResponse;
  /** Response for an unknown path on one of the provider's hosts (default: JSON 404). */
  notFound?(ctx: RequestContext): EmulatorResponse;
  /** Forget provider state (called by `emulator.reset()`). */
  reset?(): void;
  /** Public facts for `/_emulator/info` and the CLI (default user, data centre, clients...). */
  info?(): Record<string, unknown>;
}

/** A provider module: registers hosts and routes on the core. See CONTRIBUTING.md. */
export interface ProviderModule<O = unknown> {
  /** Short id used in options, counters and controls, e.g. `"zoho"`. */
  readonly id: string;
  /** Display name on the consent page. */
  readonly name: string;
  /** The documented default OAuth client. */
  readonly defaultClient: { clientId: string; clientSecret?: string; redirectUris?: string[] };
  /** Claims a real host name (lower case, no port) or returns undefined. */
  matchHost(host: string): HostMatch | undefined;
  /** Creates the provider's instance. */
  create(core: ProviderCore<O>): ProviderInstance;
}
