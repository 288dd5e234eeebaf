// Reading response bodies with a size cap and a deadline: the timeout of a request covers the whole
// response, and text()/json() never buffer without bound.
import { ConnectorError, ConnectorErrorCode } from "./errors.js";

/** Default cap of a body read whole (text(), json(), pages): 32 MiB, far above any provider's page. */
export const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;

const nullBodyStatus = new Set([101, 103, 204, 205, 304]);

// A limited response's limits, on the response itself under a symbol of this module: a WeakMap
// entry per response costs the garbage collector more (ephemerons) than the rest of the bookkeeping.
const kLimits = Symbol("bodyLimits");
type Limited = Response & { [kLimits]?: BodyLimits };

/**
 * Returns a response whose body fails with `onTimeout()` once `deadline` (epoch ms) passes, however
 * slowly the server sends it; `onTimeout` also cancels the source so the connection is released.
 */
export function bodyWithDeadline(
  response: Response,
  deadline: number,
  onTimeout: () => Error,
): Response {
  if (!response.body || nullBodyStatus.has(response.status)) return response;
  const reader = response.body.getReader();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = () => clearTimeout(timer);
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      timer = setTimeout(
        () => {
          controller.error(onTimeout());
          reader.cancel().catch(() => undefined);
        },
        Math.max(0, deadline - Date.now()),
      );
      // An unread body must not keep the process alive on its own.
      timer.unref?.();
    },
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          stop();
          controller.close();
        } else controller.enqueue(value);
      } catch (error) {
        stop();
        controller.error(error);
      }
    },
    cancel(reason) {
      stop();
      return reader.cancel(reason);
    },
  });
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

/** Options of {@link readBodyText}. */
export interface ReadBodyOptions {
  /** Most bytes to read. Default: the response's own cap, else {@link DEFAULT_MAX_BODY_BYTES}. */
  maxBytes?: number | undefined;
  /** Past the cap: `false` (default) fails with `CONNECTOR_RESPONSE_TOO_LARGE`; `true` returns the start. */
  truncate?: boolean | undefined;
}

/**
 * Reads a body as UTF-8 text, at most `maxBytes` of it. A response from the connection's client
 * carries its cap and its request's error mapping, and they apply here too.
 * @throws ConnectorError `CONNECTOR_RESPONSE_TOO_LARGE` past the cap (unless `truncate`).
 */
export async function readBodyText(
  response: Response,
  options: ReadBodyOptions = {},
): Promise<string> {
  const own = (response as Limited)[kLimits];
  const max = options.maxBytes ?? own?.maxBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!response.body) {
    own?.onRead?.();
    return "";
  }
  const reader = response.body.getReader();
  // Chunks are kept and decoded once at the end: cheaper than decoding and concatenating each.
  const chunks: Uint8Array[] = [];
  let received = 0;
  // The mapping runs here rather than in a `then` on top: one promise less per read.
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.byteLength;
      if (received > max) {
        await reader.cancel().catch(() => undefined);
        if (options.truncate) {
          chunks.push(value.subarray(0, value.byteLength - (received - max)));
          return decodeUtf8(chunks);
        }
        throw tooLarge(response, max);
      }
      chunks.push(value);
    }
  } catch (error) {
    throw own?.mapError ? own.mapError(error, own) : error;
  } finally {
    own?.onRead?.();
  }
  return decodeUtf8(chunks);
}

function tooLarge(response: Response, max: number): ConnectorError {
  return new ConnectorError(
    ConnectorErrorCode.ResponseTooLarge,
    `The response body (HTTP ${response.status}, ${response.headers.get("content-type") ?? "no content type"}) is larger than ${max} bytes; it was not read further.`,
    {
      hint: "A provider's pages are far smaller: check the URL. For a large download, read response.body as a stream instead of text() or json().",
    },
  );
}

const utf8 = new TextDecoder();

function decodeUtf8(chunks: readonly Uint8Array[]): string {
  if (chunks.length === 1) return utf8.decode(chunks[0]);
  return utf8.decode(Buffer.concat(chunks));
}

/**
 * Parses a body as JSON (`null` when empty).
 * @throws ConnectorError `CONNECTOR_MALFORMED_RESPONSE` when it is not JSON,
 *   `CONNECTOR_RESPONSE_TOO_LARGE` past the cap.
 */
export async function readBodyJson(response: Response, maxBytes?: number): Promise<unknown> {
  // Without `maxBytes`, the response's own cap applies (see readBodyText).
  const text = await readBodyText(response, { maxBytes });
  if (text.trim().length === 0) return null;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConnectorError(
      ConnectorErrorCode.MalformedResponse,
      `The response body (HTTP ${response.status}, ${response.headers.get("content-type") ?? "no content type"}, ${text.length} characters) is not valid JSON: ${(error as Error).message.slice(0, 120)}.`,
      {
        hint: "The provider (or a proxy in between) answered with something else than JSON: an HTML error page, a truncated body. Check the URL and try again.",
      },
    );
  }
}

/**
 * What a limited response's readers obey. It is kept on the response as given, so a client can
 * share one object among its responses, or keep in it what its error mapping needs (no closure
 * per response).
 */
export interface BodyLimits {
  /** Most bytes `text()` and `json()` read. */
  maxBytes: number;
  /** Runs once a body reader finishes (read whole, failed or capped). */
  onRead?: (() => void) | undefined;
  /** Maps an error a body reader met (a timeout given as an abort reason, into a precise one). */
  mapError?: ((error: unknown, limits: BodyLimits) => unknown) | undefined;
}

/** A native reader's promise, with the response's mapping and `onRead` on top. */
function settle<T>(response: Response, reading: Promise<T>): Promise<T> {
  const own = (response as Limited)[kLimits];
  if (!own?.onRead && !own?.mapError) return reading;
  return reading.then(
    (value) => {
      own.onRead?.();
      return value;
    },
    (error: unknown) => {
      own.onRead?.();
      throw own.mapError ? own.mapError(error, own) : error;
    },
  );
}

/** The whole body as bytes, uncapped, with the response's mapping and `onRead`. */
async function readBodyBytes(response: Response): Promise<ArrayBuffer> {
  const own = (response as Limited)[kLimits];
  const chunks: Uint8Array[] = [];
  let received = 0;
  try {
    if (response.body) {
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        received += value.byteLength;
        chunks.push(value);
      }
    }
  } catch (error) {
    throw own?.mapError ? own.mapError(error, own) : error;
  } finally {
    own?.onRead?.();
  }
  // A copy, as fetch's own arrayBuffer() gives: a chunk may share its buffer with other bytes.
  if (chunks.length === 1) {
    const only = chunks[0] as Uint8Array;
    return only.buffer.slice(only.byteOffset, only.byteOffset + only.byteLength) as ArrayBuffer;
  }
  const whole = new Uint8Array(received);
  let at = 0;
  for (const chunk of chunks) {
    whole.set(chunk, at);
    at += chunk.byteLength;
  }
  return whole.buffer;
}

// Swapping the prototype costs far less than defining own methods on every response. Built on
// first use: touching the global Response at import would load Node's fetch implementation.
let limitedPrototype: object | undefined;
function limitedResponsePrototype(): object {
  if (limitedPrototype) return limitedPrototype;
  const { blob } = Response.prototype;
  class LimitedResponse extends Response {
    override text(): Promise<string> {
      return readBodyText(this);
    }
    override json(): Promise<unknown> {
      return readBodyJson(this);
    }
    override arrayBuffer(): Promise<ArrayBuffer> {
      // A reader of this module rather than the native one with a `then` on top: one promise less.
      return this.bodyUsed ? settle(this, super.arrayBuffer()) : readBodyBytes(this);
    }
    override blob(): Promise<Blob> {
      return settle(this, blob.call(this));
    }
  }
  limitedPrototype = LimitedResponse.prototype;
  return limitedPrototype;
}

/**
 * Makes `text()` and `json()` of a response read at most `limits.maxBytes` and fail with typed
 * errors (`json()` on a body that is not JSON: `CONNECTOR_MALFORMED_RESPONSE`). `body`,
 * `arrayBuffer()` and `blob()` stay uncapped, for downloads; every reader reports to `onRead` and
 * `mapError`.
 */
export function withBodyLimits(response: Response, limits: BodyLimits): Response {
  (response as Limited)[kLimits] = limits;
  Object.setPrototypeOf(response, limitedResponsePrototype());
  return response;
}
