import { PropertyMap, parse } from "@x/conn-string";
import {
  type AccessTokenProvider,
  type DesktopFlowOptions,
  exchangeVerifier,
  getAuthorizationUrl,
  initiateOAuth,
  refreshAccessToken,
  refreshStoredAccessToken,
  tokenSetToSettings,
  type WebAuthorization,
  type WebTokenResult,
} from "@x/oauth-core";
import type { PostgresPoolLike, RedisClientLike, SettingsStore } from "@x/settings-store";
import { type AuthStrategy, oauthTokenAuth } from "./auth.js";
import {
  type ConnectorConfig,
  type ConnectorProperties,
  type ConnectorPropertiesOf,
  connectorProperties,
  readConfig,
} from "./config.js";
import {
  Connection,
  type Identity,
  type ResourceDefinition,
  type TableMap,
  tableResources,
} from "./connection.js";
import type {
  ConnectorContext,
  ConnectorDefinition,
  ReadRequest,
  WhoAmISpec,
} from "./definition.js";
import { assertSuccessEnvelope, envelopeParser } from "./envelope.js";
import { ConnectorError, ConnectorErrorCode } from "./errors.js";
import {
  anonymousChecks,
  discoverAccount,
  discoveredIdentity,
  refuseAnonymous,
} from "./features.js";
import { recallTokens, rememberTokens } from "./handoff.js";
import { type ApiClient, createApiClient, type RetryOptions } from "./http.js";
import { type DebugLogger, debugFromEnv, type HttpHooks } from "./observe.js";
import { parseJsonBody } from "./paginate.js";
import { resolveSetup, type Setup } from "./setup.js";

/** Options of `connect()` that are code, not properties. */
export interface ConnectOptions {
  /**
   * Receives every warning (deprecations). Default: `process.emitWarning`, once per process per
   * message.
   */
  onWarning?: (message: string) => void;
  /** Desktop flow: open a browser (default: the platform opener). */
  openBrowser?: DesktopFlowOptions["openBrowser"];
  /** Desktop flow: called with the authorization URL (default: printed to stderr). */
  onAuthorizationUrl?: DesktopFlowOptions["onAuthorizationUrl"];
  /** Desktop flow: a pasted redirect URL when no browser opens. */
  readPastedRedirect?: DesktopFlowOptions["readPastedRedirect"];
  /** Desktop flow: how long to wait for the browser, ms. */
  authorizationTimeoutMs?: number;
  /** Routes every request to a local emulator (same as the `EmulatorURL` property). */
  emulatorUrl?: string;
  /**
   * The `fetch` of API calls and token requests: a proxy (undici's `fetch` with a `ProxyAgent`
   * dispatcher), instrumentation, tests. Default `globalThis.fetch`.
   */
  fetch?: typeof fetch;
  /**
   * Retry limit, backoff and the longest `Retry-After` waited for, for every call; a call's own
   * `retry` (`request()`, `getJson()`) overrides them field by field.
   */
  retry?: RetryOptions;
  /** `onRequest` / `onResponse` / `onRetry` / `onRefresh`: observers of every API call. */
  hooks?: HttpHooks;
  /**
   * The redacted debug log: `true` writes to stderr, a function receives each line, `false`
   * turns it off. Default: on when `DEBUG` names `x:http` (`DEBUG=x:*`).
   */
  debug?: boolean | DebugLogger;
  /**
   * Deadline of one API call with its retries and waits, ms. Default twice `Timeout` (each attempt
   * has `Timeout` for headers and body).
   */
  deadlineMs?: number;
  /** Environment for default client credentials and the settings secret. Default `process.env`. */
  env?: Record<string, string | undefined>;
  signal?: AbortSignal;
  /**
   * Names the connection's record in the settings location (same as the `OAuthSettingsKey`
   * property; this wins). For a web app: the user or tenant id.
   */
  settingsKey?: string;
  /** An ioredis client for `redis://` locations, instead of the shared one for the URL. */
  redisClient?: RedisClientLike;
  /** A pg pool for `postgres://` locations, instead of the shared one for the URL. */
  postgresPool?: PostgresPoolLike;
  /**
   * Where tokens go when the settings store fails to take them right after the provider issued
   * them (default: `OAuthRecovery.txt` in the provider's folder of the user's config directory).
   */
  recoveryPath?: string;
}

/** Input of `connect()`: a connection string, a parsed map, or plain properties. */
export type ConnectInput =
  | string
  | PropertyMap
  | Record<string, string | number | boolean | undefined>;

/** Inputs of the `GetOAuthAuthorizationURL` procedure. */
export interface AuthorizationUrlRequest {
  /**
   * `WEB`: a web app sends the user to the URL and exchanges the code of the redirect itself.
   * `APP` (default): the code may also be pasted elsewhere as `OAuthVerifier` (headless option 1).
   * In both, a confidential client (one with a secret) sends no PKCE unless `pkce` is true: the
   * secret authenticates the exchange and the code alone is enough. Public clients always use PKCE.
   */
  authMode?: "APP" | "WEB";
  /**
   * PKCE for a confidential client: true to send it (keep the returned `codeVerifier` and pass it
   * to `GetOAuthAccessToken`). Default: off for confidential clients, on for public ones.
   */
  pkce?: boolean;
  callbackUrl?: string;
  state?: string;
  scope?: string;
}

/** Inputs of the `GetOAuthAccessToken` procedure. */
export interface AccessTokenRequest {
  /**
   * The `code` of the redirect (or the whole redirect URL). A bare code has no state to compare:
   * take it from the redirect in your callback handler only after checking the redirect's `state`
   * against the one kept in the session.
   */
  verifier: string;
  callbackUrl?: string;
  /**
   * The state returned with the authorization URL (kept in the session). Required when `verifier`
   * is the whole redirect URL; `false` opts out, when you compared the state yourself.
   */
  state?: string | false;
  /** The PKCE verifier returned with the authorization URL, for providers that use PKCE. */
  codeVerifier?: string;
}

/** A connector: `connect()` plus the three OAuth procedures. */
export interface Connector<
  C extends ConnectorConfig = ConnectorConfig,
  T extends TableMap = TableMap,
> {
  readonly id: string;
  readonly name: string;
  /** Every property the connector accepts (common and provider-specific). */
  readonly properties: ConnectorProperties;
  /** Validates properties, runs `InitiateOAuth`, and returns an authenticated connection. */
  connect(input: ConnectInput, options?: ConnectOptions): Promise<Connection<T>>;
  /** `GetOAuthAuthorizationURL`. */
  getAuthorizationUrl(
    input: ConnectInput,
    request?: AuthorizationUrlRequest,
    options?: ConnectOptions,
  ): Promise<WebAuthorization>;
  /** `GetOAuthAccessToken`: exchanges a verifier (code), persisting when a location is set. */
  getAccessToken(
    input: ConnectInput,
    request: AccessTokenRequest,
    options?: ConnectOptions,
  ): Promise<WebTokenResult>;
  /** `RefreshOAuthAccessToken`. */
  refreshAccessToken(
    input: ConnectInput,
    request?: { refreshToken?: string },
    options?: ConnectOptions,
  ): Promise<WebTokenResult>;
  /** Validates properties only (no network): the typed configuration. */
  parseConfig(input: ConnectInput): C;
  /**
   * Opens the settings store of a connection as `connect()` would (same location, same key), or
   * at `location` instead: for showing, exporting and importing stored OAuth values.
   */
  openSettings(
    input: ConnectInput,
    options?: ConnectOptions & { location?: string },
  ): Promise<SettingsStore>;
}

/** The typed configuration of a connector: `ConfigOf<typeof connector>`. */
export type ConfigOf<K> = K extends Connector<infer C, infer _T> ? C : never;

/** Defines a connector from its data and hooks; its configuration type comes from `properties`. */
export function defineConnector<
  const P extends ConnectorProperties,
  const S extends string,
  T extends TableMap = TableMap,
>(
  definition: ConnectorDefinition<P, S, ConnectorConfig<P, S>, T>,
): Connector<ConnectorConfig<P, S>, T> {
  type C = ConnectorConfig<P, S>;
  const properties = connectorProperties(
    definition.properties,
    definition.authSchemes,
    Object.keys(definition.authSchemeAliases ?? {}),
  );
  const parseConfig = (input: ConnectInput) => readConnectorConfig(definition, properties, input);
  const setupOf = (input: ConnectInput, options: ConnectOptions) => {
    const config = parseConfig(input);
    return { config, setup: resolveSetup(definition, config, options) };
  };

  async function connect(
    input: ConnectInput,
    options: ConnectOptions = {},
  ): Promise<Connection<T>> {
    const { config, setup } = setupOf(input, options);
    const scheme = config.AuthScheme;
    for (const message of definition.warnings?.(config, scheme) ?? []) setup.warn(message);
    let tokens: AccessTokenProvider | undefined;
    const ctx: ConnectorContext<C> = {
      config,
      scheme,
      state: {},
      warn: setup.warn,
      metadata: async () => (tokens ? (await tokens.getTokenSet()).metadata : {}),
      readJson: (api, request) => readJson(definition, api, request),
    };
    let settings: SettingsStore | undefined;
    let auth: AuthStrategy;
    if (scheme === "OAuth" && definition.oauth) {
      const oauth = await startOAuth(definition, config, setup, options);
      ({ tokens, settings } = oauth);
      const header = definition.oauth.header;
      auth = oauthTokenAuth(tokens, {
        ...(header?.name ? { header: header.name } : {}),
        ...(header?.scheme ? { scheme: header.scheme } : {}),
      });
    } else {
      auth = schemeCredentials(definition, ctx);
    }
    try {
      const api = withRequestUrls(
        definition,
        createApiClient({
          provider: definition.name,
          ...definition.api(ctx),
          auth,
          rewriteUrl: setup.rewriteUrl,
          fetch: options.fetch,
          timeoutMs: config.Timeout * 1000,
          deadlineMs: options.deadlineMs,
          retry: options.retry,
          hooks: options.hooks,
          debug: debugOption(options),
          userAgent: definition.userAgent,
          parseError: definition.errors ? envelopeParser(definition.errors) : undefined,
          ...(definition.anonymous
            ? anonymousChecks(definition.anonymous)
            : {
                isUnauthorized: definition.isUnauthorized,
                unauthorizedIn: definition.unauthorizedIn,
              }),
        }),
      );
      if (definition.discover) await discoverAccount(definition.discover, ctx, api);
      await definition.prepare?.(ctx, api);
      const tables = definition.tables?.(ctx);
      return new Connection<T>({
        provider: definition.name,
        authScheme: scheme,
        api,
        whoAmI: (client) => whoAmI(definition, client, ctx),
        // A table's listing serves paginate() unless a resource of that name says otherwise.
        resources: checkedResources(definition, {
          ...tableResources(tables),
          ...definition.resources?.(ctx),
        }),
        tables,
        customTables: definition.customTables?.(ctx),
        summary: definition.summary?.(ctx),
        close: async () => {
          await settings?.close();
        },
      });
    } catch (error) {
      await settings?.close();
      throw error;
    }
  }

  async function getAuthorizationUrlProcedure(
    input: ConnectInput,
    request: AuthorizationUrlRequest = {},
    options: ConnectOptions = {},
  ): Promise<WebAuthorization> {
    const { setup } = setupOf(input, options);
    const client = setup.requireClient();
    // A confidential client (one with a secret) authenticates its exchange with the secret, so it
    // sends no PKCE unless asked: the code alone is then enough to exchange, in both modes (a
    // headless OAuthVerifier, or a web app that keeps only the code). Public clients always use
    // PKCE. `pkce: true` turns it on for an app that keeps the codeVerifier in its session.
    const pkce = request.pkce ?? (setup.clientSecret ? false : undefined);
    return getAuthorizationUrl(client, {
      ...(pkce !== undefined ? { pkce } : {}),
      callbackUrl: request.callbackUrl ?? setup.callbackUrl,
      state: request.state,
      scopes: request.scope ? request.scope.split(/[\s,]+/).filter(Boolean) : setup.scopes,
      extraParams: setup.extraParams,
    });
  }

  async function getAccessTokenProcedure(
    input: ConnectInput,
    request: AccessTokenRequest,
    options: ConnectOptions = {},
  ): Promise<WebTokenResult> {
    const { config, setup } = setupOf(input, options);
    const result = await exchangeVerifier(setup.requireClient(), {
      verifier: request.verifier,
      state: request.state,
      codeVerifier: request.codeVerifier,
      callbackUrl: request.callbackUrl ?? setup.callbackUrl,
    });
    rememberTokens(definition.id, result.tokens);
    if (config.OAuthSettingsLocation) await persist(setup, result);
    return result;
  }

  async function refreshAccessTokenProcedure(
    input: ConnectInput,
    request: { refreshToken?: string } = {},
    options: ConnectOptions = {},
  ): Promise<WebTokenResult> {
    const { config, setup } = setupOf(input, options);
    const client = setup.requireClient();
    const refreshToken = request.refreshToken ?? config.OAuthRefreshToken;
    // The values that came with a given token (Zoho's data centre) say where to refresh it.
    const metadata = recallTokens(definition.id, refreshToken)?.metadata;
    let result: WebTokenResult;
    if (config.OAuthSettingsLocation) {
      // Through the token manager's locked path: concurrent refreshes spend a rotating token once.
      const store = await setup.openStore();
      try {
        if (!refreshToken && !(await store.get())?.refreshToken) throw noRefreshToken();
        result = await refreshStoredAccessToken(client, store, { refreshToken, metadata });
      } finally {
        await store.close();
      }
    } else {
      if (!refreshToken) throw noRefreshToken();
      result = await refreshAccessToken(client, { refreshToken, metadata });
    }
    rememberTokens(definition.id, result.tokens);
    return result;
  }

  async function openSettings(
    input: ConnectInput,
    options: ConnectOptions & { location?: string } = {},
  ): Promise<SettingsStore> {
    const { config, setup } = setupOf(input, options);
    return setup.openStore(options.location ?? config.OAuthSettingsLocation);
  }

  return {
    id: definition.id,
    name: definition.name,
    properties,
    connect,
    parseConfig,
    openSettings,
    getAuthorizationUrl: getAuthorizationUrlProcedure,
    getAccessToken: getAccessTokenProcedure,
    refreshAccessToken: refreshAccessTokenProcedure,
  };
}

// biome-ignore lint/suspicious/noExplicitAny: any provider's definition; its config is C.
type AnyDefinition<C extends ConnectorConfig> = ConnectorDefinition<any, any, C>;

/**
 * Validates the input. An alias of a scheme (`AuthScheme=Basic` for Pipedrive's `APIToken`) reads
 * as the scheme; without an AuthScheme, the credentials given may say which one is meant (Zendesk:
 * User with Password or APIToken is Basic); the first scheme stays the default otherwise. The
 * input is validated as given first, so that errors keep what the text form knows (secrets that
 * spill into names); a second reading only changes AuthScheme in an input known to be valid.
 */
function readConnectorConfig<C extends ConnectorConfig>(
  definition: AnyDefinition<C>,
  properties: ConnectorPropertiesOf<ConnectorProperties, string>,
  input: ConnectInput,
): C {
  // `C` is inferred from these same declarations; TypeScript only cannot resolve the mapped type
  // over a generic `P` here, so nothing hand-written can drift from the properties.
  const read = (from: ConnectInput) => readConfig(properties, from) as unknown as C;
  const config = read(input);
  const canonical = definition.authSchemeAliases?.[config.AuthScheme];
  if (canonical !== undefined) return read(withProperty(input, "AuthScheme", canonical));
  if (definition.inferAuthScheme && !givesProperty(input, "AuthScheme")) {
    const inferred = definition.inferAuthScheme(config);
    if (inferred && inferred !== config.AuthScheme) {
      return read(withProperty(input, "AuthScheme", inferred));
    }
  }
  return config;
}

/** Runs InitiateOAuth: the settings store (unless OFF), tokens given or handed over, the flow. */
async function startOAuth<C extends ConnectorConfig>(
  definition: AnyDefinition<C>,
  config: C,
  setup: Setup,
  options: ConnectOptions,
): Promise<{ tokens: AccessTokenProvider; settings: SettingsStore | undefined }> {
  const mode = config.InitiateOAuth;
  // OFF uses the access token as given: no client is needed, and none is made without an id.
  const client = mode === "OFF" ? setup.client() : setup.requireClient();
  const settings = mode === "OFF" ? undefined : await setup.openStore();
  // A token a procedure returned in this process brings the rest of its set along: the refresh
  // token and the provider's values (data centre, api_domain).
  const handed =
    recallTokens(definition.id, config.OAuthAccessToken) ??
    recallTokens(definition.id, config.OAuthRefreshToken);
  try {
    const tokens = await initiateOAuth({
      mode,
      client,
      store: settings,
      given: {
        accessToken: config.OAuthAccessToken,
        refreshToken: config.OAuthRefreshToken ?? handed?.refreshToken,
        verifier: config.OAuthVerifier,
        metadata: handed?.metadata,
      },
      desktop: {
        callbackUrl: setup.callbackUrl,
        scopes: setup.scopes,
        extraParams: setup.extraParams,
        openBrowser: options.openBrowser,
        onAuthorizationUrl: options.onAuthorizationUrl,
        readPastedRedirect: options.readPastedRedirect,
        timeoutMs: options.authorizationTimeoutMs,
        signal: options.signal,
      },
    });
    if (settings && config.OAuthAccessToken && !(await settings.get())?.refreshToken) {
      setup.warn(
        `${definition.name}: no refresh token is stored with the OAuthAccessToken given, so this connection stops working when the access token expires. Pass OAuthRefreshToken too, or OAuthSettingsLocation to GetOAuthAccessToken so that it stores both.`,
      );
    }
    return { tokens, settings };
  } catch (error) {
    await settings?.close();
    throw error;
  }
}

/** The credentials of a non-OAuth scheme, once the properties it requires are there. */
function schemeCredentials<C extends ConnectorConfig>(
  definition: AnyDefinition<C>,
  ctx: ConnectorContext<C>,
): AuthStrategy {
  const scheme = ctx.scheme;
  if (!definition.credentials || scheme === "OAuth") {
    throw new ConnectorError(
      ConnectorErrorCode.Configuration,
      `${definition.name} does not support AuthScheme=${scheme}.`,
      { hint: `Use one of: ${definition.authSchemes.join(", ")}.` },
    );
  }
  const requirement = definition.requires?.[scheme];
  if (requirement) {
    const sets = (
      typeof requirement.properties[0] === "string"
        ? [requirement.properties]
        : requirement.properties
    ) as readonly (readonly string[])[];
    const config = ctx.config as Record<string, unknown>;
    if (
      !sets.some((set) => set.every((name) => config[name] !== undefined && config[name] !== ""))
    ) {
      throw new ConnectorError(
        ConnectorErrorCode.Configuration,
        `AuthScheme=${scheme} needs ${sets.map((set) => set.join(" and ")).join(", or ")}.`,
        { hint: requirement.hint },
      );
    }
  }
  return definition.credentials(ctx);
}

/** Who-am-I: the declared GET and mapping, or the provider's own walk. */
async function whoAmI<C extends ConnectorConfig>(
  definition: AnyDefinition<C>,
  api: ApiClient,
  ctx: ConnectorContext<C>,
): Promise<Identity> {
  const spec = definition.whoAmI;
  if (typeof spec === "function") return spec(api, ctx);
  if (spec === "account") {
    if (!definition.discover)
      throw new TypeError(`${definition.id}: whoAmI "account" needs discover`);
    return discoveredIdentity(definition.discover, ctx, api);
  }
  const body = await readJson(definition, api, spec);
  refuseAnonymous(definition.anonymous, spec.path, body);
  return { raw: body, ...(spec as WhoAmISpec<C>).map(body, ctx) };
}

/**
 * GETs `path` and reads its body (JSON unless `parse` says otherwise), refusing an error the
 * provider reports with HTTP 200.
 */
async function readJson<C extends ConnectorConfig>(
  definition: AnyDefinition<C>,
  api: ApiClient,
  request: ReadRequest,
): Promise<unknown> {
  const response = await api.send({ path: request.path, searchParams: request.searchParams });
  const body = await (request.parse ?? parseJsonBody)(response);
  assertSuccessEnvelope(definition.name, definition.errors, response, body);
  return body;
}

/**
 * For providers that report errors with HTTP 200: each response names the real URL it answered
 * (the body checks below quote it; a response read through the emulator would name the emulator).
 */
function withRequestUrls<C extends ConnectorConfig>(
  definition: AnyDefinition<C>,
  api: ApiClient,
): ApiClient {
  if (definition.errors?.successCode === undefined) return api;
  return {
    ...api,
    async send(request) {
      const response = await api.send(request);
      const url = await api.resolve(request.path, request.searchParams);
      Object.defineProperty(response, "url", { value: `${url.origin}${url.pathname}` });
      return response;
    },
  };
}

/** The resources, each page checked for errors the provider reports with HTTP 200. */
function checkedResources<C extends ConnectorConfig>(
  definition: AnyDefinition<C>,
  resources: Record<string, ResourceDefinition>,
): Record<string, ResourceDefinition> {
  if (definition.errors?.successCode === undefined) return resources;
  return Object.fromEntries(
    Object.entries(resources).map(([name, resource]) => {
      const parseBody = resource.parse ?? parseJsonBody;
      return [
        name,
        {
          ...resource,
          parse: async (response: Response) => {
            const body = await parseBody(response);
            assertSuccessEnvelope(definition.name, definition.errors, response, body);
            return body;
          },
        },
      ];
    }),
  );
}

function noRefreshToken() {
  return new ConnectorError(
    ConnectorErrorCode.Configuration,
    "RefreshOAuthAccessToken needs a refresh token, and none was given or stored.",
    { hint: "Pass OAuthRefreshToken, or an OAuthSettingsLocation that holds tokens." },
  );
}

/** Stores the tokens of a spent code (if the store is down, they go to the recovery file). */
async function persist(setup: Setup, result: WebTokenResult): Promise<void> {
  const store = await setup.openStore();
  try {
    await store.update((current) => tokenSetToSettings(result.tokens, current, { merge: true }), {
      durable: true,
    });
  } finally {
    await store.close();
  }
}

/** True when the input names `name` itself (property names are case-insensitive). */
function givesProperty(input: ConnectInput, name: string): boolean {
  const wanted = name.toLowerCase();
  if (typeof input === "string") return parse(input).has(name);
  if (input instanceof PropertyMap) return input.has(name);
  return Object.entries(input).some(([k, v]) => k.toLowerCase() === wanted && v !== undefined);
}

/** The input plus one more property. */
function withProperty(input: ConnectInput, name: string, value: string): ConnectInput {
  const map = typeof input === "string" ? parse(input) : input;
  if (map instanceof PropertyMap) {
    const copy = new PropertyMap();
    for (const [k, v] of map) copy.set(k, v);
    copy.set(name, value);
    return copy;
  }
  return { ...map, [name]: value };
}

/** The debug logger the `connect()` options (or the environment) ask for. */
function debugOption(options: ConnectOptions): DebugLogger | undefined {
  const debug = options.debug;
  if (typeof debug === "function") return debug;
  if (debug === false) return undefined;
  if (debug === true) return (line) => process.stderr.write(`x:http ${line}\n`);
  return debugFromEnv(options.env ?? process.env);
}
