// What a user can see of the send path: hooks, a redacted debug log, the rate-limit state.
// Nothing here runs on the hot path unless a hook or the log is set.

/** The provider's rate-limit state, read from the rate-limit headers of a response. */
export interface RateLimitState {
  /** Requests allowed in the current window, when the provider says. */
  limit?: number | undefined;
  /** Requests left in the current window. */
  remaining?: number | undefined;
  /** When the window resets, when the provider says. */
  resetAt?: Date | undefined;
}

/** What every hook event carries. The URL is redacted: no query-string credential, no userinfo. */
export interface RequestEventBase {
  /** Unique in this process (`r1`, `r2`, …); one id for all the attempts of one call. */
  requestId: string;
  method: string;
  /** The real URL (before any emulator rewrite), redacted. */
  url: string;
  /** 1 for the first attempt, 2 for the first retry or the retry after a refresh, … */
  attempt: number;
}

/** Before each attempt is sent. */
export type RequestEvent = RequestEventBase;

/** After each answer's headers arrived (any status). */
export interface ResponseEvent extends RequestEventBase {
  status: number;
  /** From the attempt's start to its headers, ms. */
  durationMs: number;
  /** The provider's request id header (`x-request-id`, `x-zendesk-request-id`, …), if any. */
  providerRequestId?: string | undefined;
  /** The rate-limit state this answer reports, if it has rate-limit headers. */
  rateLimit?: RateLimitState | undefined;
}

/** Before the wait that precedes a retry. */
export interface RetryEvent extends RequestEventBase {
  /** The status that is retried, or `"network"` for a failure before any answer. */
  reason: number | "network";
  /** The wait before the next attempt, ms. */
  delayMs: number;
}

/**
 * A token refresh seen by a call: after a 401 (or an answer meaning the same), or ahead of the
 * token's expiry before the call was sent (`cause: "expiry"`, also when another process refreshed).
 */
export interface RefreshEvent extends RequestEventBase {
  /** Why: the provider refused the token (`unauthorized`), or it was about to expire (`expiry`). */
  cause: "unauthorized" | "expiry";
  /** False when no newer token could be obtained: the call then fails with the 401. */
  refreshed: boolean;
}

/** Observers of the send path. A throwing hook is ignored: it never breaks the call. */
export interface HttpHooks {
  onRequest?(event: RequestEvent): void;
  onResponse?(event: ResponseEvent): void;
  onRetry?(event: RetryEvent): void;
  onRefresh?(event: RefreshEvent): void;
}

/** Receives one finished, redacted log line. */
export type DebugLogger = (line: string) => void;

/** The namespace of the HTTP debug log: `DEBUG=x:http` or `DEBUG=x:*`. */
export const DEBUG_NAMESPACE = "x:http";

/**
 * The debug logger the `DEBUG` environment variable asks for (`x:http`, `x:*`, `*`; comma or
 * space separated, `-name` excludes), writing to stderr; `undefined` when it does not.
 */
export function debugFromEnv(
  env: Record<string, string | undefined> = process.env,
): DebugLogger | undefined {
  const value = env.DEBUG;
  if (!value || !namespaceEnabled(value, DEBUG_NAMESPACE)) return undefined;
  return (line) => process.stderr.write(`${DEBUG_NAMESPACE} ${line}\n`);
}

function namespaceEnabled(setting: string, name: string): boolean {
  let enabled = false;
  for (const raw of setting.split(/[\s,]+/)) {
    if (!raw) continue;
    const negated = raw.startsWith("-");
    const pattern = negated ? raw.slice(1) : raw;
    const re = new RegExp(
      `^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`,
    );
    if (re.test(name)) {
      if (negated) return false;
      enabled = true;
    }
  }
  return enabled;
}

/** Query parameters whose values are credentials, whatever the provider calls them. */
const sensitiveParam =
  /token|secret|passw|pwd|key|code|auth|sig|session|credential|assertion|verifier|ticket/i;

/**
 * A URL fit for a log: userinfo dropped and the values of credential-like query parameters
 * (`access_token`, `api_key`, `code`, `signature`, …) replaced by `***`.
 */
export function redactUrl(url: URL | string): string {
  const copy = new URL(String(url));
  copy.username = "";
  copy.password = "";
  if (copy.search) {
    const params = new URLSearchParams(copy.search);
    let changed = false;
    for (const name of new Set(params.keys())) {
      if (sensitiveParam.test(name)) {
        params.set(name, "***");
        changed = true;
      }
    }
    // Rebuilt by hand: URLSearchParams would percent-encode the mask.
    if (changed) copy.search = params.toString().replace(/=\*\*\*/g, "=***");
  }
  return copy.toString().replace(/%2A%2A%2A/gi, "***");
}

const limitHeaders = ["x-ratelimit-limit", "ratelimit-limit", "x-rate-limit-limit"];
const remainingHeaders = ["x-ratelimit-remaining", "ratelimit-remaining", "x-rate-limit-remaining"];
const resetHeaders = ["x-ratelimit-reset", "ratelimit-reset", "x-rate-limit-reset"];

/**
 * Reads the rate-limit headers of an answer: `X-RateLimit-*` (Zoho, Pipedrive), `RateLimit-*`
 * (IETF draft, Zendesk) and `X-Rate-Limit-*`. A reset is seconds from `receivedAt`, or an epoch
 * timestamp in seconds or milliseconds.
 */
export function readRateLimit(
  headers: Headers,
  receivedAt: number = Date.now(),
): RateLimitState | undefined {
  const limit = firstNumber(headers, limitHeaders);
  const remaining = firstNumber(headers, remainingHeaders);
  const reset = firstNumber(headers, resetHeaders);
  if (limit === undefined && remaining === undefined && reset === undefined) return undefined;
  let resetAt: Date | undefined;
  if (reset !== undefined) {
    const ms =
      reset >= 1e12 ? reset : reset >= 1e9 ? reset * 1000 : receivedAt + Math.max(0, reset) * 1000;
    resetAt = new Date(ms);
  }
  return { limit, remaining, resetAt };
}

function firstNumber(headers: Headers, names: readonly string[]): number | undefined {
  for (const name of names) {
    const value = headers.get(name);
    if (value === null) continue;
    // `RateLimit-Limit: 100, 100;w=60` (draft form): the first number.
    const n = Number.parseFloat(value);
    if (Number.isFinite(n)) return n;
  }
  return undefined;
}

const providerIdHeaders = [
  "x-request-id",
  "x-zendesk-request-id",
  "x-correlation-id",
  "x-zoho-request-id",
];

/** The provider's own request id of an answer, if it sends one. */
export function providerRequestId(headers: Headers): string | undefined {
  for (const name of providerIdHeaders) {
    const value = headers.get(name);
    if (value) return value.slice(0, 128);
  }
  return undefined;
}

let lastRequestId = 0;
/** The next process-unique request id. */
export function nextRequestId(): string {
  lastRequestId += 1;
  return `r${lastRequestId}`;
}

/** Calls a hook; a hook that throws is ignored (observers never break a call). */
export function callHook<E>(hook: ((event: E) => void) | undefined, event: E): void {
  if (!hook) return;
  try {
    hook(event);
  } catch {
    // An observer's failure is not the call's.
  }
}

/** A rate-limit state as one short log fragment. */
export function describeRateLimit(state: RateLimitState | undefined): string {
  if (!state) return "";
  const parts: string[] = [];
  if (state.remaining !== undefined)
    parts.push(`remaining=${state.remaining}${state.limit !== undefined ? `/${state.limit}` : ""}`);
  if (state.resetAt) parts.push(`reset=${state.resetAt.toISOString()}`);
  return parts.length ? ` ${parts.join(" ")}` : "";
}
