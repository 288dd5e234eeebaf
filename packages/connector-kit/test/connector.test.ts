import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { type Emulator, startEmulator } from "@x/emulator";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ConnectorError } from "../src/errors.js";
import { lite } from "./support.js";

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ autoApprove: true, datasets: { zendesk: { tickets: 250 } } });
});
afterAll(() => emulator.close());

/** A scripted browser: follows the emulator's consent redirect to the loopback callback. */
async function browser(url: string): Promise<boolean> {
  const consent = await fetch(url, { redirect: "manual" });
  const callback = consent.headers.get("location");
  if (!callback) return false;
  await fetch(callback);
  return true;
}

function cs(extra: string) {
  const { clientId, clientSecret } = emulator.defaultClient("zendesk");
  return `Subdomain=emulated;EmulatorURL=${emulator.url};OAuthClientId=${clientId};OAuthClientSecret='${clientSecret}';${extra}`;
}

describe("defineConnector", () => {
  test("GETANDREFRESH runs the desktop flow once, then reuses and refreshes stored tokens", async () => {
    const location = `memory://kit-${Date.now()}`;
    const opts = { openBrowser: browser, onAuthorizationUrl: () => {}, onWarning: () => {} };
    const conn = await lite.connect(
      cs(
        `InitiateOAuth=GETANDREFRESH;OAuthSettingsLocation=${location};CallbackURL=http://127.0.0.1:0/callback`,
      ),
      opts,
    );
    const me = await conn.test();
    expect(me.id).toMatch(/^\d+$/);
    let n = 0;
    for await (const _ of conn.paginate("tickets", { pageSize: 100 })) n += 1;
    expect(n).toBe(250);
    expect(inspect(conn)).not.toContain(emulator.defaultClient("zendesk").clientSecret!);
    await conn.close();

    // Second connection: no browser; an expired token is refreshed exactly once.
    const exchanges = emulator.count("zendesk", "token.exchange");
    emulator.expireTokens({ provider: "zendesk" });
    const again = await lite.connect(
      cs(`InitiateOAuth=GETANDREFRESH;OAuthSettingsLocation=${location}`),
      {
        openBrowser: async () => {
          throw new Error("no browser expected");
        },
      },
    );
    const refreshes = emulator.count("zendesk", "token.refresh");
    // The stored token looks valid locally; the provider's 401 triggers one shared refresh.
    const firstPage = () => again.getJson("api/v2/tickets.json", { "page[size]": 1 });
    await Promise.all([firstPage(), firstPage(), firstPage()]);
    expect((await again.test()).id).toBe(me.id);
    expect(emulator.count("zendesk", "token.refresh")).toBe(refreshes + 1);
    expect(emulator.count("zendesk", "token.exchange")).toBe(exchanges);
    await again.close();
  });

  test("properties are validated before any network call", async () => {
    const before = emulator.counts();
    const err = await lite
      .connect("Subdomain=emulated;InitiateOAuth=SOMETIMES;OAuthClientSecre=x")
      .catch((e) => e);
    expect(err.code).toMatch(/^CONN_STRING_/);
    expect(err.message).toContain("InitiateOAuth");
    expect(err.message).toContain("OAuthClientSecret");
    expect(emulator.counts()).toEqual(before);
  });

  test("no client id: the error says where to register and which properties to set", async () => {
    const err = await lite
      .connect(
        `Subdomain=emulated;InitiateOAuth=GETANDREFRESH;OAuthSettingsLocation=memory://none`,
        { env: {} },
      )
      .catch((e) => e);
    expect(err.code).toBe("CONNECTOR_CONFIGURATION");
    expect(err.hint).toContain("https://example.invalid/register");
    expect(err.hint).toContain("KIT_TEST_CLIENT_ID");
  });

  test("Basic scheme uses the provider's credentials hook", async () => {
    const err = await lite
      .connect(
        `AuthScheme=Basic;Subdomain=emulated;User=a@b.c;APIToken=nope;EmulatorURL=${emulator.url}`,
      )
      .then((c) => c.test())
      .catch((e) => e);
    expect(err).toBeInstanceOf(ConnectorError);
    expect(String(err.message)).not.toContain("nope");
  });

  test("procedures: authorization URL, verifier exchange, refresh", async () => {
    const base = cs("InitiateOAuth=OFF");
    const auth = await lite.getAuthorizationUrl(base, { callbackUrl: "http://127.0.0.1:9/cb" });
    expect(auth.url).toContain("/emulated.zendesk.com/oauth/authorizations/new");
    const consent = await fetch(auth.url, { redirect: "manual" });
    const code = new URL(consent.headers.get("location")!).searchParams.get("code")!;
    const tokens = await lite.getAccessToken(base, {
      verifier: code,
      callbackUrl: "http://127.0.0.1:9/cb",
      codeVerifier: auth.codeVerifier,
    });
    expect(tokens.refreshToken).toBeTruthy();
    const refreshed = await lite.refreshAccessToken(base, { refreshToken: tokens.refreshToken! });
    expect(refreshed.refreshToken).not.toBe(tokens.refreshToken);
    expect(JSON.stringify(refreshed)).not.toContain(refreshed.accessToken);
  });
});

describe("openSettings", () => {
  test("opens the store connect() uses; another location with the same key reads it back", async () => {
    const dir = await import("node:fs/promises").then((fs) => fs.mkdtemp(join(tmpdir(), "x-kit-")));
    const location = join(dir, "OAuthSettings.txt");
    const conn = await lite.connect(
      cs(
        `InitiateOAuth=GETANDREFRESH;OAuthSettingsLocation=${location};CallbackURL=http://127.0.0.1:0/callback`,
      ),
      {
        openBrowser: browser,
        onAuthorizationUrl: () => {},
      },
    );
    await conn.close();
    const store = await lite.openSettings(cs(`OAuthSettingsLocation=${location}`));
    const record = await store.get();
    await store.close();
    expect(record?.refreshToken).toBeTruthy();
    const copy = await lite.openSettings(cs(`OAuthSettingsLocation=${location}`), {
      location: join(dir, "export.txt"),
    });
    await copy.set(record!);
    expect((await copy.get())?.refreshToken).toBe(record!.refreshToken);
    await copy.close();
    const wrongKey = await lite.openSettings(
      cs(`OAuthSettingsLocation=${location};OAuthSettingsSecret=not-the-one-that-wrote-it`),
    );
    await expect(wrongKey.get()).rejects.toMatchObject({ code: "SETTINGS_UNDECRYPTABLE" });
    await wrongKey.close();
  });
});
