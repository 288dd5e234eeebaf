// The token manager against oidc-provider: 1,000 concurrent callers at expiry, counted at the server.
import { afterAll, beforeAll, expect, it } from "vitest";
import { createOAuthClient } from "../src/client.js";
import { createTokenManager } from "../src/token-manager.js";
import { tokenSetToSettings } from "../src/tokens.js";
import { memoryStore } from "./support/fake-client.js";
import { testProvider } from "./support/helpers.js";
import {
  CALLBACK_PATH,
  CLIENTS,
  startAuthServer,
  type TestAuthServer,
} from "./support/oidc-server.js";

let server: TestAuthServer;
beforeAll(async () => {
  server = await startAuthServer();
  server.rotateRefreshTokens = true;
});
afterAll(async () => {
  await server?.close();
});

it("1,000 concurrent getAccessToken() calls at expiry produce exactly one token request", async () => {
  const client = createOAuthClient(testProvider(server), {
    ...CLIENTS.post,
    redirectUri: `http://127.0.0.1${CALLBACK_PATH}`,
  });
  const request = client.createAuthorizationRequest();
  const { code } = client.processRedirect(await server.authorize(request.url), request.state);
  const initial = await client.exchangeCode(code, { codeVerifier: request.codeVerifier });
  const store = memoryStore();
  await store.set({ ...tokenSetToSettings(initial), expiresAt: Date.now() - 1 });
  const manager = createTokenManager({ client, store });
  const before = server.counts.token;
  const tokens = await Promise.all(Array.from({ length: 1000 }, () => manager.getAccessToken()));
  const requests = server.counts.token - before;
  console.log(
    `[in-process] 1000 concurrent getAccessToken() at expiry: token requests counted at the server = ${requests}`,
  );
  expect(requests).toBe(1);
  expect(new Set(tokens).size).toBe(1);
  expect(tokens[0]).not.toBe(initial.accessToken);
  const stored = await store.get();
  expect(stored?.refreshToken).not.toBe(initial.refreshToken);
  // The persisted (rotated) refresh token works; the old one was consumed.
  expect((await client.refresh(stored?.refreshToken as string)).accessToken).toBeTruthy();
});
