import { expect, test } from "vitest";
import { createOAuthClient, defineOAuthProvider } from "../src/index.js";

const def = defineOAuthProvider({
  id: "pkce-option",
  authorizationEndpoint: "https://auth.example.test/authorize",
  tokenEndpoint: "https://auth.example.test/token",
  clientAuth: "post",
});
const client = createOAuthClient(def, {
  clientId: "c",
  clientSecret: "s",
  redirectUri: "http://127.0.0.1:1/cb",
});

test("PKCE follows the provider by default and can be turned off per request", () => {
  const withPkce = client.createAuthorizationRequest();
  expect(withPkce.url.searchParams.get("code_challenge_method")).toBe("S256");
  expect(withPkce.codeVerifier).toBeTruthy();
  const without = client.createAuthorizationRequest({ pkce: false });
  expect(without.url.searchParams.has("code_challenge")).toBe(false);
  expect(without.codeVerifier).toBeUndefined();
});
