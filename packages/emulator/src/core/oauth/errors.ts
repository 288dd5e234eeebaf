import type { EmulatorResponse } from "../http.js";
import { respond } from "../respond.js";
import type { OAuthFailure } from "./spec.js";

/** A plain-words description of a failure (RFC 6749 `error_description`). */
export function describeOAuthFailure(f: OAuthFailure): string {
  switch (f.cause) {
    case "missing_client":
      return "Missing client authentication";
    case "client_auth_method":
      return "Client credentials were sent with an authentication method this server does not accept";
    case "unknown_client":
    case "bad_secret":
    case "missing_secret":
      return "Client authentication failed";
    case "grant_type":
      return `Unsupported grant_type "${f.grantType ?? ""}"`;
    case "code":
      return "Invalid authorization code";
    case "redirect_uri":
      return "redirect_uri does not match the authorization";
    case "code_verifier":
      return "code_verifier does not match the code_challenge";
    case "refresh_token":
      return "Invalid refresh token";
    case "pkce_not_supported":
      return "PKCE is not supported";
    case "pkce_required":
      return "PKCE is required for public clients";
    case "revoke_token":
      return "Invalid token";
  }
}

/**
 * RFC 6749 error answer: 401 for `invalid_client`, 400 otherwise, with
 * `{ error, error_description }` (the description given, or {@link describeOAuthFailure}).
 */
export function standardOAuthError(f: OAuthFailure, description?: string): EmulatorResponse {
  return respond.json(f.error === "invalid_client" ? 401 : 400, {
    error: f.error,
    error_description: description ?? describeOAuthFailure(f),
  });
}
