import { ConnectorError, ConnectorErrorCode } from "./errors.js";

/** A host a provider owns: an exact name, or a pattern such as `*.zendesk.com`. */
export type HostPattern = string;

/** True when `host` matches one of the patterns (`*.example.com` matches one or more labels). */
export function hostMatches(host: string, patterns: readonly HostPattern[]): boolean {
  const h = host.toLowerCase();
  return patterns.some((pattern) => {
    const p = pattern.toLowerCase();
    if (p.startsWith("*.")) {
      const suffix = p.slice(1);
      return h.endsWith(suffix) && h.length > suffix.length;
    }
    return h === p;
  });
}

/**
 * Throws unless `url` is https and its host is one the provider owns. Credentials are attached only
 * after this check, so a captured or configured URL can never send them elsewhere.
 */
export function assertProviderUrl(
  url: URL,
  patterns: readonly HostPattern[],
  provider: string,
): void {
  if (url.protocol !== "https:" || !hostMatches(url.hostname, patterns)) {
    throw new ConnectorError(
      ConnectorErrorCode.HostNotAllowed,
      `Refusing to send ${provider} credentials to ${url.protocol}//${url.host}: it is not one of the provider's hosts (${patterns.join(", ")}).`,
      {
        hint: "Check URL-like properties (URL, CompanyDomain, Region) and any value returned by the provider; only https URLs on the provider's own hosts are accepted.",
      },
    );
  }
}

const loopbackHosts = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

/** True for http(s) URLs on 127.0.0.0/8, localhost or ::1. */
export function isLoopbackUrl(url: URL): boolean {
  if (url.protocol !== "http:" && url.protocol !== "https:") return false;
  return loopbackHosts.has(url.hostname) || /^127(?:\.\d{1,3}){3}$/.test(url.hostname);
}

/**
 * Builds the URL rewrite used with `EmulatorURL`: the real `https://host/path?query` becomes
 * `<emulator>/host/path?query`, which is how `@x/emulator` serves every provider host on one port.
 */
export function emulatorRewrite(emulatorUrl: string): (url: URL) => URL {
  let base: URL;
  try {
    base = new URL(emulatorUrl);
  } catch {
    throw new ConnectorError(
      ConnectorErrorCode.EmulatorNotLoopback,
      "EmulatorURL is not a valid URL.",
      {
        hint: "Use the URL the emulator printed, for example EmulatorURL=http://127.0.0.1:4010",
      },
    );
  }
  if (!isLoopbackUrl(base)) {
    throw new ConnectorError(
      ConnectorErrorCode.EmulatorNotLoopback,
      `EmulatorURL must point at this machine (127.0.0.1, localhost or ::1), not ${base.host}.`,
      {
        hint: "The emulator only runs on loopback; credentials are never sent to another host through it.",
      },
    );
  }
  const prefix = base.href.replace(/\/+$/, "");
  const origin = base.origin;
  const href = (url: URL) =>
    url.origin === origin ? url.href : `${prefix}/${url.host}${url.pathname}${url.search}`;
  const rewrite = (url: URL) => (url.origin === origin ? url : new URL(href(url)));
  return Object.assign(rewrite, { [rewrittenHref]: href });
}

/**
 * On a rewrite built by {@link emulatorRewrite}: the same rewrite as a string, which the send path
 * hands to fetch as it is (one URL parse fewer per request). @internal
 */
export const rewrittenHref = Symbol("rewrittenHref");

/** The string form of `rewrite`, when it has one. @internal */
export function hrefRewrite(
  rewrite: ((url: URL) => URL) | undefined,
): ((url: URL) => string) | undefined {
  return (rewrite as { [rewrittenHref]?: (url: URL) => string } | undefined)?.[rewrittenHref];
}
