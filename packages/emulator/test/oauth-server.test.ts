import { createHash } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createOAuthServer,
  type Emulator,
  type OAuthServerSpec,
  type ProviderModule,
  startEmulator,
} from "../src/index.js";
import { postForm, REDIRECT } from "./helpers.js";

// A provider module that is nothing but the core's OAuth server, one spec per host name
// (`<rotation>.oauth.test`), so each behaviour is checked apart from any real provider's quirks.
type Rotation = OAuthServerSpec["refresh"]["rotation"];

function testModule(id: string, host: string, rotation: Rotation): ProviderModule {
  return {
    id,
    name: `Test ${id}`,
    defaultClient: { clientId: `${id}-client`, clientSecret: `${id}-secret` },
    matchHost: (h) => (h === host ? { kind: "oauth", params: {} } : undefined),
    create(core) {
      const oauth = createOAuthServer(core, {
        authorizePath: "/authorize",
        tokenPath: "/token",
        revoke: {
          path: "/revoke",
          clientAuth: true,
          unknownToken: "error",
          response: () => core.respond.empty(200),
        },
        clientAuth: "basic_or_body",
        pkce: { methods: ["S256"], requiredForPublicClients: true },
        requireResponseTypeCode: true,
        userId: "u1",
        codeTtlSeconds: 60,
        accessTtlSeconds: 600,
        refresh: { rotation, revokeAccessTokensOnRotation: true },
        consent: (ctx) => ({ scopes: ["read"], data: { scope: ctx.param("scope") ?? "read" } }),
        grants: {
          client_credentials: (ctx, clientId) =>
            oauth.issue(ctx, {
              grant: "client_credentials",
              clientId,
              userId: "service",
              scopes: [],
              data: {},
              withRefresh: false,
            }),
        },
        tokenResponse: (_ctx, { access, refreshToken, grant }) =>
          core.respond.json(200, {
            access_token: access.token,
            refresh_token: refreshToken,
            grant,
          }),
      });
      return {
        routes: [
          ...oauth.routes,
          {
            method: "GET",
            path: "/me",
            endpoint: "me",
            handler: (ctx) => core.respond.json(200, oauth.bearer(ctx)),
          },
        ],
        throttled: () => core.respond.empty(429),
      };
    },
  };
}

const MODULES = {
  rotate: testModule("rot", "rotate.oauth.test", "rotate"),
  none: testModule("keep", "none.oauth.test", "none"),
  echo: testModule("echo", "echo.oauth.test", "echo"),
};

let em: Emulator;
beforeAll(async () => {
  em = await startEmulator({
    autoApprove: true,
    providers: Object.values(MODULES) as ProviderModule<never>[],
  });
});
afterAll(() => em.close());
beforeEach(() => em.reset());

const at = (rotation: Rotation, path: string) => `${em.url}/${rotation}.oauth.test${path}`;
const idOf = (rotation: Rotation) => MODULES[rotation].id;

async function authorize(rotation: Rotation, extra: Record<string, string> = {}) {
  const q = new URLSearchParams({
    response_type: "code",
    client_id: `${idOf(rotation)}-client`,
    redirect_uri: REDIRECT,
    state: "st",
    ...extra,
  });
  const r = await fetch(`${at(rotation, "/authorize")}?${q}`, { redirect: "manual" });
  return new URL(r.headers.get("location") ?? "http://invalid/").searchParams;
}

function token(rotation: Rotation, fields: Record<string, string>) {
  const id = idOf(rotation);
  return postForm(at(rotation, "/token"), {
    client_id: `${id}-client`,
    client_secret: `${id}-secret`,
    ...fields,
  });
}

async function exchange(rotation: Rotation) {
  const code = (await authorize(rotation)).get("code")!;
  const r = await token(rotation, {
    grant_type: "authorization_code",
    code,
    redirect_uri: REDIRECT,
  });
  expect(r.status).toBe(200);
  return (await r.json()) as { access_token: string; refresh_token?: string };
}

const me = async (rotation: Rotation, accessToken: string) =>
  (await (
    await fetch(at(rotation, "/me"), { headers: { authorization: `Bearer ${accessToken}` } })
  ).json()) as { kind: string };

describe("createOAuthServer", () => {
  it("redeems a code once, for its client and redirect URI only", async () => {
    const code = (await authorize("none")).get("code")!;
    const wrongRedirect = await token("none", {
      grant_type: "authorization_code",
      code,
      redirect_uri: "http://127.0.0.1:1/other",
    });
    expect(wrongRedirect.status).toBe(400);
    expect(await wrongRedirect.json()).toMatchObject({ error: "invalid_grant" });
    // The failed attempt used the code up.
    const again = await token("none", {
      grant_type: "authorization_code",
      code,
      redirect_uri: REDIRECT,
    });
    expect(await again.json()).toMatchObject({ error: "invalid_grant" });
    expect(em.count("keep", "token.exchange")).toBe(2);
  });

  it("a code of another provider is unknown here and stays redeemable there", async () => {
    const code = (await authorize("rotate")).get("code")!;
    const here = await token("none", {
      grant_type: "authorization_code",
      code,
      redirect_uri: REDIRECT,
    });
    expect(await here.json()).toMatchObject({ error: "invalid_grant" });
    const there = await token("rotate", {
      grant_type: "authorization_code",
      code,
      redirect_uri: REDIRECT,
    });
    expect(there.status).toBe(200);
  });

  it("checks the S256 code_verifier", async () => {
    const verifier = "v".repeat(43);
    const challenge = createHash("sha256").update(verifier).digest("base64url");
    const q = { code_challenge: challenge, code_challenge_method: "S256" };
    const bad = await token("none", {
      grant_type: "authorization_code",
      code: (await authorize("none", q)).get("code")!,
      redirect_uri: REDIRECT,
      code_verifier: "w".repeat(43),
    });
    expect(await bad.json()).toMatchObject({ error: "invalid_grant" });
    const good = await token("none", {
      grant_type: "authorization_code",
      code: (await authorize("none", q)).get("code")!,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    });
    expect(good.status).toBe(200);
  });

  it("refuses plain PKCE, a missing challenge from a public client, and other response types", async () => {
    expect((await authorize("none", { code_challenge: "x".repeat(43) })).get("error")).toBe(
      "invalid_request",
    );
    em.registerClient({ provider: "keep", clientId: "public-app" });
    expect((await authorize("none", { client_id: "public-app" })).get("error")).toBe(
      "invalid_request",
    );
    expect((await authorize("none", { response_type: "token" })).get("error")).toBe(
      "unsupported_response_type",
    );
  });

  it("rotate: a new refresh token each time; the old one and its access tokens stop working", async () => {
    const first = await exchange("rotate");
    const r = await token("rotate", {
      grant_type: "refresh_token",
      refresh_token: first.refresh_token!,
    });
    const next = (await r.json()) as { access_token: string; refresh_token: string };
    expect(next.refresh_token).toBeTruthy();
    expect(next.refresh_token).not.toBe(first.refresh_token);
    expect((await me("rotate", first.access_token)).kind).toBe("invalid");
    expect((await me("rotate", next.access_token)).kind).toBe("valid");
    const reused = await token("rotate", {
      grant_type: "refresh_token",
      refresh_token: first.refresh_token!,
    });
    expect(reused.status).toBe(400);
    expect(await reused.json()).toMatchObject({ error: "invalid_grant" });
  });

  it("none keeps the refresh token without sending it; echo sends it again", async () => {
    for (const rotation of ["none", "echo"] as const) {
      const first = await exchange(rotation);
      for (let i = 0; i < 2; i++) {
        const r = await token(rotation, {
          grant_type: "refresh_token",
          refresh_token: first.refresh_token!,
        });
        const body = (await r.json()) as { access_token: string; refresh_token?: string };
        expect(body.refresh_token).toBe(rotation === "echo" ? first.refresh_token : undefined);
        expect((await me(rotation, body.access_token)).kind).toBe("valid");
      }
      expect(em.count(idOf(rotation), "token.refresh")).toBe(2);
    }
  });

  it("client authentication, extra grants and unknown grants", async () => {
    const wrong = await token("none", { grant_type: "refresh_token", client_secret: "nope" });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: "invalid_client" });
    const basic = Buffer.from("keep-client:keep-secret").toString("base64");
    const cc = await postForm(
      at("none", "/token"),
      { grant_type: "client_credentials" },
      { authorization: `Basic ${basic}` },
    );
    expect(await cc.json()).toMatchObject({ grant: "client_credentials" });
    expect(em.count("keep", "token.client_credentials")).toBe(1);
    const odd = await token("none", { grant_type: "password" });
    expect(await odd.json()).toEqual({
      error: "unsupported_grant_type",
      error_description: 'Unsupported grant_type "password"',
    });
    expect(em.count("keep", "token.other")).toBe(1);
  });

  it("revokes only the client's own tokens, and a revoked refresh token takes its access tokens", async () => {
    const t = await exchange("none");
    const foreign = await postForm(at("none", "/revoke"), {
      client_id: "keep-client",
      client_secret: "keep-secret",
      token: "not-a-token",
    });
    expect(await foreign.json()).toMatchObject({ error: "invalid_request" });
    const ok = await postForm(at("none", "/revoke"), {
      client_id: "keep-client",
      client_secret: "keep-secret",
      token: t.refresh_token!,
    });
    expect(ok.status).toBe(200);
    expect((await me("none", t.access_token)).kind).toBe("invalid");
  });

  it("bearer: none without credentials, invalid for another provider's token", async () => {
    const t = await exchange("rotate");
    expect((await (await fetch(at("none", "/me"))).json()).kind).toBe("none");
    expect((await me("none", t.access_token)).kind).toBe("invalid");
  });
});
