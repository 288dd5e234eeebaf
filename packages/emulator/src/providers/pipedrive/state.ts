import type { OAuthServer } from "../../core/oauth/index.js";
import type { RecordStore, StoredRecord } from "../../core/records/store.js";
import type { CommonProviderOptions, ProviderCore, RequestContext } from "../../core/types.js";

/** Options of the Pipedrive provider (`startEmulator({ pipedrive: { … } })`). */
export interface PipedriveOptions extends CommonProviderOptions {
  /** Company domain: the API host is `https://<companyDomain>.pipedrive.com` (default `emulatedcompany`). */
  companyDomain?: string;
  /** Personal API token accepted in `x-api-token` / `?api_token=` (default `emulator-pipedrive-api-token`). */
  apiToken?: string;
  /** Scope string returned in token responses (default `base,deals:full,contacts:full`). */
  scope?: string;
  /**
   * What the token endpoint does with PKCE parameters (undocumented by Pipedrive): `"ignore"`
   * (default: accepted and not checked) or `"reject"` (`invalid_request`).
   */
  pkce?: "ignore" | "reject";
  /** v1 deals/persons/organizations lists: `"deprecated"` (default: served with `Deprecation`/`Sunset` headers) or `"removed"` (410). */
  v1Lists?: "deprecated" | "removed";
  /** The emulated user. */
  user?: { id?: number; name?: string; email?: string };
  /** Company name (default `Emulated Company`). */
  companyName?: string;
}

export const OAUTH_HOST = "oauth.pipedrive.com";
export const API_HOST = "api.pipedrive.com";

/** A list the emulator serves. */
export type Resource = "deals" | "persons" | "organizations" | "activities";
export const FALLBACK: Record<Resource, number> = {
  deals: 250,
  persons: 300,
  organizations: 80,
  activities: 400,
};

/** What the Pipedrive files share (not part of the API; named by the declarations that use it). */
export interface PipedriveShared {
  core: ProviderCore<PipedriveOptions>;
  oauth: OAuthServer;
  company: string;
  apiToken: string;
  user: { id: number; name: string; email: string };
  companyId: number;
  companyName: string;
  /** The records of each resource: the data set plus what clients wrote (ids continue after it). */
  stores: Record<Resource, RecordStore>;
  /** The stores of the resources the generic engine serves (`catalog.ts`), by name. */
  specStores: Record<string, RecordStore>;
}

/** Pipedrive's API error envelope. */
export const apiError = (
  s: PipedriveShared,
  status: number,
  error: string,
  errorInfo: string,
  headers?: Record<string, string>,
) =>
  s.core.respond.json(
    status,
    { success: false, error, error_info: errorInfo, data: null, additional_data: null },
    headers,
  );

/** A JSON object body, or undefined. */
export function bodyOf(ctx: RequestContext): StoredRecord | undefined {
  const body = ctx.body.kind === "json" ? ctx.body.value : undefined;
  return body !== null && typeof body === "object" && !Array.isArray(body)
    ? (body as StoredRecord)
    : undefined;
}
