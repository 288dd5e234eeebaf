import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { defineOAuthProvider } from "../src/definition.js";
import {
  AccessDeniedError,
  AuthorizationResponseError,
  CapturedValueError,
  InvalidClientError,
  InvalidGrantError,
  InvalidRedirectError,
  StateMismatchError,
  ThrottledError,
  TokenEndpointError,
  UnexpectedResponseError,
} from "../src/errors.js";
import {
  parseRetryAfter,
  processRedirect,
  processRevocationResponse,
  processTokenResponse,
} from "../src/response.js";
import { launchpadLike, pipedriveLike, zohoLike } from "./support/providers.js";

const generic = defineOAuthProvider({
  id: "generic",
  authorizationEndpoint: "https://as.example/authorize",
  tokenEndpoint: "https://as.example/token",
});
const NOW = 1_700_000_000_000;
const json = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
  status,
  headers: { "Content-Type": "application/json", ...headers },
  bodyText: typeof body === "string" ? body : JSON.stringify(body),
});
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a throw");
}

describe("processRedirect", () => {
  it("returns the code and captured values after checking state", () => {
    const r = processRedirect(
      "http://127.0.0.1:1/cb?code=abc&state=S1&location=eu&accounts-server=https%3A%2F%2Faccounts.zoho.eu",
      { expectedState: "S1", def: zohoLike },
    );
    expect(r).toEqual({
      code: "abc",
      state: "S1",
      captured: { "accounts-server": "https://accounts.zoho.eu", location: "eu" },
    });
  });

  it("accepts URLSearchParams, a bare query string and fragment responses", () => {
    expect(processRedirect(new URLSearchParams("code=x"), { expectedState: undefined }).code).toBe(
      "x",
    );
    expect(processRedirect("?code=y&state=s", { expectedState: "s" }).code).toBe("y");
    expect(
      processRedirect("https://app.example/cb#code=z&state=s", { expectedState: "s" }).code,
    ).toBe("z");
  });

  it("accepts a path with its query, as Express's req.url gives the callback", () => {
    const r = processRedirect(
      "/oauth/callback?code=p1&state=s&accounts-server=https%3A%2F%2Faccounts.zoho.eu",
      { expectedState: "s", def: zohoLike },
    );
    expect(r.code).toBe("p1");
    expect(r.captured).toEqual({ "accounts-server": "https://accounts.zoho.eu" });
    expect(() =>
      processRedirect("/oauth/callback?code=p1&state=t", { expectedState: "s" }),
    ).toThrow(StateMismatchError);
  });

  it("rejects a different or missing state", () => {
    expect(
      thrown(() => processRedirect("https://a/cb?code=x&state=other", { expectedState: "s" })),
    ).toBeInstanceOf(StateMismatchError);
    const missing = thrown(() => processRedirect("https://a/cb?code=x", { expectedState: "s" }));
    expect(missing).toBeInstanceOf(StateMismatchError);
    expect(missing.message).toMatch(/no `state`/);
    expect((missing as StateMismatchError).code).toBe("OAUTH_STATE_MISMATCH");
  });

  it("maps error=access_denied and other errors to typed errors", () => {
    const denied = thrown(() =>
      processRedirect("https://a/cb?error=access_denied&error_description=User+said+no&state=s", {
        expectedState: "s",
      }),
    );
    expect(denied).toBeInstanceOf(AccessDeniedError);
    expect(denied.message).toContain("User said no");
    const other = thrown(() =>
      processRedirect("https://a/cb?error=invalid_scope&state=s", { expectedState: "s" }),
    );
    expect(other).toBeInstanceOf(AuthorizationResponseError);
    expect((other as AuthorizationResponseError).error).toBe("invalid_scope");
    // An error without the state is refused like any redirect without it.
    expect(
      thrown(() => processRedirect("https://a/cb?error=access_denied", { expectedState: "s" })),
    ).toBeInstanceOf(StateMismatchError);
    // A forged error with a wrong state is a state mismatch, not the error.
    expect(
      thrown(() =>
        processRedirect("https://a/cb?error=access_denied&state=x", { expectedState: "s" }),
      ),
    ).toBeInstanceOf(StateMismatchError);
  });

  it("requires a code and a parsable input", () => {
    expect(
      thrown(() => processRedirect("https://a/cb?state=s", { expectedState: "s" })),
    ).toBeInstanceOf(InvalidRedirectError);
    expect(
      thrown(() => processRedirect("just some text", { expectedState: undefined })),
    ).toBeInstanceOf(InvalidRedirectError);
  });

  it("applies the captured-value allow-list (Zoho accounts-server)", () => {
    const e = thrown(() =>
      processRedirect("https://a/cb?code=x&state=s&accounts-server=https%3A%2F%2Fevil.example", {
        expectedState: "s",
        def: zohoLike,
      }),
    );
    expect(e).toBeInstanceOf(CapturedValueError);
    expect(e.message).toContain("accounts-server");
    expect(e.message).not.toContain("code=x");
  });
});

describe("processTokenResponse", () => {
  it("computes an absolute expiry on receipt and keeps the raw response hidden", () => {
    const set = processTokenResponse(
      generic,
      json(200, {
        access_token: "AT",
        token_type: "Bearer",
        expires_in: 3600,
        refresh_token: "RT",
        scope: "a b",
        extra: 1,
      }),
      { now: NOW },
    );
    expect(set.accessToken).toBe("AT");
    expect(set.refreshToken).toBe("RT");
    expect(set.expiresAt).toBe(NOW + 3_600_000);
    expect(set.scope).toBe("a b");
    expect(set.raw?.extra).toBe(1);
    expect(Object.keys(set)).not.toContain("raw");
    const shown = inspect(set, { depth: 5, showHidden: false }) + JSON.stringify(set);
    expect(shown).not.toContain('AT"');
    expect(shown).not.toMatch(/\bRT\b/);
    expect(shown).toContain("[REDACTED]");
    expect(Object.isFrozen(set)).toBe(true);
  });

  it("tolerates numeric strings and scope arrays, leaves expiry unknown when absent", () => {
    const a = processTokenResponse(generic, json(200, { access_token: "A", expires_in: "120" }), {
      now: NOW,
    });
    expect(a.expiresAt).toBe(NOW + 120_000);
    const b = processTokenResponse(generic, json(200, { access_token: "A", scope: ["x", "y"] }), {
      now: NOW,
    });
    expect(b.expiresAt).toBeUndefined();
    expect(b.scope).toBe("x y");
  });

  it("keeps the previous refresh token when the response omits it, takes a rotated one", () => {
    const kept = processTokenResponse(
      zohoLike,
      json(200, { access_token: "A2", api_domain: "https://www.zohoapis.eu" }),
      {
        now: NOW,
        previous: {
          refreshToken: "OLD",
          metadata: { "accounts-server": "https://accounts.zoho.eu" },
        },
      },
    );
    expect(kept.refreshToken).toBe("OLD");
    expect(kept.metadata).toEqual({
      "accounts-server": "https://accounts.zoho.eu",
      api_domain: "https://www.zohoapis.eu",
    });
    const rotated = processTokenResponse(
      generic,
      json(200, { access_token: "A2", refresh_token: "NEW" }),
      {
        now: NOW,
        previous: { refreshToken: "OLD", metadata: {} },
      },
    );
    expect(rotated.refreshToken).toBe("NEW");
  });

  it("captures token fields (Pipedrive api_domain) and merges redirect captures", () => {
    const set = processTokenResponse(
      pipedriveLike,
      json(200, { access_token: "A", api_domain: "https://acme.pipedrive.com" }),
      { now: NOW, captured: { location: "eu" } },
    );
    expect(set.metadata).toEqual({ location: "eu", api_domain: "https://acme.pipedrive.com" });
  });

  it("rejects a captured token value outside the allow-list", () => {
    expect(
      thrown(() =>
        processTokenResponse(
          zohoLike,
          json(200, { access_token: "A", api_domain: "https://evil.example" }),
          { now: NOW },
        ),
      ),
    ).toBeInstanceOf(CapturedValueError);
  });

  it("Zoho: legacy expires_in in ms when expires_in_sec is present", () => {
    const set = processTokenResponse(
      zohoLike,
      json(200, {
        access_token: "A",
        expires_in: 3_600_000,
        expires_in_sec: 3600,
        api_domain: "https://www.zohoapis.com",
      }),
      { now: NOW },
    );
    expect(set.expiresAt).toBe(NOW + 3_600_000);
    const modern = processTokenResponse(
      zohoLike,
      json(200, { access_token: "A", expires_in: 3600 }),
      { now: NOW },
    );
    expect(modern.expiresAt).toBe(NOW + 3_600_000);
  });

  it("Zoho: errors reported with HTTP 200 map to typed errors", () => {
    const grant = thrown(() =>
      processTokenResponse(zohoLike, json(200, { error: "invalid_code" }), {
        now: NOW,
        grant: "refresh token",
      }),
    );
    expect(grant).toBeInstanceOf(InvalidGrantError);
    expect((grant as InvalidGrantError).status).toBe(200);
    expect(grant.message).toContain("refresh token");
    expect((grant as InvalidGrantError).hint).toMatch(/Authorize again/);
    expect(
      thrown(() =>
        processTokenResponse(zohoLike, json(200, { error: "invalid_client" }), { now: NOW }),
      ),
    ).toBeInstanceOf(InvalidClientError);
    expect(
      thrown(() =>
        processTokenResponse(zohoLike, json(200, { error: "invalid_client_secret" }), { now: NOW }),
      ),
    ).toBeInstanceOf(InvalidClientError);
    const throttled = thrown(() =>
      processTokenResponse(
        zohoLike,
        json(200, {
          error_description:
            "You have made too many requests continuously. Please try again after some time.",
          error: "Access Denied",
          status: "failure",
        }),
        { now: NOW },
      ),
    );
    expect(throttled).toBeInstanceOf(ThrottledError);
    expect((throttled as ThrottledError).retryAfterMs).toBe(600_000);
    expect((throttled as ThrottledError).hint).toContain("600 s");
  });

  it("detectErrorBody hook recognises other HTTP-200 error shapes", () => {
    const def = defineOAuthProvider({
      id: "weird",
      authorizationEndpoint: "https://w.example/a",
      tokenEndpoint: "https://w.example/t",
      hooks: {
        detectErrorBody: (body) =>
          body.status === "failure"
            ? { error: String(body.reason), error_description: "from hook" }
            : undefined,
      },
    });
    const e = thrown(() =>
      processTokenResponse(
        def,
        json(200, { status: "failure", reason: "invalid_grant", access_token: "" }),
        { now: NOW },
      ),
    );
    expect(e).toBeInstanceOf(InvalidGrantError);
    expect(e.message).toContain("from hook");
  });

  it("processTokenResponse hook can reshape the body before validation", () => {
    const def = defineOAuthProvider({
      id: "nested",
      authorizationEndpoint: "https://n.example/a",
      tokenEndpoint: "https://n.example/t",
      hooks: { processTokenResponse: (body) => ({ ...(body.data as Record<string, unknown>) }) },
    });
    const set = processTokenResponse(
      def,
      json(200, { data: { access_token: "A", expires_in: 10 } }),
      { now: NOW },
    );
    expect(set.accessToken).toBe("A");
    expect(set.expiresAt).toBe(NOW + 10_000);
  });

  it("maps standard error bodies by code", () => {
    expect(
      thrown(() =>
        processTokenResponse(generic, json(400, { error: "invalid_grant" }), { now: NOW }),
      ),
    ).toBeInstanceOf(InvalidGrantError);
    expect(
      thrown(() =>
        processTokenResponse(generic, json(401, { error: "invalid_client" }), { now: NOW }),
      ),
    ).toBeInstanceOf(InvalidClientError);
    expect(
      thrown(() =>
        processTokenResponse(generic, json(400, { error: "unauthorized_client" }), { now: NOW }),
      ),
    ).toBeInstanceOf(InvalidClientError);
    const other = thrown(() =>
      processTokenResponse(
        generic,
        json(400, { error: "invalid_scope", error_description: "bad" }),
        { now: NOW },
      ),
    );
    expect(other).toBeInstanceOf(TokenEndpointError);
    expect((other as TokenEndpointError).errorDescription).toBe("bad");
  });

  it("Launchpad: classifyError maps authorization_expired; plain-text errors are unexpected responses", () => {
    expect(
      thrown(() =>
        processTokenResponse(launchpadLike, json(400, { error: "authorization_expired" }), {
          now: NOW,
        }),
      ),
    ).toBeInstanceOf(InvalidGrantError);
    const e = thrown(() =>
      processTokenResponse(
        launchpadLike,
        {
          status: 401,
          headers: { "content-type": "text/plain" },
          bodyText: "Unknown Basecamp ID.",
        },
        { now: NOW },
      ),
    );
    expect(e).toBeInstanceOf(UnexpectedResponseError);
    expect((e as UnexpectedResponseError).status).toBe(401);
    expect((e as UnexpectedResponseError).contentType).toBe("text/plain");
    expect((e as UnexpectedResponseError).bodyExcerpt).toBe("Unknown Basecamp ID.");
  });

  it("429/503 without an OAuth body are throttling with Retry-After", () => {
    const e = thrown(() =>
      processTokenResponse(
        generic,
        { status: 503, headers: new Headers({ "retry-after": "7" }), bodyText: "" },
        { now: NOW },
      ),
    );
    expect(e).toBeInstanceOf(ThrottledError);
    expect((e as ThrottledError).retryAfterMs).toBe(7000);
    const slow = thrown(() =>
      processTokenResponse(generic, json(400, { error: "slow_down" }), { now: NOW }),
    );
    expect(slow).toBeInstanceOf(ThrottledError);
  });

  it("unexpected responses carry status, content type and a redacted, short excerpt", () => {
    const body = JSON.stringify({
      access_token: 5,
      refresh_token: "LEAKED-RT",
      note: "x".repeat(500),
    });
    const e = thrown(() =>
      processTokenResponse(
        generic,
        { status: 200, headers: { "content-type": "application/json" }, bodyText: body },
        {
          now: NOW,
          secrets: ["MYCLIENTSECRET"],
        },
      ),
    ) as UnexpectedResponseError;
    expect(e).toBeInstanceOf(UnexpectedResponseError);
    expect(e.hint).toContain("access_token");
    expect(e.bodyExcerpt.length).toBeLessThanOrEqual(201);
    expect(e.message + JSON.stringify(e) + inspect(e)).not.toContain("LEAKED-RT");
    const html = thrown(() =>
      processTokenResponse(
        generic,
        {
          status: 500,
          headers: { "content-type": "text/html" },
          bodyText: "<p>echo MYCLIENTSECRET code=abcdef</p>",
        },
        { now: NOW, secrets: ["MYCLIENTSECRET"] },
      ),
    ) as UnexpectedResponseError;
    expect(html.bodyExcerpt).toBe("<p>echo [REDACTED] code=[REDACTED]</p>");
    expect(html.status).toBe(500);
  });

  it("a 2xx that is not JSON is unexpected", () => {
    expect(
      thrown(() =>
        processTokenResponse(
          generic,
          { status: 200, headers: {}, bodyText: "<html>" },
          { now: NOW },
        ),
      ),
    ).toBeInstanceOf(UnexpectedResponseError);
  });
});

describe("processRevocationResponse", () => {
  it("accepts 200 and 204, maps errors", () => {
    expect(() =>
      processRevocationResponse(generic, { status: 200, headers: {}, bodyText: "" }, { now: NOW }),
    ).not.toThrow();
    expect(() =>
      processRevocationResponse(generic, { status: 204, headers: {}, bodyText: "" }, { now: NOW }),
    ).not.toThrow();
    expect(
      thrown(() =>
        processRevocationResponse(generic, json(401, { error: "invalid_client" }), { now: NOW }),
      ),
    ).toBeInstanceOf(InvalidClientError);
    expect(
      thrown(() =>
        processRevocationResponse(
          generic,
          { status: 404, headers: {}, bodyText: "nope" },
          { now: NOW },
        ),
      ),
    ).toBeInstanceOf(UnexpectedResponseError);
  });
});

describe("parseRetryAfter", () => {
  it("reads seconds and HTTP dates", () => {
    expect(parseRetryAfter("30", NOW)).toBe(30_000);
    expect(parseRetryAfter(new Date(NOW + 5000).toUTCString(), NOW)).toBe(5000);
    expect(parseRetryAfter("soon", NOW)).toBeUndefined();
    expect(parseRetryAfter(undefined, NOW)).toBeUndefined();
  });
});
