import type { EmulatorResponse } from "./http.js";

/**
 * Where the URLs the emulator writes into responses point: `"real"` (default) keeps the
 * provider's `https://` hosts, as the provider would; `"emulator"` rewrites every URL on a
 * served host to `<emulator origin>/<real host>/…`, so a client that follows links (next pages,
 * `api_domain`, `accounts-server`, Location) without rewriting them stays on the emulator.
 */
export type LinkMode = "real" | "emulator";

// A URL on a named host; the host is checked against the served providers before rewriting.
const HTTPS_URL = /https:\/\/([a-z0-9-]+(?:\.[a-z0-9-]+)+)(?::\d+)?/gi;
const ENCODED_HTTPS_URL = /https%3A%2F%2F([a-z0-9-]+(?:\.[a-z0-9-]+)+)/gi;

/** Rewrites `https://<served host>` in a text to `<origin>/<served host>`. */
export function rewriteText(text: string, origin: string, served: (host: string) => boolean) {
  return text.replace(HTTPS_URL, (whole, host: string) =>
    served(host.toLowerCase()) ? `${origin}/${host.toLowerCase()}` : whole,
  );
}

/**
 * Rewrites a Location value: the URL itself when it is on a served host, otherwise the values
 * of its query that are (Zoho's `accounts-server` on the redirect to the client).
 */
function rewriteLocation(location: string, origin: string, served: (host: string) => boolean) {
  const direct = rewriteText(location, origin, served);
  if (direct !== location) return direct;
  const encodedOrigin = encodeURIComponent(origin);
  return location.replace(ENCODED_HTTPS_URL, (whole, host: string) =>
    served(host.toLowerCase()) ? `${encodedOrigin}%2F${host.toLowerCase()}` : whole,
  );
}

/**
 * Applies the `"emulator"` link mode to a response: its body and its Location header. Other
 * headers (a documentation `Link`, say) keep the real hosts.
 */
export function selfAddress(
  out: EmulatorResponse,
  origin: string,
  served: (host: string) => boolean,
): EmulatorResponse {
  const headers = { ...out.headers };
  if (headers.location !== undefined) {
    headers.location = rewriteLocation(headers.location, origin, served);
  }
  const body = out.body.includes("https") ? rewriteText(out.body, origin, served) : out.body;
  return { status: out.status, headers, body };
}
