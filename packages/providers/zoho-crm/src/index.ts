/**
 * Zoho CRM connector: `connect("InitiateOAuth=GETANDREFRESH;Region=EU;Schema=v8;…")`.
 * @module
 */
// The whole error API (XConnError, isXConnError, ApiError, …): users need no other package.
export * from "@x/connector-kit/errors";
export { defaultTables as tables } from "./coql.js";
export * from "./definition.js";
export { criteriaOf, defaultFields, type ZohoFilter } from "./resources.js";
