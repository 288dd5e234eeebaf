import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  AccessDeniedError,
  InvalidGrantError,
  NoTokensError,
  OAUTH_REFRESH_COOLDOWN,
  RefreshCooldownError,
  ThrottledError,
} from "../src/errors.js";
import { createStaticTokenProvider, createTokenManager } from "../src/token-manager.js";
import type { TokenSet } from "../src/tokens.js";
import { fakeClient, memoryStore, tokens } from "./support/fake-client.js";

const T0 = 1_800_000_000_000;

function clock(start = T0) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms), set: (v: number) => (t = v) };
}

describe("createTokenManager", () => {
  it("returns the stored token while fresh and refreshes within the margin", async () => {
    const c = clock();
    const store = memoryStore();
    await store.set({ accessToken: "stored", refreshToken: "rt0", expiresAt: T0 + 3_600_000 });
    const client = fakeClient(async (_rt, n) => tokens(n, c.now()));
    const m = createTokenManager({ client, store, now: c.now, refreshMarginMs: 60_000 });
    expect(await m.getAccessToken()).toBe("stored");
    c.advance(3_600_000 - 60_001);
    expect(await m.getAccessToken()).toBe("stored");
    expect(client.refreshCalls).toEqual([]);
    c.advance(2);
    expect(await m.getAccessToken()).toBe("access-1");
    expect(client.refreshCalls).toEqual(["rt0"]);
    const persisted = await store.get();
    expect(persisted?.accessToken).toBe("access-1");
    expect(persisted?.refreshToken).toBe("rt0"); // omitted in the response: the old one is kept
    expect(persisted?.expiresAt).toBe(c.now() + 3_600_000);
  });

  it("caps the margin at half the lifetime of short-lived tokens", async () => {
    const c = clock();
    const store = memoryStore();
    const client = fakeClient(async (_rt, n) => tokens(n, c.now(), { ttlS: 120 }));
    await store.set({ refreshToken: "rt0" });
    const m = createTokenManager({ client, store, now: c.now, refreshMarginMs: 5 * 60_000 });
    expect(await m.getAccessToken()).toBe("access-1");
    c.advance(59_000);
    expect(await m.getAccessToken()).toBe("access-1");
    c.advance(2_000);
    expect(await m.getAccessToken()).toBe("access-2");
  });

  it("1,000 concurrent callers at expiry share one refresh", async () => {
    const c = clock();
    const store = memoryStore();
    await store.set({ accessToken: "old", refreshToken: "rt0", expiresAt: T0 - 1 });
    const client = fakeClient(async (_rt, n) => {
      await new Promise((r) => setImmediate(r));
      return tokens(n, c.now(), { rotate: true });
    });
    const m = createTokenManager({ client, store, now: c.now });
    const results = await Promise.all(Array.from({ length: 1000 }, () => m.getAccessToken()));
    expect(new Set(results)).toEqual(new Set(["access-1"]));
    expect(client.refreshCalls).toEqual(["rt0"]);
    expect((await store.get())?.refreshToken).toBe("refresh-1");
  });

  it("persists a rotated refresh token before anyone receives the new access token", async () => {
    const c = clock();
    const store = memoryStore();
    await store.set({
      accessToken: "old",
      refreshToken: "rt0",
      expiresAt: T0 - 1,
      consumedVerifier: "fp",
    });
    const client = fakeClient(async (_rt, n) =>
      tokens(n, c.now(), { rotate: true, metadata: { api_domain: "https://x" } }),
    );
    const seen: { stored: string | undefined; event: TokenSet }[] = [];
    const m = createTokenManager({
      client,
      store,
      now: c.now,
      onTokens: (t) => {
        seen.push({ stored: undefined, event: t });
      },
    });
    const token = await m.getAccessToken();
    const stored = await store.get();
    expect(token).toBe("access-1");
    expect(stored?.refreshToken).toBe("refresh-1");
    expect(stored?.metadata).toEqual({ api_domain: "https://x" });
    expect(stored?.consumedVerifier).toBe("fp");
    expect(seen).toHaveLength(1);
    expect(seen[0]?.event.refreshToken).toBe("refresh-1");
  });

  it("re-reads the store under the lock: another manager's refresh is reused", async () => {
    const c = clock();
    const store = memoryStore();
    await store.set({ accessToken: "old", refreshToken: "rt0", expiresAt: T0 - 1 });
    const client = fakeClient(async (_rt, n) => tokens(n, c.now(), { rotate: true }));
    const a = createTokenManager({ client, store, now: c.now });
    const b = createTokenManager({ client, store, now: c.now });
    const [ta, tb] = await Promise.all([a.getAccessToken(), b.getAccessToken()]);
    expect(ta).toBe("access-1");
    expect(tb).toBe("access-1");
    expect(client.refreshCalls).toEqual(["rt0"]);
  });

  it("handleUnauthorized refreshes only when the failed request used the current token", async () => {
    const c = clock();
    const store = memoryStore();
    await store.set({ accessToken: "a0", refreshToken: "rt0", expiresAt: T0 + 3_600_000 });
    const client = fakeClient(async (_rt, n) => tokens(n, c.now(), { rotate: true }));
    const m = createTokenManager({ client, store, now: c.now });
    expect(await m.getAccessToken()).toBe("a0");
    // A straggling 401 for a token that is no longer current: no refresh.
    expect(await m.handleUnauthorized("something-older")).toBe("a0");
    expect(client.refreshCalls).toEqual([]);
    // 401 with the current token: one refresh, shared by concurrent handlers.
    const all = await Promise.all([
      m.handleUnauthorized("a0"),
      m.handleUnauthorized("a0"),
      m.handleUnauthorized("a0"),
    ]);
    expect(all).toEqual(["access-1", "access-1", "access-1"]);
    expect(client.refreshCalls).toEqual(["rt0"]);
    // A late 401 for a0 arrives after the refresh: still no second refresh.
    expect(await m.handleUnauthorized("a0")).toBe("access-1");
    expect(client.refreshCalls).toHaveLength(1);
  });

  it("handleUnauthorized uses a token another process stored instead of refreshing", async () => {
    const c = clock();
    const store = memoryStore();
    await store.set({ accessToken: "a0", refreshToken: "rt0", expiresAt: T0 + 3_600_000 });
    const client = fakeClient(async (_rt, n) => tokens(n, c.now(), { rotate: true }));
    const m = createTokenManager({ client, store, now: c.now });
    expect(await m.getAccessToken()).toBe("a0");
    // Another process refreshed (Zendesk-style: the old pair is now invalid).
    await store.set({
      accessToken: "from-other",
      refreshToken: "rt-other",
      expiresAt: T0 + 3_600_000,
    });
    expect(await m.handleUnauthorized("a0")).toBe("from-other");
    expect(client.refreshCalls).toEqual([]);
  });

  it("refresh({ force }) refreshes a fresh token once", async () => {
    const c = clock();
    const store = memoryStore();
    await store.set({ accessToken: "a0", refreshToken: "rt0", expiresAt: T0 + 3_600_000 });
    const client = fakeClient(async (_rt, n) => tokens(n, c.now()));
    const m = createTokenManager({ client, store, now: c.now });
    expect((await m.refresh()).accessToken).toBe("a0");
    const forced = await Promise.all([m.refresh({ force: true }), m.refresh({ force: true })]);
    expect(forced.map((t) => t.accessToken)).toEqual(["access-1", "access-1"]);
    expect(client.refreshCalls).toHaveLength(1);
  });

  it("a failed refresh starts a cooldown instead of hammering the provider", async () => {
    const c = clock();
    const store = memoryStore();
    await store.set({ accessToken: "old", refreshToken: "rt0", expiresAt: T0 - 1 });
    let fail = true;
    const client = fakeClient(async (_rt, n) => {
      if (fail) throw new ThrottledError({ status: 200, error: "Access Denied" }, 600_000);
      return tokens(n, c.now());
    });
    const errors: unknown[] = [];
    const m = createTokenManager({ client, store, now: c.now, cooldownMs: 30_000 });
    m.on("error", (e) => errors.push(e));
    await expect(m.getAccessToken()).rejects.toBeInstanceOf(ThrottledError);
    const cooling = await m.getAccessToken().catch((e: unknown) => e);
    expect(cooling).toBeInstanceOf(RefreshCooldownError);
    expect((cooling as RefreshCooldownError).code).toBe(OAUTH_REFRESH_COOLDOWN);
    expect((cooling as RefreshCooldownError).remainingMs).toBe(600_000); // retry-after beats the 30 s cooldown
    expect((cooling as RefreshCooldownError).cause).toBeInstanceOf(ThrottledError);
    expect(client.refreshCalls).toHaveLength(1);
    expect(errors).toHaveLength(1);
    fail = false;
    c.advance(599_999);
    await expect(m.getAccessToken()).rejects.toBeInstanceOf(RefreshCooldownError);
    c.advance(1);
    expect(await m.getAccessToken()).toBe("access-2");
    expect(client.refreshCalls).toHaveLength(2);
  });

  it("a Retry-After of years holds refreshes back 15 minutes at most (configurable)", async () => {
    for (const [maxCooldownMs, expected] of [
      [undefined, 15 * 60_000],
      [120_000, 120_000],
    ] as const) {
      const c = clock();
      const store = memoryStore();
      await store.set({ accessToken: "old", refreshToken: "rt0", expiresAt: T0 - 1 });
      let fail = true;
      const client = fakeClient(async (_rt, n) => {
        if (fail) throw new ThrottledError({ status: 429 }, 999_999_999_000);
        return tokens(n, c.now());
      });
      const m = createTokenManager({ client, store, now: c.now, maxCooldownMs });
      await expect(m.getAccessToken()).rejects.toBeInstanceOf(ThrottledError);
      const cooling = (await m.getAccessToken().catch((e: unknown) => e)) as RefreshCooldownError;
      expect(cooling.remainingMs).toBe(expected);
      fail = false;
      c.advance(expected);
      expect(await m.getAccessToken()).toBe("access-2");
    }
  });

  it("during a cooldown, tokens stored by another process are still used", async () => {
    const c = clock();
    const store = memoryStore();
    await store.set({ accessToken: "old", refreshToken: "rt0", expiresAt: T0 - 1 });
    const client = fakeClient(async () => {
      throw new InvalidGrantError({ status: 400, error: "invalid_grant" }, "refresh token");
    });
    const m = createTokenManager({ client, store, now: c.now });
    await expect(m.getAccessToken()).rejects.toBeInstanceOf(InvalidGrantError);
    await store.set({ accessToken: "other", refreshToken: "rt9", expiresAt: T0 + 3_600_000 });
    expect(await m.getAccessToken()).toBe("other");
  });

  it("without a refresh token, an expired record is a NoTokensError with a hint", async () => {
    const c = clock();
    const store = memoryStore();
    await store.set({ accessToken: "old", expiresAt: T0 - 1 });
    const m = createTokenManager({
      client: fakeClient(async (_r, n) => tokens(n, c.now())),
      store,
      now: c.now,
    });
    const e = await m.getAccessToken().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(NoTokensError);
    expect((e as NoTokensError).hint).toMatch(/Authorize again/);
    // Not a refresh failure: no cooldown.
    await store.set({ accessToken: "old", refreshToken: "rt", expiresAt: T0 - 1 });
    expect(await m.getAccessToken()).toBe("access-1");
  });

  it("unsubscribes listeners and survives a throwing listener", async () => {
    const c = clock();
    const store = memoryStore();
    await store.set({ refreshToken: "rt0" });
    const m = createTokenManager({
      client: fakeClient(async (_r, n) => tokens(n, c.now(), { ttlS: 100 })),
      store,
      now: c.now,
    });
    const got: string[] = [];
    m.on("tokens", () => {
      throw new Error("listener bug");
    });
    const off = m.on("tokens", (t) => got.push(t.accessToken));
    expect(await m.getAccessToken()).toBe("access-1");
    off();
    c.advance(100_000);
    expect(await m.getAccessToken()).toBe("access-2");
    expect(got).toEqual(["access-1"]);
  });

  it("keeps tokens out of inspect and JSON", async () => {
    const c = clock();
    const store = memoryStore();
    await store.set({ refreshToken: "rt-SECRET-0" });
    const m = createTokenManager({
      client: fakeClient(async () => tokens(77, c.now())),
      store,
      now: c.now,
    });
    const set = await m.getTokenSet();
    const shown = inspect(set) + JSON.stringify(set) + inspect(m.client);
    expect(shown).not.toContain("access-77");
    expect(shown).not.toContain("rt-SECRET-0");
  });

  it("reauthorize: after invalid_grant, one re-authorization serves every waiting caller", async () => {
    const c = clock();
    const store = memoryStore();
    await store.set({ accessToken: "old", refreshToken: "revoked", expiresAt: T0 - 1 });
    const client = fakeClient(async () => {
      throw new InvalidGrantError({ status: 400, error: "invalid_grant" }, "refresh token");
    });
    let consents = 0;
    const m = createTokenManager({
      client,
      store,
      now: c.now,
      reauthorize: async () => {
        consents += 1;
        await new Promise((r) => setImmediate(r));
        await store.set({ accessToken: "new", refreshToken: "rt-new", expiresAt: T0 + 3_600_000 });
      },
    });
    const seen: TokenSet[] = [];
    m.on("tokens", (t) => seen.push(t));
    const got = await Promise.all(Array.from({ length: 5 }, () => m.getAccessToken()));
    expect(got).toEqual(["new", "new", "new", "new", "new"]);
    expect(consents).toBe(1);
    expect(client.refreshCalls).toEqual(["revoked"]);
    expect(seen.map((t) => t.accessToken)).toEqual(["new"]);
  });

  it("reauthorize: its own failure (consent denied) is what callers get, then the cooldown", async () => {
    const c = clock();
    const store = memoryStore();
    await store.set({ accessToken: "old", refreshToken: "revoked", expiresAt: T0 - 1 });
    const client = fakeClient(async () => {
      throw new InvalidGrantError({ status: 400, error: "invalid_grant" }, "refresh token");
    });
    const denied = new AccessDeniedError({ error: "access_denied" });
    const m = createTokenManager({
      client,
      store,
      now: c.now,
      reauthorize: async () => {
        throw denied;
      },
    });
    await expect(m.getAccessToken()).rejects.toBe(denied);
    await expect(m.getAccessToken()).rejects.toBeInstanceOf(RefreshCooldownError);
    expect(client.refreshCalls).toEqual(["revoked"]);
    expect((await store.get())?.refreshToken).toBe("revoked");
  });
});

describe("createStaticTokenProvider (InitiateOAuth=OFF)", () => {
  it("uses the given token as is and never refreshes", async () => {
    const p = createStaticTokenProvider("given");
    expect(await p.getAccessToken()).toBe("given");
    expect(await p.handleUnauthorized("older")).toBe("given");
    await expect(p.handleUnauthorized("given")).rejects.toBeInstanceOf(NoTokensError);
    await expect(p.refresh({ force: true })).rejects.toThrow(/never refreshes/);
    expect(() => createStaticTokenProvider("")).toThrow(NoTokensError);
  });
});

describe("givenRefreshToken", () => {
  const refused = () =>
    new InvalidGrantError({ status: 400, error: "invalid_grant" }, "refresh token");

  it("is tried when the stored refresh token is refused, and what it yields is stored", async () => {
    const c = clock();
    const store = memoryStore();
    await store.set({ accessToken: "old", refreshToken: "revoked", expiresAt: T0 - 1 });
    const client = fakeClient(async (rt, n) => {
      if (rt === "revoked") throw refused();
      return tokens(n, c.now(), { rotate: true });
    });
    const m = createTokenManager({ client, store, now: c.now, givenRefreshToken: "given" });
    expect(await m.getAccessToken()).toBe("access-2");
    expect(client.refreshCalls).toEqual(["revoked", "given"]);
    expect((await store.get())?.refreshToken).toBe("refresh-2");
  });

  it("is not sent when the stored one works, nor when it is the one refused", async () => {
    const c = clock();
    const store = memoryStore();
    await store.set({ accessToken: "old", refreshToken: "works", expiresAt: T0 - 1 });
    const ok = fakeClient(async (_rt, n) => tokens(n, c.now(), { rotate: true }));
    await createTokenManager({
      client: ok,
      store,
      now: c.now,
      givenRefreshToken: "given",
    }).getAccessToken();
    expect(ok.refreshCalls).toEqual(["works"]);

    const same = memoryStore();
    await same.set({ accessToken: "old", refreshToken: "given", expiresAt: T0 - 1 });
    const denied = fakeClient(async () => {
      throw refused();
    });
    const m = createTokenManager({
      client: denied,
      store: same,
      now: c.now,
      givenRefreshToken: "given",
    });
    await expect(m.getAccessToken()).rejects.toBeInstanceOf(InvalidGrantError);
    expect(denied.refreshCalls).toEqual(["given"]);
  });
});
