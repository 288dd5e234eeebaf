/**
 * Zoho CRM connector: `connect("InitiateOAuth=GETANDREFRESH;Region=EU;Schema=v8;…")`.
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
  oauthProvider,
  properties,
  refreshAccessToken,
  schemas,
} from "./definition.js";
export { criteriaOf, defaultFields, type ZohoFilter } from "./resources.js";
export { tables } from "./tables.js";
