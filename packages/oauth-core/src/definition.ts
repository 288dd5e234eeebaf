/**
 * A provider is data: `defineOAuthProvider()` validates a definition and freezes it.
 *
 * @module
 */

import { InvalidProviderDefinitionError, TemplateValueError } from "./errors.js";
import * as v from "./internal/valibot.js";

/** How the client authenticates at the token and revocation endpoints. */
export type ClientAuthMethod = "basic" | "post" | "none";

/** A grant sent to the token endpoint. */
export type TokenGrant =
  | {
      type: "authorization_code";
      code: string;
      /** The redirect URI used in the authorization request. */
      redirectUri?: string | undefined;
      /** The PKCE verifier, when PKCE was used. */
      codeVerifier?: string | undefined;
    }
  | {
      type: "refresh_token";
      refreshToken: string;
      /** Narrower scopes to request, if any. */
      scopes?: readonly string[] | undefined;
    };

/** A token, revocation or other request, ready to send. Produced by the pure builders. */
export interface OAuthHttpRequest {
  url: URL;
  method: "POST";
  headers: Record<string, string>;
  body: URLSearchParams;
}

/** Context passed to {@link OAuthProviderHooks.customizeTokenRequest}. */
export interface TokenRequestContext {
  grant: TokenGrant;
  /** Template values (connection values merged with captured metadata). */
  values: Readonly<Record<string, string>>;
}

/** An OAuth error found in a response body. */
export interface DetectedOAuthError {
  error: string;
  error_description?: string | undefined;
}

/** What an error `error` code means; returned by {@link OAuthProviderHooks.classifyError}. */
export type OAuthErrorKind =
  | "invalid_grant"
  | "invalid_client"
  | "access_denied"
  | "throttled"
  | { kind: "throttled"; retryAfterMs: number }
  | "other";

/**
 * Small functions for what data cannot say. Every hook is optional; each is called with plain
 * data and must be pure.
 */
export interface OAuthProviderHooks {
  /**
   * Finds an OAuth error in a successful-status (2xx) token response body. Zoho answers errors
   * with HTTP 200 (`{"error":"invalid_code"}`). By default a 2xx body without `access_token` but
   * with a string `error` is an error; this hook can recognise other shapes. Return `undefined`
   * when the body is not an error.
   */
  detectErrorBody?(json: Readonly<Record<string, unknown>>): DetectedOAuthError | undefined;
  /**
   * Maps a nonstandard `error` code to what it means (Zoho: `invalid_code` -> `invalid_grant`,
   * `invalid_client_secret` -> `invalid_client`, `Access Denied` -> throttled; Launchpad:
   * `authorization_expired` -> `invalid_grant`). Return `undefined` for the default mapping.
   */
  classifyError?(error: DetectedOAuthError & { status: number }): OAuthErrorKind | undefined;
  /**
   * Rewrites a token request just before it is sent (after client authentication). Launchpad
   * replaces `grant_type` with `type=web_server` / `type=refresh`. Return a request, or nothing
   * to keep the (possibly mutated) one given.
   */
  customizeTokenRequest?(
    request: OAuthHttpRequest,
    ctx: TokenRequestContext,
  ): OAuthHttpRequest | undefined;
  /**
   * Transforms the parsed JSON of a successful token response before it is validated (for
   * providers that nest the token or use other field names).
   */
  processTokenResponse?(json: Readonly<Record<string, unknown>>): Record<string, unknown>;
  /**
   * Lifetime of the access token in seconds, for providers with legacy units (Zoho: `expires_in`
   * in milliseconds when `expires_in_sec` is present). Return `undefined` for the default
   * (`expires_in` in seconds).
   */
  expiresInSeconds?(json: Readonly<Record<string, unknown>>): number | undefined;
  /**
   * Allow-list for captured values: return `false` to reject `value` (Zoho's `accounts-server`
   * must be one of Zoho's accounts hosts). Called for every value captured from the redirect or
   * the token response.
   */
  validateCaptured?(name: string, value: string, source: "redirect" | "token"): boolean;
}

const placeholderPattern = /\{([^{}]*)\}/g;
const placeholderName = /^[A-Za-z0-9_.-]+$/;

function templateIssues(template: string): string | undefined {
  if (/[{}]/.test(template.replace(placeholderPattern, ""))) return "has an unbalanced brace";
  for (const match of template.matchAll(placeholderPattern)) {
    if (!placeholderName.test(match[1] ?? "")) return `has an invalid placeholder "{${match[1]}}"`;
  }
  // With every placeholder filled by a harmless value, it must be an absolute http(s) URL.
  const sample = template.replace(placeholderPattern, (_whole, _name, offset: number) =>
    offset === 0 ? "https://placeholder.invalid" : "x",
  );
  try {
    const url = new URL(sample);
    if (url.protocol !== "https:" && url.protocol !== "http:") return "is not an http(s) URL";
  } catch {
    return "is not an absolute URL";
  }
  return undefined;
}

const Template = v.pipe(
  v.string(),
  v.minLength(1),
  v.check(
    (t) => templateIssues(t) === undefined,
    (issue) => `${issue.input} ${templateIssues(String(issue.input))}`,
  ),
);
const StringMap = v.record(v.string(), v.string());
const fn = v.custom<(...args: never[]) => unknown>(
  (x) => typeof x === "function",
  "must be a function",
);

const DefinitionSchema = v.strictObject({
  id: v.pipe(
    v.string(),
    v.regex(/^[a-z0-9][a-z0-9._-]*$/, "must be lower-case letters, digits, '.', '_' or '-'"),
  ),
  authorizationEndpoint: Template,
  tokenEndpoint: Template,
  revocationEndpoint: v.optional(Template),
  clientAuth: v.optional(v.picklist(["basic", "post", "none"]), "basic"),
  pkce: v.optional(v.boolean(), true),
  scopes: v.optional(
    v.strictObject({
      default: v.optional(v.array(v.pipe(v.string(), v.minLength(1))), []),
      separator: v.optional(v.pipe(v.string(), v.minLength(1)), " "),
    }),
    {},
  ),
  authorizationParams: v.optional(StringMap, {}),
  tokenParams: v.optional(StringMap, {}),
  refreshParams: v.optional(StringMap, {}),
  captureFromRedirect: v.optional(v.array(v.pipe(v.string(), v.minLength(1))), []),
  captureFromToken: v.optional(v.array(v.pipe(v.string(), v.minLength(1))), []),
  refreshTokenRotation: v.optional(v.picklist(["never", "sometimes", "always"])),
  hooks: v.optional(
    v.strictObject({
      detectErrorBody: v.optional(fn),
      classifyError: v.optional(fn),
      customizeTokenRequest: v.optional(fn),
      processTokenResponse: v.optional(fn),
      expiresInSeconds: v.optional(fn),
      validateCaptured: v.optional(fn),
    }),
  ),
});

/** What `defineOAuthProvider` accepts. Omitted fields take the documented defaults. */
export interface OAuthProviderInput {
  /** Lower-case identifier, e.g. `zoho`, `pipedrive`. */
  id: string;
  /** Authorization endpoint template, e.g. `https://{subdomain}.zendesk.com/oauth/authorizations/new`. */
  authorizationEndpoint: string;
  /** Token endpoint template, e.g. `{accounts-server}/oauth/v2/token`. */
  tokenEndpoint: string;
  /** RFC 7009 revocation endpoint template, if the provider has one. */
  revocationEndpoint?: string;
  /** Client authentication at the token endpoint. Default `basic` (RFC 6749 section 2.3.1). */
  clientAuth?: ClientAuthMethod;
  /** Send PKCE (S256). Default `true`; set `false` where a provider rejects it. */
  pkce?: boolean;
  /** Default scopes (default none) and their separator (default a space). */
  scopes?: { default?: readonly string[]; separator?: string };
  /** Extra query parameters of the authorization URL (e.g. `access_type=offline`). */
  authorizationParams?: Record<string, string>;
  /** Extra body parameters of the authorization-code exchange (not of refreshes). */
  tokenParams?: Record<string, string>;
  /** Extra body parameters of refresh requests. */
  refreshParams?: Record<string, string>;
  /** Query parameters of the redirect to keep as metadata (Zoho: `accounts-server`, `location`). */
  captureFromRedirect?: readonly string[];
  /** Token-response fields to keep as metadata (Zoho, Pipedrive: `api_domain`). */
  captureFromToken?: readonly string[];
  /** Informational: whether refresh responses carry a new refresh token. */
  refreshTokenRotation?: "never" | "sometimes" | "always";
  /** Hooks for what data cannot say. */
  hooks?: OAuthProviderHooks;
}

/** A validated, frozen provider definition. */
export interface OAuthProviderDefinition {
  readonly id: string;
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
  readonly revocationEndpoint: string | undefined;
  readonly clientAuth: ClientAuthMethod;
  readonly pkce: boolean;
  readonly scopes: { readonly default: readonly string[]; readonly separator: string };
  readonly authorizationParams: Readonly<Record<string, string>>;
  readonly tokenParams: Readonly<Record<string, string>>;
  readonly refreshParams: Readonly<Record<string, string>>;
  readonly captureFromRedirect: readonly string[];
  readonly captureFromToken: readonly string[];
  readonly refreshTokenRotation: "never" | "sometimes" | "always" | undefined;
  readonly hooks: Readonly<OAuthProviderHooks>;
}

/**
 * Validates a provider definition and returns it frozen, with defaults filled in.
 *
 * @throws InvalidProviderDefinitionError listing every problem.
 *
 * @example
 * ```ts
 * const zendesk = defineOAuthProvider({
 *   id: "zendesk",
 *   authorizationEndpoint: "https://{subdomain}.zendesk.com/oauth/authorizations/new",
 *   tokenEndpoint: "https://{subdomain}.zendesk.com/oauth/tokens",
 *   clientAuth: "post",
 *   scopes: { default: ["read"] },
 *   refreshTokenRotation: "always",
 * });
 * ```
 */
export function defineOAuthProvider(input: OAuthProviderInput): OAuthProviderDefinition {
  const result = v.safeParse(DefinitionSchema, input);
  if (!result.success) {
    const issues = result.issues.map((issue) => {
      const path = v.getDotPath(issue);
      return path ? `${path}: ${issue.message}` : issue.message;
    });
    const id = typeof (input as { id?: unknown })?.id === "string" ? input.id : undefined;
    throw new InvalidProviderDefinitionError(id, issues);
  }
  const d = result.output;
  return Object.freeze({
    id: d.id,
    authorizationEndpoint: d.authorizationEndpoint,
    tokenEndpoint: d.tokenEndpoint,
    revocationEndpoint: d.revocationEndpoint,
    clientAuth: d.clientAuth,
    pkce: d.pkce,
    scopes: Object.freeze({
      default: Object.freeze([...d.scopes.default]),
      separator: d.scopes.separator,
    }),
    authorizationParams: Object.freeze({ ...d.authorizationParams }),
    tokenParams: Object.freeze({ ...d.tokenParams }),
    refreshParams: Object.freeze({ ...d.refreshParams }),
    captureFromRedirect: Object.freeze([...d.captureFromRedirect]),
    captureFromToken: Object.freeze([...d.captureFromToken]),
    refreshTokenRotation: d.refreshTokenRotation,
    hooks: Object.freeze({ ...(input.hooks ?? {}) }),
  });
}

const safeSegment = /^[A-Za-z0-9._~-]+$/;

/**
 * Fills `{name}` placeholders of an endpoint template from `values`.
 *
 * A placeholder that starts the template stands for an origin and needs an https URL (a trailing
 * slash is dropped; `http` only on a loopback host, and only with `allowLoopbackHttp`, for a local
 * emulator); any other placeholder accepts only URL-safe characters, so a value can never move the
 * request to another host.
 *
 * @throws TemplateValueError naming the placeholder that is missing or unsafe.
 */
export function fillTemplate(
  template: string,
  values: Readonly<Record<string, string>>,
  options: { allowLoopbackHttp?: boolean | undefined } = {},
): URL {
  const filled = template.replace(placeholderPattern, (_whole, name: string, offset: number) => {
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    if (value === undefined || value === "")
      throw new TemplateValueError(name, template, "missing");
    if (offset === 0) {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        throw new TemplateValueError(name, template, "unsafe");
      }
      const loopback = /^(127(?:\.\d{1,3}){3}|localhost|\[::1\])$/.test(url.hostname);
      if (
        (url.protocol !== "https:" &&
          !(url.protocol === "http:" && loopback && options.allowLoopbackHttp)) ||
        url.username ||
        url.password ||
        url.search ||
        url.hash ||
        (url.pathname !== "/" && url.pathname !== "")
      ) {
        throw new TemplateValueError(name, template, "unsafe");
      }
      return url.origin;
    }
    if (!safeSegment.test(value)) throw new TemplateValueError(name, template, "unsafe");
    return value;
  });
  return new URL(filled);
}

/** The placeholder names used by a template, in order. */
export function templatePlaceholders(template: string): string[] {
  return [...template.matchAll(placeholderPattern)].map((m) => m[1] ?? "");
}
