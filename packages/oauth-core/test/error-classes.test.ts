// Classes whose only difference was the code are one class each now; the old names stay as
// deprecated aliases whose `instanceof` means "this class with that code".
import { describe, expect, test } from "vitest";
import {
  AccessDeniedError,
  AuthorizationResponseError,
  InvalidRedirectError,
  isOAuthError,
  NetworkError,
  OAUTH_ACCESS_DENIED,
  OAUTH_AUTHORIZATION_ERROR,
  OAUTH_INVALID_REDIRECT,
  OAUTH_NETWORK,
  OAUTH_STATE_MISMATCH,
  OAUTH_TIMEOUT,
  StateMismatchError,
  TimeoutError,
} from "../src/errors.js";
import { processRedirect } from "../src/response.js";

describe("merged OAuth error classes", () => {
  test("NetworkError carries OAUTH_NETWORK or OAUTH_TIMEOUT, with timeoutMs only for the timeout", () => {
    const down = new NetworkError("https://auth.example/token", new Error("ECONNREFUSED"));
    const slow = NetworkError.timeout("https://auth.example/token", 1500);
    expect([down.code, down.kind, down.timeoutMs]).toEqual([OAUTH_NETWORK, "network", undefined]);
    expect([slow.code, slow.kind, slow.timeoutMs]).toEqual([OAUTH_TIMEOUT, "network", 1500]);
    expect(slow.message).toBe("No answer from https://auth.example/token within 1500 ms");
    expect(slow.hint).toContain("timeoutMs");
    expect(down.hint).toContain("DNS");
    expect(slow).toBeInstanceOf(TimeoutError);
    expect(down).not.toBeInstanceOf(TimeoutError);
    expect(new TimeoutError("https://auth.example/token", 9)).toBeInstanceOf(NetworkError);
  });

  test("a redirect's error is an AuthorizationResponseError; access_denied has its own code", () => {
    const fail = (query: string) => {
      try {
        processRedirect(`https://app.example/cb?${query}&state=s`, { expectedState: "s" });
      } catch (error) {
        return error as AuthorizationResponseError;
      }
      throw new Error("no error");
    };
    const denied = fail("error=access_denied");
    const other = fail("error=invalid_scope");
    expect(denied).toBeInstanceOf(AuthorizationResponseError);
    expect(other).toBeInstanceOf(AuthorizationResponseError);
    expect([denied.code, denied.kind]).toEqual([OAUTH_ACCESS_DENIED, "authorization"]);
    expect([other.code, other.error]).toEqual([OAUTH_AUTHORIZATION_ERROR, "invalid_scope"]);
    expect(denied.hint).toContain("consent");
    expect(other.hint).toContain("scopes");
    expect(denied).toBeInstanceOf(AccessDeniedError);
    expect(other).not.toBeInstanceOf(AccessDeniedError);
    expect(new AccessDeniedError({ error: "x" }).code).toBe(OAUTH_ACCESS_DENIED);
  });

  test("a wrong state and an unusable redirect are both InvalidRedirectError, told apart by code", () => {
    const wrongState = InvalidRedirectError.stateMismatch("different");
    const noCode = new InvalidRedirectError("no code", "use the full address");
    expect([wrongState.code, noCode.code]).toEqual([OAUTH_STATE_MISMATCH, OAUTH_INVALID_REDIRECT]);
    expect(isOAuthError(wrongState, OAUTH_STATE_MISMATCH)).toBe(true);
    expect(wrongState).toBeInstanceOf(StateMismatchError);
    expect(noCode).not.toBeInstanceOf(StateMismatchError);
    expect(new StateMismatchError("missing").message).toContain("no `state`");
    expect(JSON.parse(JSON.stringify(wrongState))).toMatchObject({
      name: "InvalidRedirectError",
      code: OAUTH_STATE_MISMATCH,
      kind: "authorization",
    });
  });
});
