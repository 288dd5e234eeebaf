/**
 * Zoho Inventory connector: `connect("InitiateOAuth=GETANDREFRESH;Region=EU;OrganizationId=…")`.
 * @module
 */
// The whole error API (XConnError, isXConnError, ApiError, …): users need no other package.
export * from "@x/connector-kit/errors";
export * from "./definition.js";
export { inventoryTables, tables } from "./tables.js";
