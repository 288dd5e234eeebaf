import { describe, expect, it } from "vitest";
import { defineOAuthProvider, fillTemplate, templatePlaceholders } from "../src/definition.js";
import {
  InvalidProviderDefinitionError,
  OAUTH_TEMPLATE_VALUE,
  TemplateValueError,
} from "../src/errors.js";

const base = {
  id: "example",
  authorizationEndpoint: "https://as.example/authorize",
  tokenEndpoint: "https://as.example/token",
};

describe("defineOAuthProvider", () => {
  it("fills documented defaults and freezes the result", () => {
    const def = defineOAuthProvider(base);
    expect(def.clientAuth).toBe("basic");
    expect(def.pkce).toBe(true);
    expect(def.scopes).toEqual({ default: [], separator: " " });
    expect(def.captureFromRedirect).toEqual([]);
    expect(Object.isFrozen(def)).toBe(true);
    expect(Object.isFrozen(def.scopes.default)).toBe(true);
    expect(() => {
      (def as { pkce: boolean }).pkce = false;
    }).toThrow(TypeError);
  });

  it("does not share arrays with the input", () => {
    const scopes = ["a"];
    const def = defineOAuthProvider({ ...base, scopes: { default: scopes } });
    scopes.push("b");
    expect(def.scopes.default).toEqual(["a"]);
  });

  it("lists every problem with its path", () => {
    let caught: unknown;
    try {
      defineOAuthProvider({
        ...base,
        id: "Bad Id",
        tokenEndpoint: "not a url",
        clientAuth: "jwt" as never,
        hooks: { expiresInSeconds: 5 as never },
      });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(InvalidProviderDefinitionError);
    const err = caught as InvalidProviderDefinitionError;
    expect(err.code).toBe("OAUTH_INVALID_DEFINITION");
    const joined = err.issues.join("\n");
    expect(joined).toMatch(/^id:/m);
    expect(joined).toMatch(/^tokenEndpoint:/m);
    expect(joined).toMatch(/^clientAuth:/m);
    expect(joined).toMatch(/^hooks\.expiresInSeconds:/m);
    expect(err.hint).toContain("defineOAuthProvider");
  });

  it("rejects unknown fields and malformed templates", () => {
    expect(() => defineOAuthProvider({ ...base, tokenUrl: "x" } as never)).toThrow(/tokenUrl/);
    expect(() =>
      defineOAuthProvider({ ...base, tokenEndpoint: "https://{sub.example/token" }),
    ).toThrow(/unbalanced brace/);
    expect(() =>
      defineOAuthProvider({ ...base, tokenEndpoint: "https://{a b}.example/t" }),
    ).toThrow(/invalid placeholder/);
    expect(() => defineOAuthProvider({ ...base, tokenEndpoint: "ftp://as.example/t" })).toThrow(
      /http/,
    );
  });

  it("accepts origin and host placeholders", () => {
    const def = defineOAuthProvider({
      ...base,
      tokenEndpoint: "{accounts-server}/oauth/v2/token",
      authorizationEndpoint: "https://{subdomain}.zendesk.com/oauth/authorizations/new",
    });
    expect(templatePlaceholders(def.tokenEndpoint)).toEqual(["accounts-server"]);
  });
});

describe("fillTemplate", () => {
  it("fills host placeholders", () => {
    expect(
      fillTemplate("https://{subdomain}.zendesk.com/oauth/tokens", { subdomain: "acme" }).href,
    ).toBe("https://acme.zendesk.com/oauth/tokens");
  });

  it("fills an origin placeholder and drops a trailing slash", () => {
    expect(
      fillTemplate("{accounts-server}/oauth/v2/token", {
        "accounts-server": "https://accounts.zoho.eu/",
      }).href,
    ).toBe("https://accounts.zoho.eu/oauth/v2/token");
  });

  it("names a missing placeholder", () => {
    try {
      fillTemplate("https://{subdomain}.zendesk.com/x", {});
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(TemplateValueError);
      expect((e as TemplateValueError).code).toBe(OAUTH_TEMPLATE_VALUE);
      expect((e as TemplateValueError).placeholder).toBe("subdomain");
      expect((e as Error).message).toContain("{subdomain}");
      expect((e as TemplateValueError).hint).toContain('"subdomain"');
    }
  });

  it("refuses values that would move the request to another host", () => {
    for (const subdomain of ["evil.com/#", "a@b", "x?y", "a b", "evil.com:80/"]) {
      expect(() => fillTemplate("https://{subdomain}.zendesk.com/x", { subdomain })).toThrow(
        TemplateValueError,
      );
    }
    for (const origin of [
      "javascript:alert(1)",
      "https://u:p@host",
      "https://host/path",
      "https://h/?q",
      "host",
    ]) {
      expect(() => fillTemplate("{o}/token", { o: origin })).toThrow(/not allowed/);
    }
  });

  it("does not read inherited properties as values", () => {
    expect(() => fillTemplate("https://{constructor}.example/x", {})).toThrow(/No value/);
  });
});
