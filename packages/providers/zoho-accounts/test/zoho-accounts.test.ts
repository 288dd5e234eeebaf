import { type Emulator, startEmulator } from "@x/emulator";
import {
  CapturedValueError,
  createOAuthClient,
  InvalidClientError,
  InvalidGrantError,
  processTokenResponse,
  ThrottledError,
} from "@x/oauth-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  isZohoAccountsServer,
  zohoApiHosts,
  zohoDataCentreOf,
  zohoOAuthProvider,
  zohoTemplateValues,
} from "../src/index.js";

const definition = zohoOAuthProvider({
  id: "zoho-crm",
  scopes: ["ZohoCRM.modules.ALL", "ZohoCRM.users.READ"],
});
const json = (status: number, body: unknown) => ({
  status,
  headers: { "content-type": "application/json" },
  bodyText: JSON.stringify(body),
});
const refreshGrant = "refresh token" as const;

describe("Zoho token responses (pure)", () => {
  test("HTTP 200 invalid_code means re-authorize", () => {
    expect(() =>
      processTokenResponse(definition, json(200, { error: "invalid_code" }), {
        now: 0,
        grant: refreshGrant,
      }),
    ).toThrow(InvalidGrantError);
  });

  test("HTTP 200 invalid_client_secret is a client error", () => {
    expect(() =>
      processTokenResponse(definition, json(200, { error: "invalid_client_secret" }), {
        now: 0,
        grant: refreshGrant,
      }),
    ).toThrow(InvalidClientError);
  });

  test("HTTP 200 Access Denied is a 10-minute throttle", () => {
    const body = {
      error_description:
        "You have made too many requests continuously. Please try again after some time.",
      error: "Access Denied",
      status: "failure",
    };
    const err = (() => {
      try {
        processTokenResponse(definition, json(200, body), { now: 0, grant: refreshGrant });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ThrottledError);
    expect((err as ThrottledError).retryAfterMs).toBe(600_000);
  });

  test("legacy expires_in in ms with expires_in_sec", () => {
    const tokens = processTokenResponse(
      definition,
      json(200, {
        access_token: "a",
        expires_in: 3_600_000,
        expires_in_sec: 3600,
        api_domain: "https://www.zohoapis.com",
      }),
      {
        now: 1_000,
        grant: refreshGrant,
        previous: { refreshToken: "rt-old", metadata: {} } as never,
      },
    );
    expect(tokens.expiresAt).toBe(1_000 + 3_600_000);
    expect(tokens.refreshToken).toBe("rt-old");
  });

  test("an api_domain that is not Zoho's is refused", () => {
    expect(() =>
      processTokenResponse(
        definition,
        json(200, { access_token: "a", expires_in: 3600, api_domain: "https://evil.example" }),
        {
          now: 0,
          grant: refreshGrant,
        },
      ),
    ).toThrow(CapturedValueError);
  });

  test("data-centre table: Canada's irregular hosts, no lookalikes", () => {
    expect(zohoDataCentreOf("https://accounts.zohocloud.ca")?.api).toBe("https://www.zohoapis.ca");
    expect(isZohoAccountsServer("https://accounts.zoho.eu/")).toBe(true);
    expect(isZohoAccountsServer("https://accounts.zoho.eu.evil.example")).toBe(false);
    expect(zohoApiHosts).toContain("www.zohoapis.com.au");
  });
});

describe("Zoho multi-DC flow against the emulator", () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({
      autoApprove: true,
      zoho: { dc: "eu", refreshLimit: { max: 3, windowMs: 600_000 } },
    });
  });
  afterAll(() => emulator.close());

  function client() {
    const { clientId, clientSecret } = emulator.defaultClient("zoho");
    return createOAuthClient(definition, {
      clientId,
      clientSecret,
      redirectUri: "http://127.0.0.1:33333/callback",
      values: zohoTemplateValues("US"),
      rewriteUrl: (url) => new URL(emulator.urlFor(url)),
    });
  }

  async function authorize(c: ReturnType<typeof client>) {
    const request = c.createAuthorizationRequest();
    expect(request.url.href).toContain("access_type=offline");
    const res = await fetch(request.url, { redirect: "manual" });
    expect(res.status).toBe(302);
    return {
      request,
      redirect: c.processRedirect(res.headers.get("location") ?? "", request.state),
    };
  }

  test("authorize at .com, exchange at the accounts-server from the redirect, keep api_domain", async () => {
    const c = client();
    const { redirect } = await authorize(c);
    expect(redirect.captured).toMatchObject({
      "accounts-server": "https://accounts.zoho.eu",
      location: "eu",
    });
    const tokens = await c.exchangeCode(redirect.code, { captured: redirect.captured });
    expect(tokens.metadata).toMatchObject({
      api_domain: "https://www.zohoapis.eu",
      "accounts-server": "https://accounts.zoho.eu",
    });
    expect(tokens.refreshToken).toBeTruthy();
    expect(emulator.count("zoho", "token.exchange")).toBeGreaterThanOrEqual(1);

    // Refresh: no refresh_token comes back; the old one is kept.
    const before = emulator.count("zoho", "token.refresh");
    const refreshed = await c.refresh(tokens.refreshToken!, { metadata: tokens.metadata });
    expect(refreshed.refreshToken).toBe(tokens.refreshToken);
    expect(refreshed.accessToken).not.toBe(tokens.accessToken);
    expect(emulator.count("zoho", "token.refresh")).toBe(before + 1);

    // A used code is invalid_code with HTTP 200 -> re-authorize.
    await expect(
      c.exchangeCode(redirect.code, { captured: redirect.captured }),
    ).rejects.toBeInstanceOf(InvalidGrantError);
  });

  test("the refresh-rate cap turns into a typed throttle, not a loop", async () => {
    const c = client();
    const { redirect } = await authorize(c);
    const tokens = await c.exchangeCode(redirect.code, { captured: redirect.captured });
    for (let i = 0; i < 3; i++)
      await c.refresh(tokens.refreshToken!, { metadata: tokens.metadata });
    await expect(
      c.refresh(tokens.refreshToken!, { metadata: tokens.metadata }),
    ).rejects.toBeInstanceOf(ThrottledError);
  });

  test("exchanging at another data centre fails the way Zoho does", async () => {
    const c = client();
    const { redirect } = await authorize(c);
    await expect(
      c.exchangeCode(redirect.code, {
        captured: { ...redirect.captured, "accounts-server": "https://accounts.zoho.com" },
      }),
    ).rejects.toBeInstanceOf(InvalidGrantError);
  });
});
