import { prop } from "@x/conn-string";
import { defineOAuthProvider } from "@x/oauth-core";
import { describe, expect, test } from "vitest";
import { headerAuth } from "../src/auth.js";
import { defineConnector } from "../src/connector.js";
import { envelopeParser } from "../src/envelope.js";
import { packageUserAgent } from "../src/package-info.js";
import { defaultClientEnv } from "../src/setup.js";

// A connector that is only data: no network is reached by these tests.
const demo = defineConnector({
  id: "demo-crm",
  name: "Demo CRM",
  userAgent: packageUserAgent(import.meta.url),
  properties: { APIToken: prop.string({ secret: true }), Tenant: prop.string() },
  authSchemes: ["OAuth", "APIToken"],
  authSchemeAliases: { Basic: "APIToken" },
  requires: { APIToken: { properties: ["APIToken", "Tenant"], hint: "Set APIToken and Tenant." } },
  oauth: {
    definition: defineOAuthProvider({
      id: "demo-crm",
      authorizationEndpoint: "https://demo.example/oauth/authorize",
      tokenEndpoint: "https://demo.example/oauth/token",
    }),
    registerAppUrl: "https://demo.example/apps",
  },
  credentials: ({ config }) => headerAuth("x-token", config.APIToken!),
  api: () => ({ baseUrl: "https://demo.example", allowedHosts: ["demo.example"] }),
  whoAmI: { path: "me", map: (me: { id: string }) => ({ id: me.id }) },
  resources: () => ({}),
});

describe("a connector as data", () => {
  test("a documented older scheme name reads as the scheme it names", () => {
    expect(demo.parseConfig("AuthScheme=basic;APIToken=t").AuthScheme).toBe("APIToken");
    expect(demo.parseConfig("AuthScheme=APIToken").AuthScheme).toBe("APIToken");
    expect(demo.parseConfig("").AuthScheme).toBe("OAuth");
  });

  test("requires: a missing property is a configuration error naming it, with the hint apart", async () => {
    const err = await demo.connect("AuthScheme=APIToken;APIToken=t").catch((e) => e);
    expect(err.code).toBe("CONNECTOR_CONFIGURATION");
    expect(err.message).toContain("AuthScheme=APIToken needs APIToken and Tenant");
    expect(err.hint).toBe("Set APIToken and Tenant.");
  });

  test("client credential variables and the User-Agent derive from the id and package.json", async () => {
    expect(defaultClientEnv("demo-crm")).toEqual({
      clientId: "X_DEMO_CRM_CLIENT_ID",
      clientSecret: "X_DEMO_CRM_CLIENT_SECRET",
    });
    const err = await demo
      .getAuthorizationUrl("InitiateOAuth=GETANDREFRESH", {}, { env: {} })
      .catch((e) => e);
    expect(`${err.message} ${err.hint}`).toContain("X_DEMO_CRM_CLIENT_ID");
    expect(packageUserAgent(import.meta.url)).toMatch(/^@x\/connector-kit\/\d+\.\d+\.\d+/);
  });

  test("an error envelope is read from the first path that holds a value", () => {
    const parse = envelopeParser({
      code: ["error", "error.title"],
      message: ["error.message", "description"],
    });
    expect(parse('{"error":"invalid_token","description":"expired"}')).toEqual({
      code: "invalid_token",
      message: "expired",
    });
    expect(parse('{"error":{"title":"RecordNotFound","message":"Not found"}}')).toEqual({
      code: "RecordNotFound",
      message: "Not found",
    });
    expect(parse('{"code":57}')).toEqual({ code: undefined, message: undefined });
  });

  test("an envelope with parse reads bodies that are not JSON (XML errors) with it", () => {
    const parse = envelopeParser({
      parse: (body) => (body.startsWith("<errors>") ? { message: body.slice(8, 21) } : undefined),
    });
    expect(parse("<errors>Name is blank</errors>")).toEqual({ message: "Name is blank" });
    expect(parse("Bad Request")).toEqual({});
  });
});
