import { type AuthStrategy, applyNow } from "./auth.js";
import { type BodyLimits, DEFAULT_MAX_BODY_BYTES, readBodyText, withBodyLimits } from "./body.js";
import { ApiError, ConnectorError, ConnectorErrorCode } from "./errors.js";
import {
  callHook,
  type DebugLogger,
  describeRateLimit,
  type HttpHooks,
  nextRequestId,
  providerRequestId,
  type RateLimitState,
  type RefreshEvent,
  type RequestEventBase,
  readRateLimit,
  redactUrl,
} from "./observe.js";
import { followRedirects } from "./redirects.js";
import { assertProviderUrl, type HostPattern, hrefRewrite } from "./url-guard.js";

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
  /**
   * The `fetch` every attempt goes through: a proxy (undici's `fetch` with a `ProxyAgent`
   * dispatcher), instrumentation, tests. Default `globalThis.fetch`.
   */
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
  retry?: RetryOptions | undefined;
  /** Observers of every attempt, answer, retry and refresh. */
  hooks?: HttpHooks | undefined;
  /** Receives one redacted line per attempt, answer, retry and refresh (see `debugFromEnv`). */
  debug?: DebugLogger | undefined;
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
  /**
   * Where `isUnauthorized` can apply (Zendesk: `users/me`): only answers to these URLs (the real
   * URL, before any emulator rewrite) are cloned and checked. Default: every answer.
   */
  unauthorizedIn?: ((url: URL) => boolean) | undefined;
}

/** How a client retries. */
export interface RetryOptions {
  /** Retries after the first attempt (0 turns retries off). Default 3. */
  limit?: number | undefined;
  /** The longest `Retry-After` (or rate-limit reset) waited for, ms. Default 60 000. */
  maxRetryAfterMs?: number | undefined;
  /** Cap of one backoff wait, ms. Default 10 000. */
  backoffLimitMs?: number | undefined;
  /**
   * The wait before retry number `retry` (1, 2, …) when the provider asks for none, ms. Default:
   * exponential with full jitter, up to 300 ms, 600 ms, 1.2 s, … capped at `backoffLimitMs`.
   */
  backoff?: ((retry: number) => number) | undefined;
}

/**
 * One call's own retry settings: each field given replaces the connection's (see
 * {@link RetryOptions}), the others stay the connection's.
 */
export interface CallRetryOptions extends RetryOptions {
  /** `"idempotent"` (default) or `"unsent"`, as the string form of {@link ApiRequest.retry}. */
  mode?: "idempotent" | "unsent" | undefined;
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
  /**
   * `"idempotent"` (default): GET, PUT, DELETE… are retried on 408/429/5xx and network errors.
   * `"unsent"`: any method is retried only when the provider provably did not act on it: a 429
   * (refused before processing) or a refused connection (the request never left). Writes that
   * must happen at most once use it; with an idempotency key, `"idempotent"` is safe.
   * An object sets this call's own limit, backoff and longest `Retry-After`, field by field over
   * the connection's `retry` option, with the mode as `mode`.
   */
  retry?: "idempotent" | "unsent" | CallRetryOptions | undefined;
  /** This call's retry limit, instead of the client's (`retry.limit` wins when both are set). */
  retryLimit?: number | undefined;
  /** This call's attempt timeout (headers and body), ms, instead of the client's. */
  timeoutMs?: number | undefined;
  /** This call's deadline (attempts and waits), ms, instead of the client's. */
  deadlineMs?: number | undefined;
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
  /** The rate-limit state the last answer reported; `undefined` before any, or if it had none. */
  rateLimit?(): RateLimitState | undefined;
}

/**
 * A relative path that joins its base as a string exactly as the URL parser would resolve it: no
 * scheme, query, fragment, percent sign (an encoded dot is a dot segment), backslash, dot segment
 * or leading `//`; a leading `/` is dropped as `send` does.
 */
const plainPath = /^\/?(?![/.])(?:[A-Za-z0-9_~!$&'()*+,;=@-]|\.(?!\.?(?:\/|$))|\/(?![/.]))*$/;

// The last path that passed: a client sends the same few paths again and again.
let lastPlainPath: string | undefined;
const isPlainPath = (path: string): boolean => {
  if (path === lastPlainPath) return true;
  if (!plainPath.test(path)) return false;
  lastPlainPath = path;
  return true;
};

/**
 * `searchParams` set over the query `start()` gives (called on the first defined value), or
 * undefined when every value is undefined.
 */
function mergeQuery(
  searchParams: ApiRequest["searchParams"],
  start: () => URLSearchParams,
): URLSearchParams | undefined {
  if (!searchParams) return undefined;
  let query: URLSearchParams | undefined;
  const put = (k: string, v: string | number | boolean | undefined) => {
    if (v === undefined) return;
    query ??= start();
    query.set(k, String(v));
  };
  if (searchParams instanceof URLSearchParams) for (const [k, v] of searchParams) put(k, v);
  else for (const k of Object.keys(searchParams)) put(k, searchParams[k]);
  return query;
}

const newQuery = () => new URLSearchParams();

/** `?` and the serialised query of `searchParams` (undefined values left out), or "". */
function queryOf(searchParams: ApiRequest["searchParams"]): string {
  const query = mergeQuery(searchParams, newQuery);
  return query ? `?${query.toString()}` : "";
}

/**
 * What the short path did before it handed a call to the loop: the base it resolved and when the
 * call started; the headers it built and applied, if it got that far; what its attempt got back
 * or how sending failed, if it sent; what was thrown before anything was sent.
 */
interface Handed {
  base: string;
  startedAt: number;
  headers?: Headers | Record<string, string>;
  sent?: { response: Response } | { failure: unknown };
  thrown?: unknown;
}

/** A response's limits, with what its error mapping names: the request's method and URL. */
interface RequestLimits extends BodyLimits {
  method: string;
  href: string;
}

/** What error messages name of a request: its origin and path, without the query. */
const whereOf = (url: URL) => `${url.origin}${url.pathname}`;

/** `defaults` with a fixed credential set over them, as a plain record of lower-case names. */
function recordOf(
  defaults: Record<string, string>,
  set: (headers: Headers) => void,
): Record<string, string> {
  const headers = new Headers(defaults);
  set(headers);
  return Object.fromEntries(headers);
}

const idempotent = new Set(["GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"]);
const retryStatus = new Set([408, 429, 500, 502, 503, 504]);
/** Statuses whose Retry-After (or rate-limit reset header) sets the wait before the next try. */
const waitStatus = new Set([413, 429, 503]);
const redirectStatus = new Set([301, 302, 303, 307, 308]);

/**
 * Builds the HTTP client every connector uses: a thin loop over `fetch` that owns the hot path.
 * Per attempt: the host guard on the real URL, the credentials (applied again on every attempt, so
 * a refreshed token is picked up), the emulator rewrite, one abort signal whose timer bounds the
 * headers and the whole body, redirects followed only within the provider's hosts. A 401 triggers
 * one refresh-and-retry when the failed request used the current token; idempotent requests are
 * retried with backoff on 408/429/5xx and network errors, honouring `Retry-After`, all within one
 * deadline per call.
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const baseUrl =
    typeof options.baseUrl === "function" ? options.baseUrl : () => options.baseUrl as string;
  const allowed =
    typeof options.allowedHosts === "function"
      ? options.allowedHosts
      : () => options.allowedHosts as readonly HostPattern[];
  const rewrite = options.rewriteUrl;
  // The emulator's rewrite as a string: fetch parses the URL once, as it does for a plain call.
  const rewriteToHref = hrefRewrite(rewrite);
  const baseFetch = options.fetch ?? globalThis.fetch;
  const clientTimeoutMs = options.timeoutMs ?? 30_000;
  // Timers take at most 2^31-1 ms; a longer deadline would fire at once.
  const clientDeadlineMs = Math.min(options.deadlineMs ?? 2 * clientTimeoutMs, 2 ** 31 - 1);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (options.retry !== undefined) checkRetry(options.retry, "The connection option");
  const maxRetryAfterMs = options.retry?.maxRetryAfterMs ?? 60_000;
  const clientRetryLimit = options.retry?.limit ?? 3;
  const backoffLimitMs = options.retry?.backoffLimitMs ?? 10_000;
  const userBackoff = options.retry?.backoff;
  const clientWait = backoffWith(userBackoff, backoffLimitMs);
  const hooks = options.hooks;
  const log = options.debug;
  const observed = hooks !== undefined || log !== undefined;
  // The last answer's headers, read into a rate-limit state only when asked for: keeping a
  // reference costs nothing on the hot path, looking headers up would.
  let lastHeaders: Headers | undefined;
  let lastReceivedAt = 0;
  const defaultHeaders: Record<string, string> = {
    "user-agent": options.userAgent,
    ...options.headers,
  };
  const provider = options.provider;
  const fetchOnce = (request: Request): Promise<Response> =>
    rewrite ? baseFetch(new Request(rewrite(new URL(request.url)), request)) : baseFetch(request);
  // Redirects are rare: the first answer comes from the fast path; a 3xx continues here.
  const following = followRedirects(fetchOnce, {
    provider,
    allowedHosts: allowed,
    auth: options.auth,
  });

  // The base as resolved last time, with its trailing slash: a page walk resolves against the
  // same base on every page.
  let lastBase: string | undefined;
  let lastBaseSlash = "";
  function resolveAgainst(
    base: string,
    path: string,
    searchParams: ApiRequest["searchParams"],
  ): URL {
    if (base !== lastBase) {
      lastBase = base;
      lastBaseSlash = base.endsWith("/") ? base : `${base}/`;
    }
    const url = new URL(path.charCodeAt(0) === 47 ? path.slice(1) : path, lastBaseSlash);
    // One serialization of the query, not one per parameter (url.searchParams.set would).
    const query = mergeQuery(searchParams, () => new URLSearchParams(url.search));
    if (query) url.search = query.toString();
    return url;
  }

  async function resolve(path: string, searchParams?: ApiRequest["searchParams"]): Promise<URL> {
    return resolveAgainst(await baseUrl(), path, searchParams);
  }

  // The base parsed once, with the href fetch is handed for it (the emulator rewrite applied): a
  // plain relative path is then joined as a string. Parsing a URL per request cost more than the
  // rest of the path to fetch; the URL object is built only where one is needed (errors,
  // redirects, hooks).
  let parsedFor: string | undefined;
  let parsedBase: { url: URL; href: string; sent: string } | undefined;
  function parseBase(base: string): { url: URL; href: string; sent: string } | undefined {
    if (base !== parsedFor) {
      parsedFor = base;
      const url = new URL(base.endsWith("/") ? base : `${base}/`);
      // A base with a query or fragment, or a custom rewrite, takes the URL path every time.
      parsedBase =
        url.search === "" &&
        url.hash === "" &&
        url.href.endsWith("/") &&
        (rewriteToHref || !rewrite)
          ? { url, href: url.href, sent: rewriteToHref ? rewriteToHref(url) : url.href }
          : undefined;
    }
    return parsedBase;
  }

  const noAnswer = (method: string, where: string) =>
    new ConnectorError(
      ConnectorErrorCode.Timeout,
      `${provider} did not answer ${method} ${where} in time.`,
      { hint: "Raise the Timeout property, or check the network." },
    );
  const noWholeAnswer = (method: string, where: string, timeoutMs = clientTimeoutMs) =>
    new ConnectorError(
      ConnectorErrorCode.Timeout,
      `${provider} did not send the whole answer to ${method} ${where} within ${timeoutMs} ms.`,
      { hint: "Raise the Timeout property, or check the network." },
    );

  // Requests that start within the same slot share one abort signal and one timer, which fires
  // at the slot's end plus Timeout: a request gets up to one slot more than Timeout (1 %, at most
  // 10 ms), never less. An AbortController and a timer per request cost more CPU than the rest of
  // the send path together. Slots stay short because fetch adds an abort listener per request to
  // the shared signal: a long slot at high throughput would pile up thousands. The shared reason
  // is turned into the request's own error below.
  const slotMs = Math.min(10, Math.max(1, Math.floor(clientTimeoutMs / 100)));
  const slotTimeouts = new WeakSet<object>();
  let slotEnd = 0;
  let slotSignal: AbortSignal | undefined;
  function sharedSignal(now: number): AbortSignal {
    if (slotSignal === undefined || now >= slotEnd) {
      slotEnd = now + slotMs;
      const controller = new AbortController();
      const timer = setTimeout(() => {
        const reason = new ConnectorError(
          ConnectorErrorCode.Timeout,
          `${provider} did not answer, or not the whole answer, within ${clientTimeoutMs} ms.`,
          { hint: "Raise the Timeout property, or check the network." },
        );
        slotTimeouts.add(reason);
        controller.abort(reason);
      }, slotMs + clientTimeoutMs);
      // Pending answers keep the process alive, not this timer.
      timer.unref?.();
      slotSignal = controller.signal;
    }
    return slotSignal;
  }
  const noop = () => {};

  /**
   * One attempt, bounded in time for the headers and the whole body alike: by the slot's shared
   * signal for a first attempt, else by its own signal and timer (Timeout after it started, or
   * the call's deadline if sooner; the reason says which).
   */
  async function attempt(
    sentHref: string | undefined,
    url: () => URL,
    method: string,
    headers: Headers | Record<string, string>,
    body: BodyInit | undefined,
    callDeadline: number,
    where: () => string,
    callerSignal: AbortSignal | undefined,
    timeoutMs: number,
    deadlineMs: number,
  ): Promise<{ response: Response; done: () => void }> {
    const now = Date.now();
    let signal: AbortSignal;
    let done = noop;
    let onHeaders = noop;
    // A call with its own timeout cannot share the client's slots.
    if (
      !callerSignal &&
      timeoutMs === clientTimeoutMs &&
      callDeadline >= now + timeoutMs + slotMs
    ) {
      signal = sharedSignal(now);
    } else {
      const controller = new AbortController();
      let answered = false;
      const attemptDeadline = now + timeoutMs;
      const endsCall = callDeadline < attemptDeadline;
      const timer = setTimeout(
        () => {
          controller.abort(
            endsCall
              ? callDeadlineError(provider, method, where(), deadlineMs)
              : answered
                ? noWholeAnswer(method, where(), timeoutMs)
                : noAnswer(method, where()),
          );
        },
        Math.max(0, Math.min(attemptDeadline, callDeadline) - now),
      );
      timer.unref?.();
      done = () => clearTimeout(timer);
      onHeaders = () => {
        answered = true;
      };
      signal = callerSignal
        ? AbortSignal.any([callerSignal, controller.signal])
        : controller.signal;
    }
    const init: RequestInit & { duplex?: "half" } = { method, headers, redirect: "manual", signal };
    if (body !== undefined) {
      init.body = body;
      if (body instanceof ReadableStream) init.duplex = "half";
    }
    try {
      let response: Response;
      if (body instanceof ReadableStream) {
        // A stream can be read once: the request (and its replay copy) is built before sending.
        response = await following(new Request(url(), init));
      } else {
        response = await baseFetch(
          sentHref ?? (rewriteToHref ? rewriteToHref(url()) : rewrite ? rewrite(url()) : url()),
          init,
        );
        if (redirectStatus.has(response.status) && response.headers.has("location")) {
          response = await following(new Request(url(), init), response);
        }
      }
      onHeaders();
      return { response, done };
    } catch (error) {
      done();
      if (slotTimeouts.has(error as object)) throw noAnswer(method, where());
      throw error;
    }
  }

  /** A body reader's error: a slot's shared timeout becomes this request's own. */
  const bodyError = (error: unknown, limits: BodyLimits) =>
    slotTimeouts.has(error as object)
      ? noWholeAnswer(
          (limits as RequestLimits).method,
          whereOf(new URL((limits as RequestLimits).href)),
        )
      : error;

  const staticBase = typeof options.baseUrl === "string" ? options.baseUrl : undefined;
  // The last host that passed the guard, with the patterns it passed against: a walk over pages
  // or repeated calls to one host check it once (the patterns are read again every attempt).
  let guardedHost: string | undefined;
  let guardedPatterns: readonly HostPattern[] | undefined;
  function guard(url: URL): void {
    const patterns = allowed();
    if (patterns === guardedPatterns && url.protocol === "https:" && url.hostname === guardedHost) {
      return;
    }
    assertProviderUrl(url, patterns, provider);
    guardedPatterns = patterns;
    guardedHost = url.hostname;
  }

  // A fixed credential (API token, Basic) is set without a promise to await.
  const fixed = (options.auth as { [applyNow]?: { apply: unknown; set: (h: Headers) => void } })[
    applyNow
  ];
  const applyFixed = fixed?.apply === options.auth.apply ? fixed.set : undefined;

  // Built once, on first use (the global Headers loads Node's fetch implementation): a Headers
  // copied from a Headers skips the record conversion of a plain object.
  let baseHeaders: Headers | undefined;
  // A fixed credential over the default headers, as a plain record built once: fetch copies a
  // record without sorting it, as it sorts every new Headers. Each call gets its own copy, so a
  // fetch that edits it edits that call only. A custom fetch keeps getting a Headers, as before.
  const recordHeaders = options.fetch === undefined;
  let fixedHeaders: Record<string, string> | undefined;
  /** The fixed credential over the default headers, a copy of its own for one call. */
  const fixedRecord = (set: (headers: Headers) => void): Record<string, string> => {
    fixedHeaders ??= recordOf(defaultHeaders, set);
    return { ...fixedHeaders };
  };
  /** The default headers, a Headers of its own for one call, the credential still to apply. */
  const defaultsCopy = (): Headers => {
    baseHeaders ??= new Headers(defaultHeaders);
    return new Headers(baseHeaders);
  };

  // A call with nothing of its own (no body, headers, signal, timeout or retry settings) starts
  // on the short path below, on a client no hook observes and whose deadline leaves room for a
  // full attempt in a shared slot (the default: twice Timeout); everything else, and anything but
  // a 2xx answer, takes the loop.
  const plainCalls =
    !observed &&
    !(options.isUnauthorized && options.auth.recover) &&
    clientDeadlineMs >= clientTimeoutMs + slotMs;

  function send(request: ApiRequest): Promise<Response> {
    return plainCalls &&
      request.body === undefined &&
      request.json === undefined &&
      request.headers === undefined &&
      request.signal === undefined &&
      request.timeoutMs === undefined &&
      request.deadlineMs === undefined &&
      request.retry === undefined
      ? sendPlain(request)
      : sendLoop(request);
  }

  /**
   * The first attempt of a plain call, with the loop's duties in a function a fraction of its
   * size (a shorter hot path measured 2-4 % faster at concurrency 32 on loopback): the host
   * guard, the credential, the slot's timeout, redirects within the provider's hosts, the status
   * check. A 2xx answer is returned from here; anything else (another answer, a failure, an error
   * before sending) is handed to the loop as it came, with the base this call resolved and the
   * time it started, so nothing is sent or applied twice and retries, refreshes and errors stay
   * one code.
   */
  async function sendPlain(request: ApiRequest): Promise<Response> {
    const base = staticBase ?? (await baseUrl());
    const startedAt = Date.now();
    const parsed = isPlainPath(request.path) ? parseBase(base) : undefined;
    if (!parsed) return sendLoop(request, { base, startedAt });
    const path = request.path.charCodeAt(0) === 47 ? request.path.slice(1) : request.path;
    const query = queryOf(request.searchParams);
    const href = parsed.href + path + query;
    let headers: Headers | Record<string, string>;
    // Read again only after a wait: the clock is not free at this rate.
    let now = startedAt;
    try {
      guard(parsed.url);
      if (applyFixed && recordHeaders) headers = fixedRecord(applyFixed);
      else {
        headers = defaultsCopy();
        if (applyFixed) applyFixed(headers);
        else {
          await options.auth.apply(headers);
          now = Date.now();
        }
      }
    } catch (error) {
      // Typed as the loop types it (nothing was sent).
      return sendLoop(request, { base, startedAt, thrown: error });
    }
    // A credential that took long to apply (a refresh) leaves too little of the deadline for a
    // shared slot: the loop sends it, with these headers.
    if (now + clientTimeoutMs + slotMs > startedAt + clientDeadlineMs) {
      return sendLoop(request, { base, startedAt, headers });
    }
    const method = request.method === undefined ? "GET" : request.method.toUpperCase();
    const init: RequestInit = { method, headers, redirect: "manual", signal: sharedSignal(now) };
    let response: Response;
    try {
      response = await baseFetch(parsed.sent + path + query, init);
      if (redirectStatus.has(response.status) && response.headers.has("location")) {
        response = await following(new Request(href, init), response);
      }
    } catch (error) {
      const failure = slotTimeouts.has(error as object)
        ? noAnswer(method, whereOf(new URL(href)))
        : error;
      return sendLoop(request, { base, startedAt, headers, sent: { failure } });
    }
    if (!response.ok) return sendLoop(request, { base, startedAt, headers, sent: { response } });
    lastHeaders = response.headers;
    lastReceivedAt = Date.now();
    const limits: RequestLimits = { maxBytes: maxBodyBytes, mapError: bodyError, method, href };
    return withBodyLimits(response, limits);
  }

  /**
   * Every attempt of a call, with retries, the refresh after a 401, hooks and typed errors.
   * `handed` is what {@link sendPlain} did before it handed the call over.
   */
  async function sendLoop(request: ApiRequest, handed?: Handed): Promise<Response> {
    const base = handed ? handed.base : (staticBase ?? (await baseUrl()));
    const startedAt = handed ? handed.startedAt : Date.now();
    const parsed = isPlainPath(request.path) ? parseBase(base) : undefined;
    // The real URL: joined as a string to the parsed base for a plain relative path (and then
    // built only if something needs the object), else resolved as a URL.
    let href: string | undefined;
    let sentHref: string | undefined;
    let resolved: URL | undefined;
    if (parsed) {
      const path = request.path.charCodeAt(0) === 47 ? request.path.slice(1) : request.path;
      const query = queryOf(request.searchParams);
      href = parsed.href + path + query;
      sentHref = parsed.sent + path + query;
    } else resolved = resolveAgainst(base, request.path, request.searchParams);
    const url = (): URL => {
      resolved ??= new URL(href as string);
      return resolved;
    };
    const method = (request.method ?? "GET").toUpperCase();
    // Only error messages need it.
    const where = () => whereOf(url());
    const callerSignal = request.signal;
    // The whole call (attempts, waits between them, the 401 refresh) ends at one deadline.
    const timeoutMs = request.timeoutMs ?? clientTimeoutMs;
    const deadlineMs =
      request.deadlineMs !== undefined
        ? Math.min(request.deadlineMs, 2 ** 31 - 1)
        : request.timeoutMs !== undefined
          ? Math.min(2 * timeoutMs, 2 ** 31 - 1)
          : clientDeadlineMs;
    // A call's own retry settings replace the client's field by field.
    const retryMode = request.retry;
    const own =
      retryMode === undefined || retryMode === "idempotent" || retryMode === "unsent"
        ? undefined
        : checkRetry(retryMode, "The call option");
    const retryLimit = own?.limit ?? request.retryLimit ?? clientRetryLimit;
    const nextWait =
      own?.backoff !== undefined || own?.backoffLimitMs !== undefined
        ? backoffWith(own.backoff ?? userBackoff, own.backoffLimitMs ?? backoffLimitMs)
        : clientWait;
    const callDeadline = startedAt + deadlineMs;
    const maxRetryAfter = Math.max(
      0,
      Math.min(own?.maxRetryAfterMs ?? maxRetryAfterMs, deadlineMs),
    );
    let body: BodyInit | undefined = request.body;
    let contentType: string | undefined;
    if (request.json !== undefined) {
      body = JSON.stringify(request.json);
      contentType = "application/json";
    }
    // A body stream cannot be sent twice: no retry, no refresh-and-retry.
    const resendable = !(body instanceof ReadableStream);
    const unsentOnly = (own ? own.mode : retryMode) === "unsent";
    const retriable = resendable && !unsentOnly && idempotent.has(method);
    let retries = 0;
    let refreshed = false;
    // Observation costs nothing unless a hook or the debug log is set.
    let requestId = "";
    let redacted = "";
    let attemptNo = 0;
    let started = 0;
    if (observed) {
      requestId = nextRequestId();
      redacted = redactUrl(url());
    }
    try {
      for (;;) {
        let headers: Headers | Record<string, string>;
        let pending: Promise<{ response: Response; done: () => void }>;
        if (handed && "thrown" in handed) throw handed.thrown;
        if (handed?.headers && handed.sent) {
          headers = handed.headers;
          pending =
            "response" in handed.sent
              ? Promise.resolve({ response: handed.sent.response, done: noop })
              : Promise.reject(handed.sent.failure);
          handed = undefined;
        } else {
          if (callerSignal?.aborted) throw aborted(method, where(), provider);
          if (Date.now() >= callDeadline)
            throw callDeadlineError(provider, method, where(), deadlineMs);
          // Checked on the real URL before any credential is attached (a plain path keeps the
          // base's protocol and host).
          guard(parsed ? parsed.url : url());
          let renewed: unknown;
          if (handed?.headers) {
            // Built and applied by the short path, not sent: sent from here as they are.
            headers = handed.headers;
            handed = undefined;
          } else if (applyFixed && recordHeaders && !request.headers && !contentType) {
            headers = fixedRecord(applyFixed);
          } else {
            const built = defaultsCopy();
            if (request.headers)
              for (const [k, v] of Object.entries(request.headers)) built.set(k, v);
            if (contentType && !built.has("content-type")) built.set("content-type", contentType);
            renewed = applyFixed ? applyFixed(built) : await options.auth.apply(built);
            headers = built;
          }

          if (observed) {
            if (renewed === true)
              refreshedToken(
                hooks,
                log,
                { requestId, method, url: redacted, attempt: attemptNo + 1 },
                true,
                "expiry",
              );
            attemptNo += 1;
            started = performance.now();
            callHook(hooks?.onRequest, { requestId, method, url: redacted, attempt: attemptNo });
            log?.(
              `${requestId} ${method} ${redacted}${attemptNo > 1 ? ` (attempt ${attemptNo})` : ""}`,
            );
          }
          pending = attempt(
            sentHref,
            url,
            method,
            headers,
            body,
            callDeadline,
            where,
            callerSignal,
            timeoutMs,
            deadlineMs,
          );
        }
        let sent: { response: Response; done: () => void };
        try {
          sent = await pending;
        } catch (error) {
          if (log)
            log(
              `${requestId} failed after ${Math.round(performance.now() - started)} ms: ${error instanceof TypeError ? errorReason(error) : error instanceof Error ? error.name : "error"}`,
            );
          // Network failures (fetch's TypeError) of idempotent requests are worth another try.
          if (
            error instanceof TypeError &&
            (retriable || (unsentOnly && resendable && connectionRefused(error))) &&
            retries < retryLimit &&
            !callerSignal?.aborted
          ) {
            retries += 1;
            const delay = nextWait(retries);
            if (observed)
              retried(
                hooks,
                log,
                { requestId, method, url: redacted, attempt: attemptNo },
                "network",
                delay,
              );
            await wait(delay, callerSignal, callDeadline);
            continue;
          }
          throw error;
        }
        const { response, done } = sent;
        const status = response.status;
        lastHeaders = response.headers;
        lastReceivedAt = Date.now();
        if (observed) {
          const durationMs = performance.now() - started;
          const rateLimit = readRateLimit(response.headers, lastReceivedAt);
          const providerId = providerRequestId(response.headers);
          callHook(hooks?.onResponse, {
            requestId,
            method,
            url: redacted,
            attempt: attemptNo,
            status,
            durationMs,
            providerRequestId: providerId,
            rateLimit,
          });
          log?.(
            `${requestId} ${status} in ${Math.round(durationMs)} ms${providerId ? ` provider-id=${providerId}` : ""}${describeRateLimit(rateLimit)}`,
          );
        }

        if (response.ok) {
          // Answers that mean "not authenticated" with a 2xx: checked only where they can happen.
          if (
            options.isUnauthorized &&
            options.auth.recover &&
            !refreshed &&
            retries === 0 &&
            (options.unauthorizedIn?.(url()) ?? true)
          ) {
            const sentRequest = new Request(url(), { method, headers });
            if ((await options.isUnauthorized(sentRequest, response.clone())) === true) {
              const recovered = await options.auth.recover(sentRequest);
              if (observed)
                refreshedToken(
                  hooks,
                  log,
                  { requestId, method, url: redacted, attempt: attemptNo },
                  recovered,
                );
              if (recovered) {
                refreshed = true;
                done();
                await response.body?.cancel().catch(() => undefined);
                continue;
              }
            }
          }
          const limits: RequestLimits = {
            maxBytes: maxBodyBytes,
            onRead: done,
            mapError: bodyError,
            method,
            href: href ?? url().href,
          };
          return withBodyLimits(response, limits);
        }
        // 304 after If-Modified-Since is an answer, not a failure.
        if (status === 304) {
          done();
          return response;
        }
        // One refresh-and-retry after a 401, only if the request used the current token.
        if (status === 401 && resendable && !refreshed && options.auth.recover) {
          const recovered = await options.auth.recover(new Request(url(), { method, headers }));
          if (observed)
            refreshedToken(
              hooks,
              log,
              { requestId, method, url: redacted, attempt: attemptNo },
              recovered,
            );
          if (recovered) {
            refreshed = true;
            retries = 0;
            done();
            await response.body?.cancel().catch(() => undefined);
            continue;
          }
        }
        if (
          ((retriable && retryStatus.has(status)) ||
            (unsentOnly && resendable && status === 429)) &&
          retries < retryLimit &&
          !callerSignal?.aborted
        ) {
          // A wait the provider asks for that ends past the deadline is not waited for.
          const asked = retryAfterMs(response);
          if (asked === undefined || Date.now() + asked <= callDeadline) {
            retries += 1;
            const delay = waitStatus.has(status)
              ? (rateLimitWait(response, maxRetryAfter) ?? nextWait(retries))
              : nextWait(retries);
            if (observed)
              retried(
                hooks,
                log,
                { requestId, method, url: redacted, attempt: attemptNo },
                status,
                delay,
              );
            done();
            await response.body?.cancel().catch(() => undefined);
            await wait(delay, callerSignal, callDeadline);
            continue;
          }
        }
        try {
          throw await httpError(response, { method, url: url(), options });
        } finally {
          done();
        }
      }
    } catch (error) {
      if (callerSignal?.aborted || (error instanceof Error && error.name === "AbortError")) {
        throw aborted(method, where(), provider);
      }
      if (error instanceof TypeError) {
        throw new ConnectorError(
          ConnectorErrorCode.Network,
          `${method} ${where()} failed before ${provider} answered (${errorReason(error)}).`,
          { hint: "Check the network, the host name and any proxy." },
        );
      }
      // Typed errors (ours, the token manager's) reach the caller as they are.
      throw error;
    }
  }

  return {
    send,
    resolve,
    rateLimit: () => (lastHeaders ? readRateLimit(lastHeaders, lastReceivedAt) : undefined),
  };
}

function retried(
  hooks: HttpHooks | undefined,
  log: DebugLogger | undefined,
  base: RequestEventBase,
  reason: number | "network",
  delayMs: number,
): void {
  callHook(hooks?.onRetry, { ...base, reason, delayMs });
  log?.(`${base.requestId} retry after ${reason} in ${Math.round(delayMs)} ms`);
}

function refreshedToken(
  hooks: HttpHooks | undefined,
  log: DebugLogger | undefined,
  base: RequestEventBase,
  refreshed: boolean,
  cause: RefreshEvent["cause"] = "unauthorized",
): void {
  callHook(hooks?.onRefresh, { ...base, cause, refreshed });
  log?.(
    `${base.requestId} ${
      cause === "expiry"
        ? "token refreshed before sending"
        : refreshed
          ? "token refreshed, sending again"
          : "no newer token"
    }`,
  );
}

function callDeadlineError(
  provider: string,
  method: string,
  where: string,
  deadlineMs: number,
): ConnectorError {
  return new ConnectorError(
    ConnectorErrorCode.Timeout,
    `${provider} did not complete ${method} ${where} within ${deadlineMs} ms, retries included.`,
    {
      hint: "Raise the Timeout property (the deadline of a call is twice the Timeout), or try again later.",
    },
  );
}

/** The wait before retry number `retry`: the user's backoff within `limitMs`, or the default. */
function backoffWith(
  user: ((retry: number) => number) | undefined,
  limitMs: number,
): (retry: number) => number {
  return user
    ? (retry) => Math.max(0, Math.min(user(retry), limitMs))
    : (retry) => backoff(retry, limitMs);
}

/** Retry settings a user passed: a wrong value is a typed error naming it, not a silent default. */
function checkRetry(retry: unknown, what: string): CallRetryOptions {
  const bad = (name: string, want: string, value: unknown) =>
    new ConnectorError(
      ConnectorErrorCode.InvalidOption,
      `${what} ${name} must be ${want}, not ${typeof value === "function" ? "a function" : (JSON.stringify(value) ?? String(value))}.`,
      { hint: `Set ${name} to ${want}, or leave it out for the default.` },
    );
  if (typeof retry !== "object" || retry === null)
    throw bad("retry", '"idempotent", "unsent" or an object of retry settings', retry);
  const given = retry as CallRetryOptions;
  for (const name of ["limit", "maxRetryAfterMs", "backoffLimitMs"] as const) {
    const value = given[name];
    if (value !== undefined && !(Number.isInteger(value) && value >= 0))
      throw bad(`retry.${name}`, "a whole number of 0 or more", value);
  }
  if (given.backoff !== undefined && typeof given.backoff !== "function")
    throw bad("retry.backoff", "a function from the retry number to a wait in ms", given.backoff);
  if (given.mode !== undefined && given.mode !== "idempotent" && given.mode !== "unsent")
    throw bad("retry.mode", '"idempotent" or "unsent"', given.mode);
  return given;
}

/** Exponential backoff with full jitter: up to 300 ms, 600 ms, 1.2 s, … capped at `limitMs`. */
function backoff(retry: number, limitMs: number): number {
  return Math.min(limitMs, Math.random() * 0.3 * 2 ** (retry - 1) * 1000);
}

/** Waits `ms`, or less: the caller's abort and the call's deadline end the wait. */
function wait(ms: number, signal: AbortSignal | undefined, deadline: number): Promise<void> {
  const delay = Math.max(0, Math.min(ms, deadline - Date.now()));
  if (delay === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, delay);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * The wait a throttled answer asks for, in ms, capped at `max`: `Retry-After` (seconds or an HTTP
 * date) or the rate-limit reset headers some APIs send instead (seconds, or an epoch timestamp).
 */
function rateLimitWait(response: Response, max: number): number | undefined {
  const h = response.headers;
  const value =
    h.get("retry-after") ??
    h.get("ratelimit-reset") ??
    h.get("x-ratelimit-retry-after") ??
    h.get("x-ratelimit-reset") ??
    h.get("x-rate-limit-reset");
  if (!value) return undefined;
  let after = Number(value) * 1000;
  if (Number.isNaN(after)) after = Date.parse(value) - Date.now();
  else if (after >= Date.parse("2024-01-01")) after -= Date.now();
  if (Number.isNaN(after)) return undefined;
  return Math.max(0, Math.min(after, max));
}

/** The typed error of a final non-2xx answer; reads only the start of its body (the envelope). */
async function httpError(
  response: Response,
  ctx: { method: string; url: URL; options: ApiClientOptions },
): Promise<ApiError> {
  const where = `${ctx.url.origin}${ctx.url.pathname}`;
  // A body that never ends must not hold the call.
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

function aborted(method: string, where: string, provider: string): ConnectorError {
  return new ConnectorError(
    ConnectorErrorCode.Aborted,
    `${method} ${where} to ${provider} was cancelled by the caller.`,
    {
      hint: "The AbortSignal passed with the request fired; nothing is wrong with the connection.",
    },
  );
}

/** The connection was refused: the request never reached the provider. */
function connectionRefused(error: TypeError): boolean {
  return (error as { cause?: { code?: string } }).cause?.code === "ECONNREFUSED";
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
  const reason = cause?.code ?? cause?.message ?? error.message;
  // fetch's own messages may quote the URL, credentials included.
  return reason.replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s)]+/gi, (url) => {
    try {
      return redactUrl(url);
    } catch {
      return "<url>";
    }
  });
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
