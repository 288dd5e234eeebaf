/**
 * Pure response processing: the authorization redirect, token responses, revocation responses.
 *
 * @module
 */
import { timingSafeEqual } from "node:crypto";
import type { DetectedOAuthError, OAuthErrorKind, OAuthProviderDefinition } from "./definition.js";
import {
  AuthorizationResponseError,
  CapturedValueError,
  InvalidClientError,
  InvalidGrantError,
  InvalidRedirectError,
  type OAuthError,
  ThrottledError,
  TokenEndpointError,
  UnexpectedResponseError,
} from "./errors.js";
import * as v from "./internal/valibot.js";
import { redactExcerpt, scrubSecrets } from "./redact.js";
import { createTokenSet, type TokenSet } from "./tokens.js";

/** Result of {@link processRedirect}. */
export interface RedirectResult {
  /** The authorization code (a secret: do not log it). */
  code: string;
  /** The `state` received. */
  state: string | undefined;
  /** Values named by the definition's `captureFromRedirect` that were present. */
  captured: Record<string, string>;
}

/** Options of {@link processRedirect}. */
export interface ProcessRedirectOptions {
  /**
   * The state sent with the authorization request; every redirect, an error one included, must
   * carry it. `undefined` skips the check (headless verifier, or a caller that checked it).
   */
  expectedState: string | undefined;
  /** The provider, for `captureFromRedirect` and `validateCaptured`. */
  def?: OAuthProviderDefinition | undefined;
}

function toParams(input: URL | URLSearchParams | string): URLSearchParams {
  if (input instanceof URLSearchParams) return input;
  if (input instanceof URL) return paramsOfUrl(input);
  const text = input.trim();
  try {
    // A path with its query, as web frameworks give the request (Express's req.url), is read
    // like the whole redirect URL.
    return paramsOfUrl(text.startsWith("/") ? new URL(text, "http://path.invalid") : new URL(text));
  } catch {
    if (/^[?#]?[^\s=&]+=/.test(text)) return new URLSearchParams(text.replace(/^[?#]/, ""));
    throw new InvalidRedirectError(
      "The redirect is not a URL or a query string",
      "Paste the whole address the browser was redirected to (it starts with your callback URL and contains ?code=...).",
    );
  }
}

function paramsOfUrl(url: URL): URLSearchParams {
  // Some servers answer in the fragment (response_mode=fragment); prefer the query.
  if (url.searchParams.size > 0 || !url.hash) return url.searchParams;
  return new URLSearchParams(url.hash.slice(1));
}

function sameString(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

function capture(
  def: OAuthProviderDefinition | undefined,
  names: readonly string[],
  get: (name: string) => unknown,
  source: "redirect" | "token",
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const raw = get(name);
    if (raw === undefined || raw === null || raw === "") continue;
    if (typeof raw !== "string" && typeof raw !== "number" && typeof raw !== "boolean") continue;
    const value = String(raw);
    if (def?.hooks.validateCaptured && !def.hooks.validateCaptured(name, value, source)) {
      throw new CapturedValueError(name, value, source);
    }
    out[name] = value;
  }
  return out;
}

/**
 * Checks values captured earlier (metadata kept in a session or a store, passed back for a refresh)
 * against the provider's allow-list again before they are used: a value that was valid when
 * captured may have been altered since, and it decides where credentials are sent.
 *
 * @throws CapturedValueError for a value the provider does not allow.
 */
export function revalidateCaptured(
  def: OAuthProviderDefinition,
  values: Readonly<Record<string, string>>,
): void {
  const check = def.hooks.validateCaptured;
  if (!check) return;
  for (const [names, source] of [
    [def.captureFromRedirect, "redirect"],
    [def.captureFromToken, "token"],
  ] as const) {
    for (const name of names) {
      const value = Object.hasOwn(values, name) ? values[name] : undefined;
      if (value !== undefined && value !== "" && !check(name, value, source)) {
        throw new CapturedValueError(name, value, source);
      }
    }
  }
}

/**
 * Validates the authorization redirect: state, `error` parameters, `code`, captured values.
 *
 * @throws InvalidRedirectError (`OAUTH_STATE_MISMATCH`, `OAUTH_INVALID_REDIRECT`),
 *   AuthorizationResponseError (`OAUTH_ACCESS_DENIED`, `OAUTH_AUTHORIZATION_ERROR`), CapturedValueError.
 */
export function processRedirect(
  input: URL | URLSearchParams | string,
  options: ProcessRedirectOptions,
): RedirectResult {
  const params = toParams(input);
  const state = params.get("state") ?? undefined;
  const error = params.get("error") ?? undefined;
  if (options.expectedState !== undefined) {
    // An error redirect must carry the state too (RFC 6749 section 4.1.2.1): otherwise any page
    // could abort a flow with ?error=access_denied.
    if (state === undefined) throw InvalidRedirectError.stateMismatch("missing");
    if (state !== undefined && !sameString(state, options.expectedState)) {
      throw InvalidRedirectError.stateMismatch("different");
    }
  }
  if (error !== undefined) {
    const fields = { error, errorDescription: params.get("error_description") ?? undefined };
    throw new AuthorizationResponseError(fields);
  }
  const code = params.get("code");
  if (!code) {
    throw new InvalidRedirectError(
      "The redirect has no `code` parameter",
      "Use the address the browser was sent to after approving access; it contains ?code=...",
    );
  }
  const captured = capture(
    options.def,
    options.def?.captureFromRedirect ?? [],
    (n) => params.get(n) ?? undefined,
    "redirect",
  );
  return { code, state, captured };
}

/** A received HTTP response, reduced to what processing needs. */
export interface ReceivedResponse {
  status: number;
  headers: Headers | Readonly<Record<string, string>>;
  bodyText: string;
}

/** Options of {@link processTokenResponse}. */
export interface ProcessTokenResponseOptions {
  /** Receipt time, epoch ms (the expiry is computed from it). */
  now: number;
  /** The token set being refreshed: its refresh token is kept if the response omits one. */
  previous?: Pick<TokenSet, "refreshToken" | "metadata"> | undefined;
  /** Values captured from the redirect, merged into `metadata`. */
  captured?: Readonly<Record<string, string>> | undefined;
  /** Which grant this answers (for messages): `authorization code` or `refresh token`. */
  grant?: "authorization code" | "refresh token" | undefined;
  /** Secret strings to remove from error excerpts (the client secret, the tokens sent). */
  secrets?: readonly (string | undefined)[] | undefined;
}

function header(headers: ReceivedResponse["headers"], name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith("{")) return undefined;
  try {
    const value: unknown = JSON.parse(trimmed);
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Parses a `Retry-After` header (seconds or HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function errorFromBody(json: Record<string, unknown>): DetectedOAuthError | undefined {
  if (typeof json.error !== "string" || json.error === "") return undefined;
  return {
    error: json.error,
    error_description:
      typeof json.error_description === "string" ? json.error_description : undefined,
  };
}

/** The server's `error` and `error_description` without the secrets it may echo. */
function scrubbed(
  detected: DetectedOAuthError,
  secrets: readonly (string | undefined)[],
): DetectedOAuthError {
  return {
    error: scrubSecrets(detected.error, secrets),
    error_description:
      detected.error_description === undefined
        ? undefined
        : scrubSecrets(detected.error_description, secrets),
  };
}

const defaultKinds: Record<string, OAuthErrorKind> = {
  invalid_grant: "invalid_grant",
  invalid_client: "invalid_client",
  unauthorized_client: "invalid_client",
  access_denied: "access_denied",
  slow_down: "throttled",
  temporarily_unavailable: "throttled",
};

/**
 * Turns an OAuth error body into the matching typed error, after the provider's
 * `classifyError` hook.
 */
export function oauthErrorFor(
  def: OAuthProviderDefinition,
  detected: DetectedOAuthError,
  context: { status: number; retryAfterMs?: number | undefined; grant?: string | undefined },
): OAuthError {
  const kind =
    def.hooks.classifyError?.({ ...detected, status: context.status }) ??
    defaultKinds[detected.error] ??
    (context.status === 429 ? "throttled" : "other");
  const fields = {
    status: context.status,
    error: detected.error,
    errorDescription: detected.error_description,
  };
  if (typeof kind === "object")
    return new ThrottledError(fields, context.retryAfterMs ?? kind.retryAfterMs);
  switch (kind) {
    case "invalid_grant":
      return new InvalidGrantError(fields, context.grant);
    case "invalid_client":
      return new InvalidClientError(fields);
    case "access_denied":
      return AuthorizationResponseError.denied(fields);
    case "throttled":
      return new ThrottledError(fields, context.retryAfterMs);
    default:
      return new TokenEndpointError(fields);
  }
}

const NumberLike = v.union([
  v.pipe(v.number(), v.finite()),
  v.pipe(v.string(), v.regex(/^\s*\d+(\.\d+)?\s*$/), v.transform(Number)),
]);

const TokenResponseSchema = v.looseObject({
  access_token: v.pipe(v.string(), v.minLength(1)),
  token_type: v.optional(v.string()),
  expires_in: v.optional(v.nullable(NumberLike)),
  refresh_token: v.optional(v.nullable(v.string())),
  scope: v.optional(
    v.nullable(
      v.union([
        v.string(),
        v.pipe(
          v.array(v.string()),
          v.transform((a) => a.join(" ")),
        ),
      ]),
    ),
  ),
});

function unexpected(
  what: string,
  response: ReceivedResponse,
  secrets: readonly (string | undefined)[],
  hint?: string,
): UnexpectedResponseError {
  return new UnexpectedResponseError(
    what,
    {
      status: response.status,
      contentType: header(response.headers, "content-type"),
      bodyExcerpt: redactExcerpt(response.bodyText, secrets),
    },
    hint,
  );
}

/**
 * Validates a token-endpoint response and returns a {@link TokenSet} with an absolute expiry.
 *
 * - Non-2xx: an OAuth error body becomes the matching typed error (`classifyError` first);
 *   429/503 without one become {@link ThrottledError}; anything else
 *   {@link UnexpectedResponseError} with a redacted excerpt.
 * - 2xx: errors reported with HTTP 200 (`detectErrorBody`, or a body with `error` and no
 *   `access_token`) become typed errors; then `processTokenResponse` and valibot validation.
 * - An omitted refresh token keeps `previous.refreshToken`; metadata merges the previous
 *   metadata, the values captured from the redirect and `captureFromToken` fields.
 */
export function processTokenResponse(
  def: OAuthProviderDefinition,
  response: ReceivedResponse,
  options: ProcessTokenResponseOptions,
): TokenSet {
  const secrets = options.secrets ?? [];
  const json = parseJsonObject(response.bodyText);
  const retryAfterMs = parseRetryAfter(header(response.headers, "retry-after"), options.now);
  const context = { status: response.status, retryAfterMs, grant: options.grant };
  const ok = response.status >= 200 && response.status < 300;
  if (!ok) {
    const detected = json ? (def.hooks.detectErrorBody?.(json) ?? errorFromBody(json)) : undefined;
    if (detected) throw oauthErrorFor(def, scrubbed(detected, secrets), context);
    if (response.status === 429 || response.status === 503) {
      throw new ThrottledError({ status: response.status }, retryAfterMs);
    }
    throw unexpected("token endpoint", response, secrets);
  }
  if (!json) {
    throw unexpected(
      "token endpoint",
      response,
      secrets,
      "The token endpoint must answer with a JSON object; check the endpoint URL and the provider's hooks.",
    );
  }
  const detected =
    def.hooks.detectErrorBody?.(json) ??
    (json.access_token === undefined ? errorFromBody(json) : undefined);
  if (detected) throw oauthErrorFor(def, scrubbed(detected, secrets), context);
  const body = def.hooks.processTokenResponse ? def.hooks.processTokenResponse(json) : json;
  const parsed = v.safeParse(TokenResponseSchema, body);
  if (!parsed.success) {
    const fields = [...new Set(parsed.issues.map((i) => v.getDotPath(i) ?? "(body)"))];
    throw unexpected(
      "token endpoint",
      response,
      secrets,
      `The token response is invalid at ${fields.join(", ")}; it must have a string access_token (and, if present, a numeric expires_in).`,
    );
  }
  const out = parsed.output;
  const seconds = def.hooks.expiresInSeconds?.(body) ?? out.expires_in ?? undefined;
  const metadata = {
    ...(options.previous?.metadata ?? {}),
    ...(options.captured ?? {}),
    ...capture(def, def.captureFromToken, (n) => body[n], "token"),
  };
  return createTokenSet(
    {
      accessToken: out.access_token,
      refreshToken: out.refresh_token ?? options.previous?.refreshToken,
      tokenType: out.token_type,
      expiresAt:
        seconds !== undefined && Number.isFinite(seconds) && seconds > 0
          ? Math.round(options.now + seconds * 1000)
          : undefined,
      scope: out.scope ?? undefined,
      metadata,
    },
    body,
  );
}

/**
 * Validates a revocation response (RFC 7009: 200 means revoked or already invalid). Providers
 * that answer 204 are accepted too.
 */
export function processRevocationResponse(
  def: OAuthProviderDefinition,
  response: ReceivedResponse,
  options: { now: number; secrets?: readonly (string | undefined)[] | undefined },
): void {
  if (response.status >= 200 && response.status < 300) {
    const json = parseJsonObject(response.bodyText);
    const detected = json ? def.hooks.detectErrorBody?.(json) : undefined;
    if (detected) {
      throw oauthErrorFor(def, scrubbed(detected, options.secrets ?? []), {
        status: response.status,
      });
    }
    return;
  }
  const json = parseJsonObject(response.bodyText);
  const detected = json ? (def.hooks.detectErrorBody?.(json) ?? errorFromBody(json)) : undefined;
  const retryAfterMs = parseRetryAfter(header(response.headers, "retry-after"), options.now);
  if (detected) {
    throw oauthErrorFor(def, scrubbed(detected, options.secrets ?? []), {
      status: response.status,
      retryAfterMs,
    });
  }
  if (response.status === 429 || response.status === 503) {
    throw new ThrottledError({ status: response.status }, retryAfterMs);
  }
  throw unexpected("revocation endpoint", response, options.secrets ?? []);
}
