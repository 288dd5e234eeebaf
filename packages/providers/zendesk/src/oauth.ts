import { defineOAuthProvider } from "@x/oauth-core";

/** Lifetime asked for on every token request: Zendesk returns `expires_in` only when asked. */
export const ACCESS_TOKEN_SECONDS = "1800";

/**
 * Zendesk OAuth: endpoints per subdomain, client credentials in the body, PKCE (required for
 * public clients), and single-use refresh tokens: every refresh returns a new pair and deletes the
 * old one, so refreshes are serialized by the settings store's lock.
 */
export const oauthProvider = defineOAuthProvider({
  id: "zendesk",
  authorizationEndpoint: "https://{subdomain}.zendesk.com/oauth/authorizations/new",
  tokenEndpoint: "https://{subdomain}.zendesk.com/oauth/tokens",
  clientAuth: "post",
  pkce: true,
  scopes: { default: ["read"], separator: " " },
  tokenParams: { expires_in: ACCESS_TOKEN_SECONDS },
  refreshParams: { expires_in: ACCESS_TOKEN_SECONDS },
  refreshTokenRotation: "always",
});
