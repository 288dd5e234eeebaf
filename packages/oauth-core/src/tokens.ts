/**
 * The token set: what a token response yields, with an absolute expiry computed on receipt.
 *
 * @module
 */
import type { OAuthSettings } from "@x/settings-store";
import { hideSecrets, mask } from "./redact.js";

/** Tokens from one token response (or from a stored record). */
export interface TokenSet {
  readonly accessToken: string;
  /** The refresh token: the new one if the response rotated it, otherwise the previous one. */
  readonly refreshToken: string | undefined;
  readonly tokenType: string | undefined;
  /** Absolute expiry of the access token, epoch ms, computed when the response was received. */
  readonly expiresAt: number | undefined;
  readonly scope: string | undefined;
  /** Captured values (`api_domain`, `accounts-server`, `location`, ...). */
  readonly metadata: Readonly<Record<string, string>>;
  /**
   * The parsed token response (non-enumerable; redacted in `util.inspect` and JSON). `undefined`
   * for token sets rebuilt from stored settings.
   */
  readonly raw: Readonly<Record<string, unknown>> | undefined;
}

/** Fields of a {@link TokenSet} (everything but `raw`). */
export interface TokenSetFields {
  accessToken: string;
  refreshToken?: string | undefined;
  tokenType?: string | undefined;
  expiresAt?: number | undefined;
  scope?: string | undefined;
  metadata?: Readonly<Record<string, string>> | undefined;
}

/**
 * Creates a frozen {@link TokenSet}. `raw` is kept non-enumerable; `util.inspect` and
 * `JSON.stringify` show the tokens as `[REDACTED]`.
 */
export function createTokenSet(fields: TokenSetFields, raw?: Record<string, unknown>): TokenSet {
  const set = {
    accessToken: fields.accessToken,
    refreshToken: fields.refreshToken,
    tokenType: fields.tokenType,
    expiresAt: fields.expiresAt,
    scope: fields.scope,
    metadata: Object.freeze({ ...(fields.metadata ?? {}) }),
  };
  Object.defineProperty(set, "raw", {
    value: raw === undefined ? undefined : Object.freeze({ ...raw }),
    enumerable: false,
  });
  hideSecrets(set, () => ({
    accessToken: mask(set.accessToken),
    refreshToken: mask(set.refreshToken),
    tokenType: set.tokenType,
    expiresAt: set.expiresAt,
    scope: set.scope,
    metadata: set.metadata,
  }));
  return Object.freeze(set) as TokenSet;
}

/** Seconds until the access token expires (rounded down, never negative), or `undefined`. */
export function expiresInSeconds(
  tokens: Pick<TokenSet, "expiresAt">,
  now = Date.now(),
): number | undefined {
  return tokens.expiresAt === undefined
    ? undefined
    : Math.max(0, Math.floor((tokens.expiresAt - now) / 1000));
}

/**
 * Converts a token set to an `OAuthSettings` record of `@x/settings-store`, keeping fields of
 * `base` (such as `consumedVerifier`) that the token set does not carry. With `merge`, the record
 * is `base` updated by the set: its refresh token stays when the set has none, and its metadata
 * stays under the set's (a code exchanged for a record that already holds tokens).
 */
export function tokenSetToSettings(
  tokens: TokenSet,
  base?: OAuthSettings,
  options?: { merge?: boolean },
): OAuthSettings {
  const merge = options?.merge === true && base !== undefined;
  // Merging keeps the record's other fields; the set's own fields are replaced whole.
  const settings: OAuthSettings = merge ? { ...base } : {};
  for (const field of ["tokenType", "expiresAt", "scope"] as const) delete settings[field];
  if (base?.consumedVerifier !== undefined) settings.consumedVerifier = base.consumedVerifier;
  settings.accessToken = tokens.accessToken;
  if (tokens.refreshToken !== undefined) settings.refreshToken = tokens.refreshToken;
  if (tokens.tokenType !== undefined) settings.tokenType = tokens.tokenType;
  if (tokens.expiresAt !== undefined) settings.expiresAt = Math.round(tokens.expiresAt);
  if (tokens.scope !== undefined) settings.scope = tokens.scope;
  const metadata = { ...(merge ? base?.metadata : {}), ...tokens.metadata };
  if (Object.keys(metadata).length > 0) settings.metadata = metadata;
  return settings;
}

/** Rebuilds a token set from stored settings; `undefined` when they hold no access token. */
export function settingsToTokenSet(settings: OAuthSettings | undefined): TokenSet | undefined {
  if (!settings?.accessToken) return undefined;
  return createTokenSet({
    accessToken: settings.accessToken,
    refreshToken: settings.refreshToken,
    tokenType: settings.tokenType,
    expiresAt: settings.expiresAt,
    scope: settings.scope,
    metadata: settings.metadata,
  });
}
