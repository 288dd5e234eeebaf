import { EmulatorError } from "./errors.js";

/**
 * Rewrites a real provider URL to the emulator URL that serves it: the real host becomes the
 * first path segment. `emulatorUrlFor("http://127.0.0.1:4010", "https://accounts.zoho.eu/oauth/v2/token")`
 * is `"http://127.0.0.1:4010/accounts.zoho.eu/oauth/v2/token"`. URLs that already point at the
 * emulator are returned unchanged.
 */
export function emulatorUrlFor(emulatorUrl: string | URL, realUrl: string | URL): string {
  const base = new URL(String(emulatorUrl));
  const real = new URL(String(realUrl));
  if (real.origin === base.origin) return real.toString();
  const prefix = base.pathname.replace(/\/+$/, "");
  const host = real.port ? `${real.hostname}:${real.port}` : real.hostname;
  return `${base.origin}${prefix}/${host}${real.pathname}${real.search}${real.hash}`;
}

/**
 * The inverse of {@link emulatorUrlFor}: `realUrlFor("http://127.0.0.1:4010", "http://127.0.0.1:4010/www.zohoapis.eu/crm/v8/Leads")`
 * is `"https://www.zohoapis.eu/crm/v8/Leads"`.
 * @throws EmulatorError `EMULATOR_NOT_AN_EMULATOR_URL` when the URL is not under the emulator.
 */
export function realUrlFor(emulatorUrl: string | URL, url: string | URL): string {
  const base = new URL(String(emulatorUrl));
  const u = new URL(String(url));
  const prefix = base.pathname.replace(/\/+$/, "");
  if (u.origin !== base.origin || !u.pathname.startsWith(`${prefix}/`)) {
    throw new EmulatorError(
      "EMULATOR_NOT_AN_EMULATOR_URL",
      `URL ${u.origin}${u.pathname} is not served by the emulator at ${base.origin}${prefix}`,
      "Pass a URL produced by emulatorUrlFor() for the same emulator.",
    );
  }
  const rest = u.pathname.slice(prefix.length + 1);
  const slash = rest.indexOf("/");
  const host = slash === -1 ? rest : rest.slice(0, slash);
  const path = slash === -1 ? "/" : rest.slice(slash);
  return `https://${host}${path}${u.search}${u.hash}`;
}

/** True for `http://127.0.0.1…`, `http://localhost…` and `http://[::1]…` URLs. */
export function isLoopbackHttpUrl(value: string): boolean {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    return false;
  }
  if (u.protocol !== "http:") return false;
  return (
    u.hostname === "localhost" || u.hostname === "[::1]" || /^127(\.\d{1,3}){3}$/.test(u.hostname)
  );
}
