import { inspect } from "node:util";
import {
  collect,
  consentedRedirectUrl,
  type Emulator,
  followConsent,
  oauthProperties,
  providerTestHarness,
  startEmulator,
} from "@x/emulator";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { connect, getAccessToken, getAuthorizationUrl, refreshAccessToken } from "../src/index.js";
import { listItems, parseXml } from "../src/xml.js";

const h = providerTestHarness("highrise", {
  connect,
  datasets: { highrise: { people: 1_100, companies: 40, deals: 3 } },
});
const { quiet, location } = h;
let emulator: Emulator;
let oauth: string;
const token = () =>
  `AuthScheme=APIToken;AccountId=emulated;APIToken=emulator-highrise-api-token;EmulatorURL=${emulator.url}`;

beforeAll(async () => {
  await h.start();
  ({ emulator, oauth: oauth } = h);
});
afterAll(h.close);

/** A fetch that records the bodies sent to Launchpad's token endpoint. */
function recordTokenBodies(bodies: string[]): typeof fetch {
  return async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url.includes("/authorization/token")) {
      const body = input instanceof Request ? await input.clone().text() : String(init?.body ?? "");
      bodies.push(body);
    }
    return fetch(input, init);
  };
}

const all = collect;

describe("XML", () => {
  test("typed elements, nil, arrays of one and empty containers", async () => {
    const one = await parseXml(
      '<?xml version="1.0"?><people type="array"><person><id type="integer">7</id><title nil="true"/><visible type="boolean">true</visible><created-at type="datetime">2024-01-02T03:04:05Z</created-at><first-name>Ada</first-name></person></people>',
    );
    expect(listItems(one)).toEqual([
      {
        id: 7,
        title: null,
        visible: true,
        "created-at": "2024-01-02T03:04:05Z",
        "first-name": "Ada",
      },
    ]);
    expect(listItems(await parseXml('<people type="array"></people>'))).toEqual([]);
    expect(listItems(await parseXml("<people></people>"))).toEqual([]);
    expect(
      listItems(
        await parseXml("<people><person><id>1</id></person><person><id>2</id></person></people>"),
      ),
    ).toHaveLength(2);
  });
});

describe("OAuth through Launchpad", () => {
  test("desktop flow: standard response_type=code, account discovery, XML paging with n= offsets", async () => {
    let authUrl = "";
    const tokenBodies: string[] = [];
    const conn = await connect(
      `${oauth};InitiateOAuth=GETANDREFRESH;OAuthSettingsLocation=${location()};Permissions=read`,
      {
        ...quiet,
        onAuthorizationUrl: (u) => {
          authUrl = u;
        },
        openBrowser: followConsent,
        fetch: recordTokenBodies(tokenBodies),
      },
    );
    const sent = new URL(authUrl).searchParams;
    expect(sent.get("response_type")).toBe("code");
    expect(sent.has("type")).toBe(false);
    expect(tokenBodies).toHaveLength(1);
    expect(new URLSearchParams(tokenBodies[0]).get("grant_type")).toBe("authorization_code");
    expect(new URLSearchParams(tokenBodies[0]).has("type")).toBe(false);
    expect(authUrl).toContain("permissions=read");
    expect(inspect(conn)).toContain("emulated.highrisehq.com");
    expect((await conn.test()).email).toContain("@");
    const before = emulator.count("highrise", "people.list");
    const people = await all(conn.paginate<{ id: number }>("people"));
    expect(people).toHaveLength(1_100);
    expect(typeof people[0]!.id).toBe("number");
    expect(emulator.count("highrise", "people.list") - before).toBe(3);
    await conn.close();
  });

  test("refresh sends grant_type=refresh_token; one refresh under concurrency; the refresh token is kept", async () => {
    const loc = location();
    const tokenBodies: string[] = [];
    const conn = await connect(
      `${oauth};InitiateOAuth=GETANDREFRESH;OAuthSettingsLocation=${loc}`,
      {
        ...quiet,
        openBrowser: followConsent,
        fetch: recordTokenBodies(tokenBodies),
      },
    );
    emulator.expireTokens({ provider: "highrise" });
    const refreshes = emulator.count("highrise", "token.refresh");
    await Promise.all(Array.from({ length: 6 }, () => conn.test()));
    expect(emulator.count("highrise", "token.refresh")).toBe(refreshes + 1);
    const refresh = new URLSearchParams(tokenBodies.at(-1));
    expect(refresh.get("grant_type")).toBe("refresh_token");
    expect(refresh.has("type")).toBe(false);
    expect(refresh.get("refresh_token")).toBeTruthy();
    await conn.close();
  });

  test("web flow and the procedures", async () => {
    const loc = location();
    const props = `${oauth};InitiateOAuth=OFF;OAuthSettingsLocation=${loc}`;
    const auth = await getAuthorizationUrl(props, { callbackUrl: "http://127.0.0.1:9/cb" });
    const code = (await consentedRedirectUrl(auth.url)).searchParams.get("code")!;
    const tokens = await getAccessToken(props, {
      verifier: code,
      callbackUrl: "http://127.0.0.1:9/cb",
    });
    expect(tokens.expiresIn).toBeGreaterThan(13 * 24 * 3600);
    const conn = await connect(
      `${oauth};InitiateOAuth=REFRESH;OAuthSettingsLocation=${loc}`,
      quiet,
    );
    expect((await conn.test()).id).toMatch(/^\d+$/);
    const refreshed = await refreshAccessToken(`${oauth};OAuthRefreshToken=${tokens.refreshToken}`);
    expect(refreshed.accessToken).not.toBe(tokens.accessToken);
  });

  test("OFF with a given access token; headless option 1 exchanges the verifier once", async () => {
    const auth = await getAuthorizationUrl(oauth, {});
    const code = (await consentedRedirectUrl(auth.url)).searchParams.get("code")!;
    const cs = `${oauth};InitiateOAuth=REFRESH;OAuthSettingsLocation=${location()};OAuthVerifier=${code}`;
    const exchanges = emulator.count("highrise", "token.exchange");
    await (await connect(cs, quiet)).test();
    await (await connect(cs, quiet)).test();
    expect(emulator.count("highrise", "token.exchange")).toBe(exchanges + 1);

    const auth2 = await getAuthorizationUrl(oauth, {});
    const code2 = (await consentedRedirectUrl(auth2.url)).searchParams.get("code")!;
    const t = await getAccessToken(oauth, { verifier: code2 });
    const off = await connect(
      `EmulatorURL=${emulator.url};InitiateOAuth=OFF;OAuthAccessToken=${t.accessToken}`,
      quiet,
    );
    expect((await off.test()).id).toMatch(/^\d+$/);
  });

  test("headless option 2: a copied settings file works elsewhere and takes refreshes", async () => {
    const { before, after } = await h.copiedSettings();
    expect(after).not.toBe(before);
  });

  test("a password change expires the authorization: REFRESH gets a typed re-authorize error, GETANDREFRESH asks for consent again", async () => {
    const loc = location();
    let consents = 0;
    const conn = await connect(
      `${oauth};InitiateOAuth=GETANDREFRESH;OAuthSettingsLocation=${loc}`,
      {
        ...quiet,
        openBrowser: (url) => {
          consents += 1;
          return followConsent(url);
        },
      },
    );
    const headless = await connect(
      `${oauth};InitiateOAuth=REFRESH;OAuthSettingsLocation=${loc}`,
      quiet,
    );
    emulator.revokeAll({ provider: "highrise" });
    const err = await headless.test().catch((e) => e);
    expect(err.code).toBe("OAUTH_INVALID_GRANT");
    expect(err.message).toMatch(/authoriz/i);
    expect(consents).toBe(1);
    expect((await conn.test()).name).toBeTruthy();
    expect(consents).toBe(2);
    // The new authorization is in the store: the headless connection works again too.
    expect((await headless.test()).name).toBeTruthy();
    await Promise.all([conn.close(), headless.close()]);
  });
});

describe("accounts", () => {
  test("several Highrise accounts: an error listing them, AccountId chooses", async () => {
    const em = await startEmulator({
      autoApprove: true,
      highrise: {
        otherAccounts: [
          {
            product: "highrise",
            id: 9_001,
            name: "Second",
            href: "https://second.highrisehq.com",
            app_href: "https://second.highrisehq.com",
          },
        ],
      },
    });
    try {
      const at = { oauth: oauthProperties(em, "highrise"), location: location() };
      const err = await h.desktop("", at).catch((e) => e);
      expect(err.code).toBe("CONNECTOR_CONFIGURATION");
      expect(err.hint).toContain("9001");
      // AccountId is part of the default record key: the chosen account gets its own record.
      const chosen = await h.desktop("AccountId=emulated", at);
      expect(inspect(chosen)).toContain("https://emulated.highrisehq.com");
    } finally {
      await em.close();
    }
  });

  test("an identity without active accounts: Unknown Basecamp ID is a clear error", async () => {
    const em = await startEmulator({ autoApprove: true, highrise: { noActiveAccounts: true } });
    try {
      const { clientId, clientSecret } = em.defaultClient("highrise");
      const auth = await getAuthorizationUrl(
        `EmulatorURL=${em.url};OAuthClientId=${clientId};OAuthClientSecret=${clientSecret}`,
      );
      const redirect = await consentedRedirectUrl(auth.url);
      const err = await connect(
        `EmulatorURL=${em.url};OAuthClientId=${clientId};OAuthClientSecret=${clientSecret};InitiateOAuth=REFRESH;OAuthSettingsLocation=${location()};OAuthVerifier=${redirect.searchParams.get("code")}`,
        quiet,
      ).catch((e) => e);
      // Launchpad answers the exchange in plain text: a typed error that quotes it.
      expect(err.code).toBe("OAUTH_UNEXPECTED_RESPONSE");
      expect(err.message).toContain("Unknown Basecamp ID.");
      expect(`${err.message}${inspect(err)}`).not.toContain(clientSecret!);
    } finally {
      await em.close();
    }
  });
});

describe("API token", () => {
  test("a numeric AccountId with an API token is a clear error (only OAuth can map it)", async () => {
    const err = await connect(
      `AuthScheme=APIToken;AccountId=3004005;APIToken=emulator-highrise-api-token;EmulatorURL=${emulator.url}`,
      quiet,
    ).catch((e) => e);
    expect(err.code).toBe("CONNECTOR_CONFIGURATION");
    expect(err.message).toContain("subdomain");
    expect(err.hint).toContain("AccountId=acme");
  });

  test("Basic token:X with a User-Agent; search pages by 25", async () => {
    const conn = await connect(token(), quiet);
    expect((await conn.test()).name).toBeTruthy();
    expect(await all(conn.paginate("companies"))).toHaveLength(40);
    const found = await all(conn.paginate<{ id: number }>("people_search", { term: "a" }));
    expect(Array.isArray(found)).toBe(true);
  });

  test("paginate(): since on people, term on people_search, and any table by name", async () => {
    const conn = await connect(token(), quiet);
    const since = await all(conn.paginate<{ id: number }>("people", { since: "20000101000000" }));
    expect(new Set(since.map((p) => p.id)).size).toBe(1_100);
    expect(await all(conn.paginate("people", { since: "29990101000000" }))).toEqual([]);
    // Everyone named like one person: fewer than all, in pages of 25.
    const everyone = await all(conn.paginate<Record<string, unknown>>("people"));
    const term = String(everyone[7]!["last-name"]);
    const searches = emulator.count("highrise", "people.search");
    const found = await all(conn.paginate<{ id: number }>("people_search", { term }));
    expect(found.map((p) => p.id)).toContain(everyone[7]!.id);
    expect(found.length).toBeLessThan(everyone.length);
    expect(emulator.count("highrise", "people.search") - searches).toBe(
      Math.floor(found.length / 25) + 1,
    );
    // A table with no resource of its own: its listing, each list whole, records as sent.
    const cases = await all(conn.paginate<{ id: number }>("cases"));
    const rows = await conn.table("cases").list().toArray();
    expect(cases.map((c) => c.id)).toEqual(rows.map((r) => r.id));
    expect(conn.resources).not.toContain("person_notes");
  });

  test("503 with Retry-After is retried (Highrise throttles with 503, not 429)", async () => {
    const conn = await connect(token(), quiet);
    emulator.rateLimit({
      provider: "highrise",
      endpoint: "deals.list",
      times: 1,
      retryAfterSeconds: 0,
    });
    const before = emulator.count("highrise", "deals.list");
    expect(await all(conn.paginate("deals"))).toHaveLength(3);
    expect(emulator.count("highrise", "deals.list") - before).toBe(2);
  });

  test("a wrong token is a typed error that does not echo it; AccountId must name a highrisehq.com account", async () => {
    const conn = await connect(
      `AuthScheme=APIToken;AccountId=emulated;APIToken=wrong-secret-x;EmulatorURL=${emulator.url}`,
      quiet,
    );
    const err = await conn.test().catch((e) => e);
    expect(err.code).toBe("CONNECTOR_UNAUTHORIZED");
    expect(`${err.message}${inspect(err)}${JSON.stringify(err)}`).not.toContain("wrong-secret-x");
    const bad = await connect(`AuthScheme=APIToken;AccountId=evil.example/x;APIToken=t`).catch(
      (e) => e,
    );
    expect(bad.code).toBe("CONNECTOR_CONFIGURATION");
    const typo = await connect("AuthScheme=APIToken;AcountId=acme").catch((e) => e);
    expect(typo.message).toContain("AccountId");
  });
});
