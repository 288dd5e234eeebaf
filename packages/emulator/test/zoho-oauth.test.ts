import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../src/index.js";
import { postForm, REDIRECT, ZOHO, zohoAuthorize, zohoTokens } from "./helpers.js";

let em: Emulator;
beforeAll(async () => {
  em = await startEmulator({ autoApprove: true, zoho: { dc: "eu" } });
});
afterAll(() => em.close());
beforeEach(() => {
  em.reset();
  em.setAutoApprove(true);
});

const token = (host: string, fields: Record<string, string>) =>
  postForm(`${em.url}/${host}/oauth/v2/token`, {
    client_id: ZOHO.clientId,
    client_secret: ZOHO.clientSecret,
    ...fields,
  });

describe("Zoho authorize", () => {
  it("redirects with code, location and accounts-server of the user's DC, and state", async () => {
    const p = await zohoAuthorize(em);
    expect(p.get("state")).toBe("st-1");
    expect(p.get("code")).toMatch(/^1000\./);
    expect(p.get("location")).toBe("eu");
    expect(p.get("accounts-server")).toBe("https://accounts.zoho.eu");
  });

  it("shows a consent page with #approve and #deny when not auto-approving", async () => {
    em.setAutoApprove(false);
    const q = new URLSearchParams({
      response_type: "code",
      client_id: ZOHO.clientId,
      redirect_uri: REDIRECT,
      scope: "ZohoCRM.modules.ALL",
      state: "s<x>",
    });
    const page = await fetch(`${em.url}/accounts.zoho.com/oauth/v2/auth?${q}`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).toContain('id="approve"');
    expect(html).toContain('id="deny"');
    expect(html).toContain('action="/accounts.zoho.com/oauth/v2/auth"');
    expect(html).toContain("ZohoCRM.modules.ALL");
    expect(html).toContain("s&lt;x&gt;");
    const form = Object.fromEntries(q);
    const allow = await postForm(`${em.url}/accounts.zoho.com/oauth/v2/auth`, {
      ...form,
      decision: "allow",
    });
    expect(allow.status).toBe(302);
    const loc = new URL(allow.headers.get("location")!);
    expect(`${loc.origin}${loc.pathname}`).toBe(REDIRECT);
    expect(loc.searchParams.get("code")).toBeTruthy();
    expect(loc.searchParams.get("state")).toBe("s<x>");
    const deny = await postForm(`${em.url}/accounts.zoho.com/oauth/v2/auth`, {
      ...form,
      decision: "deny",
    });
    const dl = new URL(deny.headers.get("location")!);
    expect(dl.searchParams.get("error")).toBe("access_denied");
    expect(dl.searchParams.get("state")).toBe("s<x>");
    expect(dl.searchParams.has("code")).toBe(false);
  });

  it("never redirects to an unregistered non-loopback redirect_uri", async () => {
    const q = new URLSearchParams({
      response_type: "code",
      client_id: ZOHO.clientId,
      redirect_uri: "https://evil.example/cb",
      scope: "ZohoCRM.modules.ALL",
    });
    const r = await fetch(`${em.url}/accounts.zoho.com/oauth/v2/auth?${q}`, { redirect: "manual" });
    expect(r.status).toBe(400);
    expect(await r.text()).toContain('id="error"');
  });

  it("accepts exactly the registered redirect URIs of a registered client", async () => {
    em.registerClient({
      provider: "zoho",
      clientId: "web-app",
      clientSecret: "s3",
      redirectUris: ["https://app.example/cb"],
    });
    const base = { response_type: "code", client_id: "web-app", scope: "ZohoCRM.modules.ALL" };
    const ok = await fetch(
      `${em.url}/accounts.zoho.com/oauth/v2/auth?${new URLSearchParams({ ...base, redirect_uri: "https://app.example/cb" })}`,
      { redirect: "manual" },
    );
    expect(ok.status).toBe(302);
    const loopback = await fetch(
      `${em.url}/accounts.zoho.com/oauth/v2/auth?${new URLSearchParams({ ...base, redirect_uri: REDIRECT })}`,
      { redirect: "manual" },
    );
    expect(loopback.status).toBe(400);
  });

  it("CN users must authorize at accounts.zoho.com.cn", async () => {
    const cn = await startEmulator({ autoApprove: true, zoho: { dc: "cn" } });
    try {
      await expect(zohoAuthorize(cn, {}, "accounts.zoho.com")).rejects.toThrow(/400/);
      const p = await zohoAuthorize(cn, {}, "accounts.zoho.com.cn");
      expect(p.get("accounts-server")).toBe("https://accounts.zoho.com.cn");
      expect(p.get("location")).toBe("cn");
    } finally {
      await cn.close();
    }
  });
});

describe("Zoho token endpoint", () => {
  it("exchanges at the accounts-server: api_domain, Bearer, expires_in 3600, refresh_token (offline)", async () => {
    const t = await zohoTokens(em);
    expect(t).toMatchObject({
      api_domain: "https://www.zohoapis.eu",
      token_type: "Bearer",
      expires_in: 3600,
    });
    expect(t.access_token).toMatch(/^1000\./);
    expect(t.refresh_token).toMatch(/^1000\./);
    expect(em.count("zoho", "token.exchange")).toBe(1);
  });

  it("answers invalid_code with HTTP 200 when the code is exchanged at another DC", async () => {
    const p = await zohoAuthorize(em);
    const r = await token("accounts.zoho.com", {
      grant_type: "authorization_code",
      redirect_uri: REDIRECT,
      code: p.get("code")!,
    });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ error: "invalid_code" });
    // the code was not consumed at the wrong DC
    const ok = await token("accounts.zoho.eu", {
      grant_type: "authorization_code",
      redirect_uri: REDIRECT,
      code: p.get("code")!,
    });
    expect(await ok.json()).toHaveProperty("access_token");
  });

  it("codes are single use", async () => {
    const p = await zohoAuthorize(em);
    const body = { grant_type: "authorization_code", redirect_uri: REDIRECT, code: p.get("code")! };
    expect(await (await token("accounts.zoho.eu", body)).json()).toHaveProperty("access_token");
    const again = await token("accounts.zoho.eu", body);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ error: "invalid_code" });
  });

  it("codes expire (default 180 s) on the emulator clock", async () => {
    const p = await zohoAuthorize(em);
    em.clock.advance(181_000);
    const r = await token("accounts.zoho.eu", {
      grant_type: "authorization_code",
      redirect_uri: REDIRECT,
      code: p.get("code")!,
    });
    expect(await r.json()).toEqual({ error: "invalid_code" });
  });

  it("client errors are HTTP 200 invalid_client / invalid_client_secret", async () => {
    const p = await zohoAuthorize(em);
    const bad = await postForm(`${em.url}/accounts.zoho.eu/oauth/v2/token`, {
      grant_type: "authorization_code",
      client_id: "nope",
      client_secret: "x",
      code: p.get("code")!,
      redirect_uri: REDIRECT,
    });
    expect(bad.status).toBe(200);
    expect(await bad.json()).toEqual({ error: "invalid_client" });
    const secret = await postForm(`${em.url}/accounts.zoho.eu/oauth/v2/token`, {
      grant_type: "authorization_code",
      client_id: ZOHO.clientId,
      client_secret: "wrong",
      code: p.get("code")!,
      redirect_uri: REDIRECT,
    });
    expect(secret.status).toBe(200);
    expect(await secret.json()).toEqual({ error: "invalid_client_secret" });
  });

  it("accepts parameters in the query string of a POST (no body) and multipart bodies", async () => {
    const p = await zohoAuthorize(em);
    const q = new URLSearchParams({
      grant_type: "authorization_code",
      client_id: ZOHO.clientId,
      client_secret: ZOHO.clientSecret,
      redirect_uri: REDIRECT,
      code: p.get("code")!,
    });
    const r = await fetch(`${em.url}/accounts.zoho.eu/oauth/v2/token?${q}`, { method: "POST" });
    const t = (await r.json()) as { refresh_token: string };
    expect(t).toHaveProperty("access_token");
    const fd = new FormData();
    fd.set("grant_type", "refresh_token");
    fd.set("client_id", ZOHO.clientId);
    fd.set("client_secret", ZOHO.clientSecret);
    fd.set("refresh_token", t.refresh_token);
    const m = await fetch(`${em.url}/accounts.zoho.eu/oauth/v2/token`, {
      method: "POST",
      body: fd,
    });
    expect(await m.json()).toHaveProperty("access_token");
    expect(em.count("zoho", "token.refresh")).toBe(1);
  });

  it("Basic client authentication is not Zoho's: credentials must be params", async () => {
    const p = await zohoAuthorize(em);
    const r = await postForm(
      `${em.url}/accounts.zoho.eu/oauth/v2/token`,
      { grant_type: "authorization_code", code: p.get("code")!, redirect_uri: REDIRECT },
      {
        authorization: `Basic ${Buffer.from(`${ZOHO.clientId}:${ZOHO.clientSecret}`).toString("base64")}`,
      },
    );
    expect(await r.json()).toEqual({ error: "invalid_client" });
  });

  it("refresh responses carry no refresh_token; refresh vs exchange are counted apart", async () => {
    const t = await zohoTokens(em);
    const r = await token("accounts.zoho.eu", {
      grant_type: "refresh_token",
      refresh_token: String(t.refresh_token),
    });
    const body = (await r.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      api_domain: "https://www.zohoapis.eu",
      token_type: "Bearer",
      expires_in: 3600,
    });
    expect(body).not.toHaveProperty("refresh_token");
    expect(body.access_token).not.toBe(t.access_token);
    expect(em.count("zoho", "token.refresh")).toBe(1);
    expect(em.count("zoho", "token.exchange")).toBe(1);
  });

  it("refresh_token only on the first offline consent, unless prompt=consent; none for online", async () => {
    expect(await zohoTokens(em)).toHaveProperty("refresh_token");
    expect(await zohoTokens(em)).not.toHaveProperty("refresh_token");
    expect(await zohoTokens(em, { prompt: "consent" })).toHaveProperty("refresh_token");
    expect(await zohoTokens(em, { access_type: "online", prompt: "consent" })).not.toHaveProperty(
      "refresh_token",
    );
  });

  it("caps refreshes at 10 per 10 minutes per refresh token with HTTP 200 Access Denied", async () => {
    const t = await zohoTokens(em);
    const refresh = () =>
      token("accounts.zoho.eu", {
        grant_type: "refresh_token",
        refresh_token: String(t.refresh_token),
      });
    for (let i = 0; i < 10; i++)
      expect(await (await refresh()).json()).toHaveProperty("access_token");
    const denied = await refresh();
    expect(denied.status).toBe(200);
    expect(await denied.json()).toEqual({
      error_description:
        "You have made too many requests continuously. Please try again after some time.",
      error: "Access Denied",
      status: "failure",
    });
    em.clock.advance(600_001);
    expect(await (await refresh()).json()).toHaveProperty("access_token");
  });

  it("the refresh cap is configurable", async () => {
    const low = await startEmulator({
      autoApprove: true,
      zoho: { refreshLimit: { max: 2, windowMs: 60_000 } },
    });
    try {
      const t = await zohoTokens(low);
      const refresh = async () =>
        (
          await postForm(`${low.url}/accounts.zoho.eu/oauth/v2/token`, {
            grant_type: "refresh_token",
            client_id: ZOHO.clientId,
            client_secret: ZOHO.clientSecret,
            refresh_token: String(t.refresh_token),
          })
        ).json();
      expect(await refresh()).toHaveProperty("access_token");
      expect(await refresh()).toHaveProperty("access_token");
      expect(await refresh()).toMatchObject({ error: "Access Denied" });
    } finally {
      await low.close();
    }
  });

  it("legacy mode reports expires_in in milliseconds plus expires_in_sec; lifetimes are configurable", async () => {
    const legacy = await startEmulator({
      autoApprove: true,
      zoho: { legacyExpiresIn: true, accessTokenTtlSeconds: 120 },
    });
    try {
      const t = await zohoTokens(legacy);
      expect(t.expires_in).toBe(120_000);
      expect(t.expires_in_sec).toBe(120);
    } finally {
      await legacy.close();
    }
  });

  it("revoke: {status:success}; the refresh token and its access tokens stop working", async () => {
    const t = await zohoTokens(em);
    const api = `${em.url}/www.zohoapis.eu/crm/v8/users?type=CurrentUser`;
    const h = { authorization: `Zoho-oauthtoken ${t.access_token}` };
    expect((await fetch(api, { headers: h })).status).toBe(200);
    const r = await fetch(
      `${em.url}/accounts.zoho.eu/oauth/v2/token/revoke?token=${t.refresh_token}`,
      { method: "POST" },
    );
    expect(await r.json()).toEqual({ status: "success" });
    expect(em.count("zoho", "token.revoke")).toBe(1);
    const after = await fetch(api, { headers: h });
    expect(after.status).toBe(401);
    expect(await after.json()).toMatchObject({ code: "INVALID_OAUTHTOKEN", status: "error" });
    const refresh = await token("accounts.zoho.eu", {
      grant_type: "refresh_token",
      refresh_token: String(t.refresh_token),
    });
    expect(await refresh.json()).toEqual({ error: "invalid_code" });
  });

  it("PKCE S256 is verified when a challenge was sent", async () => {
    const verifier = "v".repeat(50);
    const { createHash } = await import("node:crypto");
    const challenge = createHash("sha256").update(verifier).digest("base64url");
    const p = await zohoAuthorize(em, { code_challenge: challenge, code_challenge_method: "S256" });
    const base = { grant_type: "authorization_code", redirect_uri: REDIRECT, code: p.get("code")! };
    expect(
      await (await token("accounts.zoho.eu", { ...base, code_verifier: "wrong" })).json(),
    ).toEqual({ error: "invalid_code" });
    const p2 = await zohoAuthorize(em, {
      code_challenge: challenge,
      code_challenge_method: "S256",
    });
    const ok = await token("accounts.zoho.eu", {
      ...base,
      code: p2.get("code")!,
      code_verifier: verifier,
    });
    expect(await ok.json()).toHaveProperty("access_token");
  });

  it("keeps at most 20 refresh tokens per user and client (the oldest is deleted)", async () => {
    const first = await zohoTokens(em, { prompt: "consent" });
    for (let i = 0; i < 20; i++) await zohoTokens(em, { prompt: "consent" });
    const r = await token("accounts.zoho.eu", {
      grant_type: "refresh_token",
      refresh_token: String(first.refresh_token),
    });
    expect(await r.json()).toEqual({ error: "invalid_code" });
  });
});
