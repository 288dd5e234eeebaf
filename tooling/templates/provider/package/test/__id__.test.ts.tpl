import { inspect } from "node:util";
import { collect, consentedRedirectUrl, type Emulator, providerTestHarness } from "@x/emulator";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { connect, getAccessToken, getAuthorizationUrl, refreshAccessToken } from "../src/index.js";

// Every test runs against @x/emulator on loopback: no account, no network.
const ID = "{{id}}";
const h = providerTestHarness(ID, { connect, datasets: { [ID]: { contacts: 230 } } });
const { quiet, location } = h;
const apiToken = `emulator-${ID}-api-token`;
let emulator: Emulator;
let base: string;

beforeAll(async () => {
  await h.start();
  ({ emulator, oauth: base } = h);
});
afterAll(h.close);

const count = async <T>(it: AsyncIterable<T>) => (await collect(it)).length;

describe("OAuth", () => {
  test("desktop flow (GETANDREFRESH): who am I, then every page", async () => {
    let authUrl = "";
    const conn = await h.desktop("", {
      onAuthorizationUrl: (url) => {
        authUrl = url;
      },
    });
    expect(authUrl).toContain("code_challenge");
    const me = await conn.test();
    expect(me.email).toContain("@");
    const before = emulator.count(ID, "contacts.list");
    expect(await count(conn.paginate("contacts"))).toBe(230);
    expect(emulator.count(ID, "contacts.list") - before).toBe(3);
    expect(inspect(conn)).not.toContain(emulator.defaultClient(ID).clientSecret!);
    await conn.close();
  });

  test("an expired token is refreshed once, however many requests wait for it", async () => {
    const conn = await h.desktop();
    await conn.test();
    emulator.expireTokens({ provider: ID });
    const refreshes = emulator.count(ID, "token.refresh");
    await Promise.all(Array.from({ length: 8 }, () => conn.test()));
    expect(emulator.count(ID, "token.refresh")).toBe(refreshes + 1);
    await conn.close();
  });

  test("web flow: the procedures, then REFRESH with the stored settings", async () => {
    const loc = location();
    const props = `${base};InitiateOAuth=OFF;OAuthSettingsLocation=${loc}`;
    const auth = await getAuthorizationUrl(props, { callbackUrl: "http://127.0.0.1:9/cb" });
    const code = (await consentedRedirectUrl(auth.url)).searchParams.get("code")!;
    const tokens = await getAccessToken(props, {
      verifier: code,
      callbackUrl: "http://127.0.0.1:9/cb",
    });
    expect(tokens.refreshToken).toBeTruthy();
    const conn = await connect(`${base};InitiateOAuth=REFRESH;OAuthSettingsLocation=${loc}`, quiet);
    expect((await conn.test()).id).toBeTruthy();
    const refreshed = await refreshAccessToken(`${base};OAuthRefreshToken=${tokens.refreshToken}`);
    expect(refreshed.accessToken).not.toBe(tokens.accessToken);
    expect(JSON.stringify(refreshed)).not.toContain(refreshed.accessToken);
    await conn.close();
  });
});

describe("API token", () => {
  test("who am I and paging with a page size", async () => {
    const conn = await connect(
      `AuthScheme=APIToken;APIToken=${apiToken};EmulatorURL=${emulator.url}`,
      quiet,
    );
    expect((await conn.test()).name).toBeTruthy();
    expect(await count(conn.paginate("contacts", { pageSize: 50 }))).toBe(230);
  });

  test("a wrong token is a typed 401 that does not echo the token", async () => {
    const conn = await connect(
      `AuthScheme=APIToken;APIToken=wrong-secret-token;EmulatorURL=${emulator.url}`,
      quiet,
    );
    const err = await conn.test().catch((e) => e);
    expect(err.code).toBe("CONNECTOR_UNAUTHORIZED");
    for (const text of [err.message, inspect(err), JSON.stringify(err)])
      expect(text).not.toContain("wrong-secret-token");
  });

  test("429 with Retry-After is retried", async () => {
    const conn = await connect(
      `AuthScheme=APIToken;APIToken=${apiToken};EmulatorURL=${emulator.url}`,
      quiet,
    );
    emulator.rateLimit({
      provider: ID,
      endpoint: "contacts.list",
      times: 1,
      retryAfterSeconds: 0,
    });
    const before = emulator.count(ID, "contacts.list");
    expect(await count(conn.paginate("contacts", { maxPages: 1 }))).toBe(100);
    expect(emulator.count(ID, "contacts.list") - before).toBe(2);
  });
});

describe("properties", () => {
  test("unknown names get a suggestion; a missing token is a configuration error", async () => {
    const typo = await connect("AuthSchem=APIToken").catch((e) => e);
    expect(typo.message).toContain("AuthScheme");
    const missing = await connect(`AuthScheme=APIToken;EmulatorURL=${emulator.url}`).catch(
      (e) => e,
    );
    expect(missing.code).toBe("CONNECTOR_CONFIGURATION");
  });

  test("no client id: says where to register an app", async () => {
    const err = await connect("InitiateOAuth=GETANDREFRESH;OAuthSettingsLocation=memory://none", {
      env: {},
    }).catch((e) => e);
    expect(err.hint).toContain("X_{{CONSTANT}}_CLIENT_ID");
  });
});
