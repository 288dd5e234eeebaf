import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../src/index.js";
import { zohoTokens } from "./helpers.js";

let em: Emulator;
let h: { authorization: string };
const me = () => `${em.url}/www.zohoapis.eu/crm/v8/users?type=CurrentUser`;
const control = (path: string, method = "GET", body?: unknown) =>
  fetch(`${em.url}/_emulator/${path}`, {
    method,
    ...(body
      ? { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }
      : {}),
  });

beforeAll(async () => {
  em = await startEmulator({ autoApprove: true });
});
afterAll(() => em.close());
beforeEach(async () => {
  em.reset();
  const t = await zohoTokens(em);
  h = { authorization: `Zoho-oauthtoken ${t.access_token}` };
  em.resetCounts();
});

describe("faults", () => {
  it("5xx answers the status once, then the request succeeds", async () => {
    em.faults.add({ provider: "zoho", endpoint: "crm.users", kind: "5xx", status: 503 });
    expect((await fetch(me(), { headers: h })).status).toBe(503);
    expect((await fetch(me(), { headers: h })).status).toBe(200);
    expect(em.count("zoho", "crm.users")).toBe(2);
  });

  it("drop closes the connection without a response", async () => {
    em.faults.add({ path: "/crm/v8/users", kind: "drop" });
    await expect(fetch(me(), { headers: h })).rejects.toThrow();
    expect((await fetch(me(), { headers: h })).status).toBe(200);
  });

  it("malformed returns a truncated JSON body with status 200", async () => {
    em.faults.add({ endpoint: "crm.users", kind: "malformed" });
    const r = await fetch(me(), { headers: h });
    expect(r.status).toBe(200);
    await expect(r.clone().json()).rejects.toThrow();
    expect((await r.text()).startsWith("{")).toBe(true);
  });

  it("html returns a proxy error page", async () => {
    em.faults.add({ endpoint: "crm.users", kind: "html" });
    const r = await fetch(me(), { headers: h });
    expect(r.status).toBe(502);
    expect(r.headers.get("content-type")).toMatch(/text\/html/);
    expect(await r.text()).toContain("Bad Gateway");
  });

  it("slow delays, then serves normally; times and 'always' are honoured", async () => {
    em.faults.add({ endpoint: "crm.users", kind: "slow", delayMs: 20, times: 2 });
    expect((await fetch(me(), { headers: h })).status).toBe(200);
    expect(em.faults.list()[0]).toMatchObject({ hits: 1, remaining: 1 });
    const id = em.faults.add({ endpoint: "crm.users", kind: "5xx", times: "always" });
    em.faults.clear();
    expect(em.faults.remove(id)).toBe(false);
    for (let i = 0; i < 3; i++) expect((await fetch(me(), { headers: h })).status).toBe(200);
  });
});

describe("tokens, clock and counters", () => {
  it("revoke() and revokeAll() stop tokens at once", async () => {
    em.revokeAll({ provider: "zoho" });
    const r = await fetch(me(), { headers: h });
    expect(r.status).toBe(401);
  });

  it("counts per endpoint and per provider; resetCounts", async () => {
    await fetch(me(), { headers: h });
    await fetch(me(), { headers: h });
    await fetch(`${em.url}/www.zohoapis.eu/nope`);
    expect(em.count("zoho", "crm.users")).toBe(2);
    expect(em.count("zoho", "not_found")).toBe(1);
    expect(em.count("zoho")).toBe(3);
    expect(em.counts()).toEqual({ "zoho:crm.users": 2, "zoho:not_found": 1 });
    em.resetCounts();
    expect(em.count("zoho")).toBe(0);
  });

  it("rate limit by volume in a sliding window on the emulator clock", async () => {
    em.rateLimit({ provider: "zoho", endpoint: "crm.users", limit: 2, windowMs: 1000 });
    expect((await fetch(me(), { headers: h })).status).toBe(200);
    expect((await fetch(me(), { headers: h })).status).toBe(200);
    expect((await fetch(me(), { headers: h })).status).toBe(429);
    em.clock.advance(1001);
    expect((await fetch(me(), { headers: h })).status).toBe(200);
  });
});

describe("control API", () => {
  it("mirrors the in-process controls", async () => {
    expect(await (await control("info")).json()).toMatchObject({
      providers: { zoho: { location: "eu", apiDomain: "https://www.zohoapis.eu" } },
    });
    await fetch(me(), { headers: h });
    expect(await (await control("counts")).json()).toEqual({ counts: { "zoho:crm.users": 1 } });
    expect(await (await control("counts?provider=zoho&endpoint=crm.users")).json()).toEqual({
      count: 1,
    });
    expect(
      (await control("faults", "POST", { provider: "zoho", kind: "5xx", status: 500 })).status,
    ).toBe(201);
    expect((await fetch(me(), { headers: h })).status).toBe(500);
    expect(await (await control("tokens/expire", "POST", { provider: "zoho" })).json()).toEqual({
      expired: 1,
    });
    expect((await fetch(me(), { headers: h })).status).toBe(401);
    const before = ((await (await control("clock")).json()) as { now: number }).now;
    const after = (
      (await (await control("clock", "POST", { advanceMs: 60_000 })).json()) as { now: number }
    ).now;
    expect(after - before).toBeGreaterThanOrEqual(60_000);
    expect((await control("rate-limits", "POST", { provider: "zoho", times: 1 })).status).toBe(201);
    expect(
      (await control("clients", "POST", { provider: "zoho", clientId: "c2", clientSecret: "s" }))
        .status,
    ).toBe(201);
    expect(em.clients.get("zoho", "c2")).toBeDefined();
    expect((await control("faults", "POST", { kind: "bogus" })).status).toBe(400);
    expect((await control("reset", "POST")).status).toBe(200);
    expect(em.counts()).toEqual({});
    expect(em.clients.get("zoho", "c2")).toBeUndefined();
  });
});
