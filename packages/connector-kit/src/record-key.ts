// Which record of a settings location a connection uses.
import { createHash } from "node:crypto";
import { ConnectorError, ConnectorErrorCode } from "./errors.js";

/** Inputs of {@link settingsRecordKey}. */
export interface RecordKeyInput {
  /** Connector id, e.g. `zendesk`. */
  provider: string;
  /** `OAuthSettingsKey` / the `settingsKey` option, when given. */
  given?: string | undefined;
  /** The OAuth client id in use. */
  clientId?: string | undefined;
  /** Values that select an account or host (subdomain, region, company domain, account id). */
  account: Readonly<Record<string, string | undefined>>;
}

/** The record key, plus older keys whose record this connection may adopt. */
export interface RecordKey {
  key: string;
  legacyKeys: string[];
}

/**
 * `<provider>:<given>` when a key is given, so one location can hold the records of several
 * providers for the same user id. Otherwise `<provider>:<hash>`: a SHA-256 of the client id and
 * the account values, so two accounts (or two OAuth apps) never share a record; the record an
 * older version wrote under the bare provider id is adopted by the first connection without one.
 */
export function settingsRecordKey(input: RecordKeyInput): RecordKey {
  const given = input.given?.trim();
  if (given !== undefined && given !== "") {
    if (given.length > 400 || given.includes("\0")) {
      throw new ConnectorError(
        ConnectorErrorCode.Configuration,
        `OAuthSettingsKey must be at most 400 characters without NUL, got ${given.length} characters.`,
        { hint: "Use a short user or tenant id, e.g. OAuthSettingsKey=user-42." },
      );
    }
    return { key: `${input.provider}:${given}`, legacyKeys: [] };
  }
  const account = Object.entries(input.account)
    .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== "")
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const digest = createHash("sha256")
    .update(JSON.stringify([input.clientId ?? "", account]))
    .digest("base64url")
    .slice(0, 22);
  return { key: `${input.provider}:${digest}`, legacyKeys: [input.provider] };
}
