import { describe, expect, test } from "vitest";
import { ConnStringError, PropertyMap, parse, stringify } from "../src/index.js";

describe("§4 value quoting", () => {
  test.each<[string, string]>([
    ["Adventure", "k=Adventure"],
    ["{Adventure", "k={Adventure"],
    ["C:\\x\\y", "k=C:\\x\\y"],
    ["http://localhost", "k=http://localhost"],
    ["", "k="],
    ['Adven"ture', "k='Adven\"ture'"],
    ["Adven'ture", 'k="Adven\'ture"'],
    ["A'dv\"en;ture", 'k="A\'dv""en;ture"'],
    ["Adventure Works", 'k="Adventure Works"'],
    [";xyz", 'k=";xyz"'],
    ["x\ny", 'k="x\ny"'],
    ["a=b", 'k="a=b"'],
    ["a\tb", 'k="a\tb"'],
    ["a\x01b", 'k="a\x01b"'],
    [" lead", 'k=" lead"'],
    ["trail ", 'k="trail "'],
    ['"', "k='\"'"],
    ["'", 'k="\'"'],
    ["'\"", 'k="\'"""'],
    ["a\u00a0b", 'k="a\u00a0b"'],
    ["a\ufeffb", "k=a\ufeffb"],
    [
      "DefaultColumnSize=4000;ConvertDateTimeToGMT=true",
      'k="DefaultColumnSize=4000;ConvertDateTimeToGMT=true"',
    ],
    ["ünï", "k=ünï"],
  ])("%j", (v, out) => expect(stringify({ k: v })).toBe(out));
});

describe("§4 keys", () => {
  test.each<[string, string]>([
    ["Datab=ase", "Datab==ase=1"],
    ["=a", "==a=1"],
    ["a=", "a===1"],
    ["a b", "a b=1"],
    ["a;b", "a;b=1"],
    ["'q'", "'q'=1"],
  ])("%j", (k, out) => {
    expect(stringify([[k, "1"]])).toBe(out);
    expect(parse(out).get(k)).toBe("1");
  });
  test.each(["", ";a", " a", "a ", "\ta", "a\nb", "a\x00", "a\x7f"])("rejects %j", (k) => {
    expect(() => stringify([[k, "1"]])).toThrow(ConnStringError);
    try {
      stringify([[k, "1"]]);
    } catch (e) {
      expect((e as ConnStringError).code).toBe("CONN_STRING_INVALID_KEY");
    }
  });
  test("rejects NUL in a value", () => {
    expect(() => stringify({ a: "x\0" })).toThrow(
      expect.objectContaining({ code: "CONN_STRING_INVALID_VALUE" }),
    );
  });
});

describe("§4 shape", () => {
  test("order, separators, no trailing ;", () => {
    expect(stringify({ b: "2", a: "1" })).toBe("b=2;a=1");
    expect(stringify({})).toBe("");
    expect(stringify(new PropertyMap())).toBe("");
    expect(stringify({ a: "1" }, { trailingSemicolon: true })).toBe("a=1;");
    expect(stringify({}, { trailingSemicolon: true })).toBe("");
  });
  test("keeps caller spelling", () => {
    expect(stringify(parse("InitiateOAuth=OFF;oauthclientid=x"))).toBe(
      "InitiateOAuth=OFF;oauthclientid=x",
    );
  });
  test("numbers/booleans in objects are stringified, undefined skipped", () => {
    expect(stringify({ a: 1, b: true, c: undefined, d: null })).toBe("a=1;b=true");
  });
  test("empty values: default vs keepEmpty", () => {
    expect(stringify({ a: "", b: "1" })).toBe("a=;b=1");
    expect(parse(stringify({ a: "", b: "1" })).has("a")).toBe(false);
    expect(stringify({ a: "", b: "1" }, { keepEmpty: true })).toBe('a="";b=1');
    expect(parse(stringify({ a: "" }, { keepEmpty: true }), { keepEmpty: true }).get("a")).toBe("");
  });
  test("nested list round-trip", () => {
    const inner = stringify({ Instance: "my instance", APIKey: "k" });
    const outer = stringify({ Profile: "C:\\p.apip", ProfileSettings: inner });
    expect(outer).toBe(`Profile=C:\\p.apip;ProfileSettings='Instance="my instance";APIKey=k'`);
    expect(parse(parse(outer).get("profilesettings")!).get("instance")).toBe("my instance");
  });
});

describe("odbc serializer", () => {
  const o = { odbc: true };
  test.each<[string, string, string]>([
    ["a", "x", "a=x"],
    ["a", "x;y", "a={x;y}"],
    ["a", "{x", "a={{x}"],
    ["a", "x}y;", "a={x}}y;}"],
    ["Driver", "SQL Server", "Driver={SQL Server}"],
    ["driver", "{SQL Server}", "driver={SQL Server}"],
    ["a", "{x}}y}", "a={x}}y}"],
    ["a", "{x}y}", "a={{x}}y}}}"],
    ["a", "'q", "a='q"],
  ])("%s=%j", (k, v, out) => expect(stringify([[k, v]], o)).toBe(out));
  test("rejects = in an ODBC key", () => {
    expect(() => stringify({ "a=b": "1" }, o)).toThrow(ConnStringError);
  });
});
