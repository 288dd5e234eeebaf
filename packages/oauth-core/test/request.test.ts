import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { defineOAuthProvider } from "../src/definition.js";
import { ConfigurationError } from "../src/errors.js";
import { codeChallengeS256 } from "../src/pkce.js";
import {
  basicAuthorization,
  buildAuthorizationUrl,
  buildRevocationRequest,
  buildTokenRequest,
} from "../src/request.js";
import { launchpadLike, pipedriveLike, zendeskLike, zohoLike } from "./support/providers.js";

const generic = defineOAuthProvider({
  id: "generic",
  authorizationEndpoint: "https://as.example/authorize?tenant=t1",
  tokenEndpoint: "https://as.example/token",
  revocationEndpoint: "https://as.example/revoke",
  scopes: { default: ["openid", "offline_access"] },
});
const client = { clientId: "cid", clientSecret: "s3cret", redirectUri: "http://127.0.0.1:8765/cb" };

describe("buildAuthorizationUrl", () => {
  it("builds a standard URL with state and S256 PKCE, keeping template query", () => {
    const url = buildAuthorizationUrl(generic, client, { state: "st", codeChallenge: "ch" });
    expect(url.origin + url.pathname).toBe("https://as.example/authorize");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      tenant: "t1",
      response_type: "code",
      client_id: "cid",
      redirect_uri: "http://127.0.0.1:8765/cb",
      scope: "openid offline_access",
      state: "st",
      code_challenge: "ch",
      code_challenge_method: "S256",
    });
  });

  it("requires a challenge when PKCE is on", () => {
    expect(() => buildAuthorizationUrl(generic, client, { state: "s" })).toThrow(
      ConfigurationError,
    );
  });

  it("omits PKCE where the provider rejects it and adds provider params (Launchpad type=web_server)", () => {
    const url = buildAuthorizationUrl(launchpadLike, client, {
      state: "s",
      codeChallenge: "ignored",
    });
    expect(url.searchParams.get("type")).toBe("web_server");
    expect(url.searchParams.has("code_challenge")).toBe(false);
    expect(url.searchParams.has("scope")).toBe(false);
  });

  it("joins scopes with the provider separator and merges extra params last", () => {
    const url = buildAuthorizationUrl(zohoLike, client, {
      state: "s",
      codeChallenge: "c",
      extraParams: { prompt: "none", Permissions: "x" },
    });
    expect(url.searchParams.get("scope")).toBe("ZohoCRM.modules.ALL,ZohoCRM.settings.ALL");
    expect(url.searchParams.get("access_type")).toBe("offline");
    expect(url.searchParams.get("prompt")).toBe("none");
    expect(url.searchParams.get("Permissions")).toBe("x");
  });

  it("fills templates from values", () => {
    const url = buildAuthorizationUrl(zendeskLike, client, {
      state: "s",
      codeChallenge: "c",
      values: { subdomain: "acme" },
      scopes: ["read"],
    });
    expect(url.host).toBe("acme.zendesk.com");
    expect(url.searchParams.get("scope")).toBe("read");
  });
});

describe("buildTokenRequest", () => {
  it("client_secret_basic: form-urlencodes id and secret before base64 (RFC 6749 2.3.1)", () => {
    const req = buildTokenRequest(
      pipedriveLike,
      { clientId: "id:1 é", clientSecret: "p@ss+w/rd&" },
      {
        type: "authorization_code",
        code: "the-code",
      },
    );
    const header = req.headers.authorization ?? "";
    expect(header.startsWith("Basic ")).toBe(true);
    const decoded = Buffer.from(header.slice(6), "base64").toString("utf8");
    expect(decoded).toBe("id%3A1+%C3%A9:p%40ss%2Bw%2Frd%26");
    expect(basicAuthorization("a", "b")).toBe(`Basic ${Buffer.from("a:b").toString("base64")}`);
    expect(req.body.has("client_secret")).toBe(false);
    expect(req.body.has("client_id")).toBe(false);
    expect(req.body.get("grant_type")).toBe("authorization_code");
    expect(req.body.get("code")).toBe("the-code");
    expect(req.method).toBe("POST");
    expect(req.headers["content-type"]).toMatch(/application\/x-www-form-urlencoded/);
  });

  it("client_secret_post: credentials in the body; tokenParams on exchange only", () => {
    const req = buildTokenRequest(
      zendeskLike,
      client,
      { type: "authorization_code", code: "c", codeVerifier: "v" },
      { subdomain: "acme" },
    );
    expect(req.url.href).toBe("https://acme.zendesk.com/oauth/tokens");
    expect(Object.fromEntries(req.body)).toEqual({
      grant_type: "authorization_code",
      code: "c",
      redirect_uri: client.redirectUri,
      code_verifier: "v",
      expires_in: "1800",
      client_id: "cid",
      client_secret: "s3cret",
    });
    expect(req.headers.authorization).toBeUndefined();
  });

  it("refresh uses refreshParams and optional narrowed scopes", () => {
    const req = buildTokenRequest(
      zohoLike,
      client,
      { type: "refresh_token", refreshToken: "rt", scopes: ["a", "b"] },
      { "accounts-server": "https://accounts.zoho.eu" },
    );
    expect(req.url.href).toBe("https://accounts.zoho.eu/oauth/v2/token");
    expect(req.body.get("grant_type")).toBe("refresh_token");
    expect(req.body.get("refresh_token")).toBe("rt");
    expect(req.body.get("scope")).toBe("a,b");
    expect(req.body.has("redirect_uri")).toBe(false);
    expect(req.body.has("access_type")).toBe(false);
  });

  it("public clients (none, or no secret) send only client_id", () => {
    const none = defineOAuthProvider({ ...generic, id: "pub", clientAuth: "none", hooks: {} });
    const a = buildTokenRequest(none, client, { type: "refresh_token", refreshToken: "r" });
    expect(a.body.get("client_id")).toBe("cid");
    expect(a.body.has("client_secret")).toBe(false);
    expect(a.headers.authorization).toBeUndefined();
    const b = buildTokenRequest(
      generic,
      { clientId: "cid" },
      { type: "refresh_token", refreshToken: "r" },
    );
    expect(b.body.get("client_id")).toBe("cid");
    expect(b.headers.authorization).toBeUndefined();
  });

  it("Launchpad hook replaces grant_type with type=web_server / type=refresh", () => {
    const exchange = buildTokenRequest(launchpadLike, client, {
      type: "authorization_code",
      code: "c",
    });
    expect(exchange.body.has("grant_type")).toBe(false);
    expect(exchange.body.get("type")).toBe("web_server");
    expect(exchange.body.get("client_secret")).toBe("s3cret");
    const refresh = buildTokenRequest(launchpadLike, client, {
      type: "refresh_token",
      refreshToken: "r",
    });
    expect(refresh.body.has("grant_type")).toBe(false);
    expect(refresh.body.get("type")).toBe("refresh");
    expect(refresh.body.get("refresh_token")).toBe("r");
  });

  it("keeps secrets out of util.inspect and JSON of a request", () => {
    const req = buildTokenRequest(
      pipedriveLike,
      { clientId: "cid", clientSecret: "TOPSECRET" },
      {
        type: "refresh_token",
        refreshToken: "REFRESHSECRET",
      },
    );
    const shown = inspect(req, { depth: 5 }) + JSON.stringify(req);
    expect(shown).not.toContain("REFRESHSECRET");
    expect(shown).not.toContain(Buffer.from("cid:TOPSECRET").toString("base64"));
    expect(shown).toContain("refresh_token");
  });

  it("names a missing template value", () => {
    expect(() =>
      buildTokenRequest(zohoLike, client, { type: "refresh_token", refreshToken: "r" }),
    ).toThrow(/accounts-server/);
  });
});

describe("buildRevocationRequest", () => {
  it("sends token, hint and client auth", () => {
    const req = buildRevocationRequest(pipedriveLike, client, {
      token: "t",
      tokenTypeHint: "refresh_token",
    });
    expect(req.url.href).toBe("https://oauth.pipedrive.com/oauth/revoke");
    expect(Object.fromEntries(req.body)).toEqual({ token: "t", token_type_hint: "refresh_token" });
    expect(req.headers.authorization).toMatch(/^Basic /);
  });

  it("fails clearly without a revocation endpoint", () => {
    expect(() => buildRevocationRequest(launchpadLike, client, { token: "t" })).toThrow(
      /no revocation endpoint/,
    );
  });
});

describe("PKCE", () => {
  it("computes the RFC 7636 appendix B challenge", () => {
    expect(codeChallengeS256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).toBe(
      "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    );
  });
});
