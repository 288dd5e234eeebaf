import { describe, expect, test } from "vitest";
import { describeError } from "../src/errors.js";
import { table } from "../src/output.js";

const control = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/;

describe("text from a provider reaches the terminal without control characters", () => {
  test("an error message and hint carrying ANSI escapes, a bell and a bidi override", () => {
    const error = Object.assign(
      new Error("The provider said \u001b[2J\u001b[31mPWNED\u0007\r and \u202egnp.exe"),
      { code: "OAUTH_ACCESS_DENIED", hint: "retry\u001b]0;title\u0007 later" },
    );
    const { line, hint } = describeError(error);
    expect(line).toContain("PWNED");
    expect(line).not.toMatch(control);
    expect(hint).toBe("retry]0;title later");
  });

  test("table cells of listed records", () => {
    const out = table([{ name: "\u001b[31mred\u001b[0m\nnext" }]);
    expect(out).toContain("red");
    expect(out).not.toMatch(control);
  });
});
