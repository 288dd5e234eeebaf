import { fakePerson, recordTimes } from "../../core/data.js";
import type { EmulatorResponse } from "../../core/http.js";
import { firstIndexWhere, pageAt, sliceItems } from "../../core/paging.js";
import type { RequestContext } from "../../core/types.js";
import {
  FALLBACK,
  HIGHRISE_PAGE_SIZE,
  HIGHRISE_SEARCH_PAGE_SIZE,
  type HighriseShared,
  plain,
  type Resource,
} from "./state.js";
import { current, ID_BASE } from "./writes.js";
import { ELEMENT, hrTime, personNodes, type XmlNode, xmlDoc } from "./xml.js";

/** Authenticates an API call: User-Agent, account, throttle, then Bearer or Basic `token:X`. */
export function guard(s: HighriseShared, ctx: RequestContext): EmulatorResponse | undefined {
  const o = s.core.options;
  if (o.requireUserAgent !== false && !ctx.header("user-agent")?.trim()) {
    return plain(
      s,
      400,
      'Bad Request: send a User-Agent header naming your application and a contact, e.g. "MyApp (me@example.com)".',
    );
  }
  if (ctx.hostMatch.params.subdomain !== s.subdomain) {
    return plain(s, 404, "The account you requested does not exist.");
  }
  const r = s.window?.take(ctx.now());
  if (r && !r.ok) return throttled(s, r.retryAfterSeconds);
  const bearer = s.oauth.bearer(ctx);
  if (bearer.kind === "valid") return undefined;
  if (bearer.kind === "invalid") {
    return plain(
      s,
      401,
      "OAuth token could not be verified. The token may have expired or been revoked.",
    );
  }
  const b = ctx.basicAuth;
  if (b && b.username === s.apiToken) return undefined;
  return s.core.respond.text(401, "HTTP Basic: Access denied.\n", {
    "www-authenticate": 'Basic realm="Application"',
  });
}

export const throttled = (s: HighriseShared, retryAfter: number) =>
  s.core.respond.text(503, "Service Unavailable: rate limit exceeded, retry later.", {
    "retry-after": String(retryAfter),
  });

function offsetParam(ctx: RequestContext): number | undefined {
  const n = ctx.query.get("n");
  if (n === null || n === "") return 0;
  return /^\d+$/.test(n) ? Number(n) : undefined;
}

/** First index whose updated-at is after `since` (yyyymmddhhmmss, UTC); undefined when bad. */
function sinceIndex(
  s: HighriseShared,
  r: Resource,
  since: string,
  total: number,
): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(since);
  if (!m) return undefined;
  const t = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  return firstIndexWhere(total, (i) => recordTimes(s.core.rng(r, i), i).modified > t);
}

export function list(s: HighriseShared, ctx: RequestContext, r: Resource): EmulatorResponse {
  const denied = guard(s, ctx);
  if (denied) return denied;
  const n = offsetParam(ctx);
  if (n === undefined) return plain(s, 400, "Bad Request: n must be a non-negative integer");
  const total = s.core.datasetSize(r, FALLBACK[r]);
  let first = 0;
  const since = ctx.query.get("since");
  if (since !== null && r !== "deals") {
    const f = sinceIndex(s, r, since, total);
    if (f === undefined) return plain(s, 400, "Bad Request: since must be yyyymmddhhmmss");
    first = f;
  }
  const page = pageAt(first + n, HIGHRISE_PAGE_SIZE, total);
  // Deleted records leave a gap in their page; changed ones show as changed.
  const items = sliceItems(page, (i) => current(s, r, ID_BASE[r] + i))
    .filter((fields) => fields !== undefined)
    .map((fields): XmlNode => [ELEMENT[r], fields]);
  return s.core.respond.xml(200, xmlDoc([r, items, "array"]));
}

export function search(s: HighriseShared, ctx: RequestContext): EmulatorResponse {
  const denied = guard(s, ctx);
  if (denied) return denied;
  const n = offsetParam(ctx);
  if (n === undefined) return plain(s, 400, "Bad Request: n must be a non-negative integer");
  const term = (ctx.query.get("term") ?? "").trim().toLowerCase();
  const total = s.core.datasetSize("people", FALLBACK.people);
  const items: XmlNode[] = [];
  let seen = 0;
  for (let i = 0; i < total && items.length < HIGHRISE_SEARCH_PAGE_SIZE; i++) {
    const p = fakePerson(s.core.rng("people", i), i);
    if (term && !`${p.fullName} ${p.email}`.toLowerCase().includes(term)) continue;
    if (seen++ < n) continue;
    items.push(["person", personNodes(s, i)]);
  }
  return s.core.respond.xml(200, xmlDoc(["people", items, "array"]));
}

export function me(s: HighriseShared, ctx: RequestContext): EmulatorResponse {
  const denied = guard(s, ctx);
  if (denied) return denied;
  return s.core.respond.xml(
    200,
    xmlDoc([
      "user",
      [
        ["id", s.userId, "integer"],
        ["name", `${s.identity.first_name} ${s.identity.last_name}`],
        ["email-address", s.identity.email_address],
        ["token", s.apiToken],
        ["dropbox", `dropbox@${s.accountId}.${s.subdomain}.highrisehq.com`],
        ["admin", true, "boolean"],
        ["created-at", hrTime(Date.UTC(2015, 2, 1)), "datetime"],
        ["updated-at", hrTime(Date.UTC(2024, 0, 1)), "datetime"],
      ],
    ]),
  );
}

export function account(s: HighriseShared, ctx: RequestContext): EmulatorResponse {
  const denied = guard(s, ctx);
  if (denied) return denied;
  return s.core.respond.xml(
    200,
    xmlDoc([
      "account",
      [
        ["id", s.accountId, "integer"],
        ["name", s.accountName],
        ["subdomain", s.subdomain],
        ["plan", "solo"],
        ["owner-id", s.userId, "integer"],
        ["people-count", s.core.datasetSize("people", FALLBACK.people), "integer"],
        ["storage", 0, "integer"],
        ["color_theme", "default"],
        ["ssl_enabled", true, "boolean"],
        ["created-at", hrTime(Date.UTC(2015, 2, 1)), "datetime"],
        ["updated-at", hrTime(Date.UTC(2024, 0, 1)), "datetime"],
      ],
    ]),
  );
}
