import { ConnStringError } from "@x/conn-string";
import { OAuthError } from "@x/oauth-core";
import { SettingsStoreError } from "@x/settings-store";
import { describe, expect, test } from "vitest";
import { ApiError, ConnectorError, ConnectorErrorCode } from "../src/errors.js";
import { isXConnError, XConnError } from "../src/index.js";

describe("one error shape", () => {
  test("errors of every package are XConnErrors here, all from the one base of @x/errors", () => {
    const errors = [
      new ConnStringError({ code: "CONN_STRING_SYNTAX", message: "bad", hint: "fix it" }),
      new SettingsStoreError("SETTINGS_CORRUPT", "corrupt", "restore it"),
      new OAuthError("OAUTH_INVALID_GRANT", "revoked", { hint: "authorize again" }),
      new ConnectorError(ConnectorErrorCode.Timeout, "slow", { hint: "wait" }),
    ];
    expect(errors.map((e) => e instanceof XConnError)).toEqual([true, true, true, true]);
    expect(errors.map((e) => isXConnError(e))).toEqual([true, true, true, true]);
    expect(errors.map((e) => (e as XConnError).kind)).toEqual([
      "configuration",
      "storage",
      "authorization",
      "network",
    ]);
    expect(isXConnError(errors[2], "OAUTH_INVALID_GRANT")).toBe(true);
    expect(isXConnError(errors[2], "OAUTH_NO_TOKENS")).toBe(false);
    // A subclass still checks its own chain.
    expect(errors[2] instanceof ConnectorError).toBe(false);
    expect(isXConnError(new Error("plain"))).toBe(false);
    expect(isXConnError({ code: "OAUTH_INVALID_GRANT" })).toBe(false);
  });

  test("the hint stays out of the message; JSON carries code, kind, message, hint and details", () => {
    const error = new ApiError(
      { provider: "Demo", method: "GET", url: "https://demo.example/x", status: 502 },
      { hint: "try later" },
    );
    expect(error.message).not.toContain("try later");
    expect(error.hint).toBe("try later");
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      name: "ApiError",
      code: "CONNECTOR_API_ERROR",
      kind: "provider",
      hint: "try later",
      details: { status: 502, url: "https://demo.example/x" },
    });
  });
});
