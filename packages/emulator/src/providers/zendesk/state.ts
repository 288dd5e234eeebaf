import type { OAuthServer } from "../../core/oauth/index.js";
import { textOffsetCursor } from "../../core/paging.js";
import type { SlidingWindow } from "../../core/rate-limit.js";
import type { StoredRecord } from "../../core/records/store.js";
import type { CommonProviderOptions, ProviderCore } from "../../core/types.js";
import type { ZendeskStore } from "./store.js";

/** Options of the Zendesk provider (`startEmulator({ zendesk: { … } })`). */
export interface ZendeskOptions extends CommonProviderOptions {
  /** The account subdomain (default `emulated`); other subdomains answer 404. */
  subdomain?: string;
  /** Role of the emulated user (default `admin`); incremental exports need `admin`. */
  role?: "admin" | "agent" | "end-user";
  /** API token for Basic `{email}/token:{apiToken}` (default `emulator-zendesk-api-token`). */
  apiToken?: string;
  /** Basic `{email}:{password}`: `"disabled"` (default: 401, turned off since 2026-01-12) or `"enabled"`. */
  passwordAuth?: "disabled" | "enabled";
  /** Password for `passwordAuth: "enabled"` (default `emulator-zendesk-password`). */
  password?: string;
  /** Incremental exports: requests per window (default 10 per 60 000 ms); false: off. */
  incrementalRateLimit?: { limit: number; windowMs: number } | false;
  /** Account-wide API requests per minute (default 700); false: off. */
  requestsPerMinute?: number | false;
  /** Exclude items changed in the last 60 s from incremental exports (default true). */
  incrementalLag?: boolean;
  /** The emulated user. */
  user?: { name?: string; email?: string };
}

/** The lists the incremental exports read (and whose writes they follow). */
export type Exported = "tickets" | "users" | "organizations";
export const FALLBACK = { tickets: 250, users: 120, organizations: 40 };

/** A `job_statuses/{id}` entry of a bulk write. */
export interface JobStatus {
  id: string;
  /** Polls left before it completes (Zendesk runs jobs in the background). */
  pending: number;
  total: number;
  results: StoredRecord[];
  status: "queued" | "working" | "completed" | "failed";
}

/** What the Zendesk files share (not part of the API; named by the declarations that use it). */
export interface ZendeskShared {
  core: ProviderCore<ZendeskOptions>;
  oauth: OAuthServer;
  subdomain: string;
  user: { id: number; name: string; email: string };
  /** Access token -> numeric token id (Zendesk token ids), and back. */
  ids: Map<string, number>;
  byId: Map<number, string>;
  nextId: number;
  /** Account-wide limit (`requestsPerMinute`), and the incremental exports' own. */
  apiWindow: SlidingWindow | undefined;
  incrementalWindow: SlidingWindow | undefined;
  usedAt: Map<string, number>;
  /** Every list's records (data set plus writes), by table name (`comments` too). */
  stores: Record<string, ZendeskStore>;
  /** Keys of child records added through the API, by `child/parentId`. */
  childKeys: Map<string, number[]>;
  /**
   * What clients wrote, per exported list: id -> write sequence, in write order (a write moves
   * the id to the end), with the record as it was deleted where it was deleted.
   */
  log: Record<Exported, Map<number, number>>;
  tombstones: Map<string, StoredRecord>;
  seq: number;
  jobs: Map<string, JobStatus>;
}

/** Zendesk's API error envelope. */
export const err = (
  s: ZendeskShared,
  status: number,
  error: string,
  description?: string,
  headers?: Record<string, string>,
) => s.core.respond.json(status, description ? { error, description } : { error }, headers);

export const base = (s: ZendeskShared) => `https://${s.subdomain}.zendesk.com`;
export const unix = (ms: number) => Math.floor(ms / 1000);

/** The numeric id Zendesk shows for an access token (assigned on first sight). */
export function tokenId(s: ZendeskShared, token: string): number {
  let id = s.ids.get(token);
  if (id === undefined) {
    id = s.nextId++;
    s.ids.set(token, id);
    s.byId.set(id, token);
  }
  return id;
}

/** Zendesk's 429 answer. */
export const throttle = (s: ZendeskShared, retryAfter: number, limit: number) =>
  err(s, 429, "APIRateLimitExceeded", "Number of allowed API requests per minute exceeded", {
    "retry-after": String(retryAfter),
    "x-rate-limit": String(limit),
    "x-rate-limit-remaining": "0",
  });

/** Opaque list and export cursors. */
export const cursors = textOffsetCursor("i");
