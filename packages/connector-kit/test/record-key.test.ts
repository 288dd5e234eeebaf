import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Emulator, startEmulator } from "@x/emulator";
import { openSettingsStore } from "@x/settings-store";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { settingsRecordKey } from "../src/record-key.js";
import { lite } from "./support.js";

// Two Zendesk accounts: one emulator per subdomain, the same OAuth client at both.
let alpha: Emulator;
let beta: Emulator;
beforeAll(async () => {
  alpha = await startEmulator({ autoApprove: true, zendesk: { subdomain: "alpha" } });
  beta = await startEmulator({ autoApprove: true, zendesk: { subdomain: "beta" } });
});
afterAll(async () => {
  await alpha.close();
  await beta.close();
});

function cs(emulator: Emulator, subdomain: string, extra: string) {
  const { clientId, clientSecret } = emulator.defaultClient("zendesk");
  return `Subdomain=${subdomain};EmulatorURL=${emulator.url};OAuthClientId=${clientId};OAuthClientSecret='${clientSecret}';CallbackURL=http://127.0.0.1:0/callback;${extra}`;
}

/** A scripted browser that counts the consent pages it was sent to. */
function countingBrowser() {
  const opened: string[] = [];
  return {
    opened,
    async open(url: string) {
      opened.push(url);
      const consent = await fetch(url, { redirect: "manual" });
      const callback = consent.headers.get("location");
      if (!callback) return false;
      await fetch(callback);
      return true;
    },
  };
}

/** A fetch that records the Authorization header of every API request (not token requests). */
function recordingFetch() {
  const sent: string[] = [];
  const wrapped: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const auth = request.headers.get("authorization");
    if (auth && !request.url.includes("/oauth/")) sent.push(auth.replace(/^Bearer /, ""));
    return fetch(request);
  };
  return { sent, fetch: wrapped };
}

describe("one record per connection", () => {
  test("two subdomains in one location each get a consent and their own token", async () => {
    const dir = await mkdtemp(join(tmpdir(), "x-kit-key-"));
    const location = `OAuthSettingsLocation=${join(dir, "OAuthSettings.txt")};InitiateOAuth=GETANDREFRESH`;
    const browser = countingBrowser();
    const opts = { openBrowser: browser.open, onAuthorizationUrl: () => {} };
    const first = await lite.connect(cs(alpha, "alpha", location), opts);
    const second = await lite.connect(cs(beta, "beta", location), opts);
    expect(browser.opened).toHaveLength(2);
    expect(browser.opened[1]).toContain("/beta.zendesk.com/");
    // Each account answers only to its own token.
    expect((await first.test()).id).toMatch(/^\d+$/);
    expect((await second.test()).id).toMatch(/^\d+$/);
    await first.close();
    await second.close();

    // Reconnecting reuses each account's record: no consent.
    const again = await lite.connect(cs(beta, "beta", location), opts);
    expect(browser.opened).toHaveLength(2);
    expect((await again.test()).id).toMatch(/^\d+$/);
    await again.close();
  });

  test("web procedures with a key per user: each user's requests carry only that user's token", async () => {
    const location = `OAuthSettingsLocation=memory://kit-users-${Date.now()}`;
    const base = cs(alpha, "alpha", `InitiateOAuth=OFF;${location}`);
    const issued = new Map<string, string>();
    for (const user of ["user-1", "user-2", "user-3"]) {
      const auth = await lite.getAuthorizationUrl(base, { authMode: "WEB" });
      const consent = await fetch(auth.url, { redirect: "manual" });
      const code = new URL(consent.headers.get("location")!).searchParams.get("code")!;
      // The key as an option for one user and as a property for the others: both name the record.
      const tokens =
        user === "user-1"
          ? await lite.getAccessToken(
              base,
              { verifier: code, codeVerifier: auth.codeVerifier },
              { settingsKey: user },
            )
          : await lite.getAccessToken(`${base};OAuthSettingsKey=${user}`, {
              verifier: code,
              codeVerifier: auth.codeVerifier,
            });
      issued.set(user, tokens.accessToken);
    }
    expect(new Set(issued.values()).size).toBe(3);
    for (const [user, token] of issued) {
      const recorder = recordingFetch();
      const conn = await lite.connect(
        cs(alpha, "alpha", `InitiateOAuth=REFRESH;${location};OAuthSettingsKey=${user}`),
        { fetch: recorder.fetch },
      );
      await conn.test();
      await conn.close();
      expect(recorder.sent).toEqual([token]);
    }
  });

  test("a record written under the old default key (the provider id) still opens, and moves", async () => {
    const dir = await mkdtemp(join(tmpdir(), "x-kit-legacy-"));
    const path = join(dir, "OAuthSettings.txt");
    const { clientId, clientSecret } = alpha.defaultClient("zendesk");
    const auth = await lite.getAuthorizationUrl(cs(alpha, "alpha", "InitiateOAuth=OFF"), {
      authMode: "WEB",
    });
    const consent = await fetch(auth.url, { redirect: "manual" });
    const tokens = await lite.getAccessToken(cs(alpha, "alpha", "InitiateOAuth=OFF"), {
      verifier: new URL(consent.headers.get("location")!).searchParams.get("code")!,
      codeVerifier: auth.codeVerifier,
    });
    // What an older version wrote: the record under the bare provider id.
    const legacy = await openSettingsStore(path, { provider: "kit-test", clientId, clientSecret });
    expect(legacy.key).toBe("kit-test");
    await legacy.set({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken });

    const conn = await lite.connect(
      cs(alpha, "alpha", `InitiateOAuth=REFRESH;OAuthSettingsLocation=${path}`),
      { openBrowser: async () => Promise.reject(new Error("no consent expected")) },
    );
    expect((await conn.test()).id).toMatch(/^\d+$/);
    await conn.close();
    expect(await legacy.driver.get("kit-test")).toBeUndefined();
    const moved = await lite.openSettings(cs(alpha, "alpha", `OAuthSettingsLocation=${path}`));
    expect((await moved.get())?.refreshToken).toBe(tokens.refreshToken);
    expect(moved.key).not.toBe("kit-test");
    await moved.close();
    await legacy.close();
  });
});

describe("settingsRecordKey", () => {
  const account = { subdomain: "alpha" };
  test("a given key is namespaced by the provider; no legacy key is adopted", () => {
    expect(settingsRecordKey({ provider: "zendesk", given: " user-42 ", account })).toEqual({
      key: "zendesk:user-42",
      legacyKeys: [],
    });
  });

  test("the default key differs by client id and by every account value, not by their order", () => {
    const key = (clientId: string, values: Record<string, string | undefined>) =>
      settingsRecordKey({ provider: "zendesk", clientId, account: values }).key;
    const base = key("app-1", { subdomain: "alpha", region: "EU" });
    expect(key("app-1", { region: "EU", subdomain: "alpha" })).toBe(base);
    expect(key("app-2", { subdomain: "alpha", region: "EU" })).not.toBe(base);
    expect(key("app-1", { subdomain: "beta", region: "EU" })).not.toBe(base);
    expect(key("app-1", { subdomain: "alpha", region: "US" })).not.toBe(base);
    expect(key("app-1", { subdomain: "alpha", region: "EU", unset: undefined })).toBe(base);
    expect(base).toMatch(/^zendesk:[A-Za-z0-9_-]{22}$/);
    expect(settingsRecordKey({ provider: "zendesk", account }).legacyKeys).toEqual(["zendesk"]);
  });

  test("an unusable key is a configuration error naming the property", () => {
    expect(() =>
      settingsRecordKey({ provider: "zendesk", given: "x".repeat(401), account }),
    ).toThrow(
      expect.objectContaining({ code: "CONNECTOR_CONFIGURATION", hint: expect.any(String) }),
    );
    expect(() =>
      settingsRecordKey({ provider: "zendesk", given: "x".repeat(401), account }),
    ).toThrow(/OAuthSettingsKey/);
  });
});
