import { request } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Emulator, type ProviderModule, startEmulator } from "../src/index.js";
import { highrise } from "../src/providers/highrise/index.js";
import { postForm, REDIRECT } from "./helpers.js";

const ID = "emulator-highrise-client";
const SECRET = "emulator-highrise-secret";
const LP = "launchpad.37signals.com";
const HR = "emulated.highrisehq.com";
const UA = { "user-agent": "EmulatorTests (tests@example.com)" };
const apiBasic = `Basic ${Buffer.from("emulator-highrise-api-token:X").toString("base64")}`;

let em: Emulator;
beforeAll(async () => {
  em = await startEmulator({ autoApprove: true, providers: [highrise as ProviderModule<never>] });
});
afterAll(() => em.close());
beforeEach(() => {
  em.reset();
  em.setAutoApprove(true);
});

async function tokens(): Promise<Record<string, unknown>> {
  const q = new URLSearchParams({
    type: "web_server",
    client_id: ID,
    redirect_uri: REDIRECT,
    state: "s",
  });
  const a = await fetch(`${em.url}/${LP}/authorization/new?${q}`, { redirect: "manual" });
  expect(a.status).toBe(302);
  const code = new URL(a.headers.get("location")!).searchParams.get("code")!;
  const r = await postForm(`${em.url}/${LP}/authorization/token`, {
    type: "web_server",
    client_id: ID,
    client_secret: SECRET,
    redirect_uri: REDIRECT,
    code,
  });
  expect(r.status).toBe(200);
  return (await r.json()) as Record<string, unknown>;
}

const refresh = (rt: string) =>
  fetch(
    `${em.url}/${LP}/authorization/token?${new URLSearchParams({ type: "refresh", refresh_token: rt, client_id: ID, client_secret: SECRET, redirect_uri: REDIRECT })}`,
    { method: "POST" },
  );

describe("Launchpad OAuth", () => {
  it("exchanges with type=web_server: 2-week access token and a refresh token", async () => {
    const t = await tokens();
    expect(t.token_type).toBe("Bearer");
    expect(t.expires_in).toBe(1_209_600);
    expect(t.refresh_token).toBeTruthy();
    expect(em.count("highrise", "token.exchange")).toBe(1);
  });

  it("accepts the documented standard form: response_type=code, grant_type exchange and refresh", async () => {
    const q = new URLSearchParams({ response_type: "code", client_id: ID, redirect_uri: REDIRECT });
    const a = await fetch(`${em.url}/${LP}/authorization/new?${q}`, { redirect: "manual" });
    expect(a.status).toBe(302);
    const code = new URL(a.headers.get("location")!).searchParams.get("code")!;
    const r = await postForm(`${em.url}/${LP}/authorization/token`, {
      grant_type: "authorization_code",
      client_id: ID,
      client_secret: SECRET,
      redirect_uri: REDIRECT,
      code,
    });
    expect(r.status).toBe(200);
    const t = (await r.json()) as Record<string, unknown>;
    expect(t).toMatchObject({ token_type: "Bearer", expires_in: 1_209_600 });
    const f = await postForm(`${em.url}/${LP}/authorization/token`, {
      grant_type: "refresh_token",
      refresh_token: t.refresh_token as string,
      client_id: ID,
      client_secret: SECRET,
    });
    expect(f.status).toBe(200);
    const b = (await f.json()) as Record<string, unknown>;
    expect(Object.keys(b).sort()).toEqual([
      "access_token",
      "expires_in",
      "refresh_token",
      "token_type",
    ]);
    expect(b.refresh_token).toBe(t.refresh_token);
    expect(b.access_token).not.toBe(t.access_token);
    expect(em.count("highrise", "token.exchange")).toBe(1);
    expect(em.count("highrise", "token.refresh")).toBe(1);
  });

  it("rejects an unknown grant, and Basic client auth", async () => {
    const r = await postForm(`${em.url}/${LP}/authorization/token`, {
      grant_type: "client_credentials",
      client_id: ID,
      client_secret: SECRET,
    });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: string }).error).toBe("unsupported_grant_type");
    const none = await postForm(`${em.url}/${LP}/authorization/token`, {
      client_id: ID,
      client_secret: SECRET,
    });
    expect(none.status).toBe(400);
    const b = await postForm(
      `${em.url}/${LP}/authorization/token`,
      { type: "web_server", code: "x", redirect_uri: REDIRECT },
      { authorization: `Basic ${Buffer.from(`${ID}:${SECRET}`).toString("base64")}` },
    );
    expect(b.status).toBe(400);
    expect(((await b.json()) as { error: string }).error).toBe("invalid_client");
  });

  it("refreshes with type=refresh (query string): the documented shape, same refresh token", async () => {
    const t = await tokens();
    const r = await refresh(t.refresh_token as string);
    expect(r.status).toBe(200);
    const b = (await r.json()) as Record<string, unknown>;
    expect(b.access_token).toBeTruthy();
    expect(b.token_type).toBe("Bearer");
    expect(b.expires_in).toBe(1_209_600);
    expect(b.refresh_token).toBe(t.refresh_token);
    expect((await refresh(t.refresh_token as string)).status).toBe(200);
    expect(em.count("highrise", "token.refresh")).toBe(2);
  });

  it('refreshTokenRotation "none" leaves the refresh token out of refresh responses', async () => {
    const em2 = await startEmulator({
      autoApprove: true,
      providers: [highrise as ProviderModule<never>],
      highrise: { refreshTokenRotation: "none" },
    });
    try {
      const q = new URLSearchParams({ type: "web_server", client_id: ID, redirect_uri: REDIRECT });
      const a = await fetch(`${em2.url}/${LP}/authorization/new?${q}`, { redirect: "manual" });
      const code = new URL(a.headers.get("location")!).searchParams.get("code")!;
      const t = (await (
        await postForm(`${em2.url}/${LP}/authorization/token`, {
          type: "web_server",
          client_id: ID,
          client_secret: SECRET,
          redirect_uri: REDIRECT,
          code,
        })
      ).json()) as { refresh_token: string };
      const r = await postForm(`${em2.url}/${LP}/authorization/token`, {
        type: "refresh",
        refresh_token: t.refresh_token,
        client_id: ID,
        client_secret: SECRET,
      });
      const b = (await r.json()) as Record<string, unknown>;
      expect(b.access_token).toBeTruthy();
      expect(b.refresh_token).toBeUndefined();
    } finally {
      await em2.close();
    }
  });

  it("a password change (revokeAll) makes refresh fail with 400 authorization_expired", async () => {
    const t = await tokens();
    em.revokeAll({ provider: "highrise" });
    const r = await refresh(t.refresh_token as string);
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: string }).error).toBe("authorization_expired");
  });

  it("authorization.json lists a highrise account among others", async () => {
    const t = await tokens();
    const r = await fetch(`${em.url}/${LP}/authorization.json`, {
      headers: { authorization: `Bearer ${t.access_token}` },
    });
    const b = (await r.json()) as {
      expires_at: string;
      identity: { id: number; email_address: string };
      accounts: { product: string; href: string }[];
    };
    expect(b.identity.email_address).toBe("margaret.hamilton@emulator.example");
    expect(Date.parse(b.expires_at)).toBeGreaterThan(Date.now() + 13 * 86_400_000);
    expect(b.accounts.some((a) => a.product !== "highrise")).toBe(true);
    expect(b.accounts.find((a) => a.product === "highrise")?.href).toBe(
      "https://emulated.highrisehq.com",
    );
  });

  it("an identity without accounts gets plain-text 401 Unknown Basecamp ID.", async () => {
    const em2 = await startEmulator({
      autoApprove: true,
      providers: [highrise as ProviderModule<never>],
      highrise: { noActiveAccounts: true },
    });
    try {
      const r = await postForm(`${em2.url}/${LP}/authorization/token`, {
        type: "web_server",
        client_id: ID,
        client_secret: SECRET,
        code: "whatever",
      });
      expect(r.status).toBe(401);
      expect(r.headers.get("content-type")).toMatch(/text\/plain/);
      expect(await r.text()).toBe("Unknown Basecamp ID.");
    } finally {
      await em2.close();
    }
  });
});

describe("Highrise XML API", () => {
  it("GET /me.xml with Bearer returns typed XML", async () => {
    const t = await tokens();
    const r = await fetch(`${em.url}/${HR}/me.xml`, {
      headers: { ...UA, authorization: `Bearer ${t.access_token}` },
    });
    expect(r.headers.get("content-type")).toMatch(/xml/);
    const x = await r.text();
    expect(x).toMatch(/<user><id type="integer">\d+<\/id><name>Margaret Hamilton<\/name>/);
    expect(x).toContain("<email-address>margaret.hamilton@emulator.example</email-address>");
    expect(x).toContain("<token>emulator-highrise-api-token</token>");
  });

  it("accepts Basic token:X and answers account.xml", async () => {
    const r = await fetch(`${em.url}/${HR}/account.xml`, {
      headers: { ...UA, authorization: apiBasic },
    });
    expect(r.status).toBe(200);
    expect(await r.text()).toContain("<subdomain>emulated</subdomain>");
    const bad = await fetch(`${em.url}/${HR}/account.xml`, {
      headers: { ...UA, authorization: `Basic ${Buffer.from("wrong:X").toString("base64")}` },
    });
    expect(bad.status).toBe(401);
  });

  it("rejects a request without User-Agent with 400", async () => {
    const u = new URL(`${em.url}/${HR}/me.xml`);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        { host: u.hostname, port: u.port, path: u.pathname, headers: { authorization: apiBasic } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      req.end();
    });
    expect(status).toBe(400);
  });

  it("pages people with n= offsets of 500 until a short page, then an empty container", async () => {
    const h = { ...UA, authorization: apiBasic };
    const counts: number[] = [];
    for (let n = 0; ; n += 500) {
      const x = await (await fetch(`${em.url}/${HR}/people.xml?n=${n}`, { headers: h })).text();
      const c = (x.match(/<person>/g) ?? []).length;
      counts.push(c);
      if (c < 500) break;
    }
    expect(counts).toEqual([500, 500, 234]);
    const empty = await (await fetch(`${em.url}/${HR}/people.xml?n=5000`, { headers: h })).text();
    expect(empty).toContain('<people type="array"></people>');
    const deals = await (await fetch(`${em.url}/${HR}/deals.xml`, { headers: h })).text();
    expect(deals).toMatch(/<deal><id type="integer">40000<\/id>/);
    expect(deals).toMatch(/<created-at type="datetime">\d{4}-\d{2}-\d{2}T/);
  });

  it("search pages by 25", async () => {
    const x = await (
      await fetch(`${em.url}/${HR}/people/search.xml?term=a`, {
        headers: { ...UA, authorization: apiBasic },
      })
    ).text();
    expect((x.match(/<person>/g) ?? []).length).toBe(25);
  });

  it("throttles with 503 + Retry-After (not 429) past 150 requests per 5 s", async () => {
    const h = { ...UA, authorization: apiBasic };
    // Emulated time stands still, so a slow machine cannot spread the 150 requests past 5 s.
    const t0 = em.clock.now();
    for (let i = 0; i < 150; i++) {
      em.clock.set(t0);
      expect((await fetch(`${em.url}/${HR}/account.xml`, { headers: h })).status).toBe(200);
    }
    em.clock.set(t0);
    const r = await fetch(`${em.url}/${HR}/account.xml`, { headers: h });
    expect(r.status).toBe(503);
    expect(Number(r.headers.get("retry-after"))).toBeGreaterThan(0);
    em.clock.advance(5000);
    expect((await fetch(`${em.url}/${HR}/account.xml`, { headers: h })).status).toBe(200);
  });
});
