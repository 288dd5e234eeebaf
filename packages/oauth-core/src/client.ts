/**
 * The OAuth client: the pure builders and processors, sent through ky with a timeout.
 *
 * @module
 */
import type { KyInstance } from "ky";
import { MAX_TOKEN_RESPONSE_BYTES, readLimitedText } from "./body.js";
import type { OAuthHttpRequest, OAuthProviderDefinition } from "./definition.js";
import {
  AbortedError,
  ConfigurationError,
  NetworkError,
  OAUTH_TIMEOUT,
  ResponseTooLargeError,
} from "./errors.js";
import { codeChallengeS256, generateCodeVerifier, generateState } from "./pkce.js";
import { hideSecrets, mask } from "./redact.js";
import {
  buildAuthorizationUrl,
  buildRevocationRequest,
  buildTokenRequest,
  type OAuthClientCredentials,
} from "./request.js";
import {
  processRedirect,
  processRevocationResponse,
  processTokenResponse,
  type ReceivedResponse,
  type RedirectResult,
  revalidateCaptured,
} from "./response.js";
import type { TokenSet } from "./tokens.js";

/** Options of {@link createOAuthClient}. */
export interface OAuthClientOptions {
  clientId: string;
  /** The client secret; omit for public clients. */
  clientSecret?: string | undefined;
  /** The registered redirect URI (CallbackURL). */
  redirectUri?: string | undefined;
  /** Template values for the endpoints (region, subdomain, ...). Captured metadata overrides them. */
  values?: Readonly<Record<string, string>> | undefined;
  /** Timeout of each HTTP request, headers and whole body, ms. Default 30 000. */
  timeoutMs?: number | undefined;
  /** A fetch implementation (proxies, tests). Default the global fetch. */
  fetch?: typeof fetch | undefined;
  /**
   * Applied to every URL the client produces or calls (authorization URL, token and revocation
   * endpoints). Connectors use it to route to a local emulator.
   */
  rewriteUrl?: ((url: URL) => URL) | undefined;
  /**
   * Accept `http://` origins on loopback hosts for origin placeholders (`{accounts-server}`): only
   * for a local emulator. Default `false`: captured origins must be https.
   */
  allowLoopbackHttp?: boolean | undefined;
  /** The User-Agent header of token requests (some providers require one). */
  userAgent?: string | undefined;
  /** Clock, epoch ms. Default `Date.now`. */
  now?: (() => number) | undefined;
  /**
   * Retries after a failure that proves the request was never sent (connection refused, DNS
   * failure). Default 1. Other failures are never retried: a token POST that may have reached
   * the server could consume a rotating refresh token twice.
   */
  networkRetries?: number | undefined;
}

/** Options of {@link OAuthClient.createAuthorizationRequest}. */
export interface AuthorizationRequestOptions {
  /** Scopes; default the provider's default scopes. */
  scopes?: readonly string[] | undefined;
  /** A state value; default 32 random bytes. */
  state?: string | undefined;
  /** Extra query parameters. */
  extraParams?: Readonly<Record<string, string>> | undefined;
  /** Template values for this request (merged over the client's). */
  values?: Readonly<Record<string, string>> | undefined;
  /** Overrides the client's redirect URI. */
  redirectUri?: string | undefined;
  /**
   * Send PKCE for this request. Default: the provider's `pkce`. A confidential client may turn it
   * off when the code will be exchanged where the verifier cannot travel (a pasted
   * `OAuthVerifier`); the client secret then authenticates the exchange.
   */
  pkce?: boolean | undefined;
}

/** What the application keeps (in its session) between the redirect and the callback. */
export interface AuthorizationRequest {
  /** Where to send the user. */
  url: URL;
  /** Compare with the redirect's `state`. */
  state: string;
  /** The PKCE verifier (a secret), or `undefined` when the provider does not use PKCE. */
  codeVerifier: string | undefined;
  /** The redirect URI used. */
  redirectUri: string | undefined;
}

/** Options of {@link OAuthClient.exchangeCode}. */
export interface ExchangeCodeOptions {
  codeVerifier?: string | undefined;
  /** Values captured from the redirect (template values and metadata). */
  captured?: Readonly<Record<string, string>> | undefined;
  redirectUri?: string | undefined;
  signal?: AbortSignal | undefined;
}

/** Options of {@link OAuthClient.refresh}. */
export interface RefreshOptions {
  /** Metadata of the current token set: template values, and carried into the new set. */
  metadata?: Readonly<Record<string, string>> | undefined;
  scopes?: readonly string[] | undefined;
  signal?: AbortSignal | undefined;
}

/** A provider-bound OAuth client. */
export interface OAuthClient {
  readonly definition: OAuthProviderDefinition;
  readonly clientId: string;
  readonly redirectUri: string | undefined;
  /** Builds an authorization URL with fresh state and PKCE verifier. */
  createAuthorizationRequest(options?: AuthorizationRequestOptions): AuthorizationRequest;
  /** Validates a redirect (state, errors, code, captured values). */
  processRedirect(
    input: URL | URLSearchParams | string,
    expectedState: string | undefined,
  ): RedirectResult;
  /** Exchanges an authorization code for tokens. */
  exchangeCode(code: string, options?: ExchangeCodeOptions): Promise<TokenSet>;
  /** Refreshes tokens; keeps the old refresh token when the response omits it. */
  refresh(refreshToken: string, options?: RefreshOptions): Promise<TokenSet>;
  /** Revokes a token (RFC 7009). */
  revoke(
    token: string,
    hint?: "access_token" | "refresh_token",
    options?: { metadata?: Readonly<Record<string, string>>; signal?: AbortSignal },
  ): Promise<void>;
  /** The template values the client was created with. */
  readonly values: Readonly<Record<string, string>>;
  /** Applies `rewriteUrl` (identity when none was given). */
  rewriteUrl(url: URL): URL;
}

const transientCodes = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]);

function causeCode(error: unknown): string | undefined {
  let e: unknown = error;
  for (let i = 0; i < 4 && e instanceof Error; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
    e = e.cause;
  }
  return undefined;
}

/**
 * Creates an OAuth client for a provider definition.
 *
 * Token and revocation requests are POSTed with ky and a timeout. They are not retried, except
 * when the connection was refused or DNS failed (the request never left), `networkRetries`
 * times. Errors are typed (see `errors.ts`); HTTP objects are never attached to them.
 */
export function createOAuthClient(
  def: OAuthProviderDefinition,
  options: OAuthClientOptions,
): OAuthClient {
  if (typeof options.clientId !== "string" || options.clientId === "") {
    throw new ConfigurationError(
      `No OAuth client id for provider "${def.id}"`,
      "Pass the client id of the application registered with the provider (OAuthClientId).",
    );
  }
  const credentials: OAuthClientCredentials = {
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    redirectUri: options.redirectUri,
  };
  const values = Object.freeze({ ...(options.values ?? {}) });
  const timeoutMs = options.timeoutMs ?? 30_000;
  const now = options.now ?? Date.now;
  const rewrite = options.rewriteUrl ?? ((url: URL) => url);
  const networkRetries = options.networkRetries ?? 1;
  const templateOptions = { allowLoopbackHttp: options.allowLoopbackHttp };
  // ky is loaded at the first token request, not at import: its feature checks build a Request,
  // which loads Node's fetch implementation (tens of ms) in programs that never send one.
  let http: Promise<{ http: KyInstance; KyTimeoutError: typeof import("ky").TimeoutError }>;
  const loadHttp = () => {
    http ??= import("ky").then(({ default: ky, TimeoutError: KyTimeoutError }) => ({
      http: ky.create({
        timeout: timeoutMs,
        retry: 0,
        throwHttpErrors: false,
        redirect: "manual",
        ...(options.fetch ? { fetch: options.fetch } : {}),
      }),
      KyTimeoutError,
    }));
    return http;
  };

  async function send(
    request: OAuthHttpRequest,
    signal: AbortSignal | undefined,
  ): Promise<ReceivedResponse> {
    const url = rewrite(new URL(request.url.href));
    const headers = { ...request.headers };
    if (options.userAgent) headers["user-agent"] = options.userAgent;
    const where = `${url.origin}${url.pathname}`;
    const { http, KyTimeoutError } = await loadHttp();
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw new AbortedError(`The request to ${where}`);
      // ky's timeout ends with the headers; the body gets what is left of the same budget.
      const deadline = Date.now() + timeoutMs;
      // Aborted when the body is given up on, so the connection is closed, not pooled.
      const giveUp = new AbortController();
      try {
        const response = await http(url.href, {
          method: request.method,
          headers,
          body: request.body.toString(),
          signal: signal ? AbortSignal.any([signal, giveUp.signal]) : giveUp.signal,
        });
        const bodyText = await readLimitedText(response, {
          maxBytes: MAX_TOKEN_RESPONSE_BYTES,
          deadline,
          onTimeout: () => NetworkError.timeout(where, timeoutMs),
          onTooLarge: () => new ResponseTooLargeError(where, MAX_TOKEN_RESPONSE_BYTES),
        });
        return { status: response.status, headers: response.headers, bodyText };
      } catch (error) {
        if (
          (error instanceof NetworkError && error.code === OAUTH_TIMEOUT) ||
          error instanceof ResponseTooLargeError
        ) {
          giveUp.abort();
          throw error;
        }
        if (error instanceof KyTimeoutError) throw NetworkError.timeout(where, timeoutMs);
        if (signal?.aborted) throw new AbortedError(`The request to ${where}`);
        if (attempt < networkRetries && transientCodes.has(causeCode(error) ?? "")) continue;
        throw new NetworkError(where, error);
      }
    }
  }

  const client: OAuthClient = {
    definition: def,
    clientId: options.clientId,
    redirectUri: options.redirectUri,
    values,
    rewriteUrl: (url) => rewrite(url),
    createAuthorizationRequest(opts = {}) {
      const state = opts.state ?? generateState();
      const codeVerifier = (opts.pkce ?? def.pkce) ? generateCodeVerifier() : undefined;
      const redirectUri = opts.redirectUri ?? options.redirectUri;
      const url = buildAuthorizationUrl(def, credentials, {
        pkce: codeVerifier !== undefined,
        state,
        codeChallenge: codeVerifier ? codeChallengeS256(codeVerifier) : undefined,
        scopes: opts.scopes,
        extraParams: opts.extraParams,
        values: { ...values, ...(opts.values ?? {}) },
        redirectUri,
        allowLoopbackHttp: options.allowLoopbackHttp,
      });
      const result = { url: rewrite(url), state, codeVerifier, redirectUri };
      return hideSecrets(result, () => ({
        url: result.url.href,
        state: result.state,
        codeVerifier: mask(result.codeVerifier),
        redirectUri: result.redirectUri,
      }));
    },
    processRedirect(input, expectedState) {
      return processRedirect(input, { expectedState, def });
    },
    async exchangeCode(code, opts = {}) {
      revalidateCaptured(def, opts.captured ?? {});
      const request = buildTokenRequest(
        def,
        credentials,
        {
          type: "authorization_code",
          code,
          redirectUri: opts.redirectUri ?? options.redirectUri,
          codeVerifier: opts.codeVerifier,
        },
        { ...values, ...(opts.captured ?? {}) },
        templateOptions,
      );
      const response = await send(request, opts.signal);
      return processTokenResponse(def, response, {
        now: now(),
        captured: opts.captured,
        grant: "authorization code",
        secrets: [options.clientSecret, code, opts.codeVerifier],
      });
    },
    async refresh(refreshToken, opts = {}) {
      const metadata = opts.metadata ?? {};
      // Metadata comes back from a session or a store: checked again, as it picks the endpoint.
      revalidateCaptured(def, metadata);
      const request = buildTokenRequest(
        def,
        credentials,
        { type: "refresh_token", refreshToken, scopes: opts.scopes },
        { ...values, ...metadata },
        templateOptions,
      );
      const response = await send(request, opts.signal);
      return processTokenResponse(def, response, {
        now: now(),
        previous: { refreshToken, metadata },
        grant: "refresh token",
        secrets: [options.clientSecret, refreshToken],
      });
    },
    async revoke(token, hint, opts = {}) {
      revalidateCaptured(def, opts.metadata ?? {});
      const request = buildRevocationRequest(
        def,
        credentials,
        { token, tokenTypeHint: hint },
        { ...values, ...(opts.metadata ?? {}) },
        templateOptions,
      );
      const response = await send(request, opts.signal);
      processRevocationResponse(def, response, {
        now: now(),
        secrets: [options.clientSecret, token],
      });
    },
  };
  return hideSecrets(client, () => ({
    provider: def.id,
    clientId: options.clientId,
    clientSecret: mask(options.clientSecret),
    redirectUri: options.redirectUri,
  }));
}
