/**
 * Token endpoint faults: every way a refresh can fail ends in a typed error, costs one token
 * request however many calls wait on it, and leaves the stored refresh token intact and usable.
 */
import { join } from "node:path";
import type { Connector } from "@x/connector-kit";
import { type Emulator, type FaultSpec, followConsent, startEmulator } from "@x/emulator";
import { OAuthError } from "@x/oauth-core";
import { connector as pipedrive } from "@x/pipedrive";
import { connector as zohoCrm } from "@x/zoho-crm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { expectNoSecrets, rejection, tempDir } from "./support.js";

let emulator: Emulator;
let dir: string;
const quiet = { onAuthorizationUrl: () => {}, onWarning: () => {} };

beforeAll(async () => {
  emulator = await startEmulator({ autoApprove: true });
  dir = await tempDir("token");
});
afterAll(() => emulator.close());

interface Target {
  name: string;
  connector: Connector;
  /** The emulator's provider id. */
  provider: string;
  /** Extra properties of a working OAuth connection. */
  properties: string;
  /** A cheap authenticated GET. */
  probe: string;
}

const targets: Target[] = [
  {
    name: "Zoho CRM (HTTP 200 error bodies, non-rotating)",
    connector: zohoCrm as unknown as Connector,
    provider: "zoho",
    properties: "Region=EU",
    probe: "users?type=CurrentUser",
  },
  {
    name: "Pipedrive (rotating refresh tokens)",
    connector: pipedrive as unknown as Connector,
    provider: "pipedrive",
    properties: "",
    probe: "api/v1/users/me",
  },
];

let seq = 0;
async function authorized(t: Target, extra = "") {
  const { clientId, clientSecret } = emulator.defaultClient(t.provider);
  const location = join(dir, `${t.provider}-${++seq}.json`);
  const cs = [
    t.properties,
    `EmulatorURL=${emulator.url}`,
    `OAuthClientId=${clientId}`,
    `OAuthClientSecret=${clientSecret}`,
    "CallbackURL=http://127.0.0.1:0/callback",
    `OAuthSettingsLocation=${location}`,
    extra,
  ]
    .filter(Boolean)
    .join(";");
  const conn = await t.connector.connect(`${cs};InitiateOAuth=GETANDREFRESH`, {
    ...quiet,
    openBrowser: followConsent,
  });
  const store = await t.connector.openSettings(cs);
  const stored = await store.get();
  expect(stored?.refreshToken).toBeTruthy();
  return { conn, cs, store, refreshToken: stored!.refreshToken!, secrets: [clientSecret!] };
}

/**
 * The refresh's own typed error; a call whose 401 arrived after that refresh had already failed
 * gets the cooldown error, which names the same failure as its cause.
 */
function expectFailure(error: Error, code: string, secrets: string[]): void {
  expect(error).toBeInstanceOf(OAuthError);
  const e = error as OAuthError;
  const underlying = e.code === "OAUTH_REFRESH_COOLDOWN" ? (e.cause as OAuthError) : e;
  expect(underlying.code).toBe(code);
  expect(e.hint.length).toBeGreaterThan(10);
  expectNoSecrets(error, secrets);
}

interface Case {
  fault: string;
  spec: Omit<FaultSpec, "provider" | "endpoint"> | "rate-limit";
  code: string;
  /** Properties added to the connection string. */
  extra?: string;
  only?: string;
  /**
   * The server completed the refresh and only the answer was lost. A rotating provider has then
   * retired the stored refresh token: no client can recover it, so the next attempt must say
   * "authorize again" (typed), not crash or delete anything.
   */
  serverCompleted?: true;
}

const cases: Case[] = [
  {
    fault: "HTTP 500 with a text body",
    spec: { kind: "5xx", status: 500 },
    code: "OAUTH_UNEXPECTED_RESPONSE",
  },
  { fault: "HTTP 503", spec: { kind: "5xx", status: 503 }, code: "OAUTH_THROTTLED" },
  {
    fault: "an HTML error page (502 from a proxy)",
    spec: { kind: "html" },
    code: "OAUTH_UNEXPECTED_RESPONSE",
  },
  {
    fault: "a malformed (truncated) JSON body",
    spec: { kind: "malformed" },
    code: "OAUTH_UNEXPECTED_RESPONSE",
    serverCompleted: true,
  },
  { fault: "a dropped connection", spec: { kind: "drop" }, code: "OAUTH_NETWORK" },
  // Zoho only: Pipedrive rotates, so a refresh the server completed after the client gave up
  // consumed the stored token on the server side; nothing a client can keep.
  {
    fault: "a timeout",
    spec: { kind: "slow", delayMs: 2_500 },
    code: "OAUTH_TIMEOUT",
    extra: "Timeout=1",
    only: "zoho",
  },
  {
    fault: "throttling (Zoho: HTTP 400 Access Denied)",
    spec: "rate-limit",
    code: "OAUTH_THROTTLED",
    only: "zoho",
  },
];

describe.each(targets)("$name", (t) => {
  test.each(cases.filter((c) => !c.only || c.only === t.provider))(
    "$fault -> $code, one token request for 8 waiting calls, store intact",
    async (c) => {
      const { conn, cs, store, refreshToken, secrets } = await authorized(t, c.extra);
      await conn.test();
      emulator.expireTokens({ provider: t.provider });
      const faultId =
        c.spec === "rate-limit"
          ? emulator.rateLimit({ provider: t.provider, endpoint: "token.refresh", times: 1 })
          : emulator.faults.add({ ...c.spec, provider: t.provider, endpoint: "token.refresh" });
      const before = emulator.count(t.provider, "token.refresh");

      const errors = await Promise.all(
        Array.from({ length: 8 }, () => rejection(conn.getJson(t.probe))),
      );
      for (const error of errors) expectFailure(error, c.code, [...secrets, refreshToken]);
      expect(emulator.count(t.provider, "token.refresh") - before).toBe(1);

      // Bounded: a call right after the failure waits out the cooldown instead of hammering.
      const again = await rejection(conn.getJson(t.probe));
      expect((again as OAuthError).code).toBe("OAUTH_REFRESH_COOLDOWN");
      expect(emulator.count(t.provider, "token.refresh") - before).toBe(1);

      // The store still holds the same refresh token, and a new connection recovers with it.
      expect((await store.get())?.refreshToken).toBe(refreshToken);
      if (c.spec === "rate-limit") emulator.rateLimits.remove(faultId);
      else emulator.faults.remove(faultId);
      const fresh = await t.connector.connect(`${cs};InitiateOAuth=REFRESH`, quiet);
      if (c.serverCompleted && t.provider === "pipedrive") {
        const lost = await rejection(fresh.test());
        expectFailure(lost, "OAUTH_INVALID_GRANT", secrets);
        expect((await store.get())?.refreshToken).toBe(refreshToken);
      } else {
        expect((await fresh.test()).id).toBeTruthy();
      }
      expect(emulator.count(t.provider, "token.refresh") - before).toBe(2);
      await Promise.all([conn.close(), fresh.close(), store.close?.()]);
    },
  );

  test("invalid_grant (revoked refresh token) -> OAUTH_INVALID_GRANT, no retry, record kept", async () => {
    const { conn, cs, store, refreshToken, secrets } = await authorized(t);
    await conn.close();
    // REFRESH never opens a browser, so the revoked grant reaches the caller as a typed error.
    const headless = await t.connector.connect(`${cs};InitiateOAuth=REFRESH`, quiet);
    await headless.test();
    emulator.revoke(refreshToken);
    const before = emulator.count(t.provider, "token.refresh");
    const errors = await Promise.all(
      Array.from({ length: 4 }, () => rejection(headless.getJson(t.probe))),
    );
    for (const error of errors) {
      expectFailure(error, "OAUTH_INVALID_GRANT", [...secrets, refreshToken]);
      expect((error as OAuthError).hint).toMatch(/[Aa]uthorize again/);
    }
    expect(emulator.count(t.provider, "token.refresh") - before).toBe(1);
    // The record is not deleted behind the user's back: it is what they re-authorize over.
    expect((await store.get())?.refreshToken).toBe(refreshToken);
    await headless.close();
  });

  test("invalid_grant under GETANDREFRESH: consent again, once for all waiting calls", async () => {
    const { conn, store, refreshToken } = await authorized(t);
    await conn.test();
    emulator.revoke(refreshToken);
    const exchanges = emulator.count(t.provider, "token.exchange");
    const results = await Promise.all(Array.from({ length: 6 }, () => conn.getJson(t.probe)));
    expect(results).toHaveLength(6);
    expect(emulator.count(t.provider, "token.exchange") - exchanges).toBe(1);
    const renewed = (await store.get())?.refreshToken;
    expect(renewed).toBeTruthy();
    expect(renewed).not.toBe(refreshToken);
    await conn.close();
  });
});

test("Zoho reports a bad refresh token with HTTP 200 and an error body: still a typed invalid_grant", async () => {
  const t = targets[0]!;
  const { clientId, clientSecret } = emulator.defaultClient("zoho");
  const responses: number[] = [];
  const spy: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    if (String(input instanceof Request ? input.url : input).includes("/oauth/v2/token"))
      responses.push(response.status);
    return response;
  };
  const cs = `${t.properties};EmulatorURL=${emulator.url};OAuthClientId=${clientId};OAuthClientSecret=${clientSecret};OAuthRefreshToken=1000.not-a-real-refresh-token`;
  const error = await rejection(t.connector.refreshAccessToken(cs, {}, { ...quiet, fetch: spy }));
  expect(responses).toEqual([200]);
  expect(error).toBeInstanceOf(OAuthError);
  expect((error as OAuthError).code).toBe("OAUTH_INVALID_GRANT");
  expectNoSecrets(error, [clientSecret!, "1000.not-a-real-refresh-token"]);
});
