import { inspect } from "node:util";
import { expect, test } from "vitest";
import {
  ConnStringError,
  defineProperties,
  parse,
  parseConnectionString,
  parseJdbc,
  prop,
  redact,
  stringify,
  stringifyJdbc,
  validateProperties,
} from "../src/index.js";

test("README example", () => {
  const m = parse("InitiateOAuth=GETANDREFRESH;Password='a;b''c';Other=\"X=1;Y=2\"");
  expect(m.get("password")).toBe("a;b'c");
  expect([...m.keys()]).toEqual(["InitiateOAuth", "Password", "Other"]);
  expect(parse(m.get("other")!).get("y")).toBe("2");
  expect(stringify({ Database: "Adventure Works", Quote: 'say "hi"' })).toBe(
    'Database="Adventure Works";Quote=\'say "hi"\'',
  );
  const j = parseJdbc("jdbc:cdata:zohocrm:InitiateOAuth=OFF;");
  expect([j.driver, j.cdata, j.properties.get("initiateoauth")]).toEqual(["zohocrm", true, "OFF"]);
  expect(
    stringifyJdbc({ driver: "zohocrm", properties: { Region: "EU" } }, { trailingSemicolon: true }),
  ).toBe("jdbc:zohocrm:Region=EU;");
  expect(parseConnectionString("jdbc:zohocrm:Region=EU").jdbc).toEqual({
    driver: "zohocrm",
    cdata: false,
  });
  expect(parseConnectionString("Region=EU").jdbc).toBeNull();

  const props = defineProperties({
    InitiateOAuth: prop.enum(["OFF", "GETANDREFRESH", "REFRESH"], { default: "OFF" }),
    OAuthClientId: prop.string(),
    OAuthClientSecret: prop.string({ secret: true }),
    Timeout: prop.integer({ default: 60, min: 0 }),
    UseServerSideFiltering: prop.boolean({ default: true }),
    CallbackURL: prop.url({ description: "Redirect URI registered for the app" }),
    URL: prop.url({ required: true }),
  });
  const config = validateProperties(
    props,
    "url=https://x.zendesk.com;Initiate OAuth=refresh;OAuthClientSecret=s3cret",
  );
  expect(config.InitiateOAuth).toBe("REFRESH");
  expect(config.Timeout).toBe(60);
  expect(config.OAuthClientId).toBeUndefined();
  expect(JSON.stringify(config)).toContain('"OAuthClientSecret":"[redacted]"');
  expect(inspect(config)).not.toContain("s3cret");
  expect(String(config)).toContain("OAuthClientSecret=***");

  try {
    validateProperties(props, "URL=https://x;InitiateOAuth=SOMETIMES;OAuthClientSecrt=x");
    expect.unreachable();
  } catch (e) {
    expect(e).toBeInstanceOf(ConnStringError);
    const err = e as ConnStringError;
    expect(err.code).toBe("CONN_STRING_UNKNOWN_PROPERTY");
    expect(err.issues.map((i) => [i.code, i.property, i.suggestion ?? i.allowed])).toEqual([
      ["CONN_STRING_UNKNOWN_PROPERTY", "OAuthClientSecrt", "OAuthClientSecret"],
      ["CONN_STRING_INVALID_VALUE", "InitiateOAuth", ["OFF", "GETANDREFRESH", "REFRESH"]],
    ]);
  }
  expect(redact("Server=h;CacheConnection='Password=x';Password=hunter2;Tenant=acme")).toBe(
    'Server=h;CacheConnection="Password=***";Password=***;***=***',
  );
  try {
    parse("Server=x;Password='hunter2");
  } catch (e) {
    expect((e as Error).message).toBe(
      "Invalid connection string at index 18: quoted value is not terminated.\n  Server=*;Password='*******\n                    ^",
    );
  }
});
