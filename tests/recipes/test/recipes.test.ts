// The connection recipes the documentation gives, followed literally. Each connection string is
// the documented one with only the emulator's URL added; where a recipe relies on built-in app
// credentials, they come from the documented environment variables.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { consentedRedirectUrl, type Emulator, followConsent, startEmulator } from "@x/emulator";
import * as highrise from "@x/highrise";
import * as pipedrive from "@x/pipedrive";
import * as zendesk from "@x/zendesk";
import * as zohoCrm from "@x/zoho-crm";
import * as zohoInventory from "@x/zoho-inventory";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

let em: Emulator;
let configHome: string;
const quiet = { onAuthorizationUrl: () => {}, onWarning: () => {} };
const noBrowser = async () => {
  throw new Error("this connection must not open a browser");
};

/** The environment a user of the recipe has: app credentials and a config directory of their own. */
function env(extra: Record<string, string> = {}): Record<string, string> {
  const zoho = em.defaultClient("zoho");
  return {
    XDG_CONFIG_HOME: configHome,
    X_ZOHO_CRM_CLIENT_ID: zoho.clientId,
    X_ZOHO_CRM_CLIENT_SECRET: zoho.clientSecret!,
    X_ZOHO_INVENTORY_CLIENT_ID: zoho.clientId,
    X_ZOHO_INVENTORY_CLIENT_SECRET: zoho.clientSecret!,
    ...extra,
  };
}

beforeAll(async () => {
  configHome = await mkdtemp(join(tmpdir(), "x-recipes-"));
  em = await startEmulator({
    autoApprove: true,
    datasets: { zoho: { leads: 60, contacts: 10, deals: 5, items: 30 } },
    // The documented placeholders name this emulated account's values.
    zoho: {
      organizations: [
        { organization_id: "YourOrganizationId", name: "Recipe Trading", is_default_org: true },
      ],
    },
    pipedrive: { companyDomain: "MyCompanyDomain", apiToken: "MyAPIToken" },
    zendesk: { subdomain: "subdomain" },
  });
});
afterAll(async () => {
  await em?.close();
  await rm(configHome, { recursive: true, force: true });
});

describe("the five documented connection strings", () => {
  test("Zoho CRM: InitiateOAuth=GETANDREFRESH; (desktop consent once, then the stored tokens)", async () => {
    const cs = `InitiateOAuth=GETANDREFRESH;EmulatorURL=${em.url};`;
    const first = await zohoCrm.connect(cs, { ...quiet, env: env(), openBrowser: followConsent });
    expect((await first.test()).email).toContain("@");
    const leads = [];
    for await (const lead of first.paginate("Leads", { fields: ["Last_Name", "Email"] }))
      leads.push(lead);
    expect(leads).toHaveLength(60);
    await first.close();
    // Later connections reuse the stored tokens, and refresh them past expiry.
    em.expireTokens({ provider: "zoho" });
    const refreshes = em.count("zoho", "token.refresh");
    const later = await zohoCrm.connect(cs, { ...quiet, env: env(), openBrowser: noBrowser });
    expect((await later.test()).email).toContain("@");
    expect(em.count("zoho", "token.refresh")).toBe(refreshes + 1);
    await later.close();
  });

  test("Zoho Inventory: InitiateOAuth=GETANDREFRESH;OrganizationId=YourOrganizationId;", async () => {
    const cs = `InitiateOAuth=GETANDREFRESH;OrganizationId=YourOrganizationId;EmulatorURL=${em.url};`;
    const conn = await zohoInventory.connect(cs, {
      ...quiet,
      env: env(),
      openBrowser: followConsent,
    });
    expect(inspect(conn)).toContain("YourOrganizationId");
    let items = 0;
    for await (const _ of conn.paginate("items")) items++;
    expect(items).toBe(30);
    await conn.close();
  });

  test("Pipedrive: AuthScheme=Basic;CompanyDomain=MyCompanyDomain;APIToken=MyAPIToken; (and every domain form)", async () => {
    const cs = `AuthScheme=Basic;CompanyDomain=MyCompanyDomain;APIToken=MyAPIToken;EmulatorURL=${em.url};`;
    const conn = await pipedrive.connect(cs, quiet);
    expect((await conn.test()).name).toBeTruthy();
    for (const form of [
      "mycompanydomain",
      "MyCompanyDomain.pipedrive.com",
      "https://mycompanydomain.pipedrive.com",
    ]) {
      const other = await pipedrive.connect(
        `AuthScheme=Basic;CompanyDomain=${form};APIToken=MyAPIToken;EmulatorURL=${em.url};`,
        quiet,
      );
      expect((await other.test()).name).toBeTruthy();
    }
    const bad = await pipedrive
      .connect(`AuthScheme=Basic;CompanyDomain=acme.example.com;APIToken=MyAPIToken;`, quiet)
      .catch((e) => e);
    expect(bad.code).toBe("CONNECTOR_CONFIGURATION");
    expect(bad.message).toContain("acme.pipedrive.com");
  });

  test("Highrise: GETANDREFRESH with CallbackURL=http://localhost and a numeric AccountId", async () => {
    const account = (em.info().providers as Record<string, { accountId: number }>).highrise!;
    em.registerClient({
      provider: "highrise",
      clientId: "recipe-highrise",
      clientSecret: "recipe-highrise-secret",
      redirectUris: ["http://localhost"], // registered exactly: no port, no slash
    });
    const cs = `InitiateOAuth=GETANDREFRESH;OAuthClientId=recipe-highrise;OAuthClientSecret=recipe-highrise-secret;CallbackURL=http://localhost;AccountId=${account.accountId};EmulatorURL=${em.url};`;
    let sent: string | null = null;
    const outcome = await highrise
      .connect(cs, {
        ...quiet,
        env: env(),
        onAuthorizationUrl: (url) => {
          sent = new URL(url).searchParams.get("redirect_uri");
        },
        openBrowser: followConsent,
        authorizationTimeoutMs: 60_000,
      })
      .catch((e: { code?: string }) => e);
    if ("code" in outcome && outcome.code !== undefined) {
      // Port 80 could not be opened here (no privileges, or taken): the error says so and how to fix it.
      expect(["OAUTH_CALLBACK_PORT_DENIED", "OAUTH_CALLBACK_PORT_IN_USE"]).toContain(outcome.code);
      expect(String((outcome as { message?: string }).message)).toContain("80");
      expect(String((outcome as { hint?: string }).hint)).toMatch(/CallbackURL/);
      return;
    }
    const conn = outcome as Awaited<ReturnType<typeof highrise.connect>>;
    expect(sent).toBe("http://localhost");
    expect((await conn.test()).email).toContain("@");
    expect(inspect(conn)).toContain(".highrisehq.com");
    await conn.close();
  });

  test("Zendesk: URL=https://subdomain.zendesk.com;User=...;Password=...; (Basic inferred; a refused password says to use an API token)", async () => {
    const user = "katherine.johnson@emulator.example";
    const cs = `URL=https://subdomain.zendesk.com;User=${user};Password=correct-horse-battery;EmulatorURL=${em.url};`;
    const err = await zendesk.connect(cs, quiet).catch((e) => e);
    expect(err.code).toBe("CONNECTOR_NOT_AUTHENTICATED");
    expect(err.message).toMatch(/password/i);
    expect(err.hint).toMatch(/API token/);
    expect(`${err.message}${err.hint}${inspect(err)}`).not.toContain("correct-horse-battery");
    // The same shape with an API token (User + APIToken) connects as Basic.
    const token = await zendesk.connect(
      `URL=https://subdomain.zendesk.com;User=${user};APIToken=emulator-zendesk-api-token;EmulatorURL=${em.url};`,
      quiet,
    );
    expect(inspect(token)).toContain("Basic");
    expect((await token.test()).email).toBe(user);
  });
});

/** The four OAuth providers' connectors, and what each connection needs besides the recipe. */
const webProviders = [
  { name: "Zoho CRM", provider: "zoho", env: "X_ZOHO_CRM", connector: zohoCrm, extra: "" },
  { name: "Pipedrive", provider: "pipedrive", env: "X_PIPEDRIVE", connector: pipedrive, extra: "" },
  { name: "Highrise", provider: "highrise", env: "X_HIGHRISE", connector: highrise, extra: "" },
  // Zendesk's URL names the account: every Zendesk connection has it.
  {
    name: "Zendesk",
    provider: "zendesk",
    env: "X_ZENDESK",
    connector: zendesk,
    extra: "URL=https://subdomain.zendesk.com;",
  },
] as const;

describe("the web recipe, past expiry", () => {
  // A web app's own callback: not a loopback address, registered exactly.
  const callback = "https://app.example.com/oauth/callback";

  test.each(webProviders)(
    "$name: authorization URL (WEB) -> code only -> REFRESH with the access token -> only InitiateOAuth and OAuthSettingsLocation",
    async ({ provider, env: envPrefix, connector, extra }) => {
      // The Zoho user of this emulator lives in the US, the default Region: no Region anywhere.
      const web =
        provider === "zoho" ? await startEmulator({ autoApprove: true, zoho: { dc: "us" } }) : em;
      try {
        const clientId = `web-${provider}`;
        const clientSecret = `web-${provider}-secret`;
        web.registerClient({ provider, clientId, clientSecret, redirectUris: [callback] });
        const app = `${extra}OAuthClientId=${clientId};OAuthClientSecret=${clientSecret};CallbackURL=${callback};EmulatorURL=${web.url};`;
        // 1. GetOAuthAuthorizationURL, AuthMode WEB.
        const auth = await connector.getAuthorizationUrl(app, {
          authMode: "WEB",
          callbackUrl: callback,
        });
        const redirect = await consentedRedirectUrl(auth.url);
        // 2. GetOAuthAccessToken with the code only.
        const tokens = await connector.getAccessToken(app, {
          verifier: redirect.searchParams.get("code")!,
          callbackUrl: callback,
        });
        expect(tokens.refreshToken).toBeTruthy();
        // 3. Connect with REFRESH, the client credentials, the access token and a settings location.
        const location = `memory://recipe-web-${provider}-${process.pid}`;
        const first = await connector.connect(
          `${extra}InitiateOAuth=REFRESH;OAuthClientId=${clientId};OAuthClientSecret=${clientSecret};OAuthAccessToken=${tokens.accessToken};OAuthSettingsLocation=${location};EmulatorURL=${web.url};`,
          quiet,
        );
        const me = await first.test();
        await first.close();
        // 4. Later: only InitiateOAuth and OAuthSettingsLocation (the app's credentials from its
        //    environment), after the access token expired.
        web.expireTokens({ provider });
        const refreshes = web.count(provider, "token.refresh");
        const appEnv = env({
          [`${envPrefix}_CLIENT_ID`]: clientId,
          [`${envPrefix}_CLIENT_SECRET`]: clientSecret,
        });
        const later = await connector.connect(
          `${extra}InitiateOAuth=REFRESH;OAuthSettingsLocation=${location};EmulatorURL=${web.url};`,
          { ...quiet, env: appEnv },
        );
        expect((await later.test()).id).toBe(me.id);
        expect(web.count(provider, "token.refresh")).toBe(refreshes + 1);
        // And again past the next expiry: the refreshed (possibly rotated) tokens were stored.
        web.expireTokens({ provider });
        const again = await connector.connect(
          `${extra}InitiateOAuth=REFRESH;OAuthSettingsLocation=${location};EmulatorURL=${web.url};`,
          { ...quiet, env: appEnv },
        );
        expect((await again.test()).id).toBe(me.id);
        expect(web.count(provider, "token.refresh")).toBe(refreshes + 2);
        await later.close();
        await again.close();
      } finally {
        if (web !== em) await web.close();
      }
    },
  );
});

describe("procedures", () => {
  test("Zoho outside the US: RefreshOAuthAccessToken with the refresh token alone, no Region repeated", async () => {
    // This emulator's Zoho user lives in the EU; the app knows that when it exchanges the code.
    const { clientId, clientSecret } = em.defaultClient("zoho");
    const app = `OAuthClientId=${clientId};OAuthClientSecret=${clientSecret};EmulatorURL=${em.url};`;
    const auth = await zohoCrm.getAuthorizationUrl(`${app}Region=EU;`, {
      authMode: "WEB",
      callbackUrl: "http://127.0.0.1:9/cb",
    });
    const code = (await consentedRedirectUrl(auth.url)).searchParams.get("code")!;
    const tokens = await zohoCrm.getAccessToken(`${app}Region=EU;`, {
      verifier: code,
      callbackUrl: "http://127.0.0.1:9/cb",
    });
    expect(tokens.metadata.api_domain).toBe("https://www.zohoapis.eu");
    const refreshes = em.count("zoho", "token.refresh");
    const refreshed = await zohoCrm.refreshAccessToken(
      `${app}OAuthRefreshToken=${tokens.refreshToken};`,
    );
    expect(refreshed.accessToken).toBeTruthy();
    expect(refreshed.accessToken).not.toBe(tokens.accessToken);
    expect(em.count("zoho", "token.refresh")).toBe(refreshes + 1);
  });

  test("Pipedrive OAuth, InitiateOAuth=OFF without CompanyDomain: the token set named its api_domain", async () => {
    const { clientId, clientSecret } = em.defaultClient("pipedrive");
    const app = `OAuthClientId=${clientId};OAuthClientSecret=${clientSecret};EmulatorURL=${em.url};`;
    const auth = await pipedrive.getAuthorizationUrl(app, { callbackUrl: "http://127.0.0.1:9/cb" });
    const code = (await consentedRedirectUrl(auth.url)).searchParams.get("code")!;
    const tokens = await pipedrive.getAccessToken(app, {
      verifier: code,
      callbackUrl: "http://127.0.0.1:9/cb",
    });
    expect(tokens.metadata.api_domain).toBe("https://mycompanydomain.pipedrive.com");
    const conn = await pipedrive.connect(
      `InitiateOAuth=OFF;OAuthAccessToken=${tokens.accessToken};EmulatorURL=${em.url};`,
      quiet,
    );
    expect((await conn.test()).id).toMatch(/^\d+$/);
  });
});
