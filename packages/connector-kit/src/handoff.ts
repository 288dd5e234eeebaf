import { fingerprint, type TokenSet } from "@x/oauth-core";

/**
 * Token sets the procedures (`GetOAuthAccessToken`, `RefreshOAuthAccessToken`) returned in this
 * process, so that a later `connect()` or refresh given only part of a set finds the rest.
 *
 * The web recipe passes only the access token on to `connect()`; without this, the refresh token
 * and the values the provider sent with the tokens (Zoho's data centre, Pipedrive's `api_domain`)
 * would be lost and the connection would stop working when the access token expires. Entries are
 * keyed by the SHA-256 fingerprint of each token (never the token), per connector, live one day
 * at most and are bounded in number. Across processes, pass `OAuthSettingsLocation` to
 * `GetOAuthAccessToken` instead: it persists the whole set.
 */
const MAX_ENTRIES = 256;
const TTL_MS = 24 * 3_600_000;

const entries = new Map<string, { tokens: TokenSet; until: number }>();

const keyOf = (connector: string, token: string) => `${connector}\u0000${fingerprint(token)}`;

/** Remembers a token set under its access token and its refresh token. */
export function rememberTokens(connector: string, tokens: TokenSet, now = Date.now()): void {
  for (const token of [tokens.accessToken, tokens.refreshToken]) {
    if (!token) continue;
    const key = keyOf(connector, token);
    entries.delete(key); // re-inserted last: the map's order is the eviction order
    entries.set(key, { tokens, until: now + TTL_MS });
  }
  while (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
}

/** The token set a procedure returned with this access or refresh token, if any. */
export function recallTokens(
  connector: string,
  token: string | undefined,
  now = Date.now(),
): TokenSet | undefined {
  if (!token) return undefined;
  const key = keyOf(connector, token);
  const entry = entries.get(key);
  if (!entry) return undefined;
  if (entry.until <= now) {
    entries.delete(key);
    return undefined;
  }
  return entry.tokens;
}
