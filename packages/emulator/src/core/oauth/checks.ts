import { createHash } from "node:crypto";
import type { ProviderCore, RequestContext } from "../types.js";
import type { BearerLookup } from "./spec.js";

/** `code_verifier` against a stored challenge (`S256`: base64url SHA-256; otherwise plain). */
export function pkceMatches(challenge: string, method: string | undefined, verifier: string) {
  const computed =
    method === "S256" ? createHash("sha256").update(verifier).digest("base64url") : verifier;
  return computed === challenge;
}

/**
 * The access token of an API call (`Authorization: <scheme> <token>`, scheme compared without
 * case, default `bearer`): `none` for no or another scheme, `invalid` for an unknown, expired,
 * revoked or other provider's token.
 */
export function lookupBearer(
  core: ProviderCore<unknown>,
  ctx: RequestContext,
  scheme = "bearer",
): BearerLookup {
  const a = ctx.authorization;
  if (a?.scheme.toLowerCase() !== scheme.toLowerCase()) return { kind: "none" };
  const found = core.tokens.lookupAccess(a.credentials);
  if (found.status !== "valid" || found.record.provider !== core.id) return { kind: "invalid" };
  return { kind: "valid", token: found.record };
}
