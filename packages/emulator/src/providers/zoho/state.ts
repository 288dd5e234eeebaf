import type { EmulatorResponse } from "../../core/http.js";
import type { OAuthServer } from "../../core/oauth/index.js";
import type { SlidingWindows } from "../../core/rate-limit.js";
import type { RecordStore } from "../../core/records/store.js";
import type { AccessTokenRecord } from "../../core/tokens.js";
import type { CommonProviderOptions, ProviderCore } from "../../core/types.js";
import type { ZohoDataCentre, ZohoLocation } from "./dc.js";

/** An organization returned by `GET /inventory/v1/organizations`. */
export interface ZohoOrganization {
  organization_id: string;
  name: string;
  contact_name?: string;
  email?: string;
  country?: string;
  country_code?: string;
  currency_code?: string;
  is_default_org?: boolean;
}

/** Options of the Zoho provider (`startEmulator({ zoho: { … } })`). */
export interface ZohoOptions extends CommonProviderOptions {
  /** Data centre the emulated user lives in (default `"eu"`). */
  dc?: ZohoLocation;
  /** Access-token lifetime (default 3600 s). Codes: `codeTtlSeconds` (default 180 s). */
  accessTokenTtlSeconds?: number;
  /** Refresh cap per refresh token (default `{ max: 10, windowMs: 600_000 }`). */
  refreshLimit?: { max: number; windowMs: number };
  /** Legacy token responses: `expires_in` in milliseconds plus `expires_in_sec` (default false). */
  legacyExpiresIn?: boolean;
  /** Live access tokens per refresh token; the next one revokes the oldest (default 15). */
  maxAccessTokensPerRefreshToken?: number;
  /** Refresh tokens per user and client; the next one revokes the oldest (default 20). */
  maxRefreshTokensPerUser?: number;
  /** Check OAuth scopes on API calls (default true): mismatches get `OAUTH_SCOPE_MISMATCH`. */
  enforceScopes?: boolean;
  /** Inventory organizations (default: one, id `"10234695"`). */
  organizations?: ZohoOrganization[];
  /** The emulated user. */
  user?: { firstName?: string; lastName?: string; email?: string };
}

/** The emulated Zoho user. */
export interface ZohoUser {
  id: string;
  zuid: string;
  firstName: string;
  lastName: string;
  fullName: string;
  email: string;
}

/** What the Zoho route files share (not part of the API; named by the declarations that use it). */
export interface ZohoShared {
  core: ProviderCore<ZohoOptions>;
  oauth: OAuthServer;
  dc: ZohoDataCentre;
  user: ZohoUser;
  organizations: ZohoOrganization[];
  accessTtl: number;
  /** Clients the user already consented to (refresh token only on first consent). */
  consented: Set<string>;
  /** Refresh attempts per refresh token (`refreshLimit`). */
  refreshLimit: SlidingWindows;
  /** CRM records per module: the generated data set with what clients wrote. */
  crm: Map<string, RecordStore>;
  /** Inventory records per `org/table`: the data set plus what clients wrote. */
  inventoryStores: Map<string, RecordStore>;
}

/** Authenticates a Zoho API call; returns the token or the error response (not part of the API). */
export type ZohoAuth =
  | { ok: true; token: AccessTokenRecord }
  | { ok: false; response: EmulatorResponse };

/** Splits a Zoho scope string (commas documented; spaces tolerated). */
export function splitScopes(scope: string | undefined): string[] {
  return (scope ?? "").split(/[,\s]+/).filter(Boolean);
}

/** True when one granted scope matches one of the patterns (case-insensitive). */
export function hasScope(granted: string[], patterns: RegExp[]): boolean {
  return granted.some((g) => patterns.some((p) => p.test(g)));
}
