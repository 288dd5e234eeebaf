import { PropertyMap, parse } from "@x/conn-string";
import {
  type AccessTokenProvider,
  createOAuthClient,
  type DesktopFlowOptions,
  exchangeVerifier,
  getAuthorizationUrl,
  initiateOAuth,
  type OAuthClient,
  type OAuthProviderDefinition,
  refreshAccessToken,
  refreshStoredAccessToken,
  type WebAuthorization,
  type WebTokenResult,
} from "@x/oauth-core";
import {
  openSettingsStore,
  type PostgresPoolLike,
  type RedisClientLike,
  type SettingsStore,
} from "@x/settings-store";
import { type AuthStrategy, oauthTokenAuth } from "./auth.js";
import {
  type ConnectorConfig,
  type ConnectorProperties,
  connectorProperties,
  readConfig,
} from "./config.js";
import { Connection, type Identity, type ResourceDefinition } from "./connection.js";
import { ConnectorError, ConnectorErrorCode } from "./errors.js";
import { recallTokens, rememberTokens } from "./handoff.js";
import { type ApiClient, createApiClient, type ProviderErrorInfo } from "./http.js";
import { settingsRecordKey } from "./record-key.js";
import type { TableDeclaration } from "./tables/declaration.js";
import { emulatorRewrite, type HostPattern } from "./url-guard.js";

/** What a provider's hooks receive: the validated properties and what the connection knows. */
export interface ConnectorContext<C extends ConnectorConfig = ConnectorConfig> {
  config: C;
  /** The auth scheme in use (`OAuth`, `Basic`, `APIToken`, …). */
  scheme: string;
  /** Metadata of the current tokens (`api_domain`, `accounts-server`, …); empty without OAuth. */
  metadata(): Promise<Readonly<Record<string, string>>>;
  /** Facts found while connecting (Highrise's account URL, Zoho Inventory's organization). */
  state: Record<string, string>;
  /** Reports a deprecation or other warning (never a secret). */
  warn(message: string): void;
}

/** The OAuth side of a connector. */
export interface ConnectorOAuth<C extends ConnectorConfig> {
  definition: OAuthProviderDefinition;
  /** Template values of the endpoints (region, subdomain). */
  values(config: C): Record<string, string>;
  /** The auth header: `Authorization: Bearer <t>` unless the provider says otherwise. */
  header?: { name?: string; scheme?: string };
  /** Environment variables holding default client credentials (the "embedded app"). */
  env: { clientId: string; clientSecret: string };
  /** Where a user registers an OAuth application (shown when no client id is set). */
  registerAppUrl: string;
  /** Extra authorization parameters from properties (Highrise's `Permissions`). */
  authorizationParams?(config: C): Record<string, string>;
  /** Scopes from the `Scope` property; default: split on spaces and commas. */
  scopes?(config: C): string[] | undefined;
  /**
   * The property values that select an account or host (Zendesk subdomain, Pipedrive company
   * domain, Highrise account). With the client id they make the default record key, so two
   * accounts in one settings location never share tokens. Default: {@link ConnectorOAuth.values}.
   */
  account?(config: C): Record<string, string | undefined>;
}

/**
 * A connector, as data plus small hooks: its properties, auth schemes, OAuth definition, API base
 * and hosts, who-am-I, resources, and error envelope.
 */
export interface ConnectorDefinition<C extends ConnectorConfig = ConnectorConfig> {
  /** Package-style id: `zoho-crm`. Names the default settings folder and record. */
  id: string;
  /** Display name: `Zoho CRM`. */
  name: string;
  /** `name/version` for the User-Agent. */
  userAgent: string;
  /** Provider-specific property declarations (the common ones are added by the kit). */
  properties: ConnectorProperties;
  /** Auth schemes in order of preference; the first is the default. */
  authSchemes: readonly [string, ...string[]];
  /**
   * The scheme meant when `AuthScheme` is absent, from the other properties (Zendesk: User with
   * Password or APIToken means Basic). Return `undefined` for the default, the first scheme.
   */
  inferAuthScheme?(config: C): string | undefined;
  oauth?: ConnectorOAuth<C>;
  /** Credentials for the non-OAuth schemes; throw a `ConnectorError` when properties are missing. */
  credentials?(ctx: ConnectorContext<C>): AuthStrategy;
  /** Base URL and the hosts allowed to receive credentials. */
  api(ctx: ConnectorContext<C>): {
    baseUrl: string | (() => string | Promise<string>);
    allowedHosts: readonly HostPattern[];
    headers?: Record<string, string>;
  };
  /** Runs once authenticated, before the connection is returned (account discovery). */
  prepare?(ctx: ConnectorContext<C>, api: ApiClient): Promise<void>;
  whoAmI(api: ApiClient, ctx: ConnectorContext<C>): Promise<Identity>;
  resources(ctx: ConnectorContext<C>): Record<string, ResourceDefinition>;
  /** The provider's data as tables (see `defineTable`), by name. */
  tables?(ctx: ConnectorContext<C>): Readonly<Record<string, TableDeclaration>>;
  parseError?(body: string, response: Response): ProviderErrorInfo | undefined;
  /** Answers that mean "not authenticated" without a 401 (read the body from the clone given). */
  isUnauthorized?(request: Request, response: Response): Promise<boolean>;
  /**
   * Where `isUnauthorized` can apply (the real request URL); only those answers are cloned and
   * checked, so other requests do not pay for it. Default: every answer.
   */
  unauthorizedIn?(url: URL): boolean;
  /** Deprecation warnings for a configuration (never failures). */
  warnings?(config: C, scheme: string): string[];
  /** Safe facts for `inspect(connection)`. */
  summary?(ctx: ConnectorContext<C>): Record<string, string | undefined>;
}

/** Options of `connect()` that are code, not properties. */
export interface ConnectOptions {
  /** Receives warnings (deprecations). Default `process.emitWarning`. */
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
  /** Injected fetch for API calls and token requests. */
  fetch?: typeof fetch;
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
export interface Connector<C extends ConnectorConfig = ConnectorConfig> {
  readonly id: string;
  readonly name: string;
  /** Every property the connector accepts (common and provider-specific). */
  readonly properties: ConnectorProperties;
  /** Validates properties, runs `InitiateOAuth`, and returns an authenticated connection. */
  connect(input: ConnectInput, options?: ConnectOptions): Promise<Connection>;
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

const DEFAULT_CALLBACK = "http://127.0.0.1:33333/callback";

/** Defines a connector from its data and hooks. */
export function defineConnector<C extends ConnectorConfig>(
  definition: ConnectorDefinition<C>,
): Connector<C> {
  const properties = connectorProperties(definition.properties, definition.authSchemes);

  function parseConfig(input: ConnectInput): C {
    const config = readConfig(properties, input) as C;
    // Without an AuthScheme, the credentials given may say which one is meant (Zendesk: User
    // with Password or APIToken is Basic); the first scheme stays the default otherwise.
    if (definition.inferAuthScheme && !givesProperty(input, "AuthScheme")) {
      const inferred = definition.inferAuthScheme(config);
      if (inferred && inferred !== config.AuthScheme) {
        return readConfig(properties, withProperty(input, "AuthScheme", inferred)) as C;
      }
    }
    return config;
  }

  function warnFn(options: ConnectOptions): (message: string) => void {
    return (
      options.onWarning ?? ((message) => process.emitWarning(message, { code: "X_CONNECTOR" }))
    );
  }

  function rewriteFor(config: C, options: ConnectOptions): ((url: URL) => URL) | undefined {
    const url = options.emulatorUrl ?? config.EmulatorURL;
    return url ? emulatorRewrite(url) : undefined;
  }

  function oauthClient(
    config: C,
    options: ConnectOptions,
    required: boolean,
  ): OAuthClient | undefined {
    const oauth = definition.oauth;
    if (!oauth) return undefined;
    const env = options.env ?? process.env;
    const clientId = config.OAuthClientId ?? env[oauth.env.clientId];
    const clientSecret = config.OAuthClientSecret ?? env[oauth.env.clientSecret];
    if (!clientId) {
      if (!required) return undefined;
      throw new ConnectorError(
        ConnectorErrorCode.Configuration,
        `${definition.name} OAuth needs a client id, and none was given.`,
        {
          hint: `Register an OAuth application at ${oauth.registerAppUrl}, then set OAuthClientId and OAuthClientSecret (and CallbackURL) in the connection string, or the ${oauth.env.clientId} and ${oauth.env.clientSecret} environment variables.`,
        },
      );
    }
    return createOAuthClient(oauth.definition, {
      clientId,
      clientSecret,
      redirectUri: config.CallbackURL ?? DEFAULT_CALLBACK,
      values: oauth.values(config),
      rewriteUrl: rewriteFor(config, options),
      // An emulator may hand out loopback origins; real providers' are https.
      allowLoopbackHttp: (options.emulatorUrl ?? config.EmulatorURL) !== undefined,
      userAgent: definition.userAgent,
      fetch: options.fetch,
      timeoutMs: config.Timeout * 1000,
    });
  }

  async function store(
    config: C,
    client: OAuthClient | undefined,
    options: ConnectOptions,
    location = config.OAuthSettingsLocation,
  ): Promise<SettingsStore> {
    const env = options.env ?? process.env;
    const record = settingsRecordKey({
      provider: definition.id,
      given: options.settingsKey ?? config.OAuthSettingsKey,
      clientId: client?.clientId,
      account: definition.oauth
        ? (definition.oauth.account ?? definition.oauth.values)(config)
        : {},
    });
    return openSettingsStore(location, {
      provider: definition.id,
      key: record.key,
      legacyKeys: record.legacyKeys,
      ...(options.redisClient ? { redisClient: options.redisClient } : {}),
      ...(options.postgresPool ? { postgresPool: options.postgresPool } : {}),
      recovery: {
        ...(options.recoveryPath ? { path: options.recoveryPath } : {}),
        onEvent: (event) => {
          if (event.type === "written") return;
          const why = event.error instanceof Error ? `: ${event.error.message}` : "";
          warnFn(options)(
            event.type === "kept"
              ? `The settings store did not take the new OAuth tokens${why}. They are used from memory, kept in ${event.path}, and written to the store when it is back.`
              : `The recovery file ${event.path} could not be written either${why}. The new OAuth tokens live in this process's memory until the store is back.`,
          );
        },
      },
      secret: config.OAuthSettingsSecret,
      clientId: client?.clientId,
      clientSecret:
        config.OAuthClientSecret ??
        (definition.oauth ? env[definition.oauth.env.clientSecret] : undefined),
      env,
    });
  }

  function scopesOf(config: C): string[] | undefined {
    if (definition.oauth?.scopes) return definition.oauth.scopes(config);
    return config.Scope ? config.Scope.split(/[\s,]+/).filter(Boolean) : undefined;
  }

  async function connect(input: ConnectInput, options: ConnectOptions = {}): Promise<Connection> {
    const config = parseConfig(input);
    const warn = warnFn(options);
    const scheme = config.AuthScheme;
    for (const message of definition.warnings?.(config, scheme) ?? []) warn(message);

    let tokens: AccessTokenProvider | undefined;
    let settings: SettingsStore | undefined;
    let auth: AuthStrategy;
    const ctx: ConnectorContext<C> = {
      config,
      scheme,
      state: {},
      warn,
      metadata: async () => (tokens ? (await tokens.getTokenSet()).metadata : {}),
    };

    if (scheme === "OAuth" && definition.oauth) {
      const mode = config.InitiateOAuth;
      const needsClient = mode !== "OFF";
      const client = oauthClient(config, options, needsClient);
      if (mode !== "OFF") settings = await store(config, client, options);
      // A token a procedure returned in this process brings the rest of its set along: the
      // refresh token and the provider's values (data centre, api_domain).
      const handed =
        recallTokens(definition.id, config.OAuthAccessToken) ??
        recallTokens(definition.id, config.OAuthRefreshToken);
      try {
        tokens = await initiateOAuth({
          mode,
          client: client ?? staticClient(definition, config),
          store: settings,
          given: {
            accessToken: config.OAuthAccessToken,
            refreshToken: config.OAuthRefreshToken ?? handed?.refreshToken,
            verifier: config.OAuthVerifier,
            metadata: handed?.metadata,
          },
          desktop: {
            callbackUrl: config.CallbackURL ?? DEFAULT_CALLBACK,
            scopes: scopesOf(config),
            extraParams: definition.oauth.authorizationParams?.(config),
            openBrowser: options.openBrowser,
            onAuthorizationUrl: options.onAuthorizationUrl,
            readPastedRedirect: options.readPastedRedirect,
            timeoutMs: options.authorizationTimeoutMs,
            signal: options.signal,
          },
        });
        if (settings && config.OAuthAccessToken && !(await settings.get())?.refreshToken) {
          warn(
            `${definition.name}: no refresh token is stored with the OAuthAccessToken given, so this connection stops working when the access token expires. Pass OAuthRefreshToken too, or OAuthSettingsLocation to GetOAuthAccessToken so that it stores both.`,
          );
        }
      } catch (error) {
        await settings?.close();
        throw error;
      }
      auth = oauthTokenAuth(tokens, {
        ...(definition.oauth.header?.name ? { header: definition.oauth.header.name } : {}),
        ...(definition.oauth.header?.scheme ? { scheme: definition.oauth.header.scheme } : {}),
      });
    } else if (definition.credentials) {
      auth = definition.credentials(ctx);
    } else {
      throw new ConnectorError(
        ConnectorErrorCode.Configuration,
        `${definition.name} does not support AuthScheme=${scheme}.`,
        { hint: `Use one of: ${definition.authSchemes.join(", ")}.` },
      );
    }

    const apiSpec = definition.api(ctx);
    const api = createApiClient({
      provider: definition.name,
      baseUrl: apiSpec.baseUrl,
      allowedHosts: apiSpec.allowedHosts,
      auth,
      rewriteUrl: rewriteFor(config, options),
      fetch: options.fetch,
      timeoutMs: config.Timeout * 1000,
      deadlineMs: options.deadlineMs,
      userAgent: definition.userAgent,
      headers: apiSpec.headers,
      parseError: definition.parseError,
      isUnauthorized: definition.isUnauthorized,
      unauthorizedIn: definition.unauthorizedIn,
    });
    try {
      await definition.prepare?.(ctx, api);
    } catch (error) {
      await settings?.close();
      throw error;
    }
    return new Connection({
      provider: definition.name,
      authScheme: scheme,
      api,
      whoAmI: (client) => definition.whoAmI(client, ctx),
      resources: definition.resources(ctx),
      tables: definition.tables?.(ctx),
      summary: definition.summary?.(ctx),
      close: async () => {
        await settings?.close();
      },
    });
  }

  function requireOAuth(config: C, options: ConnectOptions): OAuthClient {
    if (!definition.oauth) {
      throw new ConnectorError(
        ConnectorErrorCode.Configuration,
        `${definition.name} has no OAuth.`,
        {
          hint: `Use one of: ${definition.authSchemes.join(", ")}.`,
        },
      );
    }
    return oauthClient(config, options, true) as OAuthClient;
  }

  async function getAuthorizationUrlProcedure(
    input: ConnectInput,
    request: AuthorizationUrlRequest = {},
    options: ConnectOptions = {},
  ): Promise<WebAuthorization> {
    const config = parseConfig(input);
    const client = requireOAuth(config, options);
    const scopes = request.scope ? request.scope.split(/[\s,]+/).filter(Boolean) : scopesOf(config);
    const env = options.env ?? process.env;
    const confidential = Boolean(
      config.OAuthClientSecret ??
        (definition.oauth ? env[definition.oauth.env.clientSecret] : undefined),
    );
    // A confidential client (one with a secret) authenticates its exchange with the secret, so it
    // sends no PKCE unless asked: the code alone is then enough to exchange, in both modes (a
    // headless OAuthVerifier, or a web app that keeps only the code). Public clients always use
    // PKCE. `pkce: true` turns it on for an app that keeps the codeVerifier in its session.
    const pkce = request.pkce ?? (confidential ? false : undefined);
    return getAuthorizationUrl(client, {
      ...(pkce !== undefined ? { pkce } : {}),
      callbackUrl: request.callbackUrl ?? config.CallbackURL ?? DEFAULT_CALLBACK,
      state: request.state,
      scopes,
      extraParams: definition.oauth?.authorizationParams?.(config),
    });
  }

  async function getAccessTokenProcedure(
    input: ConnectInput,
    request: AccessTokenRequest,
    options: ConnectOptions = {},
  ): Promise<WebTokenResult> {
    const config = parseConfig(input);
    const client = requireOAuth(config, options);
    const result = await exchangeVerifier(client, {
      verifier: request.verifier,
      state: request.state,
      codeVerifier: request.codeVerifier,
      callbackUrl: request.callbackUrl ?? config.CallbackURL ?? DEFAULT_CALLBACK,
    });
    rememberTokens(definition.id, result.tokens);
    if (config.OAuthSettingsLocation) await persist(config, client, options, result);
    return result;
  }

  async function refreshAccessTokenProcedure(
    input: ConnectInput,
    request: { refreshToken?: string } = {},
    options: ConnectOptions = {},
  ): Promise<WebTokenResult> {
    const config = parseConfig(input);
    const client = requireOAuth(config, options);
    const refreshToken = request.refreshToken ?? config.OAuthRefreshToken;
    if (config.OAuthSettingsLocation) {
      // Through the token manager's locked path: concurrent refreshes spend a rotating token once.
      const s = await store(config, client, options);
      try {
        if (!refreshToken && !(await s.get())?.refreshToken) throw noRefreshToken();
        const result = await refreshStoredAccessToken(client, s, {
          refreshToken,
          // The values that came with a given token (Zoho's data centre) say where to refresh it.
          metadata: recallTokens(definition.id, refreshToken)?.metadata,
        });
        rememberTokens(definition.id, result.tokens);
        return result;
      } finally {
        await s.close();
      }
    }
    if (!refreshToken) throw noRefreshToken();
    // The values that came with the token (Zoho's data centre) say where to refresh it.
    const metadata = recallTokens(definition.id, refreshToken)?.metadata;
    const result = await refreshAccessToken(client, { refreshToken, metadata });
    rememberTokens(definition.id, result.tokens);
    return result;
  }

  function noRefreshToken() {
    return new ConnectorError(
      ConnectorErrorCode.Configuration,
      "RefreshOAuthAccessToken needs a refresh token, and none was given or stored.",
      { hint: "Pass OAuthRefreshToken, or an OAuthSettingsLocation that holds tokens." },
    );
  }

  async function persist(
    config: C,
    client: OAuthClient,
    options: ConnectOptions,
    result: WebTokenResult,
  ) {
    const s = await store(config, client, options);
    try {
      const t = result.tokens;
      // The code is spent: if the store is down, the tokens go to the recovery file, not away.
      await s.update(
        (current) => ({
          ...current,
          accessToken: t.accessToken,
          refreshToken: t.refreshToken ?? current?.refreshToken,
          tokenType: t.tokenType,
          expiresAt: t.expiresAt,
          scope: t.scope,
          metadata: { ...current?.metadata, ...t.metadata },
        }),
        { durable: true },
      );
    } finally {
      await s.close();
    }
  }

  async function openSettings(
    input: ConnectInput,
    options: ConnectOptions & { location?: string } = {},
  ): Promise<SettingsStore> {
    const config = parseConfig(input);
    return store(
      config,
      oauthClient(config, options, false),
      options,
      options.location ?? config.OAuthSettingsLocation,
    );
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

// InitiateOAuth=OFF with only an access token needs no client id; initiateOAuth still takes a
// client, which is never called in that mode.
function staticClient<C extends ConnectorConfig>(
  definition: ConnectorDefinition<C>,
  config: C,
): OAuthClient {
  return createOAuthClient(definition.oauth!.definition, {
    clientId: "unused-with-InitiateOAuth-OFF",
    values: definition.oauth!.values(config),
  });
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
