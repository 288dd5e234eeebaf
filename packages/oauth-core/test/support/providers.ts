// Provider definitions shaped like the five real providers' quirks (tests only).
import { defineOAuthProvider, type OAuthErrorKind } from "../../src/definition.js";

const zohoAccountsHosts = new Set([
  "https://accounts.zoho.com",
  "https://accounts.zoho.eu",
  "https://accounts.zoho.in",
  "https://accounts.zoho.com.au",
  "https://accounts.zoho.jp",
  "https://accounts.zohocloud.ca",
  "https://accounts.zoho.com.cn",
]);

export const zohoLike = defineOAuthProvider({
  id: "zoho",
  authorizationEndpoint: "https://accounts.zoho.com/oauth/v2/auth",
  tokenEndpoint: "{accounts-server}/oauth/v2/token",
  revocationEndpoint: "{accounts-server}/oauth/v2/token/revoke",
  clientAuth: "post",
  scopes: { default: ["ZohoCRM.modules.ALL", "ZohoCRM.settings.ALL"], separator: "," },
  authorizationParams: { access_type: "offline", prompt: "consent" },
  captureFromRedirect: ["accounts-server", "location"],
  captureFromToken: ["api_domain"],
  refreshTokenRotation: "never",
  hooks: {
    classifyError({ error }): OAuthErrorKind | undefined {
      if (error === "invalid_code") return "invalid_grant";
      if (error === "invalid_client_secret") return "invalid_client";
      if (error === "Access Denied") return { kind: "throttled", retryAfterMs: 600_000 };
      return undefined;
    },
    expiresInSeconds(json) {
      if (typeof json.expires_in_sec === "number") return json.expires_in_sec;
      return undefined;
    },
    validateCaptured(name, value) {
      if (name === "accounts-server") return zohoAccountsHosts.has(value);
      if (name === "api_domain") return /^https:\/\/www\.zohoapis\.[a-z.]+$/.test(value);
      return true;
    },
  },
});

export const launchpadLike = defineOAuthProvider({
  id: "launchpad",
  authorizationEndpoint: "https://launchpad.37signals.com/authorization/new",
  tokenEndpoint: "https://launchpad.37signals.com/authorization/token",
  clientAuth: "post",
  pkce: false,
  authorizationParams: { type: "web_server" },
  hooks: {
    customizeTokenRequest(request, { grant }) {
      request.body.delete("grant_type");
      request.body.set("type", grant.type === "authorization_code" ? "web_server" : "refresh");
      return request;
    },
    classifyError: ({ error }) => (error === "authorization_expired" ? "invalid_grant" : undefined),
  },
});

export const pipedriveLike = defineOAuthProvider({
  id: "pipedrive",
  authorizationEndpoint: "https://oauth.pipedrive.com/oauth/authorize",
  tokenEndpoint: "https://oauth.pipedrive.com/oauth/token",
  revocationEndpoint: "https://oauth.pipedrive.com/oauth/revoke",
  clientAuth: "basic",
  pkce: false,
  captureFromToken: ["api_domain"],
  refreshTokenRotation: "sometimes",
});

export const zendeskLike = defineOAuthProvider({
  id: "zendesk",
  authorizationEndpoint: "https://{subdomain}.zendesk.com/oauth/authorizations/new",
  tokenEndpoint: "https://{subdomain}.zendesk.com/oauth/tokens",
  clientAuth: "post",
  scopes: { default: ["read", "write"] },
  tokenParams: { expires_in: "1800" },
  refreshParams: { expires_in: "1800" },
  refreshTokenRotation: "always",
});
