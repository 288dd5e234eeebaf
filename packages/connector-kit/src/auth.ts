import { inspect } from "node:util";

/**
 * Where an OAuth access token comes from. `@x/oauth-core`'s token manager is one; a test can pass
 * a fixed token.
 */
export interface AccessTokenSource {
  /** A valid access token, refreshed first when it is about to expire. */
  getAccessToken(): Promise<string>;
  /**
   * Called after the provider answered 401 to a request sent with `usedToken`. Refreshes only if
   * `usedToken` is still the current token (a straggling 401 must not trigger a second refresh) and
   * resolves to the token to retry with, or `undefined` when nothing can help.
   */
  handleUnauthorized(usedToken: string): Promise<string | undefined>;
}

/** How a request carries credentials. Strategies hold secrets and never print them. */
export interface AuthStrategy {
  /** Short, secret-free description, e.g. `OAuth (Zoho-oauthtoken)` or `API token (x-api-token)`. */
  readonly description: string;
  /**
   * Sets the credential headers on an outgoing request. Resolves `true` when the credential is a
   * newer one than this strategy last sent (a token refreshed ahead of its expiry, here or by
   * another process), so the send path can report the refresh.
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: `void` lets a strategy written as `async apply(h) { … }` (Promise<void>) fit.
  apply(headers: Headers): Promise<boolean | undefined | void>;
  /** After a 401: resolves true when a retry of `request` may now succeed (a token was refreshed). */
  recover?(request: Request): Promise<boolean>;
}

const redacted = {
  toJSON(this: AuthStrategy) {
    return { description: this.description };
  },
  [inspect.custom](this: AuthStrategy) {
    return `AuthStrategy(${this.description})`;
  },
};

function strategy(s: AuthStrategy): AuthStrategy {
  return Object.assign(Object.create(redacted), s);
}

/**
 * On a strategy whose credential never changes: its `apply` and the same without the promise,
 * which the send path calls instead (one await fewer per request) while `apply` is still that
 * one (a wrapper with its own `apply` is called as it is). @internal
 */
export const applyNow = Symbol("applyNow");

/** A strategy that sets one fixed header. */
function fixedHeader(name: string, value: string, description: string): AuthStrategy {
  const set = (headers: Headers) => {
    headers.set(name, value);
  };
  const apply = async (headers: Headers) => set(headers);
  // Not enumerable: a copy made with spread keeps no stale shortcut.
  return Object.defineProperty(strategy({ description, apply }), applyNow, {
    value: { apply, set },
  });
}

/** An OAuth access token in a header: `Authorization: Bearer <t>` or Zoho's `Zoho-oauthtoken <t>`. */
export function oauthTokenAuth(
  source: AccessTokenSource,
  options: { scheme?: string; header?: string } = {},
): AuthStrategy {
  const scheme = options.scheme ?? "Bearer";
  const header = options.header ?? "Authorization";
  const prefix = `${scheme} `;
  // The token this strategy last sent: a different one means a refresh happened meanwhile.
  let last: string | undefined;
  return strategy({
    description: `OAuth (${header}: ${scheme})`,
    async apply(headers) {
      const token = await source.getAccessToken();
      headers.set(header, prefix + token);
      const renewed = last !== undefined && token !== last;
      last = token;
      return renewed;
    },
    async recover(request) {
      const sent = request.headers.get(header);
      if (!sent?.startsWith(prefix)) return false;
      const used = sent.slice(prefix.length);
      const next = await source.handleUnauthorized(used);
      // The refresh after a 401 is reported as such, not again by the next apply().
      if (next !== undefined) last = next;
      return next !== undefined && next !== used;
    },
  });
}

/** HTTP Basic (RFC 7617): `Authorization: Basic base64(user:password)`. */
export function basicAuth(username: string, password: string, description = "Basic"): AuthStrategy {
  const value = `Basic ${Buffer.from(`${username}:${password}`, "utf8").toString("base64")}`;
  return fixedHeader("Authorization", value, description);
}

/** A static credential header, e.g. Pipedrive's `x-api-token`. */
export function headerAuth(
  name: string,
  value: string,
  description = `API token (${name})`,
): AuthStrategy {
  return fixedHeader(name, value, description);
}
