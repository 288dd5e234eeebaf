/**
 * Pure request builders: authorization URL, token request, revocation request. Nothing here
 * performs I/O.
 *
 * @module
 */
import {
  fillTemplate,
  type OAuthHttpRequest,
  type OAuthProviderDefinition,
  type TokenGrant,
} from "./definition.js";
import { ConfigurationError } from "./errors.js";
import { hideSecrets, mask } from "./redact.js";

/** The client's registration: id, optional secret, optional redirect URI. */
export interface OAuthClientCredentials {
  clientId: string;
  /** Absent for public clients. */
  clientSecret?: string | undefined;
  /** The registered redirect URI (CallbackURL). */
  redirectUri?: string | undefined;
}

/** Parameters of {@link buildAuthorizationUrl}. */
export interface AuthorizationUrlParams {
  /** The `state` value (see `generateState()`). */
  state: string;
  /** The S256 challenge; required when PKCE is on (see `pkce`). */
  codeChallenge?: string | undefined;
  /** PKCE for this request; default the definition's `pkce`. */
  pkce?: boolean | undefined;
  /** Scopes; default the definition's default scopes. */
  scopes?: readonly string[] | undefined;
  /** Extra query parameters; they override the definition's `authorizationParams`. */
  extraParams?: Readonly<Record<string, string>> | undefined;
  /** Template values (region, subdomain, ...). */
  values?: Readonly<Record<string, string>> | undefined;
  /** Overrides the client's redirect URI. */
  redirectUri?: string | undefined;
  /** Accept http origins on loopback in template values (a local emulator); see `fillTemplate`. */
  allowLoopbackHttp?: boolean | undefined;
}

/** Options of how endpoint templates are filled; see `fillTemplate`. */
export interface TemplateOptions {
  allowLoopbackHttp?: boolean | undefined;
}

/**
 * Builds the authorization URL: `response_type=code`, `client_id`, `redirect_uri`, `scope`
 * (joined with the definition's separator), `state`, PKCE S256, then the definition's
 * `authorizationParams` and `extraParams`.
 */
export function buildAuthorizationUrl(
  def: OAuthProviderDefinition,
  client: OAuthClientCredentials,
  params: AuthorizationUrlParams,
): URL {
  const url = fillTemplate(def.authorizationEndpoint, params.values ?? {}, {
    allowLoopbackHttp: params.allowLoopbackHttp,
  });
  const q = url.searchParams;
  q.set("response_type", "code");
  q.set("client_id", client.clientId);
  const redirectUri = params.redirectUri ?? client.redirectUri;
  if (redirectUri) q.set("redirect_uri", redirectUri);
  const scopes = params.scopes ?? def.scopes.default;
  if (scopes.length > 0) q.set("scope", scopes.join(def.scopes.separator));
  q.set("state", params.state);
  if (params.pkce ?? def.pkce) {
    if (!params.codeChallenge) {
      throw new ConfigurationError(
        `Provider "${def.id}" uses PKCE but no code challenge was given`,
        "Pass codeChallenge: codeChallengeS256(codeVerifier), or use the client's createAuthorizationRequest().",
      );
    }
    q.set("code_challenge", params.codeChallenge);
    q.set("code_challenge_method", "S256");
  }
  for (const [k, val] of Object.entries(def.authorizationParams)) q.set(k, val);
  for (const [k, val] of Object.entries(params.extraParams ?? {})) q.set(k, val);
  return url;
}

/** RFC 6749 section 2.3.1: form-urlencode before joining with ":" and base64-encoding. */
function formEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}

/** The `Authorization: Basic` value for client credentials, encoded per RFC 6749 section 2.3.1. */
export function basicAuthorization(clientId: string, clientSecret: string): string {
  const pair = `${formEncode(clientId)}:${formEncode(clientSecret)}`;
  return `Basic ${Buffer.from(pair, "utf8").toString("base64")}`;
}

function newRequest(url: URL, body: URLSearchParams): OAuthHttpRequest {
  const request: OAuthHttpRequest = {
    url,
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded;charset=UTF-8",
      accept: "application/json",
    },
    body,
  };
  return hideSecrets(request, () => ({
    url: request.url.href,
    method: request.method,
    headers: {
      ...request.headers,
      ...(request.headers.authorization
        ? { authorization: mask(request.headers.authorization) }
        : {}),
    },
    body: `[${[...new Set(request.body.keys())].join(", ")}]`,
  }));
}

function applyClientAuth(
  def: OAuthProviderDefinition,
  client: OAuthClientCredentials,
  request: OAuthHttpRequest,
): void {
  // A client without a secret is a public client whatever the definition says.
  if (def.clientAuth === "basic" && client.clientSecret !== undefined) {
    request.headers.authorization = basicAuthorization(client.clientId, client.clientSecret);
    return;
  }
  request.body.set("client_id", client.clientId);
  if (def.clientAuth === "post" && client.clientSecret !== undefined) {
    request.body.set("client_secret", client.clientSecret);
  }
}

/**
 * Builds a token request for an authorization-code or refresh-token grant: grant parameters,
 * the definition's `tokenParams` (code exchange) or `refreshParams` (refresh), client
 * authentication, then the `customizeTokenRequest` hook.
 */
export function buildTokenRequest(
  def: OAuthProviderDefinition,
  client: OAuthClientCredentials,
  grant: TokenGrant,
  values: Readonly<Record<string, string>> = {},
  templateOptions: TemplateOptions = {},
): OAuthHttpRequest {
  const body = new URLSearchParams();
  if (grant.type === "authorization_code") {
    body.set("grant_type", "authorization_code");
    body.set("code", grant.code);
    const redirectUri = grant.redirectUri ?? client.redirectUri;
    if (redirectUri) body.set("redirect_uri", redirectUri);
    if (grant.codeVerifier) body.set("code_verifier", grant.codeVerifier);
    for (const [k, val] of Object.entries(def.tokenParams)) body.set(k, val);
  } else {
    body.set("grant_type", "refresh_token");
    body.set("refresh_token", grant.refreshToken);
    if (grant.scopes && grant.scopes.length > 0) {
      body.set("scope", grant.scopes.join(def.scopes.separator));
    }
    for (const [k, val] of Object.entries(def.refreshParams)) body.set(k, val);
  }
  const request = newRequest(fillTemplate(def.tokenEndpoint, values, templateOptions), body);
  applyClientAuth(def, client, request);
  const hook = def.hooks.customizeTokenRequest;
  return hook ? (hook(request, { grant, values }) ?? request) : request;
}

/** Parameters of {@link buildRevocationRequest}. */
export interface RevocationParams {
  token: string;
  tokenTypeHint?: "access_token" | "refresh_token" | undefined;
}

/**
 * Builds an RFC 7009 revocation request (`token`, `token_type_hint`, client authentication).
 *
 * @throws ConfigurationError when the definition has no revocation endpoint.
 */
export function buildRevocationRequest(
  def: OAuthProviderDefinition,
  client: OAuthClientCredentials,
  params: RevocationParams,
  values: Readonly<Record<string, string>> = {},
  templateOptions: TemplateOptions = {},
): OAuthHttpRequest {
  if (!def.revocationEndpoint) {
    throw new ConfigurationError(
      `Provider "${def.id}" has no revocation endpoint`,
      "Revoke the authorization in the provider's own settings page instead.",
    );
  }
  const body = new URLSearchParams({ token: params.token });
  if (params.tokenTypeHint) body.set("token_type_hint", params.tokenTypeHint);
  const request = newRequest(fillTemplate(def.revocationEndpoint, values, templateOptions), body);
  applyClientAuth(def, client, request);
  return request;
}
