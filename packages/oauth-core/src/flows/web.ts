/**
 * Web flow: the three procedures (`GetOAuthAuthorizationURL`, `GetOAuthAccessToken`,
 * `RefreshOAuthAccessToken`) as functions a web application calls across two HTTP requests.
 * The application keeps `state` and `codeVerifier` in its session between them.
 *
 * @module
 */
import type { SettingsStore } from "@x/settings-store";
import type { OAuthClient } from "../client.js";
import { ConfigurationError } from "../errors.js";
import { hideSecrets, mask } from "../redact.js";
import { createTokenManager, type TokenManagerOptions } from "../token-manager.js";
import { expiresInSeconds, type TokenSet } from "../tokens.js";

/** Options of {@link getAuthorizationUrl}. */
export interface GetAuthorizationUrlOptions {
  /** The app's redirect URI (CallbackURL); default the client's. */
  callbackUrl?: string | undefined;
  /** A state value; default a random one. */
  state?: string | undefined;
  scopes?: readonly string[] | undefined;
  /** Provider extras (e.g. Highrise `Permissions`). */
  extraParams?: Readonly<Record<string, string>> | undefined;
  /** Template values for this request (region, subdomain). */
  values?: Readonly<Record<string, string>> | undefined;
  /** Send PKCE (default: the provider's setting); see `AuthorizationRequestOptions.pkce`. */
  pkce?: boolean | undefined;
}

/** What to redirect the user to, and what to keep in the session. */
export interface WebAuthorization {
  url: string;
  /** Keep in the session; check it on the callback. */
  state: string;
  /** Keep in the session (server side only: it is a secret); `undefined` without PKCE. */
  codeVerifier: string | undefined;
}

/** `GetOAuthAuthorizationURL`: the authorization URL plus the state and PKCE verifier to keep. */
export function getAuthorizationUrl(
  client: OAuthClient,
  options: GetAuthorizationUrlOptions = {},
): WebAuthorization {
  const request = client.createAuthorizationRequest({
    redirectUri: options.callbackUrl,
    state: options.state,
    scopes: options.scopes,
    extraParams: options.extraParams,
    values: options.values,
    pkce: options.pkce,
  });
  const result: WebAuthorization = {
    url: request.url.href,
    state: request.state,
    codeVerifier: request.codeVerifier,
  };
  return hideSecrets(result, () => ({
    url: result.url,
    state: result.state,
    codeVerifier: mask(result.codeVerifier),
  }));
}

/** Tokens as the procedures return them. */
export interface WebTokenResult {
  accessToken: string;
  refreshToken: string | undefined;
  /** Seconds until the access token expires, if known. */
  expiresIn: number | undefined;
  /** Captured values (`api_domain`, `accounts-server`, ...): pass them back on refresh. */
  metadata: Readonly<Record<string, string>>;
  /** The full token set. */
  tokens: TokenSet;
}

function toResult(tokens: TokenSet, now: number): WebTokenResult {
  const result: WebTokenResult = {
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    expiresIn: expiresInSeconds(tokens, now),
    metadata: tokens.metadata,
    tokens,
  };
  return hideSecrets(result, () => ({
    accessToken: mask(result.accessToken),
    refreshToken: mask(result.refreshToken),
    expiresIn: result.expiresIn,
    metadata: result.metadata,
  }));
}

/** Options of {@link exchangeVerifier}. */
export interface ExchangeVerifierOptions {
  /**
   * The `code` of the redirect, or the whole redirect URL (then `state` is checked and values
   * such as Zoho's `accounts-server` are captured from it).
   *
   * A bare `code` carries no state to compare: the application took it from the redirect in its
   * own callback handler, and must compare that redirect's `state` with the one kept in the
   * session there, before calling this.
   */
  verifier: string;
  /**
   * The state kept in the session, compared with the redirect's when `verifier` is a redirect URL.
   * Required then: without it, a redirect started by someone else (login CSRF) would be accepted,
   * and providers without PKCE have nothing else to catch it. Pass `false` only when the caller
   * has already compared the redirect's `state` itself.
   */
  state?: string | false | undefined;
  /** The PKCE verifier kept in the session. */
  codeVerifier?: string | undefined;
  /** The redirect URI used for the authorization URL. */
  callbackUrl?: string | undefined;
  /** Values captured from the redirect, when only the code is passed. */
  captured?: Readonly<Record<string, string>> | undefined;
  signal?: AbortSignal | undefined;
}

/** `GetOAuthAccessToken`: exchanges the code (the "verifier") for tokens. */
export async function exchangeVerifier(
  client: OAuthClient,
  options: ExchangeVerifierOptions,
): Promise<WebTokenResult> {
  let code = options.verifier.trim();
  let captured = options.captured;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(code) || code.includes("code=")) {
    if (options.state === undefined || options.state === "") {
      throw new ConfigurationError(
        "The verifier is a redirect URL, but no state was given to compare with its `state`",
        "Pass the state kept in the session with the authorization URL (state: session.state); pass state: false only if you compared the redirect's state yourself.",
      );
    }
    const redirect = client.processRedirect(
      code,
      options.state === false ? undefined : options.state,
    );
    code = redirect.code;
    captured = { ...(captured ?? {}), ...redirect.captured };
  }
  const tokens = await client.exchangeCode(code, {
    codeVerifier: options.codeVerifier,
    captured,
    redirectUri: options.callbackUrl,
    signal: options.signal,
  });
  return toResult(tokens, Date.now());
}

/** Options of {@link refreshAccessToken}. */
export interface RefreshAccessTokenOptions {
  refreshToken: string;
  /** Metadata returned with the tokens (needed where endpoints depend on it, e.g. Zoho's accounts server). */
  metadata?: Readonly<Record<string, string>> | undefined;
  signal?: AbortSignal | undefined;
}

/** `RefreshOAuthAccessToken`: a new access token (and refresh token, where the provider rotates it). */
export async function refreshAccessToken(
  client: OAuthClient,
  options: RefreshAccessTokenOptions,
): Promise<WebTokenResult> {
  const tokens = await client.refresh(options.refreshToken, {
    metadata: options.metadata,
    signal: options.signal,
  });
  return toResult(tokens, Date.now());
}

/** Options of {@link refreshStoredAccessToken}. */
export interface RefreshStoredAccessTokenOptions {
  /** A refresh token supplied by the caller: seeds an empty record, and is tried when the stored one is refused. */
  refreshToken?: string | undefined;
  /** Metadata belonging to `refreshToken` (e.g. `accounts-server`), for an empty record. */
  metadata?: Readonly<Record<string, string>> | undefined;
  /** Token manager options (lock, clock). */
  tokens?: Omit<TokenManagerOptions, "client" | "store" | "givenRefreshToken"> | undefined;
}

/**
 * `RefreshOAuthAccessToken` for a connection with a settings store: refreshes through the token
 * manager's locked path (lock, re-read, refresh, persist), so concurrent calls in any processes
 * spend a rotating refresh token once; a caller that waited on another's refresh gets its tokens.
 */
export async function refreshStoredAccessToken(
  client: OAuthClient,
  store: SettingsStore,
  options: RefreshStoredAccessTokenOptions = {},
): Promise<WebTokenResult> {
  const given = options.refreshToken;
  if (given) {
    await store.update((current) => {
      if (current?.refreshToken) return undefined;
      return {
        ...(current ?? {}),
        refreshToken: given,
        ...(options.metadata ? { metadata: { ...current?.metadata, ...options.metadata } } : {}),
      };
    });
  }
  const manager = createTokenManager({
    ...(options.tokens ?? {}),
    client,
    store,
    givenRefreshToken: given,
    cooldownMs: 0,
  });
  // An expired or missing access token is refreshed by getTokenSet; a valid one is replaced
  // (force), unless another caller replaced it meanwhile. Either way one refresh per call.
  const before = (await store.get())?.accessToken;
  let tokens = await manager.getTokenSet();
  if (tokens.accessToken === before) tokens = await manager.refresh({ force: true });
  return toResult(tokens, Date.now());
}
