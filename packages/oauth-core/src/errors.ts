/**
 * Typed errors of `@x/oauth-core`.
 *
 * Every error is an {@link OAuthError} with a stable `code` (one of the exported `OAUTH_*`
 * constants), a message that names what was wrong, and a `hint` that says what to do. Secret
 * values (client secret, tokens, PKCE verifier, authorization code) never appear in a message, a
 * hint, a field or a `cause`.
 *
 * @module
 */

import { type ErrorKind, XConnError } from "@x/errors";

/** The provider definition given to `defineOAuthProvider` is invalid. */
export const OAUTH_INVALID_DEFINITION = "OAUTH_INVALID_DEFINITION";
/** An endpoint template names a placeholder that has no value, or a value is unsafe to insert. */
export const OAUTH_TEMPLATE_VALUE = "OAUTH_TEMPLATE_VALUE";
/** The client was used in a way its options do not allow (missing redirect URI, no revocation endpoint, ...). */
export const OAUTH_CONFIGURATION = "OAUTH_CONFIGURATION";
/** The grant (code, refresh token) is invalid, expired or revoked: the user must authorize again. */
export const OAUTH_INVALID_GRANT = "OAUTH_INVALID_GRANT";
/** The authorization server rejected the client credentials. */
export const OAUTH_INVALID_CLIENT = "OAUTH_INVALID_CLIENT";
/** The user (or the server) denied the authorization request. */
export const OAUTH_ACCESS_DENIED = "OAUTH_ACCESS_DENIED";
/** The redirect carried an OAuth error other than `access_denied`. */
export const OAUTH_AUTHORIZATION_ERROR = "OAUTH_AUTHORIZATION_ERROR";
/** The redirect's `state` does not match the one sent (or is missing). */
export const OAUTH_STATE_MISMATCH = "OAUTH_STATE_MISMATCH";
/** The redirect is not a usable authorization response (no `code`, not a URL, ...). */
export const OAUTH_INVALID_REDIRECT = "OAUTH_INVALID_REDIRECT";
/** A value captured from the redirect or the token response was rejected by the provider's allow-list. */
export const OAUTH_INVALID_CAPTURED_VALUE = "OAUTH_INVALID_CAPTURED_VALUE";
/** The token endpoint returned a standard OAuth error not covered by a more specific class. */
export const OAUTH_TOKEN_ERROR = "OAUTH_TOKEN_ERROR";
/** The server answered with something that is not a valid OAuth response. */
export const OAUTH_UNEXPECTED_RESPONSE = "OAUTH_UNEXPECTED_RESPONSE";
/** The request did not reach the server or the connection broke. */
export const OAUTH_NETWORK = "OAUTH_NETWORK";
/** The server did not answer within the timeout. */
export const OAUTH_TIMEOUT = "OAUTH_TIMEOUT";
/** The server throttled the client (HTTP 429/503 or a provider-specific body). */
export const OAUTH_THROTTLED = "OAUTH_THROTTLED";
/** A refresh failed recently; the token manager waits before trying again. */
export const OAUTH_REFRESH_COOLDOWN = "OAUTH_REFRESH_COOLDOWN";
/** No usable tokens are available and none can be obtained without the user. */
export const OAUTH_NO_TOKENS = "OAUTH_NO_TOKENS";
/** The loopback callback port is already taken by another process. */
export const OAUTH_CALLBACK_PORT_IN_USE = "OAUTH_CALLBACK_PORT_IN_USE";
/** The loopback callback port may not be opened by this process (e.g. port 80 without privileges). */
export const OAUTH_CALLBACK_PORT_DENIED = "OAUTH_CALLBACK_PORT_DENIED";
/** The desktop flow waited longer than its timeout for the browser to come back. */
export const OAUTH_AUTHORIZATION_TIMEOUT = "OAUTH_AUTHORIZATION_TIMEOUT";
/** The operation was cancelled through its `AbortSignal`. */
export const OAUTH_ABORTED = "OAUTH_ABORTED";
/** A token or revocation response body is larger than the cap (1 MiB). */
export const OAUTH_RESPONSE_TOO_LARGE = "OAUTH_RESPONSE_TOO_LARGE";
/** The desktop flow could not open a browser (the opener failed) and has no other way to finish. */
export const OAUTH_BROWSER_FAILED = "OAUTH_BROWSER_FAILED";

/** Every code an {@link OAuthError} can carry. */
export type OAuthErrorCode =
  | typeof OAUTH_INVALID_DEFINITION
  | typeof OAUTH_TEMPLATE_VALUE
  | typeof OAUTH_CONFIGURATION
  | typeof OAUTH_INVALID_GRANT
  | typeof OAUTH_INVALID_CLIENT
  | typeof OAUTH_ACCESS_DENIED
  | typeof OAUTH_AUTHORIZATION_ERROR
  | typeof OAUTH_STATE_MISMATCH
  | typeof OAUTH_INVALID_REDIRECT
  | typeof OAUTH_INVALID_CAPTURED_VALUE
  | typeof OAUTH_TOKEN_ERROR
  | typeof OAUTH_UNEXPECTED_RESPONSE
  | typeof OAUTH_NETWORK
  | typeof OAUTH_TIMEOUT
  | typeof OAUTH_THROTTLED
  | typeof OAUTH_REFRESH_COOLDOWN
  | typeof OAUTH_NO_TOKENS
  | typeof OAUTH_CALLBACK_PORT_IN_USE
  | typeof OAUTH_CALLBACK_PORT_DENIED
  | typeof OAUTH_AUTHORIZATION_TIMEOUT
  | typeof OAUTH_ABORTED
  | typeof OAUTH_RESPONSE_TOO_LARGE
  | typeof OAUTH_BROWSER_FAILED;

/** Options every {@link OAuthError} accepts. `cause` must never hold a secret. */
export interface OAuthErrorOptions {
  hint: string;
  cause?: unknown;
}

const kinds: Partial<Record<OAuthErrorCode, ErrorKind>> = {
  OAUTH_INVALID_DEFINITION: "configuration",
  OAUTH_TEMPLATE_VALUE: "configuration",
  OAUTH_CONFIGURATION: "configuration",
  OAUTH_CALLBACK_PORT_IN_USE: "configuration",
  OAUTH_CALLBACK_PORT_DENIED: "configuration",
  OAUTH_INVALID_GRANT: "authorization",
  OAUTH_INVALID_CLIENT: "authorization",
  OAUTH_ACCESS_DENIED: "authorization",
  OAUTH_AUTHORIZATION_ERROR: "authorization",
  OAUTH_STATE_MISMATCH: "authorization",
  OAUTH_NO_TOKENS: "authorization",
  OAUTH_AUTHORIZATION_TIMEOUT: "authorization",
  OAUTH_NETWORK: "network",
  OAUTH_TIMEOUT: "network",
  OAUTH_ABORTED: "aborted",
};

/** Base class of every error thrown by this package. */
export class OAuthError extends XConnError {
  /** Stable, machine-readable code (see the `OAUTH_*` constants). */
  declare readonly code: OAuthErrorCode;
  /** What the user can do about it. */
  declare readonly hint: string;

  constructor(code: OAuthErrorCode, message: string, options: OAuthErrorOptions) {
    super(code, kinds[code] ?? "provider", message, options);
  }
}

/** `true` when `value` is an {@link OAuthError}, optionally with the given code. */
export function isOAuthError(value: unknown, code?: OAuthErrorCode): value is OAuthError {
  return value instanceof OAuthError && (code === undefined || value.code === code);
}

/** The provider definition is invalid; `issues` lists the paths and problems. */
export class InvalidProviderDefinitionError extends OAuthError {
  readonly issues: readonly string[];
  constructor(id: string | undefined, issues: readonly string[]) {
    super(
      OAUTH_INVALID_DEFINITION,
      `Invalid OAuth provider definition${id ? ` "${id}"` : ""}: ${issues.join("; ")}`,
      { hint: "Fix the listed fields of the object passed to defineOAuthProvider()." },
    );
    this.issues = issues;
  }
}

/** An endpoint template could not be filled. */
export class TemplateValueError extends OAuthError {
  /** The placeholder name, without braces. */
  readonly placeholder: string;
  constructor(placeholder: string, template: string, problem: "missing" | "unsafe") {
    super(
      OAUTH_TEMPLATE_VALUE,
      problem === "missing"
        ? `No value for placeholder {${placeholder}} in endpoint template "${template}"`
        : `The value for placeholder {${placeholder}} in endpoint template "${template}" is not allowed there`,
      {
        hint:
          problem === "missing"
            ? `Pass "${placeholder}" in the client's \`values\` (or capture it from the redirect or token response).`
            : placeholder.length > 0 && template.startsWith(`{${placeholder}}`)
              ? `{${placeholder}} starts the URL, so its value must be an https origin such as https://host.example.`
              : `Inside a URL a value may contain only letters, digits and "-", ".", "_", "~".`,
      },
    );
    this.placeholder = placeholder;
  }
}

/** The client or a flow was called without something it needs. */
export class ConfigurationError extends OAuthError {
  constructor(message: string, hint: string) {
    super(OAUTH_CONFIGURATION, message, { hint });
  }
}

/** Fields of an OAuth error response (RFC 6749 section 5.2) kept on token-endpoint errors. */
export interface OAuthErrorResponseFields {
  /** HTTP status of the response (200 for providers that report errors with HTTP 200). */
  status?: number;
  /** The `error` value, as the server sent it. */
  error?: string;
  /** The `error_description`, if any (servers do not put secrets there). */
  errorDescription?: string;
}

/** Base of errors that come from an OAuth error body. */
export class OAuthResponseError extends OAuthError {
  readonly status: number | undefined;
  readonly error: string | undefined;
  readonly errorDescription: string | undefined;
  constructor(
    code: OAuthErrorCode,
    message: string,
    fields: OAuthErrorResponseFields,
    options: OAuthErrorOptions,
  ) {
    super(code, message, options);
    this.status = fields.status;
    this.error = fields.error;
    this.errorDescription = fields.errorDescription;
  }
  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      status: this.status,
      error: this.error,
      errorDescription: this.errorDescription,
    };
  }
}

/**
 * Text a server sent (an `error`, an `error_description`), made safe to show on a terminal or in a
 * log line: control characters (ANSI escapes included) removed, at most 300 characters.
 */
export function printable(text: string): string {
  const clean = text.replace(
    /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069]/g,
    "",
  );
  return clean.length > 300 ? `${clean.slice(0, 300)}…` : clean;
}

function describe(fields: OAuthErrorResponseFields): string {
  const parts: string[] = [];
  if (fields.error) parts.push(`error "${printable(fields.error)}"`);
  if (fields.errorDescription) parts.push(`"${printable(fields.errorDescription)}"`);
  if (fields.status !== undefined) parts.push(`HTTP ${fields.status}`);
  return parts.join(", ");
}

/** The code or refresh token is invalid, expired or revoked: authorize again. */
export class InvalidGrantError extends OAuthResponseError {
  constructor(fields: OAuthErrorResponseFields, grant = "grant") {
    super(
      OAUTH_INVALID_GRANT,
      `The authorization server rejected the ${grant} (${describe(fields)})`,
      fields,
      {
        hint: "The authorization is no longer valid (revoked, expired, already used, or the user's password changed). Authorize again to get new tokens.",
      },
    );
  }
}

/** The client id / secret (or client authentication method) was rejected. */
export class InvalidClientError extends OAuthResponseError {
  constructor(fields: OAuthErrorResponseFields) {
    super(
      OAUTH_INVALID_CLIENT,
      `The authorization server rejected the client credentials (${describe(fields)})`,
      fields,
      {
        hint: "Check the OAuth client id and secret, and that the client is registered for this server, region and redirect URI.",
      },
    );
  }
}

/**
 * The authorization was refused: the user denied consent or the server denied the request
 * (`OAUTH_ACCESS_DENIED`, from the redirect's `error=access_denied` or the token endpoint), or the
 * redirect carried another OAuth error (`OAUTH_AUTHORIZATION_ERROR`).
 */
export class AuthorizationResponseError extends OAuthResponseError {
  declare readonly code: typeof OAUTH_ACCESS_DENIED | typeof OAUTH_AUTHORIZATION_ERROR;
  /** `code` defaults from the response: `access_denied` is a denial, anything else an error. */
  constructor(
    fields: OAuthErrorResponseFields,
    code: typeof OAUTH_ACCESS_DENIED | typeof OAUTH_AUTHORIZATION_ERROR = fields.error ===
    "access_denied"
      ? OAUTH_ACCESS_DENIED
      : OAUTH_AUTHORIZATION_ERROR,
  ) {
    const denied = code === OAUTH_ACCESS_DENIED;
    super(
      code,
      denied
        ? `Authorization was denied (${describe(fields)})`
        : `The authorization server redirected back with an error (${describe(fields)})`,
      fields,
      {
        hint: denied
          ? "The user declined the consent screen, or the account may not grant this client access. Start the authorization again and approve it."
          : "Check the client id, redirect URI and scopes sent in the authorization request.",
      },
    );
  }

  /** The user or the server denied the authorization (`OAUTH_ACCESS_DENIED`). */
  static denied(fields: OAuthErrorResponseFields): AuthorizationResponseError {
    return new AuthorizationResponseError(fields, OAUTH_ACCESS_DENIED);
  }
}

/** The token endpoint returned a standard OAuth error body not covered by a more specific class. */
export class TokenEndpointError extends OAuthResponseError {
  constructor(fields: OAuthErrorResponseFields) {
    super(OAUTH_TOKEN_ERROR, `The token endpoint returned an error (${describe(fields)})`, fields, {
      hint: "Check the request parameters (scopes, redirect URI, grant type) against the provider's documentation.",
    });
  }
}

/**
 * The redirect could not be used: not a URL, no `code` (`OAUTH_INVALID_REDIRECT`), or its `state`
 * differs from the one sent or is missing (`OAUTH_STATE_MISMATCH`).
 */
export class InvalidRedirectError extends OAuthError {
  declare readonly code: typeof OAUTH_INVALID_REDIRECT | typeof OAUTH_STATE_MISMATCH;
  constructor(
    message: string,
    hint: string,
    code: typeof OAUTH_INVALID_REDIRECT | typeof OAUTH_STATE_MISMATCH = OAUTH_INVALID_REDIRECT,
  ) {
    super(code, message, { hint });
  }

  /** The redirect's `state` is missing or differs from the one sent (`OAUTH_STATE_MISMATCH`). */
  static stateMismatch(received: "missing" | "different"): InvalidRedirectError {
    return new InvalidRedirectError(
      received === "missing"
        ? "The redirect has no `state` parameter, but one was sent with the authorization request"
        : "The redirect's `state` parameter does not match the one sent with the authorization request",
      "Start the authorization again from this application; an old or foreign redirect (or a forged one) cannot be used.",
      OAUTH_STATE_MISMATCH,
    );
  }
}

/** A captured value (`accounts-server`, `api_domain`, ...) was rejected by the provider's allow-list. */
export class CapturedValueError extends OAuthError {
  readonly valueName: string;
  constructor(name: string, value: string, source: "redirect" | "token") {
    super(
      OAUTH_INVALID_CAPTURED_VALUE,
      `The ${source === "redirect" ? "redirect" : "token response"} carried "${name}" = "${value.slice(0, 200)}", which this provider does not allow`,
      {
        hint: "The value is not one of the provider's known hosts. If it is genuine, update the provider package; otherwise the response did not come from the real provider.",
      },
    );
    this.valueName = name;
  }
}

/** The server's answer is not a valid OAuth response. */
export class UnexpectedResponseError extends OAuthError {
  readonly status: number;
  readonly contentType: string | undefined;
  /** The start of the body, with secrets removed. */
  readonly bodyExcerpt: string;
  constructor(
    what: string,
    fields: { status: number; contentType: string | undefined; bodyExcerpt: string },
    hint?: string,
  ) {
    super(
      OAUTH_UNEXPECTED_RESPONSE,
      `Unexpected response from the ${what}: HTTP ${fields.status}, content type ${fields.contentType ?? "(none)"}${fields.bodyExcerpt ? `, body: ${fields.bodyExcerpt}` : ", empty body"}`,
      {
        hint:
          hint ??
          "Check the endpoint URL (region, subdomain, http vs https) and that it is the provider's OAuth endpoint.",
      },
    );
    this.status = fields.status;
    this.contentType = fields.contentType;
    this.bodyExcerpt = fields.bodyExcerpt;
  }
  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      status: this.status,
      contentType: this.contentType,
      bodyExcerpt: this.bodyExcerpt,
    };
  }
}

/**
 * No usable answer: the request did not reach the server or the connection broke
 * (`OAUTH_NETWORK`), or the server did not answer within the timeout (`OAUTH_TIMEOUT`, with
 * `timeoutMs`).
 */
export class NetworkError extends OAuthError {
  declare readonly code: typeof OAUTH_NETWORK | typeof OAUTH_TIMEOUT;
  /** The timeout that ran out (`OAUTH_TIMEOUT` only). */
  readonly timeoutMs: number | undefined;
  /** `timeoutMs` makes it the timeout (`OAUTH_TIMEOUT`); {@link NetworkError.timeout} says so. */
  constructor(url: string, cause: unknown, timeoutMs?: number) {
    const timedOut = timeoutMs !== undefined;
    super(
      timedOut ? OAUTH_TIMEOUT : OAUTH_NETWORK,
      timedOut
        ? `No answer from ${url} within ${timeoutMs} ms`
        : `Could not reach ${url}: ${describeCause(cause)}`,
      {
        hint: timedOut
          ? "The server is slow or unreachable; try again later or raise `timeoutMs`."
          : "Check the network, proxy and DNS, and that the endpoint URL is right.",
        cause: timedOut ? undefined : sanitizeCause(cause),
      },
    );
    this.timeoutMs = timeoutMs;
  }

  /** The server did not answer within `timeoutMs` (`OAUTH_TIMEOUT`). */
  static timeout(url: string, timeoutMs: number): NetworkError {
    return new NetworkError(url, undefined, timeoutMs);
  }
}

/** The server throttled the client. `retryAfterMs` says when to try again, if known. */
export class ThrottledError extends OAuthResponseError {
  readonly retryAfterMs: number | undefined;
  constructor(fields: OAuthErrorResponseFields, retryAfterMs: number | undefined) {
    super(
      OAUTH_THROTTLED,
      `The authorization server throttled the request (${describe(fields)})`,
      fields,
      {
        hint:
          retryAfterMs === undefined
            ? "Too many token requests; wait several minutes before trying again, and do not retry in a loop."
            : `Too many token requests; retry after ${Math.ceil(retryAfterMs / 1000)} s, and do not retry in a loop.`,
      },
    );
    this.retryAfterMs = retryAfterMs;
  }
}

/** A refresh failed recently; no new attempt is made until the cooldown ends. */
export class RefreshCooldownError extends OAuthError {
  /** Milliseconds left before the next refresh attempt is allowed. */
  readonly remainingMs: number;
  constructor(remainingMs: number, lastError: OAuthError | undefined) {
    super(
      OAUTH_REFRESH_COOLDOWN,
      `Token refresh is cooling down after a failure${lastError ? ` (${lastError.code})` : ""}; next attempt allowed in ${Math.ceil(remainingMs / 1000)} s`,
      {
        hint: lastError?.hint ?? "Wait for the cooldown to end, then try again.",
        cause: lastError,
      },
    );
    this.remainingMs = remainingMs;
  }
}

/** No usable tokens exist and none can be obtained here. */
export class NoTokensError extends OAuthError {
  constructor(message: string, hint: string) {
    super(OAUTH_NO_TOKENS, message, { hint });
  }
}

/**
 * The loopback callback port cannot be opened: taken by another program
 * (`OAUTH_CALLBACK_PORT_IN_USE`) or not allowed for this process (`OAUTH_CALLBACK_PORT_DENIED`).
 */
export class CallbackPortError extends OAuthError {
  readonly port: number;
  private constructor(
    code: typeof OAUTH_CALLBACK_PORT_IN_USE | typeof OAUTH_CALLBACK_PORT_DENIED,
    port: number,
    message: string,
    hint: string,
  ) {
    super(code, message, { hint });
    this.port = port;
  }

  /** Another program listens on the port. */
  static inUse(port: number): CallbackPortError {
    return new CallbackPortError(
      OAUTH_CALLBACK_PORT_IN_USE,
      port,
      `Port ${port} on 127.0.0.1 is already in use`,
      `Another program is listening on port ${port}. Stop it, or register and use a CallbackURL with another port (the redirect URI must equal the registered one, port included).`,
    );
  }

  /** This process may not open the port (below 1024 without privileges). */
  static denied(port: number, callbackUrl: string): CallbackPortError {
    return new CallbackPortError(
      OAUTH_CALLBACK_PORT_DENIED,
      port,
      `Cannot listen on port ${port} of 127.0.0.1 for CallbackURL ${callbackUrl}: permission denied${port < 1024 ? ` (ports below 1024 need privileges)` : ""}`,
      `Register a CallbackURL with a port of 1024 or above with the provider, e.g. http://localhost:33333/callback, and use it here (the redirect URI sent is exactly the CallbackURL, and a URL without a port means port ${port}); or let Node open low ports (Linux: sudo setcap cap_net_bind_service=+ep "$(command -v node)").`,
    );
  }
}

/** The desktop flow timed out. */
export class AuthorizationTimeoutError extends OAuthError {
  constructor(timeoutMs: number) {
    super(
      OAUTH_AUTHORIZATION_TIMEOUT,
      `No authorization response arrived within ${Math.round(timeoutMs / 1000)} s`,
      {
        hint: "Open the printed URL in a browser and approve access before the timeout, or raise the timeout.",
      },
    );
  }
}

/** A response body is larger than the cap; it was not read further. */
export class ResponseTooLargeError extends OAuthError {
  readonly maxBytes: number;
  constructor(url: string, maxBytes: number) {
    super(OAUTH_RESPONSE_TOO_LARGE, `The answer of ${url} is larger than ${maxBytes} bytes`, {
      hint: "A token response is a few hundred bytes: check the endpoint URL (region, subdomain); the server is not behaving as an OAuth server.",
    });
    this.maxBytes = maxBytes;
  }
}

/** The browser opener failed and the desktop flow cannot finish without it. */
export class BrowserFailedError extends OAuthError {
  constructor(cause: unknown) {
    super(
      OAUTH_BROWSER_FAILED,
      `The browser could not be opened (${printable(cause instanceof Error ? cause.message : String(cause))})`,
      {
        hint: "Open the printed authorization URL in a browser yourself, or provide a way to paste the redirect (readPastedRedirect); use the web or headless flow where no browser can run.",
      },
    );
  }
}

/** The operation was aborted. */
export class AbortedError extends OAuthError {
  constructor(what: string) {
    super(OAUTH_ABORTED, `${what} was aborted`, {
      hint: "The caller cancelled the operation through its AbortSignal.",
    });
  }
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const inner = cause.cause instanceof Error ? cause.cause : undefined;
    const code =
      (inner as { code?: unknown } | undefined)?.code ?? (cause as { code?: unknown }).code;
    return [typeof code === "string" ? code : undefined, inner?.message ?? cause.message]
      .filter(Boolean)
      .join(" ");
  }
  return String(cause);
}

/** A fresh Error holding only the cause's name, code and message (no request objects). */
function sanitizeCause(cause: unknown): Error | undefined {
  if (!(cause instanceof Error)) return undefined;
  const copy = new Error(describeCause(cause));
  copy.name = cause.name;
  return copy;
}

/**
 * A name kept for code that tests `instanceof` on one code of a merged class: `instanceof` is true
 * for errors of `base` with `code`, and `new` builds one. Deprecated: check the code instead.
 */
function codeAlias<Args extends unknown[], E extends OAuthError>(
  code: OAuthErrorCode,
  make: (...args: Args) => E,
): { new (...args: Args): E; prototype: E } {
  // A plain function: `new` returns the object it gives back.
  // biome-ignore lint/complexity/useArrowFunction: an arrow function cannot be called with `new`, which the deprecated alias must allow.
  const alias = function (...args: Args) {
    return make(...args);
  };
  Object.defineProperty(alias, Symbol.hasInstance, {
    value: (value: unknown) => value instanceof OAuthError && value.code === code,
  });
  return alias as unknown as { new (...args: Args): E; prototype: E };
}

/** @deprecated An {@link AuthorizationResponseError} with code `OAUTH_ACCESS_DENIED`. */
export const AccessDeniedError = codeAlias(
  OAUTH_ACCESS_DENIED,
  (fields: OAuthErrorResponseFields) => AuthorizationResponseError.denied(fields),
);
/** @deprecated An {@link AuthorizationResponseError} with code `OAUTH_ACCESS_DENIED`. */
export type AccessDeniedError = AuthorizationResponseError;

/** @deprecated An {@link InvalidRedirectError} with code `OAUTH_STATE_MISMATCH`. */
export const StateMismatchError = codeAlias(
  OAUTH_STATE_MISMATCH,
  (received: "missing" | "different") => InvalidRedirectError.stateMismatch(received),
);
/** @deprecated An {@link InvalidRedirectError} with code `OAUTH_STATE_MISMATCH`. */
export type StateMismatchError = InvalidRedirectError;

/** @deprecated A {@link NetworkError} with code `OAUTH_TIMEOUT`. */
export const TimeoutError = codeAlias(OAUTH_TIMEOUT, (url: string, timeoutMs: number) =>
  NetworkError.timeout(url, timeoutMs),
);
/** @deprecated A {@link NetworkError} with code `OAUTH_TIMEOUT`. */
export type TimeoutError = NetworkError;
