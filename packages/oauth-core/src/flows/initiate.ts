/**
 * `InitiateOAuth`: OFF, GETANDREFRESH and REFRESH, plus the headless verifier exchange.
 *
 * @module
 */
import type { OAuthSettings, SettingsStore } from "@x/settings-store";
import type { OAuthClient } from "../client.js";
import { ConfigurationError, NoTokensError } from "../errors.js";
import { fingerprint } from "../pkce.js";
import {
  type AccessTokenProvider,
  createStaticTokenProvider,
  createTokenManager,
  type TokenManagerOptions,
} from "../token-manager.js";
import { tokenSetToSettings } from "../tokens.js";
import type { DesktopFlowOptions } from "./desktop.js";
import { authorizeDesktop } from "./desktop-lazy.js";

/** The `InitiateOAuth` values. */
export type InitiateOAuthMode = "OFF" | "GETANDREFRESH" | "REFRESH";

/** Options of {@link initiateOAuth}. */
export interface InitiateOAuthOptions {
  mode: InitiateOAuthMode;
  /** The OAuth client; `OFF` uses the given access token and needs none. */
  client?: OAuthClient | undefined;
  /** The settings location (required for GETANDREFRESH and REFRESH). */
  store?: SettingsStore | undefined;
  /** Values from the connection: `OAuthAccessToken`, `OAuthRefreshToken`, `OAuthVerifier`. */
  given?: {
    accessToken?: string | undefined;
    refreshToken?: string | undefined;
    /** An authorization code obtained elsewhere (or the whole redirect URL). Exchanged once. */
    verifier?: string | undefined;
    /** Metadata belonging to the given tokens (e.g. `accounts-server`, `api_domain`). */
    metadata?: Readonly<Record<string, string>> | undefined;
  };
  /** Desktop flow options for GETANDREFRESH (client and store are filled in). */
  desktop?: Omit<DesktopFlowOptions, "client" | "store"> | undefined;
  /** Token manager options (margin, cooldown, onTokens, lock, now). */
  tokens?: Omit<TokenManagerOptions, "client" | "store"> | undefined;
}

function hasUsableTokens(settings: OAuthSettings | undefined, now: number): boolean {
  if (!settings) return false;
  if (settings.refreshToken) return true;
  return !!settings.accessToken && (settings.expiresAt === undefined || settings.expiresAt > now);
}

/**
 * Exchanges an `OAuthVerifier` once: a code whose fingerprint is stored is not sent again. The code
 * is fingerprinted, not the string: the same code given first as the redirect URL and later bare is
 * one verifier. (Records written before kept the fingerprint of the whole string; it still counts.)
 */
async function exchangeVerifierOnce(
  client: OAuthClient,
  store: SettingsStore,
  verifier: string,
): Promise<void> {
  let code = verifier.trim();
  let captured: Record<string, string> = {};
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(code) || code.includes("code=")) {
    // Headless: the authorization URL was made elsewhere, so there is no state to compare here.
    const redirect = client.processRedirect(code, undefined);
    code = redirect.code;
    captured = redirect.captured;
  }
  const print = fingerprint(code);
  const legacyPrint = fingerprint(verifier.trim());
  await store.update(async (current) => {
    if (current?.consumedVerifier === print || current?.consumedVerifier === legacyPrint) {
      if (!hasUsableTokens(current, Date.now())) {
        throw new NoTokensError(
          "The OAuthVerifier was already exchanged, but its tokens are no longer stored",
          "An authorization code works once. Get a new one (GetOAuthAuthorizationURL), or remove OAuthVerifier and authorize again.",
        );
      }
      return undefined; // already exchanged: keep the stored tokens
    }
    const tokens = await client.exchangeCode(code, { captured });
    return { ...tokenSetToSettings(tokens), consumedVerifier: print };
  });
}

/**
 * Prepares tokens the way `InitiateOAuth` says (docs/connection-model.md) and returns
 * the token provider a connection uses:
 *
 * - `OFF`: the given access token as is (no refresh, no store).
 * - `REFRESH`: never opens a browser. Exchanges `given.verifier` first if it was not exchanged
 *   before (its SHA-256 fingerprint is stored with the tokens); seeds an empty store with the
 *   given tokens; then refreshes and persists as needed. Persisted tokens win over given ones
 *   (they may have been rotated since).
 * - `GETANDREFRESH`: like REFRESH, but when the store holds no usable tokens runs the desktop flow,
 *   and runs it again when a refresh fails with `invalid_grant` (revoked or expired grant).
 */
export async function initiateOAuth(options: InitiateOAuthOptions): Promise<AccessTokenProvider> {
  const given = options.given ?? {};
  if (options.mode === "OFF") {
    if (!given.accessToken) {
      throw new NoTokensError(
        "InitiateOAuth=OFF needs OAuthAccessToken",
        "Get a token with GetOAuthAuthorizationURL and GetOAuthAccessToken, then pass it as OAuthAccessToken; or use InitiateOAuth=GETANDREFRESH.",
      );
    }
    return createStaticTokenProvider(given.accessToken, { ...(given.metadata ?? {}) });
  }
  const { store, client } = options;
  if (!client) {
    throw new ConfigurationError(
      `InitiateOAuth=${options.mode} needs an OAuth client`,
      "Pass the client of the provider's OAuth application (its client id, and secret if it has one).",
    );
  }
  if (!store) {
    throw new ConfigurationError(
      `InitiateOAuth=${options.mode} needs a settings store`,
      "Pass the store for OAuthSettingsLocation (memory://NAME keeps tokens in this process only).",
    );
  }
  if (given.verifier) await exchangeVerifierOnce(client, store, given.verifier);
  if (given.accessToken || given.refreshToken) {
    await store.update((current) => {
      if (hasUsableTokens(current, Date.now())) return undefined;
      const seeded: OAuthSettings = { ...(current ?? {}) };
      if (given.accessToken) seeded.accessToken = given.accessToken;
      if (given.refreshToken) seeded.refreshToken = given.refreshToken;
      if (given.metadata) seeded.metadata = { ...(current?.metadata ?? {}), ...given.metadata };
      // The expiry of a hand-supplied access token is unknown: a 401 triggers the refresh.
      delete seeded.expiresAt;
      return seeded;
    });
  }
  if (!hasUsableTokens(await store.get(), Date.now())) {
    if (options.mode === "REFRESH") {
      throw new NoTokensError(
        `No OAuth tokens are stored for "${store.key}" and InitiateOAuth=REFRESH never opens a browser`,
        "Supply OAuthVerifier, OAuthRefreshToken or OAuthAccessToken, copy a settings file from a machine that authorized (headless), or use InitiateOAuth=GETANDREFRESH.",
      );
    }
    await authorizeDesktop({ ...(options.desktop ?? {}), client, store });
  }
  // GETANDREFRESH is interactive: a revoked or expired grant sends the user through consent again.
  const reauthorize =
    options.mode === "GETANDREFRESH"
      ? async () => {
          await authorizeDesktop({ ...(options.desktop ?? {}), client, store });
        }
      : undefined;
  return createTokenManager({
    reauthorize,
    givenRefreshToken: given.refreshToken,
    ...(options.tokens ?? {}),
    client,
    store,
  });
}
