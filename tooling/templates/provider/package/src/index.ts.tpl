/**
 * {{name}} connector: `connect("InitiateOAuth=GETANDREFRESH;OAuthClientId=…")` or
 * `connect("AuthScheme=APIToken;APIToken=…")`.
 * @module
 */
import { connector } from "./definition.js";

export { type Config, connector } from "./definition.js";
export { oauthProvider } from "./oauth.js";

/** Validates properties, runs InitiateOAuth, and returns an authenticated connection. */
export const connect = connector.connect;
/** `GetOAuthAuthorizationURL`: the URL to send a user to, with state (and PKCE verifier, if any). */
export const getAuthorizationUrl = connector.getAuthorizationUrl;
/** `GetOAuthAccessToken`: exchanges a verifier (authorization code); persists when a location is set. */
export const getAccessToken = connector.getAccessToken;
/** `RefreshOAuthAccessToken`: a new access token from the refresh token. */
export const refreshAccessToken = connector.refreshAccessToken;
/** Every property a {{name}} connection accepts. */
export const properties = connector.properties;
