/**
 * The token lifecycle over a settings store: refresh ahead of expiry, one refresh per process at
 * a time, one per store across processes (lock + re-read), cooldown after failures.
 *
 * @module
 */
import type { OAuthSettings, SettingsStore, UpdateOptions } from "@x/settings-store";
import type { OAuthClient } from "./client.js";
import {
  InvalidGrantError,
  NoTokensError,
  OAuthError,
  RefreshCooldownError,
  ThrottledError,
} from "./errors.js";
import { settingsToTokenSet, type TokenSet, tokenSetToSettings } from "./tokens.js";

/** Events of an {@link AccessTokenProvider}. */
export interface TokenEvents {
  /** New tokens were obtained (and already persisted). */
  tokens: (tokens: TokenSet) => void;
  /** A refresh failed. */
  error: (error: OAuthError) => void;
}

/**
 * What a connection needs to authenticate requests: a {@link TokenManager}, or for
 * `InitiateOAuth=OFF` a static token.
 */
export interface AccessTokenProvider {
  /** A valid access token, refreshed first when it is about to expire. */
  getAccessToken(): Promise<string>;
  /** The current token set (with metadata such as `api_domain`). */
  getTokenSet(): Promise<TokenSet>;
  /** Refreshes when needed, or now with `force` (unless another caller just did). */
  refresh(options?: { force?: boolean }): Promise<TokenSet>;
  /**
   * After a 401: refreshes only if `usedAccessToken` is still the current token; otherwise
   * returns the current token (someone already refreshed). Resolves to the token to retry with.
   */
  handleUnauthorized(usedAccessToken: string): Promise<string>;
  /** Subscribes to an event; returns the unsubscribe function. */
  on<E extends keyof TokenEvents>(event: E, listener: TokenEvents[E]): () => void;
}

/** Options of {@link createTokenManager}. */
export interface TokenManagerOptions {
  client: OAuthClient;
  /** Where the tokens live (one record); its `update` is the cross-process lock. */
  store: SettingsStore;
  /**
   * Refresh this long before expiry, ms. Default 5 minutes. For short-lived tokens the margin is
   * capped at half the token's lifetime, so a 5-minute token is not refreshed on every call.
   */
  refreshMarginMs?: number | undefined;
  /**
   * After a failed refresh, wait this long before trying again, ms (default 30 s). A throttled
   * refresh waits at least the server's retry-after.
   */
  cooldownMs?: number | undefined;
  /**
   * The longest a server's `Retry-After` may hold refreshes back, ms. Default 15 minutes: one
   * `Retry-After: 999999999` must not disable refresh for years.
   */
  maxCooldownMs?: number | undefined;
  /** Called with new tokens after they are persisted. */
  onTokens?: ((tokens: TokenSet) => void) | undefined;
  /** Lock options for the store's update (lease and wait). */
  lock?: UpdateOptions | undefined;
  /** Clock, epoch ms. Default `Date.now`. */
  now?: (() => number) | undefined;
  /**
   * Called once (for every caller waiting) when a refresh fails with `invalid_grant`: it should
   * authorize again and persist the new tokens in the store, which are then used. `initiateOAuth`
   * passes the desktop flow here for `GETANDREFRESH`, the interactive mode. If it throws, callers
   * get its error (a denied consent says more than invalid_grant); if the store still holds nothing
   * usable afterwards, they get the `invalid_grant` error.
   */
  reauthorize?: (() => Promise<void>) | undefined;
  /**
   * A refresh token supplied by the caller (`OAuthRefreshToken`). When the stored refresh token
   * is refused (`invalid_grant`) and this one differs, it is tried, and on success stored.
   */
  givenRefreshToken?: string | undefined;
}

/** A token manager (see {@link createTokenManager}). */
export interface TokenManager extends AccessTokenProvider {
  readonly client: OAuthClient;
  readonly store: SettingsStore;
}

interface Cached {
  tokens: TokenSet;
  /** When the tokens were obtained (for the margin cap), if known. */
  obtainedAt: number | undefined;
}

/**
 * Creates a token manager.
 *
 * Refresh algorithm: (1) in-process single flight: concurrent callers share one promise;
 * (2) the store's `update` takes the cross-process lock and (3) re-reads the record: if another
 * process already refreshed, its tokens are used and no request is sent; otherwise (4) the
 * refresh request is sent and the new tokens, including a rotated refresh token, are written
 * inside the lock before anyone receives them. A refresh response without a refresh token keeps
 * the old one.
 */
export function createTokenManager(options: TokenManagerOptions): TokenManager {
  const { client, store } = options;
  const now = options.now ?? Date.now;
  const marginMs = options.refreshMarginMs ?? 5 * 60_000;
  const cooldownMs = options.cooldownMs ?? 30_000;
  const maxCooldownMs = Math.max(cooldownMs, options.maxCooldownMs ?? 15 * 60_000);
  const listeners: { [E in keyof TokenEvents]: Set<TokenEvents[E]> } = {
    tokens: new Set(),
    error: new Set(),
  };
  if (options.onTokens) listeners.tokens.add(options.onTokens);

  let cached: Cached | undefined;
  let inflight: Promise<TokenSet> | undefined;
  let failure: { until: number; error: OAuthError } | undefined;

  function isFresh(entry: Cached): boolean {
    const { expiresAt } = entry.tokens;
    if (expiresAt === undefined) return true; // unknown lifetime: rely on 401 handling
    const lifetime =
      entry.obtainedAt === undefined ? Number.POSITIVE_INFINITY : expiresAt - entry.obtainedAt;
    const margin = Math.min(marginMs, Math.max(0, lifetime / 2));
    return now() < expiresAt - margin;
  }

  function fromSettings(settings: OAuthSettings | undefined): Cached | undefined {
    const tokens = settingsToTokenSet(settings);
    return tokens ? { tokens, obtainedAt: settings?.updatedAt } : undefined;
  }

  function emit<E extends keyof TokenEvents>(event: E, value: Parameters<TokenEvents[E]>[0]): void {
    for (const listener of listeners[event]) {
      try {
        (listener as (v: typeof value) => void)(value);
      } catch {
        // A listener's failure must not break token delivery.
      }
    }
  }

  function exclusive(task: () => Promise<TokenSet>): Promise<TokenSet> {
    if (!inflight) {
      inflight = task().finally(() => {
        inflight = undefined;
      });
    }
    return inflight;
  }

  /**
   * Under the store lock: use the stored tokens if they are fresh and differ from `stale`
   * (the token known to be bad), else refresh and persist.
   */
  async function refreshLocked(stale: string | undefined): Promise<TokenSet> {
    const usable = (entry: Cached | undefined): entry is Cached =>
      entry !== undefined && isFresh(entry) && entry.tokens.accessToken !== stale;
    if (failure && now() < failure.until) {
      const stored = fromSettings(await store.get());
      if (usable(stored)) {
        cached = stored;
        return stored.tokens;
      }
      throw new RefreshCooldownError(failure.until - now(), failure.error);
    }
    let outcome: Cached | undefined;
    let refreshed = false;
    try {
      await store.update(async (current) => {
        const stored = fromSettings(current);
        if (usable(stored)) {
          outcome = stored; // another process (or an earlier call) already refreshed
          return undefined;
        }
        const refreshToken = current?.refreshToken;
        if (!refreshToken) {
          throw new NoTokensError(
            `No refresh token is stored for "${store.key}", and the access token is ${current?.accessToken ? "expired or rejected" : "missing"}`,
            "Authorize again (InitiateOAuth=GETANDREFRESH), or supply OAuthRefreshToken / OAuthVerifier with InitiateOAuth=REFRESH.",
          );
        }
        const obtainedAt = now();
        const metadata = current?.metadata ?? {};
        let tokens: TokenSet;
        try {
          tokens = await client.refresh(refreshToken, { metadata });
        } catch (error) {
          const given = options.givenRefreshToken;
          if (!(error instanceof InvalidGrantError) || !given || given === refreshToken)
            throw error;
          // The stored grant was revoked or spent; the caller supplied another one.
          tokens = await client.refresh(given, { metadata });
        }
        outcome = { tokens, obtainedAt };
        refreshed = true;
        return tokenSetToSettings(tokens, current);
      }, options.lock);
    } catch (caught) {
      let error = caught;
      if (caught instanceof InvalidGrantError && options.reauthorize) {
        try {
          const renewed = await reauthorized(stale);
          if (renewed) {
            failure = undefined;
            cached = renewed;
            emit("tokens", renewed.tokens);
            return renewed.tokens;
          }
        } catch (again) {
          error = again; // e.g. the user denied consent: more telling than invalid_grant
        }
      }
      if (error instanceof OAuthError && !(error instanceof NoTokensError)) {
        const asked = error instanceof ThrottledError ? (error.retryAfterMs ?? 0) : 0;
        const wait = Math.min(maxCooldownMs, Math.max(cooldownMs, asked));
        failure = { until: now() + wait, error };
        emit("error", error);
      }
      throw error;
    }
    if (!outcome) throw new Error("unreachable: update finished without an outcome");
    failure = undefined;
    cached = outcome;
    if (refreshed) emit("tokens", outcome.tokens);
    return outcome.tokens;
  }

  /** Runs `options.reauthorize` after an invalid grant; the tokens it stored, if usable. */
  async function reauthorized(stale: string | undefined): Promise<Cached | undefined> {
    await options.reauthorize?.();
    const stored = fromSettings(await store.get());
    return stored && isFresh(stored) && stored.tokens.accessToken !== stale ? stored : undefined;
  }

  async function load(): Promise<TokenSet> {
    const stored = fromSettings(await store.get());
    if (stored && isFresh(stored)) {
      cached = stored;
      return stored.tokens;
    }
    return refreshLocked(undefined);
  }

  async function getTokenSet(): Promise<TokenSet> {
    if (cached && isFresh(cached)) return cached.tokens;
    return exclusive(load);
  }

  const manager: TokenManager = {
    client,
    store,
    getTokenSet,
    async getAccessToken() {
      return (await getTokenSet()).accessToken;
    },
    async refresh(opts = {}) {
      if (!opts.force) return getTokenSet();
      if (!cached) await getTokenSet();
      const snapshot = cached?.tokens.accessToken;
      if (inflight) {
        // A caller that waited on a refresh shares its outcome, failure included.
        const joined = await inflight;
        if (joined.accessToken !== snapshot) return joined;
      }
      return exclusive(() => refreshLocked(snapshot));
    },
    async handleUnauthorized(used) {
      if (inflight) {
        const joined = await inflight;
        if (joined.accessToken !== used) return joined.accessToken;
      }
      if (cached && cached.tokens.accessToken !== used && isFresh(cached))
        return cached.tokens.accessToken;
      return (await exclusive(() => refreshLocked(used))).accessToken;
    },
    on(event, listener) {
      const set = listeners[event] as Set<typeof listener>;
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
  };
  return manager;
}

/**
 * A token provider for `InitiateOAuth=OFF`: uses the given access token as is and never
 * refreshes (tokens come from the procedures).
 */
export function createStaticTokenProvider(
  accessToken: string,
  metadata: Record<string, string> = {},
): AccessTokenProvider {
  const tokens = settingsToTokenSet({ accessToken, metadata });
  if (!tokens) {
    throw new NoTokensError(
      "InitiateOAuth=OFF needs an access token, but none was given",
      "Set OAuthAccessToken (obtain one with GetOAuthAccessToken), or use InitiateOAuth=GETANDREFRESH.",
    );
  }
  const noRefresh = () =>
    new NoTokensError(
      "The access token was rejected or needs refreshing, but InitiateOAuth=OFF never refreshes",
      "Get a new token with RefreshOAuthAccessToken and pass it as OAuthAccessToken, or use InitiateOAuth=REFRESH.",
    );
  return {
    getAccessToken: async () => tokens.accessToken,
    getTokenSet: async () => tokens,
    refresh: async (opts = {}) => {
      if (opts.force) throw noRefresh();
      return tokens;
    },
    handleUnauthorized: async (used) => {
      if (used !== tokens.accessToken) return tokens.accessToken;
      throw noRefresh();
    },
    on: () => () => {},
  };
}
