/**
 * `@x/connector-kit/errors`: the whole error API a connector's user needs, in one place. Every
 * provider package re-exports it (`export * from "@x/connector-kit/errors"`), so a user handles
 * errors without installing any other package.
 * @module
 */
export { ConnStringError } from "@x/conn-string";
export { type ErrorKind, isXConnError, XConnError, type XConnErrorOptions } from "@x/errors";
export { isOAuthError, OAuthError } from "@x/oauth-core";
export { SettingsStoreError } from "@x/settings-store";
export { ApiError, type ApiErrorDetails, ConnectorError, ConnectorErrorCode } from "./errors.js";
