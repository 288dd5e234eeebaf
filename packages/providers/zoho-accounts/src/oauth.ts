import { defineOAuthProvider, type OAuthProviderDefinition } from "@x/oauth-core";
import {
  isZohoAccountsServer,
  isZohoApiDomain,
  type ZohoRegion,
  zohoDataCentreOf,
  zohoDataCentres,
} from "./data-centres.js";

/** How long Zoho's "Access Denied" throttle lasts: about 10 refreshes per 10 minutes per token. */
export const ZOHO_THROTTLE_MS = 10 * 60 * 1000;

/**
 * The Zoho Accounts OAuth definition, as data plus the hooks its quirks need:
 * - the code is exchanged at the `accounts-server` Zoho puts on the redirect (allow-listed);
 * - `api_domain` from the token response is kept, and must be one of Zoho's API hosts; it also
 *   names the accounts server when the code came without its redirect;
 * - errors come with HTTP 200 (`invalid_code` means re-authorize; `Access Denied` is a throttle);
 * - legacy responses give `expires_in` in milliseconds next to `expires_in_sec`;
 * - refresh responses carry no refresh token (the stored one is kept);
 * - `access_type=offline&prompt=consent`, or Zoho issues no refresh token on re-consent.
 */
export function zohoOAuthProvider(options: {
  /** Connector id, e.g. `zoho-crm`. */
  id: string;
  /** Default scopes, comma-separated on the wire. */
  scopes: readonly string[];
}): OAuthProviderDefinition {
  return defineOAuthProvider({
    id: options.id,
    authorizationEndpoint: "{authorize-server}/oauth/v2/auth",
    tokenEndpoint: "{accounts-server}/oauth/v2/token",
    revocationEndpoint: "{accounts-server}/oauth/v2/token/revoke",
    clientAuth: "post",
    // PKCE is documented for mobile and desktop public clients only; server clients send secrets.
    pkce: false,
    scopes: { default: options.scopes, separator: "," },
    authorizationParams: { access_type: "offline", prompt: "consent" },
    captureFromRedirect: ["accounts-server", "location"],
    captureFromToken: ["api_domain", "accounts-server"],
    refreshTokenRotation: "never",
    hooks: {
      classifyError({ error }) {
        if (error === "invalid_code") return "invalid_grant";
        if (error === "invalid_client" || error === "invalid_client_secret")
          return "invalid_client";
        if (error === "Access Denied") return { kind: "throttled", retryAfterMs: ZOHO_THROTTLE_MS };
        return undefined;
      },
      // A code exchanged without its redirect (the code alone) brings no accounts-server, but the
      // api_domain of the answer names the same data centre: later refreshes and revocations then
      // go to that centre's accounts server without the user repeating Region.
      processTokenResponse(json) {
        const domain = json.api_domain;
        if (typeof domain !== "string" || json["accounts-server"] !== undefined) return { ...json };
        const dc = zohoDataCentreOf(domain);
        return dc ? { ...json, "accounts-server": dc.accounts } : { ...json };
      },
      expiresInSeconds(json) {
        const seconds = json.expires_in_sec;
        return typeof seconds === "number" ? seconds : undefined;
      },
      validateCaptured(name, value) {
        if (name === "accounts-server") return isZohoAccountsServer(value);
        if (name === "api_domain") return isZohoApiDomain(value);
        if (name === "location") return /^[a-z]{2}$/.test(value);
        return true;
      },
    },
  });
}

/**
 * Template values for a region: where to authorize, and where to exchange until the redirect says
 * otherwise. China authorizes at its own server; everyone else can start at their region's.
 */
export function zohoTemplateValues(region: ZohoRegion): Record<string, string> {
  const dc = zohoDataCentres[region];
  return { "authorize-server": dc.accounts, "accounts-server": dc.accounts, api_domain: dc.api };
}
