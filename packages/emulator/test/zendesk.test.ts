import { createHash } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Emulator, type ProviderModule, startEmulator } from "../src/index.js";
import { zendesk } from "../src/providers/zendesk/index.js";
import { postForm, REDIRECT } from "./helpers.js";

const ID = "emulator-zendesk-client";
const SECRET = "emulator-zendesk-secret";
const H = "emulated.zendesk.com";
const EMAIL = "katherine.johnson@emulator.example";
const apiToken = `Basic ${Buffer.from(`${EMAIL}/token:emulator-zendesk-api-token`).toString("base64")}`;
const password = `Basic ${Buffer.from(`${EMAIL}:emulator-zendesk-password`).toString("base64")}`;

let em: Emulator;
beforeAll(async () => {
  em = await startEmulator({ autoApprove: true, providers: [zendesk as ProviderModule<never>] });
});
afterAll(() => em.close());
beforeEach(() => {
  em.reset();
  em.setAutoApprove(true);
});

async function code(extra: Record<string, string> = {}, clientId = ID): Promise<URLSearchParams> {
  const q = new URLSearchParams({
    response_type: "code",
    client_id: clientId,
    redirect_uri: REDIRECT,
    scope: "read write",
    state: "z",
    ...extra,
  });
  const r = await fetch(`${em.url}/${H}/oauth/authorizations/new?${q}`, { redirect: "manual" });
  expect(r.status).toBe(302);
  return new URL(r.headers.get("location")!).searchParams;
}

const tokenJson = (body: Record<string, string>) =>
  fetch(`${em.url}/${H}/oauth/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

async function tokens(extra: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const r = await tokenJson({
    grant_type: "authorization_code",
    code: (await code()).get("code")!,
    client_id: ID,
    client_secret: SECRET,
    redirect_uri: REDIRECT,
    ...extra,
  });
  expect(r.status).toBe(200);
  return (await r.json()) as Record<string, unknown>;
}

describe("Zendesk OAuth", () => {
  it("exchanges with a JSON body; expires_in only when asked", async () => {
    const t = await tokens();
    expect(t.token_type).toBe("bearer");
    expect(t.refresh_token).toBeTruthy();
    expect(t.expires_in).toBeUndefined();
    expect(t.refresh_token_expires_in).toBeUndefined();
    const t2 = await tokens({ expires_in: "600", refresh_token_expires_in: "604800" });
    expect(t2.expires_in).toBe(600);
    expect(t2.refresh_token_expires_in).toBe(604800);
  });

  it("accepts a form body too", async () => {
    const r = await postForm(`${em.url}/${H}/oauth/tokens`, {
      grant_type: "authorization_code",
      code: (await code()).get("code")!,
      client_id: ID,
      client_secret: SECRET,
      redirect_uri: REDIRECT,
    });
    expect(r.status).toBe(200);
  });

  it("validates expires_in bounds (300..172800)", async () => {
    const c = (await code()).get("code")!;
    const r = await tokenJson({
      grant_type: "authorization_code",
      code: c,
      client_id: ID,
      client_secret: SECRET,
      redirect_uri: REDIRECT,
      expires_in: "299",
    });
    expect(r.status).toBe(400);
  });

  it("default access lifetime is 30 minutes", async () => {
    const t = await tokens();
    const me = () =>
      fetch(`${em.url}/${H}/api/v2/tickets.json`, {
        headers: { authorization: `Bearer ${t.access_token}` },
      });
    em.clock.advance(29 * 60_000);
    expect((await me()).status).toBe(200);
    em.clock.advance(2 * 60_000);
    expect((await me()).status).toBe(401);
  });

  it("codes are single use and live 120 s", async () => {
    const c = (await code()).get("code")!;
    const body = {
      grant_type: "authorization_code",
      code: c,
      client_id: ID,
      client_secret: SECRET,
      redirect_uri: REDIRECT,
    };
    expect((await tokenJson(body)).status).toBe(200);
    expect((await tokenJson(body)).status).toBe(400);
    const c2 = (await code()).get("code")!;
    em.clock.advance(121_000);
    expect((await tokenJson({ ...body, code: c2 })).status).toBe(400);
  });

  it("rotates refresh tokens; reusing the old one is invalid_grant 400 and kills nothing new", async () => {
    const t = await tokens();
    const ref = (rt: string) =>
      tokenJson({
        grant_type: "refresh_token",
        refresh_token: rt,
        client_id: ID,
        client_secret: SECRET,
      });
    const r1 = await ref(t.refresh_token as string);
    expect(r1.status).toBe(200);
    const t1 = (await r1.json()) as Record<string, string>;
    expect(t1.refresh_token).not.toBe(t.refresh_token);
    const old = await fetch(`${em.url}/${H}/api/v2/tickets.json`, {
      headers: { authorization: `Bearer ${t.access_token}` },
    });
    expect(old.status).toBe(401);
    const reuse = await ref(t.refresh_token as string);
    expect(reuse.status).toBe(400);
    const b = (await reuse.json()) as { error: string; error_description: string };
    expect(b.error).toBe("invalid_grant");
    expect(b.error_description).toMatch(
      /^The provided access grant is invalid, expired, or revoked/,
    );
    expect(em.count("zendesk", "token.refresh")).toBe(2);
  });

  it("requires PKCE (S256) for public clients", async () => {
    em.registerClient({ provider: "zendesk", clientId: "public-app" });
    const noPkce = await code({}, "public-app");
    expect(noPkce.get("error")).toBe("invalid_request");
    const verifier = "v".repeat(50);
    const challenge = createHash("sha256").update(verifier).digest("base64url");
    const p = await code(
      { code_challenge: challenge, code_challenge_method: "S256" },
      "public-app",
    );
    const body = {
      grant_type: "authorization_code",
      code: p.get("code")!,
      client_id: "public-app",
      redirect_uri: REDIRECT,
    };
    const bad = await tokenJson({ ...body, code_verifier: "w".repeat(50) });
    expect(bad.status).toBe(400);
    const p2 = await code(
      { code_challenge: challenge, code_challenge_method: "S256" },
      "public-app",
    );
    const ok = await tokenJson({ ...body, code: p2.get("code")!, code_verifier: verifier });
    expect(ok.status).toBe(200);
  });

  it("revokes by token id found via /api/v2/oauth/tokens/current.json", async () => {
    const t = await tokens();
    const auth = { authorization: `Bearer ${t.access_token}` };
    const cur = (await (
      await fetch(`${em.url}/${H}/api/v2/oauth/tokens/current.json`, { headers: auth })
    ).json()) as {
      token: { id: number };
    };
    // DELETE current.json answers 204 but does not revoke (reported behaviour).
    const delCurrent = await fetch(`${em.url}/${H}/api/v2/oauth/tokens/current.json`, {
      method: "DELETE",
      headers: auth,
    });
    expect(delCurrent.status).toBe(204);
    expect((await fetch(`${em.url}/${H}/api/v2/tickets.json`, { headers: auth })).status).toBe(200);
    const del = await fetch(`${em.url}/${H}/api/v2/oauth/tokens/${cur.token.id}.json`, {
      method: "DELETE",
      headers: auth,
    });
    expect(del.status).toBe(204);
    expect((await fetch(`${em.url}/${H}/api/v2/tickets.json`, { headers: auth })).status).toBe(401);
    const ref = await tokenJson({
      grant_type: "refresh_token",
      refresh_token: t.refresh_token as string,
      client_id: ID,
      client_secret: SECRET,
    });
    expect(ref.status).toBe(400);
  });
});

describe("Zendesk API", () => {
  it("users/me: anonymous callers get 200 with id null", async () => {
    for (const headers of [
      {},
      { authorization: "Bearer nope" },
      { authorization: password },
    ] as Record<string, string>[]) {
      const r = await fetch(`${em.url}/${H}/api/v2/users/me.json`, { headers });
      expect(r.status).toBe(200);
      const b = (await r.json()) as { user: { id: unknown; role: string; name: string } };
      expect(b.user.id).toBeNull();
      expect(b.user.role).toBe("end-user");
      expect(b.user.name).toBe("Anonymous user");
    }
    const me = (await (
      await fetch(`${em.url}/${H}/api/v2/users/me.json`, { headers: { authorization: apiToken } })
    ).json()) as {
      user: { id: number; role: string; email: string };
    };
    expect(me.user.id).toBeTypeOf("number");
    expect(me.user.role).toBe("admin");
    expect(me.user.email).toBe(EMAIL);
  });

  it("password Basic auth is disabled by default (401) and can be enabled", async () => {
    const r = await fetch(`${em.url}/${H}/api/v2/tickets.json`, {
      headers: { authorization: password },
    });
    expect(r.status).toBe(401);
    expect(((await r.json()) as { error: string }).error).toBeTruthy();
    const em2 = await startEmulator({
      providers: [zendesk as ProviderModule<never>],
      zendesk: { passwordAuth: "enabled" },
    });
    try {
      expect(
        (
          await fetch(`${em2.url}/${H}/api/v2/tickets.json`, {
            headers: { authorization: password },
          })
        ).status,
      ).toBe(200);
    } finally {
      await em2.close();
    }
  });

  it("walks tickets with cursor pagination and absolute links.next", async () => {
    const ids: number[] = [];
    let url: string | null = `https://${H}/api/v2/tickets.json?page[size]=100`;
    while (url) {
      const r = await fetch(em.urlFor(url), { headers: { authorization: apiToken } });
      expect(r.headers.get("x-rate-limit")).toBeTruthy();
      expect(r.headers.get("x-rate-limit-remaining")).toBeTruthy();
      const b = (await r.json()) as {
        tickets: { id: number }[];
        meta: { has_more: boolean; after_cursor: string };
        links: { next: string | null };
      };
      ids.push(...b.tickets.map((t) => t.id));
      if (b.meta.has_more)
        expect(b.links.next).toMatch(/^https:\/\/emulated\.zendesk\.com\/api\/v2\/tickets\.json\?/);
      url = b.meta.has_more ? b.links.next : null;
    }
    expect(ids).toHaveLength(250);
    expect(new Set(ids).size).toBe(250);
    const big = await fetch(`${em.url}/${H}/api/v2/tickets.json?page[size]=101`, {
      headers: { authorization: apiToken },
    });
    expect(big.status).toBe(400);
  });

  it("offset pagination beyond 100 pages is 400", async () => {
    const ok = await fetch(`${em.url}/${H}/api/v2/users.json?page=2&per_page=100`, {
      headers: { authorization: apiToken },
    });
    const b = (await ok.json()) as { users: unknown[]; count: number; previous_page: string };
    expect(b.users).toHaveLength(20);
    expect(b.count).toBe(120);
    const r = await fetch(`${em.url}/${H}/api/v2/users.json?page=101&per_page=100`, {
      headers: { authorization: apiToken },
    });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: string; description: string }).description).toBeTruthy();
  });

  it("incremental ticket export with metric_sets matching /ticket_metrics", async () => {
    const h = { authorization: apiToken };
    let url: string | null =
      `${em.url}/${H}/api/v2/incremental/tickets/cursor.json?start_time=0&include=metric_sets`;
    const ids: number[] = [];
    let first: { metric_sets: { ticket_id: number }[] } | undefined;
    while (url) {
      const b = (await (await fetch(url, { headers: h })).json()) as {
        tickets: { id: number }[];
        metric_sets: { ticket_id: number }[];
        after_url: string;
        after_cursor: string;
        end_of_stream: boolean;
      };
      first ??= b;
      ids.push(...b.tickets.map((t) => t.id));
      expect(b.after_cursor).toBeTruthy();
      url = b.end_of_stream ? null : em.urlFor(b.after_url);
    }
    expect(ids).toHaveLength(250);
    const metrics = (await (
      await fetch(`${em.url}/${H}/api/v2/ticket_metrics.json?page[size]=1`, { headers: h })
    ).json()) as {
      ticket_metrics: unknown[];
    };
    expect(first!.metric_sets[0]).toEqual(metrics.ticket_metrics[0]);
  });

  it("ticket_metric_events is time-based", async () => {
    const r = await fetch(
      `${em.url}/${H}/api/v2/incremental/ticket_metric_events.json?start_time=0`,
      {
        headers: { authorization: apiToken },
      },
    );
    const b = (await r.json()) as {
      ticket_metric_events: unknown[];
      count: number;
      end_time: number;
      end_of_stream: boolean;
      next_page: string;
    };
    expect(b.count).toBe(750);
    expect(b.end_of_stream).toBe(true);
    expect(b.end_time).toBeTypeOf("number");
    expect(b.next_page).toContain(`start_time=${b.end_time}`);
  });

  it("incremental exports are rate-limited to 10/min with 429 + Retry-After", async () => {
    const h = { authorization: apiToken };
    const u = `${em.url}/${H}/api/v2/incremental/tickets/cursor.json?start_time=0`;
    for (let i = 0; i < 10; i++) expect((await fetch(u, { headers: h })).status).toBe(200);
    const r = await fetch(u, { headers: h });
    expect(r.status).toBe(429);
    expect(Number(r.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(r.headers.get("x-rate-limit-remaining")).toBe("0");
    expect(em.count("zendesk", "incremental.tickets")).toBe(11);
  });

  it("incremental exports are admin-only (403 for agents)", async () => {
    const em2 = await startEmulator({
      providers: [zendesk as ProviderModule<never>],
      zendesk: { role: "agent" },
    });
    try {
      const r = await fetch(`${em2.url}/${H}/api/v2/incremental/tickets/cursor.json?start_time=0`, {
        headers: { authorization: apiToken },
      });
      expect(r.status).toBe(403);
      expect(((await r.json()) as { error: string }).error).toBe("Forbidden");
    } finally {
      await em2.close();
    }
  });
});
