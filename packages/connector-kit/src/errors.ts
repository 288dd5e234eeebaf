import { type ErrorKind, XConnError } from "@x/errors";

/** Stable codes of the errors this package throws. */
export const ConnectorErrorCode = {
  /** A request was about to carry credentials to a host the provider does not own. */
  HostNotAllowed: "CONNECTOR_HOST_NOT_ALLOWED",
  /** `EmulatorURL` is not a loopback http(s) URL. */
  EmulatorNotLoopback: "CONNECTOR_EMULATOR_NOT_LOOPBACK",
  /** The provider answered with an error status (after retries, where retries apply). */
  Api: "CONNECTOR_API_ERROR",
  /** The provider kept answering 429/503 until the retries ran out. */
  RateLimited: "CONNECTOR_RATE_LIMITED",
  /** The provider rejected the credentials, and a refresh did not help. */
  Unauthorized: "CONNECTOR_UNAUTHORIZED",
  /** The request did not complete: connection refused, reset, DNS. */
  Network: "CONNECTOR_NETWORK",
  /** The request took longer than the timeout (or its retries ran past the call's deadline). */
  Timeout: "CONNECTOR_TIMEOUT",
  /** The caller cancelled the request through its `AbortSignal`. */
  Aborted: "CONNECTOR_ABORTED",
  /** A redirect pointed outside the provider's hosts (or looped); it was not followed. */
  RedirectRefused: "CONNECTOR_REDIRECT_REFUSED",
  /** A body read whole (text(), json(), a page) is larger than the cap. */
  ResponseTooLarge: "CONNECTOR_RESPONSE_TOO_LARGE",
  /** The response body could not be read as the provider's format. */
  MalformedResponse: "CONNECTOR_MALFORMED_RESPONSE",
  /** The connection test reached the provider but no real identity came back. */
  NotAuthenticated: "CONNECTOR_NOT_AUTHENTICATED",
  /** The properties do not make a usable connection (beyond what schema validation catches). */
  Configuration: "CONNECTOR_CONFIGURATION",
  /** A resource name that the connector does not know. */
  UnknownResource: "CONNECTOR_UNKNOWN_RESOURCE",
  /** A table name that the connector does not know. */
  UnknownTable: "CONNECTOR_UNKNOWN_TABLE",
  /** A column name that the table does not have (in a filter, a selection, an order or a write). */
  UnknownColumn: "CONNECTOR_UNKNOWN_COLUMN",
  /** A filter that the filter language cannot read: an unknown operator, a value of the wrong type. */
  InvalidFilter: "CONNECTOR_INVALID_FILTER",
  /** An option of a table call that does not exist or has a wrong value, or wrong retry settings. */
  InvalidOption: "CONNECTOR_INVALID_OPTION",
  /** A row or a change that the table's columns refuse (read-only, required, wrong type). */
  InvalidRecord: "CONNECTOR_INVALID_RECORD",
  /** A write (insert, update, delete) on a table that the provider does not let anyone write. */
  ReadOnlyTable: "CONNECTOR_READ_ONLY_TABLE",
  /** A write that may or may not have been applied (timeout, connection lost, 5xx after sending). */
  WriteOutcomeUnknown: "CONNECTOR_WRITE_OUTCOME_UNKNOWN",
  /** A listing reached a limit of the provider that the table cannot work around for this query. */
  ProviderCap: "CONNECTOR_PROVIDER_CAP",
  /** A resume cursor that does not belong to this table and query, or is damaged. */
  InvalidCursor: "CONNECTOR_INVALID_CURSOR",
  /** The record does not exist (get, update or delete by key). */
  NotFound: "CONNECTOR_NOT_FOUND",
} as const;

export type ConnectorErrorCode = (typeof ConnectorErrorCode)[keyof typeof ConnectorErrorCode];

const kinds: Record<ConnectorErrorCode, ErrorKind> = {
  CONNECTOR_HOST_NOT_ALLOWED: "configuration",
  CONNECTOR_EMULATOR_NOT_LOOPBACK: "configuration",
  CONNECTOR_CONFIGURATION: "configuration",
  CONNECTOR_UNKNOWN_RESOURCE: "configuration",
  CONNECTOR_UNKNOWN_TABLE: "configuration",
  CONNECTOR_UNKNOWN_COLUMN: "configuration",
  CONNECTOR_INVALID_FILTER: "configuration",
  CONNECTOR_INVALID_OPTION: "configuration",
  CONNECTOR_INVALID_RECORD: "configuration",
  CONNECTOR_READ_ONLY_TABLE: "configuration",
  CONNECTOR_INVALID_CURSOR: "configuration",
  CONNECTOR_PROVIDER_CAP: "provider",
  CONNECTOR_NOT_FOUND: "provider",
  CONNECTOR_WRITE_OUTCOME_UNKNOWN: "network",
  CONNECTOR_UNAUTHORIZED: "authorization",
  CONNECTOR_NOT_AUTHENTICATED: "authorization",
  CONNECTOR_API_ERROR: "provider",
  CONNECTOR_RATE_LIMITED: "provider",
  CONNECTOR_REDIRECT_REFUSED: "provider",
  CONNECTOR_RESPONSE_TOO_LARGE: "provider",
  CONNECTOR_MALFORMED_RESPONSE: "provider",
  CONNECTOR_NETWORK: "network",
  CONNECTOR_TIMEOUT: "network",
  CONNECTOR_ABORTED: "aborted",
};

/** Base class of every error the connectors throw; `code` is stable, `hint` says what to do. */
export class ConnectorError extends XConnError {
  override name = "ConnectorError";
  declare readonly code: ConnectorErrorCode;

  constructor(
    code: ConnectorErrorCode,
    message: string,
    options?: { hint?: string; cause?: unknown },
  ) {
    super(code, kinds[code], message, options);
  }
}

/** Facts about a failed HTTP exchange, free of secrets (no headers, no query values). */
export interface ApiErrorDetails {
  provider: string;
  method: string;
  /** Origin and path of the request; the query string is left out because it may hold secrets. */
  url: string;
  status: number;
  /** The provider's own error code, when its envelope has one (`INVALID_OAUTHTOKEN`, …). */
  providerCode?: string | undefined;
  /** The provider's own message, when its envelope has one. */
  providerMessage?: string | undefined;
  /** Seconds the provider asked to wait, from `Retry-After`. */
  retryAfter?: number | undefined;
}

/** The provider answered with an error status. */
export class ApiError extends ConnectorError {
  override name = "ApiError";
  readonly details: ApiErrorDetails;

  constructor(
    details: ApiErrorDetails,
    options?: { code?: ConnectorErrorCode; hint?: string; cause?: unknown },
  ) {
    const what = details.providerCode
      ? `${details.providerCode}${details.providerMessage ? `: ${details.providerMessage}` : ""}`
      : (details.providerMessage ?? "");
    super(
      options?.code ?? ConnectorErrorCode.Api,
      `${details.provider} answered ${details.status} to ${details.method} ${details.url}${what ? ` (${what})` : ""}`,
      options,
    );
    this.details = details;
  }

  get status(): number {
    return this.details.status;
  }

  /** The error as JSON, with the facts of the exchange (free of secrets, like the message). */
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), details: this.details };
  }
}
