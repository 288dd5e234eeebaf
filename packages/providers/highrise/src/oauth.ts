import { defineOAuthProvider } from "@x/oauth-core";

/**
 * 37signals Launchpad. It sends the form 37signals documents today, standard OAuth 2.0:
 * `response_type=code` on the authorization, `grant_type=authorization_code` / `refresh_token`
 * on the token endpoint (the legacy `type=web_server` / `type=refresh` is still accepted there,
 * but no longer recommended). Credentials travel as parameters; no PKCE, no scopes (a token
 * covers all of the identity's accounts). See docs/providers/highrise.md.
 */
export const oauthProvider = defineOAuthProvider({
  id: "highrise",
  authorizationEndpoint: "https://launchpad.37signals.com/authorization/new",
  tokenEndpoint: "https://launchpad.37signals.com/authorization/token",
  clientAuth: "post",
  pkce: false,
  refreshTokenRotation: "sometimes",
  hooks: {
    // A password change expires every authorization: the user must connect again.
    classifyError: ({ error }) => (error === "authorization_expired" ? "invalid_grant" : undefined),
  },
});
