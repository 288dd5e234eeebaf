// A scripted OAuthClient for token-manager unit tests: refresh() runs the given function.

import { createSettingsStore, memoryDriver, type SettingsStore } from "@x/settings-store";
import { createOAuthClient, type OAuthClient } from "../../src/client.js";
import { defineOAuthProvider } from "../../src/definition.js";
import { createTokenSet, type TokenSet } from "../../src/tokens.js";

const def = defineOAuthProvider({
  id: "fake",
  authorizationEndpoint: "https://fake.example/authorize",
  tokenEndpoint: "https://fake.example/token",
});

export interface FakeClient extends OAuthClient {
  refreshCalls: string[];
}

export function fakeClient(
  refresh: (
    refreshToken: string,
    n: number,
    metadata: Readonly<Record<string, string>>,
  ) => Promise<TokenSet>,
): FakeClient {
  const base = createOAuthClient(def, { clientId: "cid" });
  const refreshCalls: string[] = [];
  return Object.assign(Object.create(base) as OAuthClient, {
    refreshCalls,
    async refresh(
      refreshToken: string,
      opts: { metadata?: Readonly<Record<string, string>> } = {},
    ) {
      refreshCalls.push(refreshToken);
      const set = await refresh(refreshToken, refreshCalls.length, opts.metadata ?? {});
      // Like the real client: an omitted refresh token keeps the old one.
      return set.refreshToken
        ? set
        : createTokenSet({ ...set, refreshToken, metadata: { ...opts.metadata, ...set.metadata } });
    },
  }) as FakeClient;
}

export function tokens(
  n: number,
  at: number,
  opts: { rotate?: boolean; ttlS?: number; metadata?: Record<string, string> } = {},
) {
  return createTokenSet({
    accessToken: `access-${n}`,
    refreshToken: opts.rotate ? `refresh-${n}` : undefined,
    expiresAt: at + (opts.ttlS ?? 3600) * 1000,
    tokenType: "Bearer",
    metadata: opts.metadata,
  });
}

export function memoryStore(key = "test"): SettingsStore {
  return createSettingsStore(memoryDriver(), {
    key,
    encryption: { secret: "test-secret", env: {} },
  });
}
