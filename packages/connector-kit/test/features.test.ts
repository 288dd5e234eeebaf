import { describe, expect, test } from "vitest";
import type { ConnectorConfig } from "../src/config.js";
import type { ConnectorContext } from "../src/definition.js";
import { ApiError, ConnectorError } from "../src/errors.js";
import {
  accountHost,
  anonymousChecks,
  type DiscoverySpec,
  discoverAccount,
  discoveredIdentity,
  refuseAnonymous,
} from "../src/features.js";
import type { ApiClient } from "../src/http.js";

describe("accountHost", () => {
  const any = accountHost({
    domain: "crm.example",
    invalid: (v) => `CompanyDomain "${v}" is not a company domain.`,
    hint: "Set CompanyDomain=acme.",
  });
  const url = accountHost({
    domain: "desk.example",
    forms: "url",
    invalid: () => "URL must be https://<subdomain>.desk.example.",
    hint: "Copy it from the address bar.",
  });

  test("every accepted form gives the same lowercase subdomain and origin", () => {
    for (const v of ["acme", "Acme.crm.example", "https://acme.crm.example/", " acme/ "]) {
      expect(any.subdomain(v)).toBe("acme");
      expect(any.origin(v)).toBe("https://acme.crm.example");
      expect(any.key(v)).toBe("acme");
    }
    expect(url.origin("https://ACME.desk.example")).toBe("https://acme.desk.example");
  });

  test("other values are a configuration error naming the value, with the hint", () => {
    for (const v of ["acme.other.example", "http://acme.crm.example", "a b", "-acme"]) {
      expect(any.parse(v)).toBeUndefined();
      const error = (() => {
        try {
          any.origin(v);
        } catch (e) {
          return e as ConnectorError;
        }
      })();
      expect(error).toBeInstanceOf(ConnectorError);
      expect(error?.code).toBe("CONNECTOR_CONFIGURATION");
      expect(error?.message).toContain(v);
      expect(error?.hint).toBe("Set CompanyDomain=acme.");
    }
    // The url form takes only the https address.
    expect(url.parse("acme")).toBeUndefined();
    expect(() => url.subdomain("acme.desk.example")).toThrow("URL must be");
    expect(any.key("not a domain!")).toBe("not a domain!");
    expect(any.key(undefined)).toBeUndefined();
  });
});

describe("anonymous answers", () => {
  const answer = {
    path: /\/users\/me(\.json)?$/,
    test: (body: unknown) => (body as { user?: { id?: unknown } })?.user?.id === null,
    message: "Answered as the anonymous user.",
    hint: "Authorize again.",
  };
  const { isUnauthorized, unauthorizedIn } = anonymousChecks(answer);
  const json = (body: unknown) => new Response(JSON.stringify(body));

  test("only the declared path, and only the anonymous body, means not authenticated", async () => {
    const me = new Request("https://x.example/api/users/me.json");
    expect(unauthorizedIn(new URL(me.url))).toBe(true);
    expect(unauthorizedIn(new URL("https://x.example/api/tickets.json"))).toBe(false);
    expect(await isUnauthorized(me, json({ user: { id: null } }))).toBe(true);
    expect(await isUnauthorized(me, json({ user: { id: 7 } }))).toBe(false);
    expect(await isUnauthorized(me, new Response("not json"))).toBe(false);
    const other = new Request("https://x.example/api/tickets.json");
    expect(await isUnauthorized(other, json({ user: { id: null } }))).toBe(false);
  });

  test("who-am-I refuses the anonymous answer as CONNECTOR_NOT_AUTHENTICATED", () => {
    expect(() => refuseAnonymous(answer, "api/users/me.json", { user: { id: null } })).toThrow(
      expect.objectContaining({ code: "CONNECTOR_NOT_AUTHENTICATED", hint: "Authorize again." }),
    );
    expect(() => refuseAnonymous(answer, "api/users/me.json", { user: { id: 1 } })).not.toThrow();
    expect(() => refuseAnonymous(undefined, "api/users/me.json", {})).not.toThrow();
  });
});

describe("account discovery", () => {
  type Config = ConnectorConfig & { AccountId?: string | undefined };
  const accounts = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ id: 100 + i, name: `Org ${i}`, sub: `org${i}` }));

  function context(config: Partial<Config>, body: unknown | (() => never), scheme = "OAuth") {
    const state: Record<string, string> = {};
    let reads = 0;
    const ctx = {
      config,
      scheme,
      state,
      warn() {},
      metadata: async () => ({}),
      readJson: async () => {
        reads += 1;
        return typeof body === "function" ? (body as () => never)() : body;
      },
    } as unknown as ConnectorContext<Config>;
    return { ctx, state, reads: () => reads };
  }
  const api = {} as ApiClient;
  const spec: DiscoverySpec<Config> = {
    path: "accounts",
    schemes: ["OAuth"],
    property: "AccountId",
    state: "origin",
    items: (body) =>
      (body as ReturnType<typeof accounts>).map((a) => ({
        id: String(a.id),
        name: a.name,
        value: `https://${a.sub}.crm.example`,
      })),
    valueFor: (choice) => `https://${choice}.crm.example`,
    owner: "This identity",
    noun: ["account", "accounts"],
    noneHint: "Create an account first.",
    unauthorized: { message: "No active accounts.", hint: "Sign in with another identity." },
  };

  test("the only account is chosen without a property", async () => {
    const { ctx, state } = context({}, accounts(1));
    await discoverAccount(spec, ctx, api);
    expect(state.origin).toBe("https://org0.crm.example");
  });

  test("several without a choice: an error listing them; the property chooses by id or value", async () => {
    const err = await discoverAccount(spec, context({}, accounts(2)).ctx, api).catch((e) => e);
    expect(err.code).toBe("CONNECTOR_CONFIGURATION");
    expect(err.message).toBe("This identity has 2 accounts; AccountId must say which.");
    expect(err.hint).toBe("Set AccountId to one of: 100 (Org 0), 101 (Org 1).");
    const byId = context({ AccountId: "101" }, accounts(2));
    await discoverAccount(spec, byId.ctx, api);
    expect(byId.state.origin).toBe("https://org1.crm.example");
    const byValue = context({ AccountId: "org0" }, accounts(2));
    await discoverAccount(spec, byValue.ctx, api);
    expect(byValue.state.origin).toBe("https://org0.crm.example");
  });

  test("a choice matching none, and no account at all, are errors saying what there is", async () => {
    const miss = await discoverAccount(
      spec,
      context({ AccountId: "9" }, accounts(2)).ctx,
      api,
    ).catch((e) => e);
    expect([miss.code, miss.message]).toEqual([
      "CONNECTOR_CONFIGURATION",
      "No account matches AccountId=9.",
    ]);
    expect(miss.hint).toContain("100 (Org 0)");
    const none = await discoverAccount(spec, context({}, []).ctx, api).catch((e) => e);
    expect([none.message, none.hint]).toEqual([
      "This identity has no account.",
      "Create an account first.",
    ]);
  });

  test("a 401 of the listing is the declared not-authenticated error; other errors pass", async () => {
    const refused = new ApiError({
      provider: "X",
      method: "GET",
      url: "https://x/accounts",
      status: 401,
    });
    const err = await discoverAccount(
      spec,
      context({}, () => {
        throw refused;
      }).ctx,
      api,
    ).catch((e) => e);
    expect([err.code, err.message, err.cause]).toEqual([
      "CONNECTOR_NOT_AUTHENTICATED",
      "No active accounts.",
      refused,
    ]);
    const broken = new ApiError({
      provider: "X",
      method: "GET",
      url: "https://x/accounts",
      status: 500,
    });
    const passed = await discoverAccount(
      spec,
      context({}, () => {
        throw broken;
      }).ctx,
      api,
    ).catch((e) => e);
    expect(passed).toBe(broken);
  });

  test("other schemes skip it; a trusted property is kept without listing", async () => {
    const basic = context({}, accounts(2), "APIToken");
    await discoverAccount(spec, basic.ctx, api);
    expect([basic.state.origin, basic.reads()]).toEqual([undefined, 0]);
    const trusted = context({ AccountId: "777" }, accounts(2));
    await discoverAccount({ ...spec, trustProperty: true }, trusted.ctx, api);
    expect([trusted.state.origin, trusted.reads()]).toEqual(["777", 0]);
  });

  test("who-am-I as the account: the chosen one, or an error listing the others", async () => {
    const { ctx, state } = context({}, accounts(2));
    state.origin = "https://org1.crm.example";
    expect(await discoveredIdentity(spec, ctx, api)).toMatchObject({ id: "101", name: "Org 1" });
    state.origin = "https://gone.crm.example";
    const err = await discoveredIdentity(spec, ctx, api).catch((e) => e);
    expect(err.code).toBe("CONNECTOR_CONFIGURATION");
    expect(err.hint).toBe("Use one of: 100 (Org 0), 101 (Org 1).");
  });
});
