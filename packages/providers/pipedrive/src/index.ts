/**
 * Pipedrive connector: `connect("InitiateOAuth=GETANDREFRESH;OAuthClientId=…")` or
 * `connect("AuthScheme=APIToken;APIToken=…;CompanyDomain=acme")`.
 * @module
 */
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
export { tables } from "./tables.js";
