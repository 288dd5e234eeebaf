import type { KyInstance } from "ky";
import type { AuthStrategy } from "./auth.js";
import { bodyWithDeadline, DEFAULT_MAX_BODY_BYTES, readBodyText, withBodyLimits } from "./body.js";
import { ApiError, ConnectorError, ConnectorErrorCode } from "./errors.js";
import { followRedirects } from "./redirects.js";
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
  /** Per attempt, in ms: headers and the whole body. Default 30 000. */
  timeoutMs?: number | undefined;
  /**
   * Deadline of one call, retries and their waits included, in ms. Default twice `timeoutMs`. A
   * `Retry-After` that would end past it is not waited for: the call fails at once with
   * `CONNECTOR_RATE_LIMITED`.
   */
  deadlineMs?: number | undefined;
  /** Cap of a body read whole (`text()`, `json()`, pages), bytes. Default 32 MiB. */
  maxBodyBytes?: number | undefined;
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
  /**
   * Sends the request; resolves with the response (2xx or 304) or throws a typed error. Its
   * `text()` and `json()` read at most `maxBodyBytes` and fail with typed errors; the body must
   * arrive within the timeout like the headers.
   */
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
  const timeoutMs = options.timeoutMs ?? 30_000;
  // Timers take at most 2^31-1 ms; a longer deadline would fire at once.
  const deadlineMs = Math.min(options.deadlineMs ?? 2 * timeoutMs, 2 ** 31 - 1);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const maxRetryAfterMs = options.retry?.maxRetryAfterMs ?? 60_000;
  const fetchOnce = (request: Request): Promise<Response> =>
    rewrite ? baseFetch(new Request(rewrite(new URL(request.url)), request)) : baseFetch(request);
  const fetchFollowing = followRedirects(fetchOnce, {
    provider: options.provider,
    allowedHosts: allowed,
    auth: options.auth,
  });
  // One attempt: redirects followed within the allowed hosts, and the body bound to the same
  // timeout as the headers (ky's timeout ends when the headers arrive).
  const sendFetch: typeof fetch = async (input, init) => {
    const request =
      input instanceof Request && init === undefined ? input : new Request(input, init);
    const deadline = Date.now() + timeoutMs;
    const response = await fetchFollowing(request);
    const url = new URL(request.url);
    return bodyWithDeadline(
      response,
      deadline,
      () =>
        new ConnectorError(
          ConnectorErrorCode.Timeout,
          `${options.provider} did not send the whole answer to ${request.method} ${url.origin}${url.pathname} within ${timeoutMs} ms.`,
          { hint: "Raise the Timeout property, or check the network." },
        ),
    );
  };

  // ky does not merge a call's retry options into the instance's: each call passes them whole.
  const retryDefaults = {
    limit: options.retry?.limit ?? 3,
    methods: idempotent,
    statusCodes: [408, 429, 500, 502, 503, 504],
    afterStatusCodes: [413, 429, 503],
    backoffLimit: options.retry?.backoffLimitMs ?? 10_000,
    jitter: true,
  };

  // ky is loaded with the first request, not at import: its feature checks build a Request, which
  // loads Node's fetch implementation (tens of ms) in programs that may never send one.
  let loaded: Promise<{
    client: KyInstance;
    HTTPError: HTTPErrorClass;
    TimeoutError: TimeoutErrorClass;
  }>;
  const load = () => {
    loaded ??= import("ky").then(({ default: ky, HTTPError, TimeoutError }) => ({
      client: createKy(ky),
      HTTPError,
      TimeoutError,
    }));
    return loaded;
  };

  const createKy = (ky: typeof import("ky").default): KyInstance =>
    ky.create({
      fetch: sendFetch,
      timeout: timeoutMs,
      throwHttpErrors: true,
      redirect: "manual",
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
    const { client, HTTPError, TimeoutError } = await load();
    const url = await resolve(request.path, request.searchParams);
    const method = (request.method ?? "GET").toUpperCase();
    const where = `${url.origin}${url.pathname}`;
    // The whole call (attempts, waits between them, the 401 refresh) ends at one deadline.
    const callDeadline = Date.now() + deadlineMs;
    const expiry = new AbortController();
    const timer = setTimeout(
      () =>
        expiry.abort(
          new ConnectorError(
            ConnectorErrorCode.Timeout,
            `${options.provider} did not complete ${method} ${where} within ${deadlineMs} ms, retries included.`,
            {
              hint: "Raise the Timeout property (the deadline of a call is twice the Timeout), or try again later.",
            },
          ),
        ),
      deadlineMs,
    );
    const signal = request.signal
      ? AbortSignal.any([request.signal, expiry.signal])
      : expiry.signal;
    try {
      // ky replaces the instance's headers when a request passes `headers: undefined`, so only
      // defined options are passed.
      const init: Parameters<KyInstance>[1] = {
        method,
        signal,
        retry: {
          ...retryDefaults,
          maxRetryAfter: Math.max(0, Math.min(maxRetryAfterMs, callDeadline - Date.now())),
          // Only HTTP answers, timeouts and network failures are worth another try; an error
          // raised by our own hooks (a refresh that failed with invalid_grant) must reach the
          // caller as it is. A wait the provider asks for that ends past the deadline is not
          // waited for.
          shouldRetry: ({ error }) => {
            if (
              !(
                error instanceof HTTPError ||
                error instanceof TimeoutError ||
                error instanceof TypeError
              )
            ) {
              return false;
            }
            if (signal.aborted) return false;
            if (error instanceof HTTPError) {
              const wait = retryAfterMs(error.response);
              if (wait !== undefined && Date.now() + wait > callDeadline) return false;
            }
            return undefined;
          },
        },
      };
      if (request.json !== undefined) init.json = request.json;
      if (request.body !== undefined) init.body = request.body;
      if (request.headers !== undefined) init.headers = request.headers;
      try {
        return withBodyLimits(await client(url, init), maxBodyBytes);
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
          return withBodyLimits(await client(url, init), maxBodyBytes);
        }
        throw error;
      }
    } catch (error) {
      // 304 after If-Modified-Since is an answer, not a failure.
      if (error instanceof HTTPError && error.response.status === 304) return error.response;
      if (request.signal?.aborted || (error instanceof Error && error.name === "AbortError")) {
        throw aborted(method, where, options.provider);
      }
      if (expiry.signal.aborted && !(error instanceof ConnectorError)) throw expiry.signal.reason;
      throw await toConnectorError(error, { method, url, options, HTTPError, TimeoutError });
    } finally {
      clearTimeout(timer);
    }
  }

  return { send, resolve };
}

type HTTPErrorClass = typeof import("ky").HTTPError;
type TimeoutErrorClass = typeof import("ky").TimeoutError;

async function toConnectorError(
  error: unknown,
  ctx: {
    method: string;
    url: URL;
    options: ApiClientOptions;
    HTTPError: HTTPErrorClass;
    TimeoutError: TimeoutErrorClass;
  },
): Promise<unknown> {
  const { HTTPError, TimeoutError } = ctx;
  const where = `${ctx.url.origin}${ctx.url.pathname}`;
  if (error instanceof ConnectorError) return error;
  if (error instanceof HTTPError) {
    const response = error.response;
    // Only the start of an error body is worth reading (the envelope); a body that never ends
    // must not hold the call.
    const body = await readBodyText(response, { maxBytes: 64 * 1024, truncate: true }).catch(
      () => "",
    );
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
  if (error instanceof TypeError) {
    return new ConnectorError(
      ConnectorErrorCode.Network,
      `${ctx.method} ${where} failed before ${ctx.options.provider} answered (${errorReason(error)}).`,
      { hint: "Check the network, the host name and any proxy." },
    );
  }
  return error;
}

function aborted(method: string, where: string, provider: string): ConnectorError {
  return new ConnectorError(
    ConnectorErrorCode.Aborted,
    `${method} ${where} to ${provider} was cancelled by the caller.`,
    {
      hint: "The AbortSignal passed with the request fired; nothing is wrong with the connection.",
    },
  );
}

/** The wait a 429/503 asks for, in ms (seconds or an HTTP date). */
function retryAfterMs(response: Response): number | undefined {
  const value = response.headers.get("retry-after")?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
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
