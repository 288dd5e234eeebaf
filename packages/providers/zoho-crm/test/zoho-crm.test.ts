import { inspect } from "node:util";
import {
  collect,
  consentedRedirectUrl,
  type Emulator,
  oauthProperties,
  providerTestHarness,
  startEmulator,
} from "@x/emulator";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  connect,
  criteriaOf,
  getAccessToken,
  getAuthorizationUrl,
  refreshAccessToken,
} from "../src/index.js";

const h = providerTestHarness("zoho", {
  connect,
  // The user lives in the EU data centre; connections start at the default US region.
  prefix: "zoho-crm",
  datasets: { zoho: { leads: 2_450, contacts: 30, deals: 0 } },
});
const { quiet, location } = h;
let emulator: Emulator;
let oauth: string;
type Lead = { id: string; Last_Name: string; Email: string };

beforeAll(async () => {
  await h.start();
  ({ emulator, oauth: oauth } = h);
});
afterAll(h.close);

const all = collect;

const desktop = h.desktop;

describe("multi-DC OAuth", () => {
  test("desktop flow: exchange at the redirect's accounts-server, API at api_domain, Zoho-oauthtoken", async () => {
    let authUrl = "";
    const conn = await desktop("", {
      onAuthorizationUrl: (u) => {
        authUrl = u;
      },
    });
    expect(authUrl).toContain("/accounts.zoho.com/oauth/v2/auth");
    expect(authUrl).toContain("access_type=offline");
    expect((await conn.test()).email).toContain("@");
    expect(emulator.count("zoho", "crm.users")).toBeGreaterThan(0);
    expect(inspect(conn)).toContain("region=US");
    await conn.close();
  });

  test("paging: page numbers up to 2,000 records, then page_token; fields are always sent", async () => {
    const conn = await desktop();
    const before = emulator.count("zoho", "crm.list");
    const leads = await all(conn.paginate<Lead>("Leads", { fields: ["Last_Name", "Email"] }));
    expect(leads).toHaveLength(2_450);
    expect(new Set(leads.map((l) => l.id)).size).toBe(2_450);
    expect(Object.keys(leads[0]!).sort()).toEqual(["Email", "Last_Name", "id"]);
    expect(emulator.count("zoho", "crm.list") - before).toBe(13);
    expect(await all(conn.paginate("Deals"))).toEqual([]); // 204: an empty module
    await conn.close();
  });

  test("pageSize keeps page numbers up to 2,000 records; every module takes fields and filter; other tables list too", async () => {
    const conn = await desktop();
    const before = emulator.count("zoho", "crm.list");
    const leads = await all(conn.paginate<Lead>("Leads", { fields: "Email", pageSize: 100 }));
    expect(leads).toHaveLength(2_450);
    // 20 pages by number, then 5 by page_token.
    expect(emulator.count("zoho", "crm.list") - before).toBe(25);
    const accounts = await all(
      conn.paginate<Record<string, unknown>>("Accounts", { fields: ["Account_Name"] }),
    );
    expect(accounts.length).toBeGreaterThan(0);
    expect(Object.keys(accounts[0]!).sort()).toEqual(["Account_Name", "id"]);
    const name = String(accounts[0]!.Account_Name);
    const found = await all(
      conn.paginate<Record<string, unknown>>("Accounts", {
        fields: ["Account_Name"],
        filter: { Account_Name: name.toUpperCase() },
      }),
    );
    expect(found.length).toBeGreaterThan(0);
    expect(found.length).toBeLessThan(accounts.length);
    for (const a of found) expect(String(a.Account_Name).toLowerCase()).toBe(name.toLowerCase());
    // A table with no module listing of its own (settings): its listing, records as sent.
    const users = await all(conn.paginate<{ id: string }>("Users"));
    expect(users.map((u) => u.id)).toEqual(
      (await conn.table("Users").list().toArray()).map((u) => u.id),
    );
    expect(conn.resources).not.toContain("Quotes_Line_Items");
    // More fields than one request may name: a typed error pointing at the table.
    const many = Array.from({ length: 51 }, (_, i) => `Field_${i}`);
    await expect(all(conn.paginate("Leads", { fields: many }))).rejects.toMatchObject({
      code: "CONNECTOR_CONFIGURATION",
      message: expect.stringContaining("51 fields"),
      hint: expect.stringContaining('connection.table("Leads")'),
    });
    await conn.close();
  });

  test("v2 gives no page_token: past 2,000 records paginate() stops with a typed error, not quietly", async () => {
    const conn = await desktop("Schema=v2");
    let read = 0;
    const err = await (async () => {
      for await (const _ of conn.paginate("Leads", { fields: "Email" })) read += 1;
    })().catch((e) => e);
    expect(err).toMatchObject({ code: "CONNECTOR_PROVIDER_CAP" });
    // The error comes with the last page the numbers reach (its records may not be handed out).
    expect(read).toBeGreaterThanOrEqual(1_800);
    expect(read).toBeLessThanOrEqual(2_000);
    await conn.close();
  });

  test("server-side and client-side filtering return the same records", async () => {
    const server = await desktop();
    const sample = (
      await all(server.paginate<Lead>("Leads", { fields: ["Last_Name"], maxPages: 1 }))
    )[3]!;
    const filter = { Last_Name: sample.Last_Name };
    const searches = emulator.count("zoho", "crm.search");
    const viaSearch = await all(
      server.paginate<Lead>("Leads", { fields: ["Last_Name", "Email"], filter }),
    );
    expect(emulator.count("zoho", "crm.search")).toBeGreaterThan(searches);
    const local = await desktop("UseServerSideFiltering=false");
    const viaScan = await all(
      local.paginate<Lead>("Leads", { fields: ["Last_Name", "Email"], filter }),
    );
    expect(viaSearch.length).toBeGreaterThan(0);
    expect(viaScan.map((l) => l.id).sort()).toEqual(viaSearch.map((l) => l.id).sort());
    expect(criteriaOf({ A: "x(y)", B: 1 })).toBe("((A:equals:x\\(y\\))and(B:equals:1))");
  });

  test("a filter matching more than the search API's 2,000 records is never cut off", {
    timeout: 120_000,
  }, async () => {
    const big = await startEmulator({
      autoApprove: true,
      datasets: { zoho: { leads: 16_000, contacts: 0, deals: 0 } },
    });
    try {
      const loc = location();
      const at = { oauth: oauthProperties(big, "zoho"), location: loc };
      const server = await desktop("", at);
      const local = await desktop("UseServerSideFiltering=false", at);
      // About one lead in seven comes from each source: well over 2,000 of 16,000.
      const filter = { Lead_Source: "Web Download" };
      const viaSearch = await all(server.paginate<Lead>("Leads", { fields: ["Email"], filter }));
      const viaScan = await all(local.paginate<Lead>("Leads", { fields: ["Email"], filter }));
      expect(viaSearch.length).toBeGreaterThan(2_000);
      expect(big.count("zoho", "crm.search")).toBe(10); // up to the cap, then the list took over
      expect(viaSearch.map((l) => l.id).sort()).toEqual(viaScan.map((l) => l.id).sort());
      expect(new Set(viaSearch.map((l) => l.id)).size).toBe(viaSearch.length);
      // The filter's field was fetched for the check, and left out again as it was not asked for.
      expect(Object.keys(viaSearch[0]!).sort()).toEqual(["Email", "id"]);
      await server.close();
      await local.close();
    } finally {
      await big.close();
    }
  });

  test("several conditions: Zoho's search equals also matches longer values; the records returned match exactly", async () => {
    const server = await desktop();
    const local = await desktop("UseServerSideFiltering=false");
    const sample = (
      await all(
        server.paginate<Lead & { Company: string }>("Leads", {
          fields: ["Company", "Lead_Source"],
          maxPages: 1,
        }),
      )
    )[5]! as unknown as { Company: string; Lead_Source: string };
    // The first word of a company name: Zoho's search finds "Acme Corp" for "Acme" here.
    const filter = { Company: sample.Company.split(" ")[0]!, Lead_Source: sample.Lead_Source };
    const viaSearch = await all(server.paginate<Lead>("Leads", { fields: ["Company"], filter }));
    const viaScan = await all(local.paginate<Lead>("Leads", { fields: ["Company"], filter }));
    expect(viaSearch).toEqual([]);
    expect(viaScan).toEqual([]);
    const exact = { Company: sample.Company, Lead_Source: sample.Lead_Source };
    const found = await all(server.paginate<Lead>("Leads", { fields: ["Company"], filter: exact }));
    expect(found.length).toBeGreaterThan(0);
    expect(found.map((l) => l.id).sort()).toEqual(
      (await all(local.paginate<Lead>("Leads", { fields: ["Company"], filter: exact })))
        .map((l) => l.id)
        .sort(),
    );
  });

  test("expiry: one refresh for concurrent calls; no refresh token comes back and the old one is kept", async () => {
    const loc = location();
    const conn = await desktop("", { location: loc });
    emulator.expireTokens({ provider: "zoho" });
    const refreshes = emulator.count("zoho", "token.refresh");
    await Promise.all(Array.from({ length: 6 }, () => conn.test()));
    expect(emulator.count("zoho", "token.refresh")).toBe(refreshes + 1);
    emulator.expireTokens({ provider: "zoho" });
    const again = await connect(
      `${oauth};InitiateOAuth=REFRESH;OAuthSettingsLocation=${loc}`,
      quiet,
    );
    await again.test();
    expect(emulator.count("zoho", "token.refresh")).toBe(refreshes + 2);
  });

  test("web flow and procedures; a reused code is Zoho's HTTP-200 invalid_code -> re-authorize", async () => {
    const loc = location();
    const props = `${oauth};InitiateOAuth=OFF;OAuthSettingsLocation=${loc}`;
    const auth = await getAuthorizationUrl(props, { callbackUrl: "http://127.0.0.1:9/cb" });
    const redirect = await consentedRedirectUrl(auth.url);
    expect(redirect.searchParams.get("accounts-server")).toBe("https://accounts.zoho.eu");
    const tokens = await getAccessToken(props, {
      verifier: redirect.href,
      state: auth.state,
      callbackUrl: "http://127.0.0.1:9/cb",
    });
    expect(tokens.metadata.api_domain).toBe("https://www.zohoapis.eu");
    const conn = await connect(
      `${oauth};InitiateOAuth=REFRESH;OAuthSettingsLocation=${loc}`,
      quiet,
    );
    expect((await conn.test()).id).toBeTruthy();
    const refreshed = await refreshAccessToken(`${oauth};OAuthSettingsLocation=${loc}`);
    expect(refreshed.refreshToken).toBe(tokens.refreshToken);
    const reused = await getAccessToken(props, {
      verifier: redirect.href,
      state: auth.state,
      callbackUrl: "http://127.0.0.1:9/cb",
    }).catch((e) => e);
    expect(reused.code).toBe("OAUTH_INVALID_GRANT");
  });

  test("headless option 1 (the redirect URL as verifier, exchanged once) and OFF", async () => {
    const auth = await getAuthorizationUrl(oauth, {});
    const redirect = await consentedRedirectUrl(auth.url);
    const cs = `${oauth};InitiateOAuth=REFRESH;Region=EU;OAuthSettingsLocation=${location()};OAuthVerifier='${redirect.href}'`;
    const exchanges = emulator.count("zoho", "token.exchange");
    await (await connect(cs, quiet)).test();
    await (await connect(cs, quiet)).test();
    expect(emulator.count("zoho", "token.exchange")).toBe(exchanges + 1);

    const started = await getAuthorizationUrl(oauth);
    const t = await getAccessToken(oauth, {
      verifier: (await consentedRedirectUrl(started.url)).href,
      state: started.state,
    });
    const off = await connect(
      `EmulatorURL=${emulator.url};Region=EU;OAuthAccessToken=${t.accessToken}`,
      quiet,
    );
    expect((await off.test()).id).toBeTruthy();
  });

  test("headless option 2: a copied settings file works elsewhere and takes refreshes", async () => {
    const { before, after } = await h.copiedSettings();
    expect(after).not.toBe(before);
  });
});

describe("quirks and errors", () => {
  test("the refresh-rate cap becomes a typed throttle, and the cooldown stops hammering", async () => {
    const em = await startEmulator({
      autoApprove: true,
      zoho: { refreshLimit: { max: 1, windowMs: 600_000 } },
    });
    try {
      const conn = await desktop("", { oauth: oauthProperties(em, "zoho") });
      em.expireTokens({ provider: "zoho" });
      await conn.test();
      em.expireTokens({ provider: "zoho" });
      const err = await conn.test().catch((e) => e);
      expect(err.code).toBe("OAUTH_THROTTLED");
      const again = await conn.test().catch((e) => e);
      expect(again.code).toBe("OAUTH_REFRESH_COOLDOWN");
      expect(em.count("zoho", "token.refresh")).toBe(2);
    } finally {
      await em.close();
    }
  });

  test("429 TOO_MANY_REQUESTS is retried; properties are validated first", async () => {
    const conn = await desktop();
    em429();
    expect(await all(conn.paginate("Contacts"))).toHaveLength(30);
    const bad = await connect("Region=MARS;Shema=v8").catch((e) => e);
    expect(bad.message).toContain("Schema");
    expect(bad.message).toContain("EU");
    const noClient = await connect("InitiateOAuth=GETANDREFRESH;OAuthSettingsLocation=memory://x", {
      env: {},
    }).catch((e) => e);
    expect(noClient.hint).toContain("api-console.zoho.com");
  });
});

function em429() {
  emulator.rateLimit({ provider: "zoho", endpoint: "crm.list", times: 1, retryAfterSeconds: 0 });
}
