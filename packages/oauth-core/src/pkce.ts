/**
 * Random state, PKCE verifier and S256 challenge (RFC 7636), with node's crypto.
 *
 * @module
 */
import { createHash, randomBytes } from "node:crypto";

/** 32 random bytes, base64url without padding (43 characters). */
export function generateState(): string {
  return randomBytes(32).toString("base64url");
}

/** A PKCE code verifier: 32 random bytes, base64url (43 characters, within RFC 7636's 43-128). */
export function generateCodeVerifier(): string {
  return randomBytes(32).toString("base64url");
}

/** The S256 code challenge of a verifier: base64url(SHA-256(verifier)). */
export function codeChallengeS256(codeVerifier: string): string {
  return createHash("sha256").update(codeVerifier, "ascii").digest("base64url");
}

/** SHA-256 hex fingerprint of a secret (used to recognise an `OAuthVerifier` already exchanged). */
export function fingerprint(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}
