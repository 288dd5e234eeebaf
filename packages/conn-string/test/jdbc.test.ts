import { describe, expect, test } from "vitest";
import {
  ConnStringError,
  isJdbc,
  parseConnectionString,
  parseJdbc,
  stringifyJdbc,
} from "../src/index.js";

describe("§5 JDBC", () => {
  test.each<[string, string, boolean, [string, string][]]>([
    [
      "jdbc:zohocrm:InitiateOAuth=GETANDREFRESH;",
      "zohocrm",
      false,
      [["InitiateOAuth", "GETANDREFRESH"]],
    ],
    [
      "jdbc:cdata:zohocreator:a=1;b='x;y'",
      "zohocreator",
      true,
      [
        ["a", "1"],
        ["b", "x;y"],
      ],
    ],
    ["jdbc:zohocrm:", "zohocrm", false, []],
    ["jdbc:zohocrm:;;", "zohocrm", false, []],
    ["JDBC:CData:ZohoCRM:a=1", "ZohoCRM", true, [["a", "1"]]],
    ["jdbc:cdata:a=1", "cdata", false, [["a", "1"]]],
    ["jdbc:z1:  a = 1 ", "z1", false, [["a", "1"]]],
    ["jdbc:cdata:cdata:a=1", "cdata", true, [["a", "1"]]],
  ])("%j", (s, driver, cdata, props) => {
    const j = parseJdbc(s);
    expect(j.driver).toBe(driver);
    expect(j.cdata).toBe(cdata);
    expect([...j.properties]).toEqual(props);
    expect(isJdbc(s)).toBe(true);
    expect(parseConnectionString(s).jdbc).toEqual({ driver, cdata });
  });
  test.each([
    "jdbc:zoho-crm:a=1",
    "jdbc::a=1",
    "jdbcx:a:b=1",
    " jdbc:a:b=1",
    "a=1",
    "jdbc:zohocrm",
  ])("not JDBC: %j", (s) => {
    expect(isJdbc(s)).toBe(false);
    try {
      parseJdbc(s);
      expect.unreachable();
    } catch (e) {
      expect((e as ConnStringError).code).toBe("CONN_STRING_INVALID_JDBC");
    }
  });
  test("plain form falls back (the whole prefix joins the key, as in .NET)", () => {
    const p = parseConnectionString("jdbc:zoho-crm:a=1");
    expect(p.jdbc).toBeNull();
    expect([...p.properties]).toEqual([["jdbc:zoho-crm:a", "1"]]);
  });
  test("error index is relative to the whole URL and the excerpt keeps the prefix", () => {
    try {
      parseJdbc("jdbc:zohocrm:Password='hunter2");
      expect.unreachable();
    } catch (e) {
      const err = e as ConnStringError;
      expect(err.code).toBe("CONN_STRING_SYNTAX");
      expect(err.index).toBe(22);
      expect(err.message).toContain("jdbc:zohocrm:Password='*******");
      expect(err.message).not.toContain("hunter2");
    }
  });
  test.each<[Parameters<typeof stringifyJdbc>[0], string]>([
    [{ driver: "zohocrm", properties: { a: "1" } }, "jdbc:zohocrm:a=1"],
    [{ driver: "zohocrm", cdata: true, properties: { a: "x y" } }, 'jdbc:cdata:zohocrm:a="x y"'],
    [{ driver: "z", properties: {} }, "jdbc:z:"],
  ])("stringifyJdbc %j", (input, out) => expect(stringifyJdbc(input)).toBe(out));
  test("stringifyJdbc rejects a bad driver", () => {
    expect(() => stringifyJdbc({ driver: "a:b", properties: {} })).toThrow(ConnStringError);
  });
});
