/**
 * Highrise connector: `connect("InitiateOAuth=GETANDREFRESH;OAuthClientId=…")` or
 * `connect("AuthScheme=APIToken;AccountId=acme;APIToken=…")`.
 * @module
 */
// The whole error API (XConnError, isXConnError, ApiError, …): users need no other package.
export * from "@x/connector-kit/errors";
export * from "./definition.js";
export { createTables, tables } from "./tables.js";
