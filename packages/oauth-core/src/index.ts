/**
 * `@x/oauth-core`: a provider-agnostic OAuth 2.0 client and token lifecycle.
 *
 * @packageDocumentation
 */

export {
  type ErrorKind,
  isXConnError,
  XConnError,
  type XConnErrorOptions,
} from "@x/errors";
export {
  type AuthorizationRequest,
  type AuthorizationRequestOptions,
  createOAuthClient,
  type ExchangeCodeOptions,
  type OAuthClient,
  type OAuthClientOptions,
  type RefreshOptions,
} from "./client.js";
export {
  type ClientAuthMethod,
  type DetectedOAuthError,
  defineOAuthProvider,
  fillTemplate,
  type OAuthErrorKind,
  type OAuthHttpRequest,
  type OAuthProviderDefinition,
  type OAuthProviderHooks,
  type OAuthProviderInput,
  type TokenGrant,
  type TokenRequestContext,
  templatePlaceholders,
} from "./definition.js";
export * from "./errors.js";
export type { DesktopFlowOptions } from "./flows/desktop.js";
export { authorizeDesktop, openSystemBrowser } from "./flows/desktop-lazy.js";
export {
  type InitiateOAuthMode,
  type InitiateOAuthOptions,
  initiateOAuth,
} from "./flows/initiate.js";
export {
  type ExchangeVerifierOptions,
  exchangeVerifier,
  type GetAuthorizationUrlOptions,
  getAuthorizationUrl,
  type RefreshAccessTokenOptions,
  type RefreshStoredAccessTokenOptions,
  refreshAccessToken,
  refreshStoredAccessToken,
  type WebAuthorization,
  type WebTokenResult,
} from "./flows/web.js";
export { codeChallengeS256, fingerprint, generateCodeVerifier, generateState } from "./pkce.js";
export { REDACTED, redactExcerpt } from "./redact.js";
export {
  type AuthorizationUrlParams,
  basicAuthorization,
  buildAuthorizationUrl,
  buildRevocationRequest,
  buildTokenRequest,
  type OAuthClientCredentials,
  type RevocationParams,
} from "./request.js";
export {
  oauthErrorFor,
  type ProcessRedirectOptions,
  type ProcessTokenResponseOptions,
  parseRetryAfter,
  processRedirect,
  processRevocationResponse,
  processTokenResponse,
  type ReceivedResponse,
  type RedirectResult,
} from "./response.js";
export {
  type AccessTokenProvider,
  createStaticTokenProvider,
  createTokenManager,
  type TokenEvents,
  type TokenManager,
  type TokenManagerOptions,
} from "./token-manager.js";
export {
  createTokenSet,
  expiresInSeconds,
  settingsToTokenSet,
  type TokenSet,
  type TokenSetFields,
  tokenSetToSettings,
} from "./tokens.js";
