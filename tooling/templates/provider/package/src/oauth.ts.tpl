import { defineOAuthProvider } from "@x/oauth-core";

/** Where the OAuth endpoints are. */
const BASE = "https://{{host}}";

/**
 * {{name}} OAuth, as data. The generator's starting point is a standard authorization-code flow:
 * HTTP Basic client authentication at the token endpoint, PKCE (S256), space-separated scopes,
 * refresh tokens that do not rotate. Replace every value with what the provider documents, and
 * describe each deviation from RFC 6749 here (and emulate it in the emulator module).
 *
 * Quirk hooks, when the provider needs them: `captureFromToken` / `captureFromRedirect` (values
 * such as an API domain to keep as metadata), `hooks.validateCaptured` (allow-list them),
 * `hooks.detectErrorBody` (errors sent with 200), `hooks.classifyError` (nonstandard error
 * codes), `hooks.customizeTokenRequest` (nonstandard token requests), `hooks.expiresInSeconds`.
 */
export const oauthProvider = defineOAuthProvider({
  id: "{{id}}",
  authorizationEndpoint: `${BASE}/oauth/authorize`,
  tokenEndpoint: `${BASE}/oauth/token`,
  revocationEndpoint: `${BASE}/oauth/revoke`,
  clientAuth: "basic",
  pkce: true,
  scopes: { default: [], separator: " " },
  refreshTokenRotation: "never",
});
