import { defineOAuthProvider } from "@x/oauth-core";

/**
 * 37signals Launchpad: OAuth "draft 5". `type=web_server` on the authorization and the code
 * exchange and `type=refresh` on refreshes replace `grant_type`; credentials travel as
 * parameters; no PKCE, no scopes (a token covers all of the identity's accounts).
 */
export const oauthProvider = defineOAuthProvider({
  id: "highrise",
  authorizationEndpoint: "https://launchpad.37signals.com/authorization/new",
  tokenEndpoint: "https://launchpad.37signals.com/authorization/token",
  clientAuth: "post",
  pkce: false,
  authorizationParams: { type: "web_server" },
  refreshTokenRotation: "sometimes",
  hooks: {
    customizeTokenRequest(request, { grant }) {
      request.body.delete("grant_type");
      request.body.set("type", grant.type === "authorization_code" ? "web_server" : "refresh");
      return request;
    },
    // A password change expires every authorization: the user must connect again.
    classifyError: ({ error }) => (error === "authorization_expired" ? "invalid_grant" : undefined),
  },
});
