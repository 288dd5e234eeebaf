import type { OAuthServer } from "../../core/oauth/index.js";
import type { SlidingWindow } from "../../core/rate-limit.js";
import type { RecordStore, StoredRecord } from "../../core/records/store.js";
import type { CommonProviderOptions, ProviderCore } from "../../core/types.js";

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

/** Page size of the recordings listed per subject (notes, emails). */
export const HIGHRISE_RECORDINGS_PAGE_SIZE = 25;

/** The record types the emulator keeps (each in a record store). */
export type Resource =
  | "people"
  | "companies"
  | "deals"
  | "kases"
  | "notes"
  | "emails"
  | "comments"
  | "tasks"
  | "tags"
  | "users"
  | "groups"
  | "deal_categories"
  | "task_categories"
  | "subject_fields";
/** Data set sizes unless `datasets.highrise` says otherwise. */
export const FALLBACK: Record<Resource, number> = {
  people: 1234,
  companies: 321,
  deals: 150,
  kases: 40,
  notes: 300,
  emails: 120,
  comments: 80,
  tasks: 60,
  tags: 8,
  users: 4,
  groups: 3,
  deal_categories: 4,
  task_categories: 5,
  subject_fields: 3,
};

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
  /** The records, generated data set plus what clients wrote, per resource. */
  stores: Record<Resource, RecordStore>;
  /** The next id of a nested record (contact data, custom field values). */
  nextNestedId: number;
  /** Tags on deals and cases (`deals/40000` -> tags); parties carry theirs in their records. */
  subjectTags: Map<string, StoredRecord[]>;
}

/** A plain-text answer (Launchpad and Highrise answer most errors so). */
export const plain = (s: HighriseShared, status: number, text: string) =>
  s.core.respond.text(status, text);
