import { describe, expect, test } from "vitest";
import { normalizeName, PropertyMap } from "../src/index.js";

describe("PropertyMap", () => {
  test("case-insensitive, ordered, spelling kept", () => {
    const m = new PropertyMap();
    m.set("Server", "a").set("Port", "1").set("SERVER", "b");
    expect(m.size).toBe(2);
    expect([...m]).toEqual([
      ["SERVER", "b"],
      ["Port", "1"],
    ]);
    expect(m.get("server")).toBe("b");
    expect(m.has("PORT")).toBe(true);
    expect(m.getKey("server")).toBe("SERVER");
    expect(m.delete("port")).toBe(true);
    expect(m.delete("port")).toBe(false);
    m.set("Port", "2");
    expect([...m.keys()]).toEqual(["SERVER", "Port"]);
    expect([...m.values()]).toEqual(["b", "2"]);
    const seen: string[] = [];
    m.forEach((v, k) => {
      seen.push(`${k}:${v}`);
    });
    expect(seen).toEqual(["SERVER:b", "Port:2"]);
    m.clear();
    expect(m.size).toBe(0);
  });
  test("toObject / toJSON, including a __proto__ key", () => {
    const m = new PropertyMap([
      ["__proto__", "x"],
      ["A", "1"],
    ]);
    const o = m.toObject();
    expect(Object.keys(o)).toEqual(["__proto__", "A"]);
    expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
    expect(JSON.stringify(m)).toBe('{"__proto__":"x","A":"1"}');
  });
  test("from objects skips undefined/null and stringifies scalars", () => {
    expect([...PropertyMap.from({ a: 1, b: false, c: undefined, d: null })]).toEqual([
      ["a", "1"],
      ["b", "false"],
    ]);
  });
  test("findNormalized ignores case and spaces", () => {
    const m = new PropertyMap({ "Auth Scheme": "OAuth", "Security  Token": "t" });
    expect(m.findNormalized("authscheme")).toEqual(["Auth Scheme", "OAuth"]);
    expect(m.findNormalized("SECURITYTOKEN")).toEqual(["Security  Token", "t"]);
    expect(m.findNormalized("nope")).toBeUndefined();
    expect(normalizeName(" Auth\tScheme ")).toBe("authscheme");
  });
  test("copy constructor", () => {
    const a = new PropertyMap({ x: "1" });
    const b = new PropertyMap(a);
    b.set("x", "2");
    expect(a.get("x")).toBe("1");
  });
});
