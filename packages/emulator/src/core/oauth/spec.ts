import type { EmulatorResponse } from "../http.js";
import type { AccessTokenRecord, CodeRecord, Grant, RefreshTokenRecord } from "../tokens.js";
import type { RequestContext, Route } from "../types.js";

/** A PKCE `code_challenge_method`. */
export type PkceMethod = "S256" | "plain";

/**
 * Why a token or revoke request failed. The core finds the failure; the spec's `error` turns it
 * into the provider's answer (status, envelope, wording).
 */
export type OAuthFailure =
  | {
      error: "invalid_client";
      /** `client_auth_method`: credentials sent, but not the way the provider takes them. */
      cause:
        | "missing_client"
        | "client_auth_method"
        | "unknown_client"
        | "bad_secret"
        | "missing_secret";
    }
  | { error: "unsupported_grant_type"; cause: "grant_type"; grantType: string | undefined }
  | {
      error: "invalid_grant";
      cause: "code";
      /** `client`: the code was issued to another client. */
      status: "unknown" | "used" | "expired" | "client";
    }
  | { error: "invalid_grant"; cause: "redirect_uri" | "code_verifier" }
  | {
      error: "invalid_grant";
      cause: "refresh_token";
      status: "unknown" | "expired" | "revoked" | "client";
    }
  | { error: "invalid_request"; cause: "pkce_not_supported" | "pkce_required" | "revoke_token" };

/** What the consent step shows and stores, decided by the provider for one authorize request. */
export interface ConsentDecision {
  /** Scopes shown on the consent page and granted with the code. */
  scopes: string[];
  /** Provider values stored with the code and carried into its tokens. */
  data?: Record<string, string>;
  /** A provider validation error: shown as an HTML error page, never redirected. */
  error?: string;
  /** An error sent back to the redirect_uri (e.g. `invalid_request`). */
  redirectError?: string;
  /** Extra lines on the consent page (account, data centre...). */
  details?: string[];
  /** Runs when the user allows: more code data, and extra redirect parameters after `code`. */
  onApprove?: () => { data?: Record<string, string>; params?: Record<string, string> };
}

/** PKCE as the provider implements it. */
export interface PkceSpec {
  /** Accepted `code_challenge_method`s (absent method: `plain`, as RFC 7636 says). */
  methods: PkceMethod[];
  /** Refuse other methods at the authorize endpoint (default true). */
  enforce?: boolean;
  /** Public clients (no secret) must send a challenge. */
  requiredForPublicClients?: boolean;
}

/** Token lifetimes, seconds; a refresh lifetime of undefined never expires. */
export interface Lifetimes {
  accessTtlSeconds?: number;
  refreshTtlSeconds?: number;
}

/** Tokens just issued, for the provider's token response. */
export interface IssuedTokens {
  /** `"code"`, `"refresh"`, or the name of an extra grant. */
  grant: string;
  access: AccessTokenRecord;
  /** The refresh token record issued now (none on a refresh without rotation). */
  refresh?: RefreshTokenRecord;
  /** The refresh token to put in the response, if any (rotated, echoed or new). */
  refreshToken?: string;
  /** Lifetimes the request asked for ({@link OAuthServerSpec.checkTokenRequest}). */
  requested: Lifetimes;
}

/** What {@link OAuthServer.issue} needs. */
export interface IssueRequest {
  grant: string;
  clientId: string;
  userId: string;
  scopes: string[];
  data: Record<string, string>;
  withRefresh: boolean;
  requested?: Lifetimes;
}

/**
 * The provider's OAuth 2.0 server, as data plus hooks for its quirks. The core serves the
 * authorize, token and revoke endpoints from it: consent, code creation and single-use
 * redemption, redirect_uri and PKCE checks, refresh lookup and rotation, revocation.
 */
export interface OAuthServerSpec {
  /** Host kind(s) of the OAuth endpoints; omitted: every host of the provider. */
  hostKind?: string | string[];
  /** Authorize endpoint path (GET shows consent, POST carries the decision). */
  authorizePath: string;
  /** Token endpoint path. */
  tokenPath: string;
  /** Revocation endpoint, if the provider has one. */
  revoke?: {
    path: string;
    /** Authenticate the client first (as the token endpoint does). */
    clientAuth: boolean;
    /** `"error"`: a token that is not the client's gets `invalid_request`; `"ignore"`: RFC 7009. */
    unknownToken: "error" | "ignore";
    /** The success answer. */
    response: (ctx: RequestContext) => EmulatorResponse;
  };
  /**
   * The grant a token request asks for: `"code"`, `"refresh"`, the name of one of `grants`, or
   * undefined. Default: `grant_type` (`authorization_code`, `refresh_token`, or a `grants` key).
   */
  grantOf?(ctx: RequestContext): string | undefined;
  /** Further grants, by name (counted as `token.<name>`). */
  grants?: Record<
    string,
    (ctx: RequestContext, clientId: string, requested: Lifetimes) => EmulatorResponse
  >;
  /** How clients authenticate at the token and revoke endpoints. */
  clientAuth: "basic" | "body" | "basic_or_body";
  /** PKCE: checked as specified; `"ignore"`: not stored; `"reject"`: `invalid_request` at the token endpoint. */
  pkce: PkceSpec | "ignore" | "reject";
  /** Authorize requests need `response_type=code` (else `unsupported_response_type` to the redirect). */
  requireResponseTypeCode?: boolean;
  /** The user who consents. */
  userId: string;
  codeTtlSeconds: number;
  accessTtlSeconds: number;
  /** Undefined: refresh tokens never expire. */
  refreshTtlSeconds?: number;
  /** What a refresh does: keep the refresh token (`none`: not sent, `echo`: sent again) or rotate it. */
  refresh: { rotation: "none" | "echo" | "rotate"; revokeAccessTokensOnRotation?: boolean };
  /** Prefix of codes and tokens (Zoho's `1000.`). */
  tokenPrefix?: string;
  /** Live access tokens per refresh token; the next one revokes the oldest. */
  maxAccessPerRefresh?: number;
  /** `Authorization` scheme of API calls (default `bearer`, case-insensitive). */
  bearerScheme?: string;
  /** The consent step of one authorize request. */
  consent(ctx: RequestContext): ConsentDecision;
  /** Whether a code or token of this provider is usable at this host (data centre, subdomain). */
  visible?(ctx: RequestContext, grant: Grant): boolean;
  /** Runs first at the token endpoint (wrong host, grant parameter the provider rejects early). */
  precheck?(ctx: RequestContext): EmulatorResponse | undefined;
  /** Runs after client authentication: an answer, or lifetimes the request asked for. */
  checkTokenRequest?(
    ctx: RequestContext,
    clientId: string,
  ): EmulatorResponse | Lifetimes | undefined;
  /** Whether redeeming this code issues a refresh token (default true). */
  issueRefresh?(code: CodeRecord): boolean;
  /** Runs before a valid refresh is served (a per-token cap). */
  beforeRefresh?(ctx: RequestContext, token: RefreshTokenRecord): EmulatorResponse | undefined;
  /** Data of the new tokens (default: the code's or refresh token's data). */
  tokenData?(grant: Grant, ctx: RequestContext, via: "code" | "refresh"): Record<string, string>;
  /** Runs after tokens are issued (bookkeeping such as per-user caps). */
  onIssued?(issued: IssuedTokens, ctx: RequestContext): void;
  /** The token endpoint's success answer. */
  tokenResponse(ctx: RequestContext, issued: IssuedTokens): EmulatorResponse;
  /** The provider's answer to a failure (default `standardOAuthError`). */
  error?(failure: OAuthFailure, ctx: RequestContext): EmulatorResponse;
}

/** Result of {@link OAuthServer.bearer}. */
export type BearerLookup =
  | { kind: "none" }
  | { kind: "invalid" }
  | { kind: "valid"; token: AccessTokenRecord };

/** The OAuth server of one provider instance. */
export interface OAuthServer {
  /** Authorize, token and (if specified) revoke routes; put them first in the provider's routes. */
  readonly routes: Route[];
  /**
   * The access token of an API call (`Authorization: <bearerScheme> <token>`): `none` for no or
   * another scheme, `invalid` for an unknown, expired, revoked or foreign token.
   */
  bearer(ctx: RequestContext): BearerLookup;
  /** Issues tokens and answers with the provider's token response (for extra grants). */
  issue(ctx: RequestContext, request: IssueRequest): EmulatorResponse;
}
