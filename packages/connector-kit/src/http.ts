import ky, { HTTPError, type KyInstance, TimeoutError } from "ky";
import type { AuthStrategy } from "./auth.js";
import { ApiError, ConnectorError, ConnectorErrorCode } from "./errors.js";
import { assertProviderUrl, type HostPattern } from "./url-guard.js";

/** What a provider's error envelope says, as far as the connector can read it. */
export interface ProviderErrorInfo {
  code?: string | undefined;
  message?: string | undefined;
}

/** Options of {@link createApiClient}. */
export interface ApiClientOptions {
  /** Provider name used in messages, e.g. `Zoho CRM`. */
  provider: string;
  /** The real base URL; a function when it can change (Pipedrive's `api_domain` after a refresh). */
  baseUrl: string | (() => string | Promise<string>);
  /** Hosts that may receive credentials; checked on the real URL before every request. */
  allowedHosts: readonly HostPattern[] | (() => readonly HostPattern[]);
  auth: AuthStrategy;
  /** Applied at send time, after the host check: `EmulatorURL` routes here. */
  rewriteUrl?: ((url: URL) => URL) | undefined;
  /** Injected fetch (tests, proxies). */
  fetch?: typeof fetch | undefined;
  /** Per attempt, in ms. Default 30 000. */
  timeoutMs?: number | undefined;
  /** Retries of idempotent requests on 408/429/500/502/503/504 and network errors. */
  retry?: { limit?: number; maxRetryAfterMs?: number; backoffLimitMs?: number } | undefined;
  userAgent: string;
  headers?: Record<string, string> | undefined;
  /** Reads the provider's error envelope. */
  parseError?: ((body: string, response: Response) => ProviderErrorInfo | undefined) | undefined;
  /**
   * Recognises answers that mean "not authenticated" without a 401 (Zendesk's `users/me` answers
   * an expired token as the anonymous user, with 200). They get the same refresh-once-and-retry.
   * Read the body from a clone.
   */
  isUnauthorized?: ((request: Request, response: Response) => Promise<boolean>) | undefined;
}

/** One request through the client. `path` is relative to the base URL, or an absolute URL. */
export interface ApiRequest {
  method?: string;
  path: string;
  searchParams?:
    | Record<string, string | number | boolean | undefined>
    | URLSearchParams
    | undefined;
  json?: unknown;
  body?: BodyInit | undefined;
  headers?: Record<string, string> | undefined;
  signal?: AbortSignal | undefined;
}

/** The HTTP client of a connection: credentials, host guard, retries, typed errors. */
export interface ApiClient {
  /** Sends the request; resolves with the response (2xx or 304) or throws a typed error. */
  send(request: ApiRequest): Promise<Response>;
  /** Resolves a path against the current base URL, as `send` does. */
  resolve(path: string, searchParams?: ApiRequest["searchParams"]): Promise<URL>;
}

const idempotent = ["get", "head", "put", "delete", "options", "trace"];

/**
 * Builds the HTTP client every connector uses. Credentials are attached in `beforeRequest` (again on
 * every retry, so a refreshed token is picked up), a 401 triggers one refresh-and-retry only when
 * the failed request used the current token, and idempotent requests are retried with backoff on
 * 429/503/5xx and network errors, honouring `Retry-After`.
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const baseUrl =
    typeof options.baseUrl === "function" ? options.baseUrl : () => options.baseUrl as string;
  const allowed =
    typeof options.allowedHosts === "function"
      ? options.allowedHosts
      : () => options.allowedHosts as readonly HostPattern[];
  const rewrite = options.rewriteUrl;
  const baseFetch = options.fetch ?? globalThis.fetch;
  const sendFetch: typeof fetch = rewrite
    ? (input, init) => {
        const request = input instanceof Request ? input : new Request(input, init);
        const target = rewrite(new URL(request.url));
        return baseFetch(new Request(target, request), input instanceof Request ? undefined : init);
      }
    : baseFetch;

  const client: KyInstance = ky.create({
    fetch: sendFetch,
    timeout: options.timeoutMs ?? 30_000,
    throwHttpErrors: true,
    retry: {
      limit: options.retry?.limit ?? 3,
      methods: idempotent,
      statusCodes: [408, 429, 500, 502, 503, 504],
      afterStatusCodes: [413, 429, 503],
      maxRetryAfter: options.retry?.maxRetryAfterMs ?? 60_000,
      backoffLimit: options.retry?.backoffLimitMs ?? 10_000,
      jitter: true,
      // Only HTTP answers, timeouts and network failures are worth another try; an error raised by
      // our own hooks (a refresh that failed with invalid_grant) must reach the caller as it is.
      shouldRetry: ({ error }) =>
        error instanceof HTTPError || error instanceof TimeoutError || error instanceof TypeError
          ? undefined
          : false,
    },
    headers: { "user-agent": options.userAgent, ...options.headers },
    hooks: {
      beforeRequest: [
        async (request) => {
          assertProviderUrl(new URL(request.url), allowed(), options.provider);
          await options.auth.apply(request.headers);
        },
      ],
      // Only for providers that answer "not authenticated" with a 2xx: ky clones every response
      // for an afterResponse hook, a cost the others should not pay. A 401 is handled in send().
      ...(options.isUnauthorized
        ? {
            afterResponse: [
              async (request, _options, response, state) => {
                if (!response.ok || state.retryCount !== 0 || !options.auth.recover) return;
                if ((await options.isUnauthorized?.(request, response.clone())) !== true) return;
                if (await options.auth.recover(request)) {
                  return ky.retry({ delay: 0, code: "TOKEN_REFRESHED" });
                }
                return;
              },
            ],
          }
        : {}),
    },
  });

  async function resolve(path: string, searchParams?: ApiRequest["searchParams"]): Promise<URL> {
    const base = (await baseUrl()).replace(/\/?$/, "/");
    const url = new URL(path.replace(/^\//, ""), base);
    if (searchParams) {
      const entries =
        searchParams instanceof URLSearchParams ? [...searchParams] : Object.entries(searchParams);
      for (const [k, v] of entries) if (v !== undefined) url.searchParams.set(k, String(v));
    }
    return url;
  }

  async function send(request: ApiRequest): Promise<Response> {
    const url = await resolve(request.path, request.searchParams);
    const method = (request.method ?? "GET").toUpperCase();
    try {
      // ky replaces the instance's headers when a request passes `headers: undefined`, so only
      // defined options are passed.
      const init: Parameters<KyInstance>[1] = { method };
      if (request.json !== undefined) init.json = request.json;
      if (request.body !== undefined) init.body = request.body;
      if (request.headers !== undefined) init.headers = request.headers;
      if (request.signal !== undefined) init.signal = request.signal;
      try {
        return await client(url, init);
      } catch (error) {
        // One refresh-and-retry after a 401, only if the request used the current token; a body
        // stream cannot be sent twice.
        const resendable = !(request.body instanceof ReadableStream);
        if (
          error instanceof HTTPError &&
          error.response.status === 401 &&
          resendable &&
          options.auth.recover &&
          (await options.auth.recover(error.request))
        ) {
          await error.response.body?.cancel();
          return await client(url, init);
        }
        throw error;
      }
    } catch (error) {
      // 304 after If-Modified-Since is an answer, not a failure.
      if (error instanceof HTTPError && error.response.status === 304) return error.response;
      throw await toConnectorError(error, { method, url, options });
    }
  }

  return { send, resolve };
}

async function toConnectorError(
  error: unknown,
  ctx: { method: string; url: URL; options: ApiClientOptions },
): Promise<unknown> {
  const where = `${ctx.url.origin}${ctx.url.pathname}`;
  if (error instanceof ConnectorError) return error;
  if (error instanceof HTTPError) {
    const response = error.response;
    const body = await response.text().catch(() => "");
    const info = safeParse(ctx.options.parseError, body, response);
    const retryAfter = Number(response.headers.get("retry-after")) || undefined;
    const status = response.status;
    const code =
      status === 401
        ? ConnectorErrorCode.Unauthorized
        : status === 429 || (status === 503 && retryAfter !== undefined)
          ? ConnectorErrorCode.RateLimited
          : ConnectorErrorCode.Api;
    const hint =
      code === ConnectorErrorCode.Unauthorized
        ? "The credentials were refused. For OAuth, re-authorize (InitiateOAuth=GETANDREFRESH, or the procedures); for API tokens, check the token and its user."
        : code === ConnectorErrorCode.RateLimited
          ? `The provider is throttling requests${retryAfter ? ` (it asked to wait ${retryAfter} s)` : ""}; retries ran out. Lower the request rate or try again later.`
          : undefined;
    return new ApiError(
      {
        provider: ctx.options.provider,
        method: ctx.method,
        url: where,
        status,
        providerCode: info?.code,
        providerMessage: info?.message,
        retryAfter,
      },
      { code, ...(hint ? { hint } : {}) },
    );
  }
  if (error instanceof TimeoutError) {
    return new ConnectorError(
      ConnectorErrorCode.Timeout,
      `${ctx.options.provider} did not answer ${ctx.method} ${where} in time.`,
      { hint: "Raise the Timeout property, or check the network." },
    );
  }
  if (error instanceof TypeError || (error instanceof Error && error.name === "AbortError")) {
    return new ConnectorError(
      ConnectorErrorCode.Network,
      `${ctx.method} ${where} failed before ${ctx.options.provider} answered (${errorReason(error)}).`,
      { hint: "Check the network, the host name and any proxy." },
    );
  }
  return error;
}

function errorReason(error: Error): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? error.message;
}

function safeParse(
  parse: ApiClientOptions["parseError"],
  body: string,
  response: Response,
): ProviderErrorInfo | undefined {
  if (!parse || !body) return undefined;
  try {
    return parse(body, response);
  } catch {
    return undefined;
  }
}
