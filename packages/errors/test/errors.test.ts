import { inspect } from "node:util";
import { describe, expect, test } from "vitest";
import { isXConnError, XConnError } from "../src/index.js";

class ExampleError extends XConnError {
  constructor(message: string, hint?: string, cause?: unknown) {
    super("EXAMPLE_CODE", "configuration", message, { hint, cause });
  }
}

describe("XConnError", () => {
  test("code, kind, message and hint are kept apart; name is the subclass", () => {
    const e = new ExampleError("Property X is missing.", "Set X=1.");
    expect(e.code).toBe("EXAMPLE_CODE");
    expect(e.kind).toBe("configuration");
    expect(e.message).toBe("Property X is missing.");
    expect(e.hint).toBe("Set X=1.");
    expect(e.name).toBe("ExampleError");
    expect(e).toBeInstanceOf(Error);
  });

  test("toJSON holds name, code, kind, message and hint, and neither cause nor stack", () => {
    const cause = new Error("token=s3cret");
    const e = new ExampleError("Bad value.", "Fix it.", cause);
    expect(e.cause).toBe(cause);
    expect(JSON.parse(JSON.stringify(e))).toEqual({
      name: "ExampleError",
      code: "EXAMPLE_CODE",
      kind: "configuration",
      message: "Bad value.",
      hint: "Fix it.",
    });
    expect(JSON.stringify(e)).not.toContain("s3cret");
  });

  test("without a hint, the JSON has no hint key and there is no cause", () => {
    const e = new XConnError("PLAIN", "network", "Connection refused.");
    expect(e.hint).toBeUndefined();
    expect("cause" in e).toBe(false);
    expect(Object.keys(e.toJSON())).toEqual(["name", "code", "kind", "message"]);
    expect(inspect(e)).toContain("Connection refused.");
  });
});

describe("isXConnError and instanceof", () => {
  test("recognise errors of this class and its subclasses, with or without a code", () => {
    const e = new ExampleError("x");
    expect(isXConnError(e)).toBe(true);
    expect(isXConnError(e, "EXAMPLE_CODE")).toBe(true);
    expect(isXConnError(e, "OTHER_CODE")).toBe(false);
    expect(e instanceof XConnError).toBe(true);
    expect(e instanceof ExampleError).toBe(true);
  });

  test("refuse what is not an @x error", () => {
    for (const value of [new Error("x"), { code: "EXAMPLE_CODE" }, null, undefined, "x", 1]) {
      expect(isXConnError(value)).toBe(false);
      expect(value instanceof XConnError).toBe(false);
    }
  });

  test("a subclass's instanceof checks its own prototype chain", () => {
    class OtherError extends XConnError {}
    const other = new OtherError("OTHER", "provider", "x");
    expect(other instanceof ExampleError).toBe(false);
    expect(other instanceof XConnError).toBe(true);
  });

  test("an error branded by another copy of the package is recognised", () => {
    // What a second installed version creates: its own class, the same global brand.
    class Foreign extends Error {
      readonly code = "FOREIGN";
    }
    Object.defineProperty(Foreign.prototype, Symbol.for("@x/error"), { value: true });
    const foreign = new Foreign("x");
    expect(foreign instanceof XConnError).toBe(true);
    expect(isXConnError(foreign, "FOREIGN")).toBe(true);
    expect(isXConnError(foreign, "OTHER")).toBe(false);
  });
});
