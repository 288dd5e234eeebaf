import { existsSync } from "node:fs";
import { dirname } from "node:path";
import { inspect } from "node:util";
import { collect, consentedRedirectUrl, type Emulator, providerTestHarness } from "@x/emulator";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { connect, getAccessToken, getAuthorizationUrl, refreshAccessToken } from "../src/index.js";

const h = providerTestHarness("pipedrive", {
  connect,
  datasets: { pipedrive: { deals: 1_200, persons: 30, organizations: 10 } },
});
const { quiet, location } = h;
let emulator: Emulator;
let base: string;

beforeAll(async () => {
  await h.start();
  ({ emulator, oauth: base } = h);
});
afterAll(h.close);

const count = async <T>(it: AsyncIterable<T>) => (await collect(it)).length;

describe("OAuth", () => {
  test("desktop flow (GETANDREFRESH): Basic client auth, no PKCE, api_domain as the base, cursor paging", async () => {
    const loc = location();
    let authUrl = "";
    const conn = await h.desktop("", {
      location: loc,
      onAuthorizationUrl: (url) => {
        authUrl = url;
      },
    });
    expect(authUrl).not.toContain("code_challenge");
    expect(authUrl).not.toContain("scope=");
    const me = await conn.test();
    expect(me.email).toContain("@");
    const before = emulator.count("pipedrive", "deals.list");
    expect(await count(conn.paginate("deals"))).toBe(1_200);
    expect(emulator.count("pipedrive", "deals.list") - before).toBe(3);
    expect(inspect(conn)).not.toContain(emulator.defaultClient("pipedrive").clientSecret!);
    await conn.close();
  });

  test("rotating refresh tokens: one refresh under concurrency, and the rotated token is what persists", async () => {
    const loc = location();
    const first = await h.desktop("", { location: loc });
    await first.test();
    emulator.expireTokens({ provider: "pipedrive" });
    const refreshes = emulator.count("pipedrive", "token.refresh");
    await Promise.all(Array.from({ length: 8 }, () => first.test()));
    expect(emulator.count("pipedrive", "token.refresh")).toBe(refreshes + 1);
    // A second connection on the same settings uses the rotated refresh token after another expiry.
    emulator.expireTokens({ provider: "pipedrive" });
    const second = await connect(
      `${base};InitiateOAuth=REFRESH;OAuthSettingsLocation=${loc}`,
      quiet,
    );
    await second.test();
    expect(emulator.count("pipedrive", "token.refresh")).toBe(refreshes + 2);
    await first.close();
    await second.close();
  });

  test("web flow: procedures, then REFRESH with the settings; refresh rotates the refresh token", async () => {
    const loc = location();
    const props = `${base};InitiateOAuth=OFF;OAuthSettingsLocation=${loc}`;
    const auth = await getAuthorizationUrl(props, { callbackUrl: "http://127.0.0.1:9/cb" });
    const code = (await consentedRedirectUrl(auth.url)).searchParams.get("code")!;
    const tokens = await getAccessToken(props, {
      verifier: code,
      callbackUrl: "http://127.0.0.1:9/cb",
    });
    expect(tokens.metadata.api_domain).toMatch(/^https:\/\/[a-z0-9-]+\.pipedrive\.com$/);
    const conn = await connect(`${base};InitiateOAuth=REFRESH;OAuthSettingsLocation=${loc}`, quiet);
    expect((await conn.test()).id).toMatch(/^\d+$/);
    const refreshed = await refreshAccessToken(`${base};OAuthRefreshToken=${tokens.refreshToken}`);
    expect(refreshed.refreshToken).toBeTruthy();
    expect(refreshed.refreshToken).not.toBe(tokens.refreshToken);
    expect(JSON.stringify(refreshed)).not.toContain(refreshed.refreshToken!);
    await conn.close();
  });

  test("OFF uses the given access token as is, at the api_domain its token set named", async () => {
    const auth = await getAuthorizationUrl(base, { callbackUrl: "http://127.0.0.1:9/cb" });
    const code = (await consentedRedirectUrl(auth.url)).searchParams.get("code")!;
    const tokens = await getAccessToken(base, {
      verifier: code,
      callbackUrl: "http://127.0.0.1:9/cb",
    });
    const domain = new URL(tokens.metadata.api_domain!).hostname.split(".")[0];
    // The company domain in each form it is written in.
    for (const form of [domain, `${domain}.pipedrive.com`, `https://${domain}.pipedrive.com/`]) {
      const conn = await connect(
        `EmulatorURL=${emulator.url};InitiateOAuth=OFF;OAuthAccessToken=${tokens.accessToken};CompanyDomain=${form}`,
        quiet,
      );
      expect((await conn.test()).id).toMatch(/^\d+$/);
    }
    // Without CompanyDomain: the token set GetOAuthAccessToken returned named its api_domain.
    const me = emulator.count("pipedrive", "users.me");
    const named = await connect(
      `EmulatorURL=${emulator.url};InitiateOAuth=OFF;OAuthAccessToken=${tokens.accessToken}`,
      quiet,
    );
    expect((await named.test()).id).toMatch(/^\d+$/);
    expect(emulator.count("pipedrive", "users.me")).toBe(me + 1);
    // A token nobody named a host for is never sent to the generic api.pipedrive.com.
    const unknown = await connect(
      `EmulatorURL=${emulator.url};InitiateOAuth=OFF;OAuthAccessToken=token-from-elsewhere`,
      quiet,
    );
    const err = await unknown.test().catch((e) => e);
    expect(err.code).toBe("CONNECTOR_CONFIGURATION");
    expect(err.message).toContain("api_domain");
    expect(err.hint).toContain("CompanyDomain");
    expect(emulator.count("pipedrive", "users.me")).toBe(me + 1);
    expect(`${err.message}${inspect(err)}`).not.toContain("token-from-elsewhere");
  });

  test("headless option 1: the verifier is exchanged once", async () => {
    const loc = location();
    const auth = await getAuthorizationUrl(base, {});
    const redirect = await consentedRedirectUrl(auth.url);
    const cs = `${base};InitiateOAuth=REFRESH;OAuthSettingsLocation=${loc};OAuthVerifier=${redirect.searchParams.get("code")}`;
    const exchanges = emulator.count("pipedrive", "token.exchange");
    await (await connect(cs, quiet)).test();
    await (await connect(cs, quiet)).test();
    expect(emulator.count("pipedrive", "token.exchange")).toBe(exchanges + 1);
  });

  test("headless option 2: a settings file copied to another machine works and takes refreshes", async () => {
    const { original, copy, before, after, originalAfter } = await h.copiedSettings();
    expect(before).toContain('"version"');
    expect(after).not.toBe(before);
    expect(originalAfter).toBe(before);
    // The settings files hold tokens: the harness leaves neither behind.
    expect(existsSync(dirname(dirname(original)))).toBe(false);
    expect(existsSync(dirname(dirname(copy)))).toBe(false);
  });
});

describe("API token (AuthScheme=Basic)", () => {
  test("x-api-token on the company host", async () => {
    const conn = await connect(
      `AuthScheme=Basic;APIToken=emulator-pipedrive-api-token;CompanyDomain=emulatedcompany;EmulatorURL=${emulator.url}`,
      quiet,
    );
    expect((await conn.test()).name).toBeTruthy();
    expect(await count(conn.paginate("persons", { pageSize: 7 }))).toBe(30);
  });

  test("paginate() lists the tables by name too, records as sent (v1 times as Pipedrive writes them)", async () => {
    const conn = await connect(
      `AuthScheme=Basic;APIToken=emulator-pipedrive-api-token;EmulatorURL=${emulator.url}`,
      quiet,
    );
    expect(conn.resources).toEqual(expect.arrayContaining(["deals", "notes", "activities"]));
    expect(conn.resources).not.toContain("deal_products");
    const notes = await collect(conn.paginate<{ id: number; add_time: string }>("notes"));
    const rows = await conn.table("notes").list().toArray();
    expect(notes.map((n) => n.id)).toEqual(rows.map((r) => r.id));
    expect(notes.length).toBeGreaterThan(0);
    expect(notes[0]!.add_time).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(rows[0]!.add_time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });

  test("a wrong token is a typed 401 that does not echo the token", async () => {
    const conn = await connect(
      `AuthScheme=Basic;APIToken=wrong-secret-token;EmulatorURL=${emulator.url}`,
      quiet,
    );
    const err = await conn.test().catch((e) => e);
    expect(err.code).toBe("CONNECTOR_UNAUTHORIZED");
    for (const text of [err.message, inspect(err), JSON.stringify(err)])
      expect(text).not.toContain("wrong-secret-token");
  });

  test("a CompanyDomain that would leave pipedrive.com is refused before any request", async () => {
    const err = await connect(
      `AuthScheme=Basic;APIToken=x;CompanyDomain=evil.example/x;EmulatorURL=${emulator.url}`,
      quiet,
    ).catch((e) => e);
    expect(err.code).toBe("CONNECTOR_CONFIGURATION");
  });

  test("API v1 works with a deprecation warning, offset paging", async () => {
    const warnings: string[] = [];
    const conn = await connect(
      `AuthScheme=Basic;APIToken=emulator-pipedrive-api-token;APIVersion=v1;EmulatorURL=${emulator.url}`,
      { onWarning: (w) => warnings.push(w) },
    );
    expect(warnings.join()).toMatch(/deprecated/);
    const before = emulator.count("pipedrive", "deals.list_v1");
    expect(await count(conn.paginate("deals"))).toBe(1_200);
    expect(emulator.count("pipedrive", "deals.list_v1") - before).toBe(3);
  });

  test("API v1: the deprecation warning once per process; tables keep working", async () => {
    const emitted: string[] = [];
    const original = process.emitWarning;
    process.emitWarning = ((warning: string | Error) => {
      emitted.push(String(warning));
    }) as typeof process.emitWarning;
    try {
      const cs = `AuthScheme=Basic;APIToken=emulator-pipedrive-api-token;APIVersion=v1;EmulatorURL=${emulator.url}`;
      const first = await connect(cs);
      const second = await connect(cs);
      expect(emitted.filter((w) => /v1 list endpoints are deprecated/.test(w))).toHaveLength(1);
      // Tables read v2 where it exists and v1 where only v1 exists, whatever APIVersion says.
      expect(await second.table("deals").list({ limit: 3 }).toArray()).toHaveLength(3);
      expect(await second.table("notes").list({ limit: 2 }).toArray()).toHaveLength(2);
      await first.close();
      await second.close();
    } finally {
      process.emitWarning = original;
    }
  });

  test("429 with Retry-After is retried", async () => {
    const conn = await connect(
      `AuthScheme=Basic;APIToken=emulator-pipedrive-api-token;EmulatorURL=${emulator.url}`,
      quiet,
    );
    emulator.rateLimit({
      provider: "pipedrive",
      endpoint: "organizations.list",
      times: 1,
      retryAfterSeconds: 0,
    });
    const before = emulator.count("pipedrive", "organizations.list");
    expect(await count(conn.paginate("organizations"))).toBe(10);
    expect(emulator.count("pipedrive", "organizations.list") - before).toBe(2);
  });
});

describe("properties", () => {
  test("unknown names get a suggestion; bad values name the allowed ones", async () => {
    const err = await connect("AuthSchem=Basic;APIVersion=v3").catch((e) => e);
    expect(err.message).toContain("AuthScheme");
    expect(err.message).toMatch(/v2.*v1|v1.*v2/);
  });

  test("no client id: says where to register an app", async () => {
    const err = await connect("InitiateOAuth=GETANDREFRESH;OAuthSettingsLocation=memory://none", {
      env: {},
    }).catch((e) => e);
    expect(err.hint).toContain("developers.pipedrive.com");
    expect(err.hint).toContain("X_PIPEDRIVE_CLIENT_ID");
  });
});
