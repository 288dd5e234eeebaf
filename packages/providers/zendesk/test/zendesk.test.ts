import { inspect } from "node:util";
import {
  collect,
  consentedRedirectUrl,
  type Emulator,
  followConsent,
  providerTestHarness,
} from "@x/emulator";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { connect, getAccessToken, getAuthorizationUrl, refreshAccessToken } from "../src/index.js";

const URL = "URL=https://emulated.zendesk.com";
const h = providerTestHarness("zendesk", {
  connect,
  properties: URL,
  datasets: { zendesk: { tickets: 230, users: 45, organizations: 12 } },
  zendesk: { incrementalLag: false },
});
const { quiet, location } = h;
let emulator: Emulator;
let oauth: string;

beforeAll(async () => {
  await h.start();
  ({ emulator, oauth } = h);
});
afterAll(h.close);

const all = collect;

describe("OAuth", () => {
  test("desktop flow: per-subdomain endpoints, PKCE, expires_in asked for, cursor paging", async () => {
    let authUrl = "";
    const conn = await h.desktop("", {
      onAuthorizationUrl: (u) => {
        authUrl = u;
      },
    });
    expect(authUrl).toContain("/emulated.zendesk.com/oauth/authorizations/new");
    expect(authUrl).toContain("code_challenge_method=S256");
    expect((await conn.test()).email).toContain("@");
    const before = emulator.count("zendesk", "tickets.list");
    expect(await all(conn.paginate("tickets", { pageSize: 100 }))).toHaveLength(230);
    expect(emulator.count("zendesk", "tickets.list") - before).toBe(3);
    expect(inspect(conn)).toContain("emulated");
    await conn.close();
  });

  test("the token lifetime comes back because it is asked for", async () => {
    const auth = await getAuthorizationUrl(oauth, { callbackUrl: "http://127.0.0.1:9/cb" });
    const code = (await consentedRedirectUrl(auth.url)).searchParams.get("code")!;
    const tokens = await getAccessToken(oauth, {
      verifier: code,
      callbackUrl: "http://127.0.0.1:9/cb",
      codeVerifier: auth.codeVerifier,
    });
    expect(tokens.expiresIn).toBeGreaterThan(1700);
    expect(tokens.expiresIn).toBeLessThanOrEqual(1800);
    const refreshed = await refreshAccessToken(`${oauth};OAuthRefreshToken=${tokens.refreshToken}`);
    expect(refreshed.refreshToken).not.toBe(tokens.refreshToken);
    // The old refresh token is gone: reusing it is invalid_grant, a typed "authorize again".
    const err = await refreshAccessToken(`${oauth};OAuthRefreshToken=${tokens.refreshToken}`).catch(
      (e) => e,
    );
    expect(err.code).toBe("OAUTH_INVALID_GRANT");
    expect(`${err.message}${inspect(err)}`).not.toContain(tokens.refreshToken!);
  });

  test("rotation: two connections on one settings location refresh once and both keep working", async () => {
    const loc = location();
    const a = await h.desktop("", { location: loc });
    const b = await connect(`${oauth};InitiateOAuth=REFRESH;OAuthSettingsLocation=${loc}`, quiet);
    emulator.expireTokens({ provider: "zendesk" });
    const refreshes = emulator.count("zendesk", "token.refresh");
    const page = (c: typeof a) => c.getJson("api/v2/tickets.json", { "page[size]": 1 });
    await Promise.all([page(a), page(b), page(a), page(b)]);
    expect(emulator.count("zendesk", "token.refresh")).toBe(refreshes + 1);
    expect((await a.test()).id).toBe((await b.test()).id);
    // An expired token makes users/me answer "anonymous" (200), which must refresh too.
    emulator.expireTokens({ provider: "zendesk" });
    const beforeMe = emulator.count("zendesk", "token.refresh");
    expect((await a.test()).id).toMatch(/^\d+$/);
    expect(emulator.count("zendesk", "token.refresh")).toBe(beforeMe + 1);
    await a.close();
    await b.close();
  });

  test("a public client (no secret) uses PKCE", async () => {
    emulator.registerClient({ provider: "zendesk", clientId: "public-cli" });
    const conn = await connect(
      `${URL};EmulatorURL=${emulator.url};OAuthClientId=public-cli;CallbackURL=http://127.0.0.1:0/callback;InitiateOAuth=GETANDREFRESH;OAuthSettingsLocation=${location()}`,
      { ...quiet, openBrowser: followConsent, env: {} },
    );
    expect((await conn.test()).id).toMatch(/^\d+$/);
  });

  test("headless option 1: the verifier (here the whole redirect URL) is exchanged once", async () => {
    emulator.registerClient({
      provider: "zendesk",
      clientId: "headless",
      clientSecret: "headless-secret",
    });
    const props = `${URL};EmulatorURL=${emulator.url};OAuthClientId=headless;OAuthClientSecret=headless-secret`;
    const auth = await getAuthorizationUrl(props, {});
    const redirect = await consentedRedirectUrl(auth.url);
    const cs = `${props};InitiateOAuth=REFRESH;OAuthSettingsLocation=${location()};OAuthVerifier='${redirect.href}'`;
    const exchanges = emulator.count("zendesk", "token.exchange");
    // APP mode (the default) sends no PKCE for a confidential client: no verifier must travel.
    expect(auth.url).not.toContain("code_challenge");
    const first = await connect(cs, quiet);
    const me = await first.test();
    const second = await connect(cs, quiet);
    expect((await second.test()).id).toBe(me.id);
    expect(emulator.count("zendesk", "token.exchange")).toBe(exchanges + 1);
    // WEB mode too: the secret authenticates the exchange, so the code alone is enough.
    const web = await getAuthorizationUrl(props, { authMode: "WEB" });
    expect(web.url).not.toContain("code_challenge");
    expect(web.codeVerifier).toBeUndefined();
    // An app that keeps the PKCE verifier in its session may ask for PKCE.
    const withPkce = await getAuthorizationUrl(props, { authMode: "WEB", pkce: true });
    expect(withPkce.url).toContain("code_challenge_method=S256");
    expect(withPkce.codeVerifier).toBeTruthy();
  });

  test("headless option 2: the copied settings file works and takes the rotated tokens", async () => {
    const { before, after } = await h.copiedSettings((headless) =>
      headless.getJson("api/v2/tickets.json", { "page[size]": 1 }),
    );
    expect(after).not.toBe(before);
  });

  test("anonymous answers: a failure, never a login", async () => {
    // OFF: the anonymous answer to an unknown token goes to the refresh path, which OFF does not take.
    const off = await connect(
      `${URL};EmulatorURL=${emulator.url};OAuthAccessToken=not-a-real-token`,
      quiet,
    );
    const err = await off.test().catch((e) => e);
    expect(err.code).toBe("OAUTH_NO_TOKENS");
    expect(`${err.message}${inspect(err)}`).not.toContain("not-a-real-token");
    // Basic with a wrong API token: Zendesk answers as the anonymous user, and test() says so.
    const basic = await connect(
      `${URL};EmulatorURL=${emulator.url};AuthScheme=Basic;User=katherine.johnson@emulator.example;APIToken=wrong-token-x`,
      quiet,
    );
    const anon = await basic.test().catch((e) => e);
    expect(anon.code).toBe("CONNECTOR_NOT_AUTHENTICATED");
    expect(`${anon.message}${inspect(anon)}`).not.toContain("wrong-token-x");
  });
});

describe("Basic", () => {
  test("API token works, with the retirement warning", async () => {
    const warnings: string[] = [];
    const conn = await connect(
      `${URL};EmulatorURL=${emulator.url};AuthScheme=Basic;User=katherine.johnson@emulator.example;APIToken=emulator-zendesk-api-token`,
      { onWarning: (w) => warnings.push(w) },
    );
    expect(warnings.join()).toMatch(/retiring API tokens/);
    expect(await all(conn.paginate("organizations", { pageSize: 5 }))).toHaveLength(12);
  });

  test("password access: a warning, then a clear error at connect that points to API tokens", async () => {
    const warnings: string[] = [];
    const err = await connect(
      `${URL};EmulatorURL=${emulator.url};AuthScheme=Basic;User=katherine.johnson@emulator.example;Password=hunter2-secret`,
      { onWarning: (w) => warnings.push(w) },
    ).catch((e) => e);
    expect(warnings.join()).toMatch(/password access/);
    expect(err.code).toBe("CONNECTOR_NOT_AUTHENTICATED");
    expect(err.message).toMatch(/turned off password access/);
    expect(err.hint).toMatch(/APIToken=/);
    expect(`${err.message}${inspect(err)}${JSON.stringify(err)}`).not.toContain("hunter2-secret");
  });

  test("without AuthScheme, User with Password or APIToken means Basic", async () => {
    const token = await connect(
      `${URL};EmulatorURL=${emulator.url};User=katherine.johnson@emulator.example;APIToken=emulator-zendesk-api-token`,
      quiet,
    );
    expect(inspect(token)).toContain("Basic");
    expect((await token.test()).email).toBe("katherine.johnson@emulator.example");
    // The documented string, password and all: the scheme is inferred, and the refusal is clear.
    const err = await connect(
      `URL=https://emulated.zendesk.com;User=katherine.johnson@emulator.example;Password=hunter2-secret;EmulatorURL=${emulator.url}`,
      quiet,
    ).catch((e) => e);
    expect(err.code).toBe("CONNECTOR_NOT_AUTHENTICATED");
    expect(err.hint).toMatch(/API token/);
    // An explicit AuthScheme wins over the inference.
    const explicit = await connect(
      `${URL};EmulatorURL=${emulator.url};AuthScheme=OAuth;InitiateOAuth=OFF;OAuthAccessToken=x;User=a@b.c;APIToken=t`,
      quiet,
    );
    expect(inspect(explicit)).toContain("OAuth");
  });
});

describe("resources and quirks", () => {
  const token = () =>
    `${URL};EmulatorURL=${emulator.url};AuthScheme=Basic;User=katherine.johnson@emulator.example;APIToken=emulator-zendesk-api-token`;

  test("ticket metrics: the incremental export gives the same records as the list", async () => {
    const list = await connect(token(), quiet);
    const viaList = await all(list.paginate<{ id: number }>("ticket_metrics"));
    const incremental = await connect(`${token()};UseIncrementalAPI=true`, quiet);
    const before = emulator.count("zendesk", "incremental.tickets");
    const viaExport = await all(incremental.paginate<{ id: number }>("ticket_metrics"));
    expect(emulator.count("zendesk", "incremental.tickets")).toBeGreaterThan(before);
    expect(viaExport.map((m) => m.id).sort()).toEqual(viaList.map((m) => m.id).sort());
    expect(viaList).toHaveLength(230);
  });

  test("paginate() lists tables by name; with UseIncrementalAPI the three lists stay cursor lists and startTime reaches the export", async () => {
    const incremental = await connect(`${token()};UseIncrementalAPI=true`, quiet);
    const exports = emulator.count("zendesk", "incremental.tickets");
    const lists = emulator.count("zendesk", "tickets.list");
    expect(await all(incremental.paginate("tickets", { pageSize: 100 }))).toHaveLength(230);
    expect(emulator.count("zendesk", "tickets.list") - lists).toBe(3);
    expect(emulator.count("zendesk", "incremental.tickets")).toBe(exports);
    // Every ticket changed before now: an export from now on has none of them.
    const later = new Date(Date.now() + 60_000);
    expect(await all(incremental.paginate("ticket_metrics", { startTime: later }))).toEqual([]);
    expect(emulator.count("zendesk", "incremental.tickets")).toBeGreaterThan(exports);
    // A table with no resource of its own: its listing, the records as sent.
    const groups = await all(incremental.paginate<{ id: number }>("groups"));
    const rows = await incremental.table("groups").list().toArray();
    expect(groups.map((g) => g.id)).toEqual(rows.map((r) => r.id));
    expect(incremental.resources).not.toContain("ticket_comments");
  });

  test("429 with Retry-After is retried", async () => {
    const conn = await connect(token(), quiet);
    emulator.rateLimit({
      provider: "zendesk",
      endpoint: "users.list",
      times: 1,
      retryAfterSeconds: 0,
    });
    expect(await all(conn.paginate("users"))).toHaveLength(45);
  });

  test("URL must be a Zendesk address; unknown properties get suggestions", async () => {
    const bad = await connect(`URL=https://evil.example;AuthScheme=Basic;User=a;APIToken=b`).catch(
      (e) => e,
    );
    expect(bad.code).toBe("CONNECTOR_CONFIGURATION");
    const typo = await connect(`${URL};UseIncrementalApi2=true`).catch((e) => e);
    expect(typo.message).toContain("UseIncrementalAPI");
    const missing = await connect("AuthScheme=Basic").catch((e) => e);
    expect(missing.code).toBe("CONN_STRING_MISSING_PROPERTY");
  });
});
