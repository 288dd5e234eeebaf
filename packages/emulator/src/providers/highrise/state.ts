import type { OAuthServer } from "../../core/oauth/index.js";
import type { SlidingWindow } from "../../core/rate-limit.js";
import type { CommonProviderOptions, ProviderCore } from "../../core/types.js";
import type { XmlNode } from "./xml.js";

/** A non-Highrise account listed by Launchpad's `authorization.json`. */
export interface LaunchpadAccount {
  product: string;
  id: number;
  name: string;
  href: string;
  app_href: string;
}

/** Options of the Highrise provider (`startEmulator({ highrise: { … } })`). */
export interface HighriseOptions extends CommonProviderOptions {
  /** Highrise account subdomain: API base `https://<subdomain>.highrisehq.com` (default `emulated`). */
  subdomain?: string;
  /** Highrise account id (default 3004005). */
  accountId?: number;
  /** Highrise account name (default `Emulated Highrise`). */
  accountName?: string;
  /** API token for Basic `<token>:X` (default `emulator-highrise-api-token`). */
  apiToken?: string;
  /** Other products of the identity (default: one Basecamp 4 account, product `bc3`). */
  otherAccounts?: LaunchpadAccount[];
  /** The identity has no active accounts: Launchpad answers 401 `Unknown Basecamp ID.` (default false). */
  noActiveAccounts?: boolean;
  /**
   * Refresh responses: `"same"` (default, the documented shape: the same refresh token comes
   * back), `"none"` (no `refresh_token`; the old one keeps working) or `"rotate"` (a new one; the
   * old one stops working).
   */
  refreshTokenRotation?: "none" | "same" | "rotate";
  /** Requests without `User-Agent` get 400 (default true). */
  requireUserAgent?: boolean;
  /** Throttle per account: 503 + Retry-After past `limit` per `windowMs` (default 150 per 5000 ms); false: off. */
  throttle?: { limit: number; windowMs: number } | false;
  /** The emulated identity. */
  user?: { firstName?: string; lastName?: string; email?: string };
}

export const LAUNCHPAD = "launchpad.37signals.com";
/** Page size of `/people.xml`, `/companies.xml`, `/deals.xml`. */
export const HIGHRISE_PAGE_SIZE = 500;
/** Page size of `/people/search.xml`. */
export const HIGHRISE_SEARCH_PAGE_SIZE = 25;

/** A list the emulator serves. */
export type Resource = "people" | "companies" | "deals";
export const FALLBACK: Record<Resource, number> = { people: 1234, companies: 321, deals: 150 };

/** What the Highrise files share (not part of the API; named by the declarations that use it). */
export interface HighriseShared {
  core: ProviderCore<HighriseOptions>;
  oauth: OAuthServer;
  subdomain: string;
  accountId: number;
  accountName: string;
  apiToken: string;
  identity: { id: number; first_name: string; last_name: string; email_address: string };
  userId: number;
  /** The per-account throttle (`throttle` option). */
  window: SlidingWindow | undefined;
  /** Records written through the API by `resource/id` (their XML fields); `null` once deleted. */
  written: Map<string, XmlNode[] | null>;
  /** Records created through the API, per resource (their ids follow the data set). */
  added: Map<string, number>;
}

/** A plain-text answer (Launchpad and Highrise answer most errors so). */
export const plain = (s: HighriseShared, status: number, text: string) =>
  s.core.respond.text(status, text);
