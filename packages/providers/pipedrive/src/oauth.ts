import { defineOAuthProvider } from "@x/oauth-core";

/** An `api_domain` Pipedrive may hand out: an https origin on pipedrive.com. */
export function isPipedriveOrigin(value: string): boolean {
  return /^https:\/\/[a-z0-9-]+\.pipedrive\.com$/.test(value.replace(/\/+$/, ""));
}

/**
 * Pipedrive OAuth: HTTP Basic client authentication, no PKCE, no scope parameter (scopes are set
 * on the app in the Developer Hub), `api_domain` in every token response, rotating refresh tokens.
 */
export const oauthProvider = defineOAuthProvider({
  id: "pipedrive",
  authorizationEndpoint: "https://oauth.pipedrive.com/oauth/authorize",
  tokenEndpoint: "https://oauth.pipedrive.com/oauth/token",
  revocationEndpoint: "https://oauth.pipedrive.com/oauth/revoke",
  clientAuth: "basic",
  pkce: false,
  captureFromToken: ["api_domain"],
  refreshTokenRotation: "always",
  hooks: {
    validateCaptured: (name, value) => name !== "api_domain" || isPipedriveOrigin(value),
  },
});
