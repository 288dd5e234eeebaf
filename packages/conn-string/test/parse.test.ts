import { describe, expect, test } from "vitest";
import { ConnStringError, type ParseOptions, parse, type SyntaxReason } from "../src/index.js";

type Ok = [input: string, expected: [string, string][]];
type Bad = [input: string, reason: SyntaxReason, index: number];

const entries = (s: string, o?: ParseOptions) => [...parse(s, o).entries()];

function expectSyntax(input: string, reason: SyntaxReason, index: number, o?: ParseOptions) {
  let err: unknown;
  try {
    parse(input, o);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(ConnStringError);
  const e = err as ConnStringError;
  expect(e.code).toBe("CONN_STRING_SYNTAX");
  expect(e.reason).toBe(reason);
  expect(e.index).toBe(index);
  expect(e.message).toContain(`index ${index}`);
}

describe("§2.1 between pairs", () => {
  const ok: Ok[] = [
    ["", []],
    ["   ", []],
    [";", []],
    [";;;", []],
    [" ; ;\t;\r\n", []],
    ["a=1", [["a", "1"]]],
    ["a=1;", [["a", "1"]]],
    [";a=1", [["a", "1"]]],
    [
      ";;a=1;;b=2;;",
      [
        ["a", "1"],
        ["b", "2"],
      ],
    ],
    [
      "  a=1  ;  b=2  ",
      [
        ["a", "1"],
        ["b", "2"],
      ],
    ],
    ["\ta=1", [["a", "1"]]],
    ["\r\na=1\r\n", [["a", "1"]]],
    ["\u00a0a=1", [["a", "1"]]],
    ["\u0085a=1", [["a", "1"]]],
    ["\u2028a=1", [["a", "1"]]],
    ["\u3000a=1", [["a", "1"]]],
    ["\ufeffa=1", [["\ufeffa", "1"]]],
    [
      "InitiateOAuth=GETANDREFRESH;OAuthClientId=id;CallbackURL=http://localhost;",
      [
        ["InitiateOAuth", "GETANDREFRESH"],
        ["OAuthClientId", "id"],
        ["CallbackURL", "http://localhost"],
      ],
    ],
    ["Profile=C:\\profiles\\Codat.apip", [["Profile", "C:\\profiles\\Codat.apip"]]],
  ];
  test.each(ok)("%j", (s, exp) => expect(entries(s)).toEqual(exp));
  const bad: Bad[] = [
    ["\x01a=1", "control-character", 0],
    [";\x7f", "control-character", 1],
    ["a=1;\x00", "control-character", 4],
    ["a=1; \x9f", "control-character", 5],
  ];
  test.each(bad)("error %j", (s, r, i) => expectSyntax(s, r, i));
});

describe("§2.2 keys", () => {
  const ok: Ok[] = [
    ["A==B=C", [["A=B", "C"]]],
    ["A===B=C", [["A=", "B=C"]]],
    ["==A=B", [["=A", "B"]]],
    ["A====B=C", [["A==B", "C"]]],
    ["A;B=BC", [["A;B", "BC"]]],
    [
      "Password=passw;ord;Database=X",
      [
        ["Password", "passw"],
        ["ord;Database", "X"],
      ],
    ],
    ["a b=1", [["a b", "1"]]],
    ["security token=x", [["security token", "x"]]],
    ["a  =1", [["a", "1"]]],
    ["a\t=1", [["a", "1"]]],
    ["a\n=1", [["a", "1"]]],
    ["a\nb=1", [["a\nb", "1"]]],
    ["'a'=1", [["'a'", "1"]]],
    ['"a"=1', [['"a"', "1"]]],
    ["{a}=1", [["{a}", "1"]]],
    ["ключ=значение", [["ключ", "значение"]]],
    ["a😀=1", [["a😀", "1"]]],
    ["MixedCase=1", [["MixedCase", "1"]]],
    ["jdbc:zohocrm:InitiateOAuth=OFF", [["jdbc:zohocrm:InitiateOAuth", "OFF"]]],
    ["a\\b=1", [["a\\b", "1"]]],
    ["a b==c=1", [["a b=c", "1"]]],
  ];
  test.each(ok)("%j", (s, exp) => expect(entries(s)).toEqual(exp));
  const bad: Bad[] = [
    ["A", "missing-equals", 0],
    ["a=1;b", "missing-equals", 4],
    ["a==b", "missing-equals", 0],
    ["A=(B;)", "missing-equals", 5],
    ["a=1;  bcd  ", "missing-equals", 6],
    ["abc;def", "missing-equals", 0],
    ["=", "empty-key", 0],
    [" =", "empty-key", 1],
    ["=ABC;", "empty-key", 0],
    ["='A'", "empty-key", 0],
    ["a=1; =2", "empty-key", 5],
    ["a\x01b=1", "control-character", 1],
    ["ab\x00=1", "control-character", 2],
    ["a\x7f=1", "control-character", 1],
  ];
  test.each(bad)("error %j", (s, r, i) => expectSyntax(s, r, i));
  test("keys compare case-insensitively, spelling kept", () => {
    const m = parse("Server=a;SERVER=b");
    expect(m.get("server")).toBe("b");
    expect(m.get("SeRvEr")).toBe("b");
    expect([...m.keys()]).toEqual(["SERVER"]);
  });
});

describe("§2.3 values", () => {
  const ok: Ok[] = [
    // no value
    ["A=", []],
    ["A= ", []],
    ["A=;", []],
    ["a=1;a=", []],
    ["a=1;A=  ;", []],
    ["a=;b=2", [["b", "2"]]],
    ["a=1;b=2;a=", [["b", "2"]]],
    // quoted
    ["a='x''y'", [["a", "x'y"]]],
    ['a="x""y"', [["a", 'x"y']]],
    ["a='x\"y'", [["a", 'x"y']]],
    ['a="x\'y"', [["a", "x'y"]]],
    ["a='a;b'", [["a", "a;b"]]],
    ['a="a;b=c"', [["a", "a;b=c"]]],
    ["a=''", [["a", ""]]],
    ['a=""', [["a", ""]]],
    ["a=''''", [["a", "'"]]],
    ['a=""""', [["a", '"']]],
    ["a=' x '", [["a", " x "]]],
    ["a='\x01\t\n'", [["a", "\x01\t\n"]]],
    ["a='x'  ", [["a", "x"]]],
    [
      "a='x'  ;b=2",
      [
        ["a", "x"],
        ["b", "2"],
      ],
    ],
    ["a=  'x'", [["a", "x"]]],
    ["a='{x}'", [["a", "{x}"]]],
    [
      "ProfileSettings='Instance=my_instance;AppCd=my_appcd;APIKey=my_api_key;'",
      [["ProfileSettings", "Instance=my_instance;AppCd=my_appcd;APIKey=my_api_key;"]],
    ],
    [
      'Other="DefaultColumnSize=4000;ConvertDateTimeToGMT=true"',
      [["Other", "DefaultColumnSize=4000;ConvertDateTimeToGMT=true"]],
    ],
    // unquoted
    ["a=  b", [["a", "b"]]],
    ["a=b  ", [["a", "b"]]],
    ["a=b c", [["a", "b c"]]],
    ["A=B==C", [["A", "B==C"]]],
    ["A=B=C", [["A", "B=C"]]],
    ["A=B'C", [["A", "B'C"]]],
    ['A=B""C', [["A", 'B""C']]],
    ["A={B}", [["A", "{B}"]]],
    ["a=1\nb=2", [["a", "1\nb=2"]]],
    [
      "a=1\r\n;b=2",
      [
        ["a", "1"],
        ["b", "2"],
      ],
    ],
    ["a=x\\y", [["a", "x\\y"]]],
    [
      "CallbackURL=http://localhost:33333/cb?a=b",
      [["CallbackURL", "http://localhost:33333/cb?a=b"]],
    ],
    ["a=b\u00a0", [["a", "b"]]],
    ["a=b\ufeff", [["a", "b\ufeff"]]],
  ];
  test.each(ok)("%j", (s, exp) => expect(entries(s)).toEqual(exp));
  const bad: Bad[] = [
    ["a='x", "unterminated-quote", 2],
    ['a="x', "unterminated-quote", 2],
    ["a='x''", "unterminated-quote", 2],
    ["a='x\"", "unterminated-quote", 2],
    ["a=1;b='", "unterminated-quote", 6],
    ['key="value"garbage', "text-after-quote", 11],
    ["A=''B", "text-after-quote", 4],
    ["a='x' y", "text-after-quote", 6],
    ["a='x''y' '", "text-after-quote", 9],
    ["a=b'", "value-ends-with-quote", 3],
    ['a=b"', "value-ends-with-quote", 3],
    ["a=b' ;c=1", "value-ends-with-quote", 3],
    ["A={B;C}", "missing-equals", 5],
    ["a=b\x01c", "control-character", 3],
    ["a=b\x00", "control-character", 3],
    ["a='b\x00'", "control-character", 4],
    ["a= \x1b", "control-character", 3],
    ["a=b\x7f", "control-character", 3],
  ];
  test.each(bad)("error %j", (s, r, i) => expectSyntax(s, r, i));
});

describe("§2.4 store", () => {
  test.each<Ok>([
    ["a=1;a=2", [["a", "2"]]],
    [
      "a=1;b=2;A=3",
      [
        ["A", "3"],
        ["b", "2"],
      ],
    ],
    ["a=1;a=;a=2", [["a", "2"]]],
    [
      "a=1;b=2;a=;a=3",
      [
        ["b", "2"],
        ["a", "3"],
      ],
    ],
    [
      "x=1;y=2;z=3",
      [
        ["x", "1"],
        ["y", "2"],
        ["z", "3"],
      ],
    ],
  ])("%j", (s, exp) => expect(entries(s)).toEqual(exp));
});

describe("NET-T embedded-char tests", () => {
  test.each<Ok>([
    [
      "Driver={SQL Server};Server=(local host);Trusted_Connection=Yes Or No;Database=Adventure Works;",
      [
        ["Driver", "{SQL Server}"],
        ["Server", "(local host)"],
        ["Trusted_Connection", "Yes Or No"],
        ["Database", "Adventure Works"],
      ],
    ],
    ["Datab==ase=Adventure Works", [["Datab=ase", "Adventure Works"]]],
    ["Database='Adven\"ture'", [["Database", 'Adven"ture']]],
    ['Database="Adven\'ture"', [["Database", "Adven'ture"]]],
    ['Database="A\'dv""en;ture"', [["Database", "A'dv\"en;ture"]]],
    ["Database={Adventure", [["Database", "{Adventure"]]],
  ])("%j", (s, exp) => expect(entries(s)).toEqual(exp));
  test("Npgsql: Pooling:false at the end throws", () => {
    expectSyntax("Server=x;Pooling:false", "missing-equals", 9);
  });
});

describe("keepEmpty mode", () => {
  test.each<Ok>([
    ["A=", [["A", ""]]],
    [
      "a=;b=2",
      [
        ["a", ""],
        ["b", "2"],
      ],
    ],
    ["a=1;a=", [["a", ""]]],
    ["a=  ;", [["a", ""]]],
    ["a=''", [["a", ""]]],
  ])("%j", (s, exp) => expect(entries(s, { keepEmpty: true })).toEqual(exp));
});

describe("odbc mode", () => {
  const o = { odbc: true };
  test.each<Ok>([
    [
      "Driver={SQL Server};a=1",
      [
        ["Driver", "{SQL Server}"],
        ["a", "1"],
      ],
    ],
    ["a={x;y}", [["a", "{x;y}"]]],
    ["a={x}}y}", [["a", "{x}}y}"]]],
    [
      "a={x} ;b=1",
      [
        ["a", "{x}"],
        ["b", "1"],
      ],
    ],
    ["a='x", [["a", "'x"]]],
    ['a=b"', [["a", 'b"']]],
    ["a=1;a=2", [["a", "1"]]],
    [
      "A=1;a=2;b=3",
      [
        ["A", "1"],
        ["b", "3"],
      ],
    ],
    ["a==b", [["a", "=b"]]],
    ["a=", []],
  ])("%j", (s, exp) => expect(entries(s, o)).toEqual(exp));
  test.each<Bad>([
    ["a={x", "unterminated-brace", 2],
    ["a={x}}", "unterminated-brace", 2],
    ["a={x}y", "text-after-quote", 5],
    ["a", "missing-equals", 0],
  ])("error %j", (s, r, i) => expectSyntax(s, r, i, o));
  test("duplicates option overrides", () => {
    expect(entries("a=1;a=2", { odbc: true, duplicates: "last" })).toEqual([["a", "2"]]);
    expect(entries("a=1;a=2", { duplicates: "first" })).toEqual([["a", "1"]]);
  });
});

describe("error messages", () => {
  test("caret points at the index under a masked excerpt", () => {
    try {
      parse("Server=x;Password='hunter2");
      expect.unreachable();
    } catch (e) {
      const err = e as ConnStringError;
      expect(err.index).toBe(18);
      const lines = err.message.split("\n");
      expect(lines[1]).toBe("  Server=*;Password='*******");
      expect(lines[2]!.indexOf("^")).toBe(2 + 18);
      expect(err.message).not.toContain("hunter2");
    }
  });
  const secrets: string[] = [
    "Password='s3cr3tValue",
    "Password=s3cr3tValue'",
    'Password="s3cr3tValue"x',
    "Password=s3cr3tValue\x01",
    "Password=s3cr3tValue;X",
    "A=1;OAuthClientSecret=s3cr3tValue;Y;Z=\x02",
    "a=" + "x".repeat(100) + ";Password='s3cr3tValue",
    "Password='s3cr3tValue''' tail",
  ];
  test.each(secrets)("no secret in %j", (s) => {
    try {
      parse(s);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConnStringError);
      expect((e as Error).message).not.toContain("s3cr3t");
      expect(JSON.stringify(e)).not.toContain("s3cr3t");
    }
  });
  test("long input is excerpted with ellipses", () => {
    try {
      parse("k".repeat(60) + "=" + "v".repeat(60) + "'");
    } catch (e) {
      expect((e as Error).message).toContain("…");
    }
  });
  test("non-string input is a TypeError", () => {
    expect(() => parse(42 as unknown as string)).toThrow(TypeError);
  });
});
