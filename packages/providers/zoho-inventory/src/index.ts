/**
 * Zoho Inventory connector: `connect("InitiateOAuth=GETANDREFRESH;Region=EU;OrganizationId=…")`.
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
} from "./definition.js";
export { inventoryTables, tables } from "./tables.js";
