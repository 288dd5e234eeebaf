import { createTokenSet } from "@x/oauth-core";
import { describe, expect, test } from "vitest";
import { recallTokens, rememberTokens } from "../src/handoff.js";

const set = (n: number) =>
  createTokenSet({
    accessToken: `access-${n}-${Math.random()}`,
    refreshToken: `refresh-${n}-${Math.random()}`,
    metadata: { api_domain: `https://c${n}.pipedrive.com` },
  });

describe("token hand-off between the procedures and connect()", () => {
  test("found by its access token or its refresh token, only for the same connector", () => {
    const t = set(1);
    rememberTokens("handoff-a", t);
    expect(recallTokens("handoff-a", t.accessToken)).toBe(t);
    expect(recallTokens("handoff-a", t.refreshToken)).toBe(t);
    expect(recallTokens("handoff-b", t.accessToken)).toBeUndefined();
    expect(recallTokens("handoff-a", "unknown")).toBeUndefined();
    expect(recallTokens("handoff-a", undefined)).toBeUndefined();
  });

  test("entries end after a day", () => {
    const t = set(2);
    const now = Date.now();
    rememberTokens("handoff-ttl", t, now);
    expect(recallTokens("handoff-ttl", t.accessToken, now + 23 * 3_600_000)).toBe(t);
    expect(recallTokens("handoff-ttl", t.accessToken, now + 24 * 3_600_000)).toBeUndefined();
  });

  test("bounded: the oldest entries make room", () => {
    const first = set(3);
    rememberTokens("handoff-bound", first);
    for (let i = 0; i < 300; i++) rememberTokens("handoff-bound", set(100 + i));
    expect(recallTokens("handoff-bound", first.accessToken)).toBeUndefined();
  });
});
