import { inspect } from "node:util";
import { describe, expect, expectTypeOf, test } from "vitest";
import {
  ConnStringError,
  configToString,
  defineProperties,
  PropertyMap,
  parse,
  prop,
  redact,
  resolvePropertyName,
  validateProperties,
} from "../src/index.js";

const SECRET = "sup3r-s3cr3t-value";

const props = defineProperties({
  InitiateOAuth: prop.enum(["OFF", "GETANDREFRESH", "REFRESH"], {
    default: "OFF",
    description: "How OAuth tokens are obtained",
  }),
  AuthScheme: prop.enum(["OAuth", "Basic", "APIToken"]),
  OAuthClientId: prop.string(),
  OAuthClientSecret: prop.string({ secret: true }),
  Password: prop.string({ secret: true }),
  Timeout: prop.integer({ default: 60, min: 0, max: 3600 }),
  UseServerSideFiltering: prop.boolean({ default: true }),
  CallbackURL: prop.url(),
  URL: prop.url({ required: true }),
  SecurityToken: prop.string({ secret: true, aliases: ["STok"] }),
});

function fail(fn: () => unknown): ConnStringError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConnStringError);
    return e as ConnStringError;
  }
  throw new Error("did not throw");
}

const base = "URL=https://x.zendesk.com;";

describe("typed output", () => {
  test("defaults, types and canonical names", () => {
    const c = validateProperties(
      props,
      `${base}initiateoauth=getandrefresh;auth scheme=basic;TIMEOUT= 30 ;usESERVERsidefiltering=No`,
    );
    expect(c.InitiateOAuth).toBe("GETANDREFRESH");
    expect(c.AuthScheme).toBe("Basic");
    expect(c.Timeout).toBe(30);
    expect(c.UseServerSideFiltering).toBe(false);
    expect(c.OAuthClientId).toBeUndefined();
    expect(c.URL).toBe("https://x.zendesk.com");
    expect(Object.keys(c)).toEqual(Object.keys(props));
    expect(Object.isFrozen(c)).toBe(true);
    expectTypeOf(c.InitiateOAuth).toEqualTypeOf<"OFF" | "GETANDREFRESH" | "REFRESH">();
    expectTypeOf(c.AuthScheme).toEqualTypeOf<"OAuth" | "Basic" | "APIToken" | undefined>();
    expectTypeOf(c.Timeout).toEqualTypeOf<number>();
    expectTypeOf(c.UseServerSideFiltering).toEqualTypeOf<boolean>();
    expectTypeOf(c.URL).toEqualTypeOf<string>();
    expectTypeOf(c.CallbackURL).toEqualTypeOf<string | undefined>();
  });
  test.each([
    ["true", true],
    ["TRUE", true],
    ["yes", true],
    ["Yes", true],
    [" true ", true],
    ["false", false],
    ["FALSE", false],
    ["no", false],
    ["nO", false],
  ])("boolean %j", (s, b) => {
    expect(
      validateProperties(props, `${base}UseServerSideFiltering=${s}`).UseServerSideFiltering,
    ).toBe(b);
  });
  test.each(["1", "0", "on", "off", "truee", "y"])("boolean rejects %j", (s) => {
    const e = fail(() => validateProperties(props, `${base}UseServerSideFiltering=${s}`));
    expect(e.code).toBe("CONN_STRING_INVALID_VALUE");
    expect(e.allowed).toEqual(["true", "false", "yes", "no"]);
    expect(e.message).toContain(`"${s}"`);
  });
  test.each([
    ["0", 0],
    ["+5", 5],
    ["3600", 3600],
    [" 12 ", 12],
  ])("integer %j", (s, n) => {
    expect(validateProperties(props, `${base}Timeout=${s}`).Timeout).toBe(n);
  });
  test.each(["-1", "3601", "1.5", "abc", "1e3", "99999999999999999999"])(
    "integer rejects %j",
    (s) => {
      const e = fail(() => validateProperties(props, `${base}Timeout=${s}`));
      expect(e.code).toBe("CONN_STRING_INVALID_VALUE");
      expect(e.message).toContain("between 0 and 3600");
    },
  );
  test("object input with JS values", () => {
    const c = validateProperties(props, {
      URL: "https://a.b",
      Timeout: 5,
      UseServerSideFiltering: false,
      "oauth client id": "id",
      CallbackURL: undefined,
    });
    expect(c.Timeout).toBe(5);
    expect(c.UseServerSideFiltering).toBe(false);
    expect(c.OAuthClientId).toBe("id");
  });
  test("PropertyMap and JDBC input", () => {
    expect(validateProperties(props, new PropertyMap({ url: "http://h" })).URL).toBe("http://h");
    expect(
      validateProperties(props, "jdbc:cdata:zendesk:URL=http://h;InitiateOAuth=REFRESH;")
        .InitiateOAuth,
    ).toBe("REFRESH");
  });
  test("aliases and spaces", () => {
    expect(validateProperties(props, `${base}Security Token=t`).SecurityToken).toBe("t");
    expect(validateProperties(props, `${base}stok=t`).SecurityToken).toBe("t");
    expect(resolvePropertyName(props, "o auth CLIENT id")).toBe("OAuthClientId");
  });
  test("last occurrence wins across spellings", () => {
    expect(validateProperties(props, `${base}AuthScheme=OAuth;Auth Scheme=Basic`).AuthScheme).toBe(
      "Basic",
    );
  });
  test("url", () => {
    expect(validateProperties(props, `${base}CallbackURL=http://localhost:33333`).CallbackURL).toBe(
      "http://localhost:33333",
    );
    expect(fail(() => validateProperties(props, `${base}CallbackURL=not a url`)).code).toBe(
      "CONN_STRING_INVALID_VALUE",
    );
  });
  test("custom schema and name collisions", () => {
    expect(() =>
      defineProperties({ AuthScheme: prop.string(), "Auth Scheme": prop.string() }),
    ).toThrow(/collide/);
  });
  test("prop.custom takes any Standard Schema, not only valibot's", () => {
    // A hand-written Standard Schema: a port number.
    const port = {
      "~standard": {
        version: 1 as const,
        vendor: "hand-written",
        validate: (value: unknown) => {
          const n = Number(value);
          return Number.isInteger(n) && n > 0 && n < 65536
            ? { value: n }
            : { issues: [{ message: "not a port" }] };
        },
      },
    };
    const decl = defineProperties({
      Port: prop.custom<number, { required: true }>(port, { required: true, expected: "a port" }),
    });
    const config = validateProperties(decl, "Port=8443");
    expectTypeOf(config.Port).toEqualTypeOf<number>();
    expect(config.Port).toBe(8443);
    const error = fail(() => validateProperties(decl, "Port=99999"));
    expect(error.code).toBe("CONN_STRING_INVALID_VALUE");
    expect(error.message).toContain("Expected a port");
  });
  test("a schema that validates asynchronously is refused with a clear TypeError", () => {
    const decl = defineProperties({
      Slow: prop.custom({
        "~standard": {
          version: 1 as const,
          vendor: "hand-written",
          validate: async (value: unknown) => ({ value: String(value) }),
        },
      }),
    });
    expect(() => validateProperties(decl, "Slow=1")).toThrow(/"Slow" validates asynchronously/);
  });
  test("unknown: ignore", () => {
    expect(validateProperties(props, `${base}Foo=1`, { unknown: "ignore" }).URL).toBe(
      "https://x.zendesk.com",
    );
  });
});

describe("errors", () => {
  test("enum outside its set names property, value and allowed values", () => {
    const e = fail(() => validateProperties(props, `${base}InitiateOAuth=SOMETIMES`));
    expect(e.code).toBe("CONN_STRING_INVALID_VALUE");
    expect(e.property).toBe("InitiateOAuth");
    expect(e.allowed).toEqual(["OFF", "GETANDREFRESH", "REFRESH"]);
    expect(e.message).toContain("SOMETIMES");
    expect(e.message).toContain("OFF, GETANDREFRESH, REFRESH");
    expect(e.issues[0]!.received).toBe("SOMETIMES");
  });
  test.each([
    ["OAuthClientSecrt", "OAuthClientSecret"],
    ["InitiateOAuht", "InitiateOAuth"],
    ["Timout", "Timeout"],
    ["callbak url", "CallbackURL"],
    ["OAuthClient", "OAuthClientId"],
  ])("did you mean: %s", (wrong, right) => {
    const e = fail(() => validateProperties(props, `${base}${wrong}=${SECRET}`));
    expect(e.code).toBe("CONN_STRING_UNKNOWN_PROPERTY");
    expect(e.suggestion).toBe(right);
    expect(e.message).toContain(`Did you mean "${right}"?`);
    expect(e.message).not.toContain(SECRET);
  });
  test("no suggestion when nothing is close", () => {
    const e = fail(() => validateProperties(props, `${base}Zzzzzzzzzz=1`));
    expect(e.suggestion).toBeUndefined();
  });
  test("missing required", () => {
    const e = fail(() => validateProperties(props, ""));
    expect(e.code).toBe("CONN_STRING_MISSING_PROPERTY");
    expect(e.property).toBe("URL");
  });
  test("several issues reported together", () => {
    const e = fail(() =>
      validateProperties(props, `Bogus=1;InitiateOAuth=x;Timeout=y;OAuthClientSecret=${SECRET}`),
    );
    expect(e.issues.map((i) => [i.code, i.property])).toEqual([
      ["CONN_STRING_UNKNOWN_PROPERTY", "Bogus"],
      ["CONN_STRING_INVALID_VALUE", "InitiateOAuth"],
      ["CONN_STRING_INVALID_VALUE", "Timeout"],
      ["CONN_STRING_MISSING_PROPERTY", "URL"],
    ]);
    expect(e.code).toBe("CONN_STRING_UNKNOWN_PROPERTY");
    expect(e.message).toMatch(/^4 problems/);
  });
  test("syntax errors pass through", () => {
    expect(fail(() => validateProperties(props, `Password='${SECRET}`)).code).toBe(
      "CONN_STRING_SYNTAX",
    );
  });
});

describe("secrets are never echoed", () => {
  const secretProps = defineProperties({
    Password: prop.integer({ secret: true }),
    Mode: prop.enum(["A", "B"], { secret: true }),
    Flag: prop.boolean({ secret: true }),
  });
  test.each([
    `Password=${SECRET}`,
    `Mode=${SECRET}`,
    `Flag=${SECRET}`,
    `Password=${SECRET};Mode=${SECRET};Flag=${SECRET}`,
  ])("invalid secret %j", (s) => {
    const e = fail(() => validateProperties(secretProps, s));
    for (const view of [
      e.message,
      inspect(e, { depth: 10 }),
      JSON.stringify(e),
      String(e),
      e.stack ?? "",
    ]) {
      expect(view).not.toContain(SECRET);
    }
  });
  test.each([
    `Password='${SECRET}`,
    `Password=${SECRET}'`,
    `Password="${SECRET}" x`,
    `Password=${SECRET};X`,
    `Password=${SECRET}\x01`,
  ])("syntax error %j", (s) => {
    const e = fail(() => validateProperties(props, s));
    expect(inspect(e, { depth: 10 })).not.toContain(SECRET);
    expect(JSON.stringify(e)).not.toContain(SECRET);
  });
  test("validated config: inspect, JSON, String redact; fields readable", () => {
    const c = validateProperties(
      props,
      `${base}OAuthClientSecret=${SECRET};Password=${SECRET};OAuthClientId=cid`,
    );
    expect(c.OAuthClientSecret).toBe(SECRET);
    expect(inspect(c)).not.toContain(SECRET);
    expect(inspect({ nested: { c } }, { depth: 10 })).not.toContain(SECRET);
    expect(JSON.stringify(c)).not.toContain(SECRET);
    expect(JSON.stringify({ c })).not.toContain(SECRET);
    expect(String(c)).not.toContain(SECRET);
    expect(`${c}`).toContain("OAuthClientSecret=***");
    expect(JSON.parse(JSON.stringify(c)).OAuthClientId).toBe("cid");
    expect(inspect(c)).toContain("[redacted]");
  });
  test("configToString", () => {
    const c = validateProperties(props, `${base}Password=${SECRET}`);
    expect(configToString(props, c)).toContain(`Password=${SECRET}`);
    expect(configToString(props, c, { redact: true })).toBe(
      "InitiateOAuth=OFF;Password=***;Timeout=60;UseServerSideFiltering=true;URL=https://x.zendesk.com",
    );
  });
  test("PropertyMap inspect redacts secret-looking names", () => {
    expect(inspect(parse(`Password=${SECRET};A=1`))).not.toContain(SECRET);
  });
});

describe("redact()", () => {
  test.each<[string, string]>([
    [`Server=x;Password=${SECRET}`, "Server=x;Password=***"],
    [
      `OAuthClientSecret=${SECRET};OAuthAccessToken=${SECRET};OAuthRefreshToken=${SECRET};OAuthVerifier=${SECRET};APIToken=${SECRET}`,
      "OAuthClientSecret=***;OAuthAccessToken=***;OAuthRefreshToken=***;OAuthVerifier=***;APIToken=***",
    ],
    [`Security Token=${SECRET}`, "Security Token=***"],
    [`pwd=${SECRET}`, "pwd=***"],
    [`CacheConnection='Server=h;Password=${SECRET}'`, 'CacheConnection="Server=h;Password=***"'],
    [
      `jdbc:cdata:zohocrm:InitiateOAuth=OFF;OAuthClientSecret=${SECRET};`,
      "jdbc:cdata:zohocrm:InitiateOAuth=OFF;OAuthClientSecret=***",
    ],
    [`Password='${SECRET}`, "Password='******************"],
    ["A=1;B=x y", 'A=1;B="x y"'],
  ])("%j", (s, out) => {
    const r = redact(s);
    expect(r).toBe(out);
    expect(r).not.toContain(SECRET);
  });
  test("declared secrets and extra names", () => {
    const d = defineProperties({ Hush: prop.string({ secret: true, aliases: ["Quiet"] }) });
    expect(
      redact(`Hush=${SECRET};quiet=${SECRET};X=${SECRET}`, { properties: d, secrets: ["x"] }),
    ).toBe("Hush=***;quiet=***;X=***");
    expect(redact({ Password: SECRET, A: "b" }, { mask: "<hidden>" })).toBe(
      "Password=<hidden>;A=b",
    );
  });
});

describe("a value after a secret key is never echoed, whatever the error", () => {
  const HEAD = "hunter";
  const TAIL = "2TAILpart9x";
  const views = (e: ConnStringError) => [
    e.message,
    inspect(e, { depth: 10 }),
    JSON.stringify(e),
    JSON.stringify(e.issues),
    String(e),
    e.stack ?? "",
  ];
  test.each([
    // the tail of an unquoted password becomes a "name"
    `${base}Password=${HEAD};${TAIL};OAuthClientId=x`,
    `${base}Password=${HEAD};${TAIL}=more`,
    `${base}OAuthClientSecret=${HEAD};${TAIL};Timeout=5`,
    // `==` escapes '=' inside a name: the name swallows the value
    `${base}Password==${TAIL};OAuthClientId=x`,
    // at the end: a syntax error (missing '=')
    `${base}Password=${HEAD};${TAIL}`,
    // the tail as a name with a value, then another odd name after it (found by the fuzz suite)
    `${base}Password=${HEAD};${TAIL}=v;APIToken;=http://127.0.0.1:1`,
  ])("%j", (s) => {
    const e = fail(() => validateProperties(props, s));
    for (const view of views(e)) expect(view).not.toContain(TAIL);
    expect(redact(s, { properties: props })).not.toContain(TAIL);
  });
  test("an invalid value of a declared property right after an unquoted secret is not shown", () => {
    const e = fail(() => validateProperties(props, `${base}Password=${HEAD};Timeout=${TAIL}`));
    expect(e.code).toBe("CONN_STRING_INVALID_VALUE");
    for (const view of views(e)) expect(view).not.toContain(TAIL);
    // After a quoted secret, the value is shown as usual.
    const q = fail(() => validateProperties(props, `${base}Password='${HEAD}';Timeout=soon`));
    expect(q.issues[0]?.received).toBe("soon");
  });

  test("the issue names the property before it and how to fix it", () => {
    const e = fail(() =>
      validateProperties(props, `${base}Password=${HEAD};${TAIL};OAuthClientId=x`),
    );
    expect(e.code).toBe("CONN_STRING_UNKNOWN_PROPERTY");
    expect(e.issues[0]?.property).toBe('(unknown property after "Password")');
    expect(e.hint).toContain("Password='a;b'");
  });
  test("after a quoted secret, the next name is a real one and is shown", () => {
    const e = fail(() => validateProperties(props, `${base}Password='a;b';Timeoutt=5`));
    expect(e.suggestion).toBe("Timeout");
    expect(redact(`Password='a;b';Tenant=acme`)).toBe("Password=***;Tenant=acme");
  });
  test("a secret set again by code keeps what the text said: the key after it stays hidden", () => {
    const m = parse(`Password=${HEAD};${TAIL}=v;Tenant=acme`);
    m.set("password", "changed");
    expect(redact(m)).not.toContain(TAIL);
    const e = fail(() => validateProperties(props, m));
    for (const view of views(e)) expect(view).not.toContain(TAIL);
  });
  test("a duplicate secret: the quoting of the value that wins counts", () => {
    expect(redact(`Password='a;b';Password=${HEAD};${TAIL}=v`)).not.toContain(TAIL);
    expect(redact(`Password=${HEAD};Password='a;b';Tenant=acme`)).toBe("Password=***;Tenant=acme");
  });
  test("a secret removed by an empty duplicate still hides what followed it in the text (found by the fuzz suite)", () => {
    const s = `${base}Password=${HEAD};Timeout=${TAIL};Password=`;
    const e = fail(() => validateProperties(props, s));
    for (const view of views(e)) expect(view).not.toContain(TAIL);
    expect(redact(s, { properties: props })).not.toContain(TAIL);
    expect(redact(`Password=${HEAD};${TAIL}=v;Password=`)).not.toContain(TAIL);
  });
  test("pairs added by code were never text: the key after a secret is shown", () => {
    const m = new PropertyMap();
    m.set("Password", HEAD);
    m.set("Tenant", "acme");
    expect(redact(m)).toBe("Password=***;Tenant=acme");
  });
  test("a one-megabyte unknown name: no did-you-mean search, a short message", () => {
    const name = "Q".repeat(1_000_000);
    const e = fail(() => validateProperties(props, `${base}${name}=1`));
    expect(e.code).toBe("CONN_STRING_UNKNOWN_PROPERTY");
    expect(e.message.length).toBeLessThan(300);
    expect(e.message).toContain("1000000 characters");
  });
});
