/**
 * Zendesk connector: `connect("URL=https://acme.zendesk.com;InitiateOAuth=GETANDREFRESH;…")` or
 * `connect("URL=…;AuthScheme=Basic;User=me@acme.com;APIToken=…")`.
 * @module
 */
// The whole error API (XConnError, isXConnError, ApiError, …): users need no other package.
export * from "@x/connector-kit/errors";
export * from "./definition.js";
export { tables } from "./tables.js";
