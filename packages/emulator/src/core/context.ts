import type { IncomingMessage } from "node:http";
import type { Clock } from "./clock.js";
import { type ParsedBody, parseAuthorization, parseBasic } from "./http.js";
import type { HostMatch, RequestContext } from "./types.js";

/** What a request context is made of: the parsed request and where it was addressed. */
export interface ContextParts {
  req: IncomingMessage;
  url: URL;
  method: string;
  /** The real host as addressed (lower case), with `host` its name without the port. */
  hostSegment: string;
  host: string;
  hostMatch: HostMatch;
  path: string;
  body: ParsedBody;
  /** Filled by the route match. */
  params: Record<string, string>;
  clock: Clock;
}

/** The {@link RequestContext} route handlers see. */
export function createContext(p: ContextParts): RequestContext {
  const { req, url, body } = p;
  return {
    method: p.method,
    host: p.host,
    hostMatch: p.hostMatch,
    path: p.path,
    emulatedPath: `/${p.hostSegment}${p.path}`,
    params: p.params,
    query: url.searchParams,
    headers: req.headers,
    body,
    param(name) {
      if (body.kind === "form" && body.fields.has(name)) return body.fields.get(name) ?? undefined;
      if (body.kind === "json" && body.value && typeof body.value === "object") {
        const v = (body.value as Record<string, unknown>)[name];
        if (v !== undefined && v !== null) return typeof v === "string" ? v : String(v);
      }
      return url.searchParams.get(name) ?? undefined;
    },
    basicAuth: parseBasic(req.headers.authorization),
    authorization: parseAuthorization(req.headers.authorization),
    header(name) {
      const v = req.headers[name.toLowerCase()];
      return Array.isArray(v) ? v[0] : v;
    },
    now: () => p.clock.now(),
  };
}
