/**
 * Highrise connector: `connect("InitiateOAuth=GETANDREFRESH;OAuthClientId=…")` or
 * `connect("AuthScheme=APIToken;AccountId=acme;APIToken=…")`.
 * @module
 */
// The error API: every error is an XConnError (stable `code`, `kind`, `hint`); check with isXConnError.
export {
  ApiError,
  type ApiErrorDetails,
  ConnectorError,
  ConnectorErrorCode,
  ConnStringError,
  type ErrorKind,
  isOAuthError,
  isXConnError,
  OAuthError,
  SettingsStoreError,
  XConnError,
} from "@x/connector-kit";
export {
  type Config,
  connect,
  connector,
  getAccessToken,
  getAuthorizationUrl,
  properties,
  refreshAccessToken,
} from "./definition.js";
export { oauthProvider } from "./oauth.js";
export { createTables, tables } from "./tables.js";
