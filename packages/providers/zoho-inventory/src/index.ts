/**
 * Zoho Inventory connector: `connect("InitiateOAuth=GETANDREFRESH;Region=EU;OrganizationId=…")`.
 * @module
 */
import { connector } from "./definition.js";

export { type Config, connector, oauthProvider } from "./definition.js";

/** Validates properties, runs InitiateOAuth, and returns an authenticated connection. */
export const connect = connector.connect;
/** `GetOAuthAuthorizationURL`: the URL to send a user to (Zoho Accounts, `access_type=offline`). */
export const getAuthorizationUrl = connector.getAuthorizationUrl;
/** `GetOAuthAccessToken`: exchanges a verifier (the code, or the whole redirect URL with its accounts-server). */
export const getAccessToken = connector.getAccessToken;
/** `RefreshOAuthAccessToken`: a new access token (Zoho keeps the refresh token). */
export const refreshAccessToken = connector.refreshAccessToken;
/** Every property a Zoho Inventory connection accepts. */
export const properties = connector.properties;
