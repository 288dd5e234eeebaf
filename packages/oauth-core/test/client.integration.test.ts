// The client against a real, independent authorization server (oidc-provider) on loopback.
import { createServer } from "node:net";
import { inspect } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createOAuthClient, type OAuthClientOptions } from "../src/client.js";
import { defineOAuthProvider, type OAuthProviderInput } from "../src/definition.js";
import {
  AccessDeniedError,
  AuthorizationResponseError,
  InvalidClientError,
  InvalidGrantError,
  NetworkError,
  type OAuthError,
  StateMismatchError,
  ThrottledError,
  TimeoutError,
  UnexpectedResponseError,
} from "../src/errors.js";
import {
  CALLBACK_PATH,
  CLIENTS,
  startAuthServer,
  type TestAuthServer,
} from "./support/oidc-server.js";

let server: TestAuthServer;
beforeAll(async () => {
  server = await startAuthServer();
});
afterAll(async () => {
  await server?.close();
});
beforeEach(() => {
  server.rotateRefreshTokens = true;
  server.interaction = "approve";
  server.accessTokenTtl = 3600;
});

function provider(overrides: Partial<OAuthProviderInput> = {}) {
  return defineOAuthProvider({
    id: "oidc-test",
    authorizationEndpoint: `${server.issuer}/auth`,
    tokenEndpoint: `${server.issuer}/token`,
    revocationEndpoint: `${server.issuer}/token/revocation`,
    scopes: { default: ["openid", "offline_access"] },
    authorizationParams: { prompt: "consent" },
    ...overrides,
  });
}
const redirectUri = () => `http://127.0.0.1:43111${CALLBACK_PATH}`;

function client(
  kind: keyof typeof CLIENTS,
  def = provider({ clientAuth: kind === "public" ? "none" : kind }),
  extra: Partial<OAuthClientOptions> = {},
) {
  return createOAuthClient(def, { ...CLIENTS[kind], redirectUri: redirectUri(), ...extra });
}

async function authorizeAndExchange(c: ReturnType<typeof client>) {
  const request = c.createAuthorizationRequest();
  const redirect = await server.authorize(request.url);
  const { code, captured } = c.processRedirect(redirect, request.state);
  const tokens = await c.exchangeCode(code, { codeVerifier: request.codeVerifier, captured });
  return { request, code, tokens };
}

async function rejects(promise: Promise<unknown>): Promise<OAuthError> {
  try {
    await promise;
  } catch (e) {
    return e as OAuthError;
  }
  throw new Error("expected a rejection");
}

describe.each([
  ["basic", "client_secret_basic"],
  ["post", "client_secret_post"],
  ["public", "none (public client, PKCE)"],
] as const)("%s client (%s)", (kind, _method) => {
  it("authorization code + PKCE, refresh with rotation, revocation", async () => {
    const c = client(kind);
    const before = Date.now();
    const { request, tokens } = await authorizeAndExchange(c);
    expect(request.url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(tokens.accessToken.length).toBeGreaterThan(10);
    expect(tokens.refreshToken).toBeTruthy();
    expect(tokens.tokenType?.toLowerCase()).toBe("bearer");
    expect(tokens.expiresAt).toBeGreaterThanOrEqual(before + 3_590_000);
    expect(tokens.raw?.access_token).toBe(tokens.accessToken);

    const refreshed = await c.refresh(tokens.refreshToken as string);
    expect(refreshed.accessToken).not.toBe(tokens.accessToken);
    expect(refreshed.refreshToken).toBeTruthy();
    expect(refreshed.refreshToken).not.toBe(tokens.refreshToken);
    // The rotated-away refresh token is dead.
    expect(await rejects(c.refresh(tokens.refreshToken as string))).toBeInstanceOf(
      InvalidGrantError,
    );

    await c.revoke(refreshed.refreshToken as string, "refresh_token");
    const afterRevoke = await rejects(c.refresh(refreshed.refreshToken as string));
    expect(afterRevoke).toBeInstanceOf(InvalidGrantError);
    expect(afterRevoke.hint).toMatch(/Authorize again/);
  });
});

describe("against oidc-provider", () => {
  it("refresh without rotation keeps the same refresh token working", async () => {
    server.rotateRefreshTokens = false;
    const c = client("basic");
    const { tokens } = await authorizeAndExchange(c);
    const r1 = await c.refresh(tokens.refreshToken as string);
    const r2 = await c.refresh(tokens.refreshToken as string);
    expect(r1.refreshToken).toBe(tokens.refreshToken);
    expect(r2.refreshToken).toBe(tokens.refreshToken);
    expect(r2.accessToken).not.toBe(r1.accessToken);
  });

  it("a refresh response without refresh_token keeps the old one", async () => {
    server.rotateRefreshTokens = false;
    const def = provider({
      clientAuth: "post",
      hooks: {
        processTokenResponse: (body) => {
          const { refresh_token: _dropped, ...rest } = body;
          return rest;
        },
      },
    });
    const c = client("post", def);
    const request = c.createAuthorizationRequest();
    const { code } = c.processRedirect(await server.authorize(request.url), request.state);
    const first = await c.exchangeCode(code, { codeVerifier: request.codeVerifier });
    expect(first.refreshToken).toBeUndefined();
    const plain = client("post");
    const { tokens } = await authorizeAndExchange(plain);
    const refreshed = await c.refresh(tokens.refreshToken as string);
    expect(refreshed.refreshToken).toBe(tokens.refreshToken);
  });

  it("invalid_client for a wrong secret (basic and post), without leaking it", async () => {
    for (const kind of ["basic", "post"] as const) {
      const c = createOAuthClient(provider({ clientAuth: kind }), {
        clientId: CLIENTS[kind].clientId,
        clientSecret: "WRONG-SECRET-VALUE",
        redirectUri: redirectUri(),
      });
      const e = await rejects(c.refresh("some-refresh-token-value"));
      expect(e).toBeInstanceOf(InvalidClientError);
      expect((e as InvalidClientError).status).toBe(401);
      const shown = `${e.message} ${e.hint} ${JSON.stringify(e)} ${inspect(e, { depth: 5 })}`;
      expect(shown).not.toContain("WRONG-SECRET-VALUE");
      expect(shown).not.toContain("some-refresh-token-value");
    }
  });

  it("invalid_grant for a reused code and for a wrong PKCE verifier", async () => {
    const c = client("basic");
    const { code, request } = await authorizeAndExchange(c);
    const reused = await rejects(c.exchangeCode(code, { codeVerifier: request.codeVerifier }));
    expect(reused).toBeInstanceOf(InvalidGrantError);
    expect(reused.message).toContain("authorization code");
    expect(inspect(reused) + JSON.stringify(reused)).not.toContain(code);

    const r2 = c.createAuthorizationRequest();
    const { code: code2 } = c.processRedirect(await server.authorize(r2.url), r2.state);
    const wrong = await rejects(c.exchangeCode(code2, { codeVerifier: "x".repeat(43) }));
    expect(wrong).toBeInstanceOf(InvalidGrantError);
  });

  it("error=access_denied from the consent step", async () => {
    server.interaction = "deny";
    const c = client("basic");
    const request = c.createAuthorizationRequest();
    const redirect = await server.authorize(request.url);
    const e = (() => {
      try {
        c.processRedirect(redirect, request.state);
      } catch (err) {
        return err as OAuthError;
      }
      throw new Error("expected a throw");
    })();
    expect(e).toBeInstanceOf(AccessDeniedError);
    expect(e.message).toContain("denied");
  });

  it("other redirect errors (unsupported scope) and a state mismatch", async () => {
    const c = client("basic");
    const request = c.createAuthorizationRequest({
      scopes: ["openid", "no-such-scope"],
      extraParams: { response_type: "token" },
    });
    const redirect = await server.authorize(request.url);
    expect(() => c.processRedirect(redirect, request.state)).toThrow(AuthorizationResponseError);

    const ok = c.createAuthorizationRequest();
    const good = await server.authorize(ok.url);
    expect(() => c.processRedirect(good, "another-state")).toThrow(StateMismatchError);
  });

  it("rewriteUrl routes a public endpoint to the local server", async () => {
    const def = defineOAuthProvider({
      id: "rewritten",
      authorizationEndpoint: "https://{tenant}.auth.example/auth",
      tokenEndpoint: "https://{tenant}.auth.example/token",
      scopes: { default: ["openid", "offline_access"] },
      authorizationParams: { prompt: "consent" },
    });
    const seen: string[] = [];
    const c = createOAuthClient(def, {
      ...CLIENTS.basic,
      redirectUri: redirectUri(),
      values: { tenant: "acme" },
      rewriteUrl: (url) => {
        seen.push(url.host);
        return new URL(`${url.pathname}${url.search}`, server.issuer);
      },
    });
    const { tokens } = await authorizeAndExchange(c);
    expect(tokens.accessToken).toBeTruthy();
    expect(seen).toEqual(["acme.auth.example", "acme.auth.example"]);
  });

  it("unexpected responses, throttling, network failure and timeout", async () => {
    const html = client("basic", provider({ tokenEndpoint: `${server.issuer}/html-error` }));
    const e1 = (await rejects(html.refresh("rt-value"))) as UnexpectedResponseError;
    expect(e1).toBeInstanceOf(UnexpectedResponseError);
    expect(e1.status).toBe(500);
    expect(e1.contentType).toBe("text/html");
    expect(e1.bodyExcerpt).toContain("Internal error");

    const throttled = client("basic", provider({ tokenEndpoint: `${server.issuer}/throttle` }));
    const e2 = (await rejects(throttled.refresh("rt-value"))) as ThrottledError;
    expect(e2).toBeInstanceOf(ThrottledError);
    expect(e2.retryAfterMs).toBe(3000);

    const port = await closedPort();
    let attempts = 0;
    const down = client("basic", provider({ tokenEndpoint: `http://127.0.0.1:${port}/token` }), {
      fetch: (input, init) => {
        attempts++;
        return fetch(input, init);
      },
    });
    const e3 = await rejects(down.refresh("rt-value"));
    expect(e3).toBeInstanceOf(NetworkError);
    expect(e3.message).toContain("ECONNREFUSED");
    expect(attempts).toBe(2); // one retry: the connection was refused, nothing was sent

    let hangAttempts = 0;
    const slow = client("basic", provider({ tokenEndpoint: `${server.issuer}/hang` }), {
      timeoutMs: 300,
      fetch: (input, init) => {
        hangAttempts++;
        return fetch(input, init);
      },
    });
    const e4 = await rejects(slow.refresh("rt-value"));
    expect(e4).toBeInstanceOf(TimeoutError);
    expect(hangAttempts).toBe(1); // a request that may have arrived is never retried
  });

  it("revocation with wrong client credentials is invalid_client", async () => {
    const c = createOAuthClient(provider({ clientAuth: "basic" }), {
      clientId: CLIENTS.basic.clientId,
      clientSecret: "nope-nope",
    });
    expect(await rejects(c.revoke("whatever-token"))).toBeInstanceOf(InvalidClientError);
  });
});

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
