/**
 * Zendesk connector: `connect("URL=https://acme.zendesk.com;InitiateOAuth=GETANDREFRESH;…")` or
 * `connect("URL=…;AuthScheme=Basic;User=me@acme.com;APIToken=…")`.
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
