/**
 * Zoho Inventory connector: `connect("InitiateOAuth=GETANDREFRESH;Region=EU;OrganizationId=…")`.
 * @module
 */
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
