/**
 * Highrise connector: `connect("InitiateOAuth=GETANDREFRESH;OAuthClientId=…")` or
 * `connect("AuthScheme=APIToken;AccountId=acme;APIToken=…")`.
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
