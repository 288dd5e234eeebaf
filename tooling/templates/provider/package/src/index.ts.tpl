/**
 * {{name}} connector: `connect("InitiateOAuth=GETANDREFRESH;OAuthClientId=…")` or
 * `connect("AuthScheme=APIToken;APIToken=…")`.
 * @module
 */
// The whole error API (XConnError, isXConnError, ApiError, …): users need no other package.
export * from "@x/connector-kit/errors";
export * from "./definition.js";
