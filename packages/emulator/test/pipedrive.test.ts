import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Emulator, type ProviderModule, startEmulator } from "../src/index.js";
import { PIPEDRIVE_V1_SUNSET, pipedrive } from "../src/providers/pipedrive/index.js";
import { postForm, REDIRECT } from "./helpers.js";

const ID = "emulator-pipedrive-client";
const SECRET = "emulator-pipedrive-secret";
const basic = `Basic ${Buffer.from(`${ID}:${SECRET}`).toString("base64")}`;
const API = "emulatedcompany.pipedrive.com";

let em: Emulator;
beforeAll(async () => {
  em = await startEmulator({
    autoApprove: true,
    providers: [pipedrive as ProviderModule<never>],
    datasets: { pipedrive: { deals: 1203 } },
  });
});
afterAll(() => em.close());
beforeEach(() => {
  em.reset();
  em.setAutoApprove(true);
});

async function code(): Promise<string> {
  const q = new URLSearchParams({ client_id: ID, redirect_uri: REDIRECT, state: "s1" });
  const r = await fetch(`${em.url}/oauth.pipedrive.com/oauth/authorize?${q}`, {
    redirect: "manual",
  });
  expect(r.status).toBe(302);
  const p = new URL(r.headers.get("location")!).searchParams;
  expect(p.get("state")).toBe("s1");
  return p.get("code")!;
}

const tokenUrl = () => `${em.url}/oauth.pipedrive.com/oauth/token`;

async function tokens(): Promise<Record<string, string>> {
  const r = await postForm(
    tokenUrl(),
    { grant_type: "authorization_code", code: await code(), redirect_uri: REDIRECT },
    { authorization: basic },
  );
  expect(r.status).toBe(200);
  return (await r.json()) as Record<string, string>;
}

describe("Pipedrive OAuth", () => {
  it("shows a consent page when not auto-approving", async () => {
    em.setAutoApprove(false);
    const q = new URLSearchParams({ client_id: ID, redirect_uri: REDIRECT });
    const html = await (await fetch(`${em.url}/oauth.pipedrive.com/oauth/authorize?${q}`)).text();
    expect(html).toContain('id="approve"');
    expect(html).toContain('id="deny"');
  });

  it("exchanges a code with Basic client auth: api_domain, comma scopes, 3599 s", async () => {
    const t = await tokens();
    expect(t.api_domain).toBe("https://emulatedcompany.pipedrive.com");
    expect(t.scope).toBe("base,deals:full,contacts:full");
    expect(t.token_type).toBe("Bearer");
    expect(t.expires_in).toBe(3599);
    expect(t.refresh_token).toBeTruthy();
    expect(em.count("pipedrive", "token.exchange")).toBe(1);
  });

  it("rejects client credentials in the body (invalid_client, 401)", async () => {
    const r = await postForm(tokenUrl(), {
      grant_type: "authorization_code",
      code: await code(),
      redirect_uri: REDIRECT,
      client_id: ID,
      client_secret: SECRET,
    });
    expect(r.status).toBe(401);
    expect(((await r.json()) as { error: string }).error).toBe("invalid_client");
  });

  it("ignores PKCE by default", async () => {
    const r = await postForm(
      tokenUrl(),
      {
        grant_type: "authorization_code",
        code: await code(),
        redirect_uri: REDIRECT,
        code_verifier: "x".repeat(43),
      },
      { authorization: basic },
    );
    expect(r.status).toBe(200);
  });

  it("rotates refresh tokens: new one with api_domain, old one rejected", async () => {
    const t = await tokens();
    const r1 = await postForm(
      tokenUrl(),
      { grant_type: "refresh_token", refresh_token: t.refresh_token! },
      { authorization: basic },
    );
    expect(r1.status).toBe(200);
    const t1 = (await r1.json()) as Record<string, string>;
    expect(t1.refresh_token).toBeTruthy();
    expect(t1.refresh_token).not.toBe(t.refresh_token);
    expect(t1.api_domain).toBe("https://emulatedcompany.pipedrive.com");
    const again = await postForm(
      tokenUrl(),
      { grant_type: "refresh_token", refresh_token: t.refresh_token! },
      { authorization: basic },
    );
    expect(again.status).toBe(400);
    expect(((await again.json()) as { error: string }).error).toBe("invalid_grant");
    expect(em.count("pipedrive", "token.refresh")).toBe(2);
  });

  it("revokes with Basic at /oauth/revoke", async () => {
    const t = await tokens();
    const r = await postForm(
      `${em.url}/oauth.pipedrive.com/oauth/revoke`,
      { token: t.refresh_token!, token_type_hint: "refresh_token" },
      { authorization: basic },
    );
    expect(r.status).toBe(200);
    const me = await fetch(`${em.url}/${API}/api/v1/users/me`, {
      headers: { authorization: `Bearer ${t.access_token}` },
    });
    expect(me.status).toBe(401);
    expect(em.count("pipedrive", "token.revoke")).toBe(1);
  });
});

describe("Pipedrive API", () => {
  it("GET /api/v1/users/me with Bearer on the api_domain", async () => {
    const t = await tokens();
    const r = await fetch(`${em.url}/${API}/api/v1/users/me`, {
      headers: { authorization: `Bearer ${t.access_token}` },
    });
    const b = (await r.json()) as { success: boolean; data: Record<string, unknown> };
    expect(b.success).toBe(true);
    expect(b.data.company_domain).toBe("emulatedcompany");
    expect(b.data.email).toBe("grace.hopper@emulator.example");
    const wrongHost = await fetch(`${em.url}/othercompany.pipedrive.com/api/v1/users/me`, {
      headers: { authorization: `Bearer ${t.access_token}` },
    });
    expect(wrongHost.status).toBe(401);
  });

  it("accepts x-api-token on the company host and api.pipedrive.com, and legacy ?api_token", async () => {
    const h = { "x-api-token": "emulator-pipedrive-api-token" };
    expect((await fetch(`${em.url}/${API}/api/v2/deals?limit=1`, { headers: h })).status).toBe(200);
    expect(
      (await fetch(`${em.url}/api.pipedrive.com/api/v2/deals?limit=1`, { headers: h })).status,
    ).toBe(200);
    expect((await fetch(`${em.url}/api.pipedrive.com/v1/users/me`, { headers: h })).status).toBe(
      200,
    );
    const legacy = await fetch(
      `${em.url}/${API}/api/v1/users/me?api_token=emulator-pipedrive-api-token`,
    );
    expect(legacy.status).toBe(200);
  });

  it("adds a person with POST /api/v2/persons (name required, new id after the dataset)", async () => {
    const h = { "x-api-token": "emulator-pipedrive-api-token", "content-type": "application/json" };
    const post = (body: unknown, headers: Record<string, string> = h) =>
      fetch(`${em.url}/${API}/api/v2/persons`, {
        method: "POST",
        headers,
        body: JSON.stringify(body),
      });
    const ok = await post({ name: "Ada Lovelace" });
    expect(ok.status).toBe(200);
    const b = (await ok.json()) as { success: boolean; data: { id: number; name: string } };
    expect(b.success).toBe(true);
    expect(b.data.name).toBe("Ada Lovelace");
    expect(b.data.id).toBe(301);
    expect(((await (await post({ name: "Alan" })).json()) as typeof b).data.id).toBe(302);
    const missing = await post({ email: "x@example.com" });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: string }).error).toContain("name");
    expect((await post({ name: "x" }, { "content-type": "application/json" })).status).toBe(401);
    expect(em.count("pipedrive", "persons.create")).toBe(4);
  });

  it("answers bad auth with 401 and the Pipedrive error envelope", async () => {
    const r = await fetch(`${em.url}/${API}/api/v2/deals`, { headers: { "x-api-token": "nope" } });
    expect(r.status).toBe(401);
    const b = (await r.json()) as Record<string, unknown>;
    expect(b).toMatchObject({ success: false, data: null, additional_data: null });
    expect(typeof b.error).toBe("string");
    expect(typeof b.error_info).toBe("string");
  });

  it("walks v2 deals with cursor pagination (default 100, max 500)", async () => {
    const h = { "x-api-token": "emulator-pipedrive-api-token" };
    const first = (await (await fetch(`${em.url}/${API}/api/v2/deals`, { headers: h })).json()) as {
      data: { id: number }[];
      additional_data: { next_cursor: string | null };
    };
    expect(first.data).toHaveLength(100);
    const ids: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const q = new URLSearchParams({ limit: "500", ...(cursor ? { cursor } : {}) });
      const b = (await (
        await fetch(`${em.url}/${API}/api/v2/deals?${q}`, { headers: h })
      ).json()) as {
        data: { id: number }[];
        additional_data: { next_cursor?: string | null };
      };
      ids.push(...b.data.map((d) => d.id));
      cursor = b.additional_data.next_cursor ?? null;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(ids).toHaveLength(1203);
    expect(new Set(ids).size).toBe(1203);
    const tooBig = await fetch(`${em.url}/${API}/api/v2/deals?limit=501`, { headers: h });
    expect(tooBig.status).toBe(400);
    expect(em.count("pipedrive", "deals.list")).toBe(5);
  });

  it("serves deprecated v1 lists with start/limit and Deprecation/Sunset headers", async () => {
    const h = { "x-api-token": "emulator-pipedrive-api-token" };
    const r = await fetch(`${em.url}/${API}/api/v1/persons?start=0&limit=500`, { headers: h });
    expect(r.headers.get("deprecation")).toBeTruthy();
    expect(r.headers.get("sunset")).toBe(PIPEDRIVE_V1_SUNSET);
    const b = (await r.json()) as {
      data: unknown[];
      additional_data: { pagination: Record<string, unknown> };
    };
    expect(b.data).toHaveLength(300);
    expect(b.additional_data.pagination).toMatchObject({
      start: 0,
      limit: 500,
      more_items_in_collection: false,
    });
    const d = (await (
      await fetch(`${em.url}/${API}/api/v1/deals?start=1200&limit=2`, { headers: h })
    ).json()) as {
      data: unknown[];
      additional_data: { pagination: Record<string, unknown> };
    };
    expect(d.additional_data.pagination).toMatchObject({
      more_items_in_collection: true,
      next_start: 1202,
    });
    expect(em.count("pipedrive", "deals.list_v1")).toBe(1);
  });

  it("throttles with 429 and x-ratelimit-* headers", async () => {
    em.rateLimit({ provider: "pipedrive", endpoint: "deals.list", times: 1, retryAfterSeconds: 2 });
    const r = await fetch(`${em.url}/${API}/api/v2/deals`, {
      headers: { "x-api-token": "emulator-pipedrive-api-token" },
    });
    expect(r.status).toBe(429);
    expect(r.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(r.headers.get("retry-after")).toBe("2");
    expect(((await r.json()) as { success: boolean }).success).toBe(false);
  });
});
