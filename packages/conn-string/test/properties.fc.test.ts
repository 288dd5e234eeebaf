import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { isControl, isWs } from "../src/chars.js";
import {
  ConnStringError,
  PropertyMap,
  parse,
  parseJdbc,
  redact,
  stringify,
  stringifyJdbc,
} from "../src/index.js";

// Characters that exercise every quoting branch.
const interesting = fc.constantFrom(
  "a",
  "B",
  "=",
  ";",
  "'",
  '"',
  " ",
  "\t",
  "\n",
  "\r",
  "{",
  "}",
  "\\",
  "\x01",
  "\x7f",
  "\u0085",
  "\u00a0",
  "\u2028",
  "\ufeff",
  "é",
  "😀",
  ":",
  "/",
);
const anyChar = fc.oneof(interesting, fc.string({ minLength: 1, maxLength: 1, unit: "binary" }));
const str = (min: number) =>
  fc.array(anyChar, { minLength: min, maxLength: 12 }).map((a) => a.join(""));

/** Keys stringify accepts: non-empty, no control chars, no leading ;/ws, no trailing ws. */
const validKey = str(1).filter((k) => {
  if (k.length === 0) return false;
  const f = k.charCodeAt(0);
  if (f === 0x3b || isWs(f) || isWs(k.charCodeAt(k.length - 1))) return false;
  for (let i = 0; i < k.length; i++) if (isControl(k.charCodeAt(i))) return false;
  return true;
});
const validValue = str(0).map((v) => v.replaceAll("\0", ""));
const map = fc
  .array(fc.tuple(validKey, validValue), { maxLength: 8 })
  .map((pairs) => new PropertyMap(pairs));

const RUNS = 5000;

describe("fast-check", () => {
  test("parse(stringify(m)) equals m without empty values (default mode)", () => {
    fc.assert(
      fc.property(map, (m) => {
        const expected = [...m.entries()].filter(([, v]) => v !== "");
        expect([...parse(stringify(m)).entries()]).toEqual(expected);
      }),
      { numRuns: RUNS },
    );
  });
  test("parse(stringify(m)) equals m exactly with keepEmpty", () => {
    fc.assert(
      fc.property(map, (m) => {
        const s = stringify(m, { keepEmpty: true });
        expect([...parse(s, { keepEmpty: true }).entries()]).toEqual([...m.entries()]);
      }),
      { numRuns: RUNS },
    );
  });
  test("JDBC round trip", () => {
    fc.assert(
      fc.property(
        map,
        fc.stringMatching(/^[A-Za-z0-9]{1,10}$/),
        fc.boolean(),
        (m, driver, cdata) => {
          const j = parseJdbc(
            stringifyJdbc({ driver, cdata, properties: m }, { trailingSemicolon: true }),
          );
          expect(j.driver).toBe(driver);
          expect(j.cdata).toBe(cdata);
          expect([...j.properties.entries()]).toEqual([...m.entries()].filter(([, v]) => v !== ""));
        },
      ),
      { numRuns: 1000 },
    );
  });
  test("parse never throws anything but ConnStringError", () => {
    const input = fc.oneof(
      fc.string({ unit: "binary", maxLength: 40 }),
      fc.array(interesting, { maxLength: 30 }).map((a) => a.join("")),
    );
    for (const opts of [undefined, { odbc: true }, { keepEmpty: true }]) {
      fc.assert(
        fc.property(input, (s) => {
          try {
            parse(s, opts);
          } catch (e) {
            if (!(e instanceof ConnStringError) || e.code !== "CONN_STRING_SYNTAX") throw e;
            expect(e.index).toBeGreaterThanOrEqual(0);
            expect(e.index).toBeLessThanOrEqual(s.length);
          }
        }),
        { numRuns: RUNS / 2 },
      );
    }
  });
  test("stringify output is canonical: stringify(parse(stringify(m))) === stringify(m)", () => {
    fc.assert(
      fc.property(map, (m) => {
        const s = stringify(m, { keepEmpty: true });
        expect(stringify(parse(s, { keepEmpty: true }), { keepEmpty: true })).toBe(s);
      }),
      { numRuns: 1500 },
    );
  });
});

describe("fast-check: secrets never leak", () => {
  const MARK = "Zq9SECRETqZ";
  const noise = fc.array(interesting, { maxLength: 12 }).map((a) => a.join(""));
  const opener = fc.constantFrom("", "'", '"', " ", "{");
  const closer = fc.constantFrom("", "'", '"', "''", "x'", "\x01", ";", " ;", "}");
  test("a value in a secret slot never appears in a syntax error or in redact()", () => {
    fc.assert(
      fc.property(
        noise,
        opener,
        noise.filter((s) => !/[;'"}]/.test(s)),
        closer,
        noise,
        (pre, open, body, close, post) => {
          const text = `${pre};Password=${open}${MARK}${body}${close}${post}`;
          for (const opts of [undefined, { odbc: true }]) {
            try {
              parse(text, opts);
            } catch (e) {
              if (!(e instanceof ConnStringError)) throw e;
              expect(e.message).not.toContain(MARK);
            }
          }
          expect(redact(text)).not.toContain(MARK);
        },
      ),
      { numRuns: 3000 },
    );
  });
  test("redact(stringify(m)) hides any secret-named value", () => {
    fc.assert(
      fc.property(map, validValue, (m, v) => {
        m.set("OAuthClientSecret", MARK + v);
        expect(redact(stringify(m))).not.toContain(MARK);
        expect(redact(m)).not.toContain(MARK);
      }),
      { numRuns: 2000 },
    );
  });
});
