// A provider's JSON error envelope, as data: where its code and message are.
import { ApiError } from "./errors.js";
import type { ProviderErrorInfo } from "./http.js";

/** A dotted path into a JSON body (`error.title`), or several: the first that holds a value wins. */
export type EnvelopePath = string | readonly string[];

/** Where a provider's JSON error body keeps its code and message. */
export interface ErrorEnvelope {
  code?: EnvelopePath;
  message?: EnvelopePath;
  /**
   * For providers that report errors with HTTP 200: a successful JSON answer whose `code` is
   * present and differs from this value is an error (Zoho Inventory: `0`).
   */
  successCode?: string | number;
  /**
   * For error bodies that are not JSON (Highrise's XML `<errors>`): reads the code and message out
   * of the body text; used instead of `code` and `message` for error answers.
   */
  parse?: (body: string) => ProviderErrorInfo | undefined;
}

function at(body: unknown, path: string): unknown {
  let value = body;
  for (const key of path.split(".")) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** The first path holding a string or number, as a string. */
function pick(body: unknown, paths: EnvelopePath | undefined): string | undefined {
  for (const path of typeof paths === "string" ? [paths] : (paths ?? [])) {
    const value = at(body, path);
    if (typeof value === "string" || typeof value === "number") return String(value);
  }
  return undefined;
}

/** Reads an envelope from a parsed body. */
export function readEnvelope(envelope: ErrorEnvelope, body: unknown): ProviderErrorInfo {
  return { code: pick(body, envelope.code), message: pick(body, envelope.message) };
}

/** The `parseError` of an HTTP client for an envelope (a body that is not JSON reads as nothing). */
export function envelopeParser(envelope: ErrorEnvelope): (body: string) => ProviderErrorInfo {
  const parse = envelope.parse;
  return parse ? (body) => parse(body) ?? {} : (body) => readEnvelope(envelope, JSON.parse(body));
}

/**
 * Throws the `ApiError` a successful answer carries in its envelope (errors reported with HTTP
 * 200), naming the request's real URL.
 */
export function assertSuccessEnvelope(
  provider: string,
  envelope: ErrorEnvelope | undefined,
  response: Response,
  body: unknown,
  method = "GET",
): void {
  if (envelope?.successCode === undefined || envelope.code === undefined) return;
  const info = readEnvelope(envelope, body);
  if (info.code === undefined || info.code === String(envelope.successCode)) return;
  throw new ApiError(
    {
      provider,
      method,
      url: response.url,
      status: response.status,
      providerCode: info.code,
      providerMessage: info.message,
    },
    { hint: `${provider} reported an error in a successful response; see its code and message.` },
  );
}
