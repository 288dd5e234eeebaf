// Redirects are followed here, not by fetch: only to the provider's own hosts, with credentials
// applied afresh for each hop. fetch would follow any Location and undici strips only
// `Authorization`, so a custom credential header (x-api-token) would travel to any host.
import type { AuthStrategy } from "./auth.js";
import { ConnectorError, ConnectorErrorCode } from "./errors.js";
import { type HostPattern, hostMatches } from "./url-guard.js";

/** How many redirects one request may follow. */
export const MAX_REDIRECTS = 5;

const redirectStatus = new Set([301, 302, 303, 307, 308]);

/** Options of {@link followRedirects}. */
export interface RedirectPolicy {
  provider: string;
  allowedHosts(): readonly HostPattern[];
  auth: AuthStrategy;
  maxRedirects?: number | undefined;
}

/**
 * Wraps a fetch that must be called with `redirect: "manual"`: follows 301/302/303/307/308 itself
 * when the target is https on an allowed host (303, and 301/302 after a POST, become a GET without
 * body), re-applying credentials; any other target is refused before anything is sent to it.
 *
 * @throws ConnectorError `CONNECTOR_REDIRECT_REFUSED` for a target outside the allowed hosts, an
 *   unusable `Location`, or more than `maxRedirects` hops.
 */
export function followRedirects(
  fetchOnce: (request: Request) => Promise<Response>,
  policy: RedirectPolicy,
): (request: Request, firstResponse?: Response) => Promise<Response> {
  const max = policy.maxRedirects ?? MAX_REDIRECTS;
  // `firstResponse`: the answer to `request`, already sent by the caller's own fetch (its body, if
  // any, must still be readable from `request` for a 307/308).
  return async (first, firstResponse) => {
    let request = first;
    for (let hops = 0; ; hops++) {
      // A 307/308 resends the body; keep a copy before the first send consumes it.
      const replay = request.body ? request.clone() : undefined;
      const response =
        hops === 0 && firstResponse !== undefined ? firstResponse : await fetchOnce(request);
      const location = response.headers.get("location");
      if (!redirectStatus.has(response.status) || location === null) return response;
      await response.body?.cancel().catch(() => undefined);
      const from = new URL(request.url);
      const where = `${request.method} ${from.origin}${from.pathname}`;
      if (hops >= max) {
        throw refused(
          policy.provider,
          `${where} was redirected more than ${max} times.`,
          "The provider is redirecting in a loop; check the URL-like properties (URL, CompanyDomain, Region).",
        );
      }
      let target: URL;
      try {
        target = new URL(location, request.url);
      } catch {
        throw refused(
          policy.provider,
          `${where} was redirected to a Location that is not a URL.`,
          "The answer did not come from the provider as expected; check the URL-like properties.",
        );
      }
      const allowed = policy.allowedHosts();
      if (target.protocol !== "https:" || !hostMatches(target.hostname, allowed)) {
        throw refused(
          policy.provider,
          `${where} was redirected to ${target.protocol}//${target.host}, which is not one of ${policy.provider}'s hosts (${allowed.join(", ")}); the redirect was not followed and no credential was sent there.`,
          "Check the URL-like properties (URL, CompanyDomain, Region); if the provider moved its API to a new host, update the connector.",
        );
      }
      const toGet =
        response.status === 303 ||
        ((response.status === 301 || response.status === 302) && request.method === "POST");
      const headers = new Headers(request.headers);
      if (toGet) {
        headers.delete("content-type");
        headers.delete("content-length");
      }
      await policy.auth.apply(headers);
      request = new Request(target, {
        method: toGet ? "GET" : request.method,
        headers,
        redirect: "manual",
        signal: request.signal,
        ...(toGet || !replay?.body ? {} : { body: replay.body, duplex: "half" }),
      } as RequestInit);
    }
  };
}

function refused(provider: string, message: string, hint: string): ConnectorError {
  return new ConnectorError(ConnectorErrorCode.RedirectRefused, `${provider}: ${message}`, {
    hint,
  });
}
