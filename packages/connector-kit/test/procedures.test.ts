import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Emulator, startEmulator } from "@x/emulator";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { lite } from "./support.js";

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ autoApprove: true });
});
afterAll(() => emulator.close());

function cs(extra: string) {
  const { clientId, clientSecret } = emulator.defaultClient("zendesk");
  return `Subdomain=emulated;EmulatorURL=${emulator.url};OAuthClientId=${clientId};OAuthClientSecret='${clientSecret}';${extra}`;
}

/** Consent and code exchange through the web procedures; persisted when the input has a location. */
async function authorize(input: string) {
  const auth = await lite.getAuthorizationUrl(input, { authMode: "WEB" });
  const consent = await fetch(auth.url, { redirect: "manual" });
  const code = new URL(consent.headers.get("location")!).searchParams.get("code")!;
  return lite.getAccessToken(input, { verifier: code, codeVerifier: auth.codeVerifier });
}

async function fileLocation() {
  const dir = await mkdtemp(join(tmpdir(), "x-kit-proc-"));
  return `OAuthSettingsLocation=${join(dir, "OAuthSettings.txt")}`;
}

describe("RefreshOAuthAccessToken with a settings location", () => {
  test("concurrent calls refresh once through the store lock; all get the same new tokens", async () => {
    const input = cs(`InitiateOAuth=OFF;${await fileLocation()};OAuthSettingsKey=user-1`);
    const first = await authorize(input);
    const before = emulator.count("zendesk", "token.refresh");
    // Each call opens its own store, as separate requests (or processes) of a web app would.
    const results = await Promise.all(
      Array.from({ length: 4 }, () => lite.refreshAccessToken(input)),
    );
    expect(emulator.count("zendesk", "token.refresh")).toBe(before + 1);
    const tokens = new Set(results.map((r) => r.accessToken));
    expect(tokens.size).toBe(1);
    expect(tokens.has(first.accessToken)).toBe(false);
    // The rotated refresh token was stored: the next refresh works.
    const next = await lite.refreshAccessToken(input);
    expect(next.refreshToken).not.toBe(results[0]?.refreshToken);
  });

  test("an expired stored access token is refreshed once, not twice", async () => {
    const input = cs(`InitiateOAuth=OFF;${await fileLocation()}`);
    await authorize(input);
    emulator.expireTokens({ provider: "zendesk" });
    const store = await lite.openSettings(input);
    await store.update((current) => ({ ...current, expiresAt: Date.now() - 1_000 }));
    await store.close();
    const before = emulator.count("zendesk", "token.refresh");
    await lite.refreshAccessToken(input);
    expect(emulator.count("zendesk", "token.refresh")).toBe(before + 1);
  });
});

describe("a given OAuthRefreshToken", () => {
  test("is tried when the stored one is refused, then stored (REFRESH mode)", async () => {
    const location = await fileLocation();
    const stored = await authorize(cs(`InitiateOAuth=OFF;${location}`));
    emulator.revoke(stored.refreshToken!);
    // The stored access token is due, so the connection refreshes with the revoked grant first.
    const settings = await lite.openSettings(cs(location));
    await settings.update((current) => ({ ...current, expiresAt: Date.now() - 1_000 }));
    await settings.close();
    const fresh = await authorize(cs("InitiateOAuth=OFF"));
    const conn = await lite.connect(
      cs(`InitiateOAuth=REFRESH;${location};OAuthRefreshToken=${fresh.refreshToken}`),
    );
    expect((await conn.test()).id).toMatch(/^\d+$/);
    await conn.close();
    const record = await (await lite.openSettings(cs(location))).get();
    expect(record?.refreshToken).toBeTruthy();
    expect(record?.refreshToken).not.toBe(stored.refreshToken);
    // What was stored works on its own.
    const again = await lite.connect(cs(`InitiateOAuth=REFRESH;${location}`));
    expect((await again.test()).id).toMatch(/^\d+$/);
    await again.close();
  });

  test("is tried by RefreshOAuthAccessToken when the stored one is refused", async () => {
    const location = await fileLocation();
    const stored = await authorize(cs(`InitiateOAuth=OFF;${location}`));
    emulator.revoke(stored.refreshToken!);
    const fresh = await authorize(cs("InitiateOAuth=OFF"));
    const refreshed = await lite.refreshAccessToken(cs(`InitiateOAuth=OFF;${location}`), {
      refreshToken: fresh.refreshToken!,
    });
    const record = await (await lite.openSettings(cs(location))).get();
    expect(record?.refreshToken).toBe(refreshed.refreshToken);
    expect(record?.accessToken).toBe(refreshed.accessToken);
  });

  test("a stored refresh token that works still wins over a given one", async () => {
    const location = await fileLocation();
    await authorize(cs(`InitiateOAuth=OFF;${location}`));
    const fresh = await authorize(cs("InitiateOAuth=OFF"));
    await lite.refreshAccessToken(cs(`InitiateOAuth=OFF;${location}`), {
      refreshToken: fresh.refreshToken!,
    });
    // The given token was not spent: it still refreshes.
    const own = await lite.refreshAccessToken(cs("InitiateOAuth=OFF"), {
      refreshToken: fresh.refreshToken!,
    });
    expect(own.accessToken).toBeTruthy();
  });
});
