import type { EmulatorResponse } from "../../core/http.js";
import type { StoredRecord } from "../../core/records/store.js";
import type { RequestContext } from "../../core/types.js";
import { TABLES } from "./declarations.js";
import {
  HIGHRISE_PAGE_SIZE,
  HIGHRISE_RECORDINGS_PAGE_SIZE,
  HIGHRISE_SEARCH_PAGE_SIZE,
  type HighriseShared,
  plain,
  type Resource,
} from "./state.js";
import { listDoc, plainDoc, recordDoc } from "./xml.js";

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

/** `n=`: a non-negative offset (0 when absent); undefined when it is not one. */
function offsetParam(ctx: RequestContext): number | undefined {
  const n = ctx.query.get("n");
  if (n === null || n === "") return 0;
  return /^\d+$/.test(n) ? Number(n) : undefined;
}

/** `since=yyyymmddhhmmss` (UTC) as epoch ms; null when absent, undefined when malformed. */
function sinceParam(ctx: RequestContext): number | null | undefined {
  const since = ctx.query.get("since");
  if (since === null) return null;
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(since);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : undefined;
}

const updated = (r: StoredRecord) => Date.parse(String(r["updated-at"]));

/** A list document of records of `r`. */
export const xmlList = (s: HighriseShared, r: Resource, records: StoredRecord[]) =>
  s.core.respond.xml(200, listDoc(TABLES[r].plural, TABLES[r].element, TABLES[r].fields, records));

export const xmlRecord = (
  s: HighriseShared,
  r: Resource,
  record: StoredRecord,
  status = 200,
  headers?: Record<string, string>,
) => s.core.respond.xml(status, recordDoc(TABLES[r].element, TABLES[r].fields, record), headers);

interface ListRules {
  /** Records per `n=` page; undefined for lists Highrise does not page. */
  pageSize?: number | undefined;
  /** Takes `since=`: then only records changed after it, oldest change first. */
  since?: boolean;
  /** Only the records passing this test. */
  test?: (record: StoredRecord) => boolean;
}

/**
 * A list: records in id order (or, with `since`, those updated after it by ascending
 * `updated-at`), `n=` offsets for paged lists.
 */
export function listRecords(
  s: HighriseShared,
  ctx: RequestContext,
  r: Resource,
  rules: ListRules,
): EmulatorResponse {
  const denied = guard(s, ctx);
  if (denied) return denied;
  const n = rules.pageSize === undefined ? 0 : offsetParam(ctx);
  if (n === undefined) return plain(s, 400, "Bad Request: n must be a non-negative integer");
  const since = rules.since ? sinceParam(ctx) : null;
  if (since === undefined) return plain(s, 400, "Bad Request: since must be yyyymmddhhmmss");
  const store = s.stores[r];
  const test = rules.test;
  let records: StoredRecord[];
  if (since !== null) {
    const all = store.all((rec) => updated(rec) > since && (!test || test(rec)));
    // Ties keep id order, so an offset walk over a quiet list sees every record once.
    all.sort((a, b) => updated(a) - updated(b) || (a.id as number) - (b.id as number));
    records = rules.pageSize === undefined ? all : all.slice(n, n + rules.pageSize);
  } else if (rules.pageSize === undefined) {
    records = store.all(test);
  } else {
    // Skip n matching records, then take a page: the scan reads each record once.
    const skipped = n > 0 ? store.scan(0, n, test) : { next: 0 as number | undefined };
    records =
      skipped.next === undefined ? [] : store.scan(skipped.next, rules.pageSize, test).records;
  }
  return xmlList(s, r, records);
}

/** `GET /people.xml`, `/companies.xml`: 500 a page, `since`, `title` (people) and `tag_id`. */
export function listParties(s: HighriseShared, ctx: RequestContext, r: "people" | "companies") {
  const title = r === "people" ? ctx.query.get("title") : null;
  const tag = ctx.query.get("tag_id");
  const tests: ((rec: StoredRecord) => boolean)[] = [];
  if (title !== null) tests.push((rec) => rec.title === title);
  if (tag !== null) {
    tests.push((rec) => ((rec.tags as { id: number }[]) ?? []).some((t) => String(t.id) === tag));
  }
  return listRecords(s, ctx, r, {
    pageSize: HIGHRISE_PAGE_SIZE,
    since: true,
    test: tests.length ? (rec) => tests.every((t) => t(rec)) : undefined,
  });
}

/** `GET /deals.xml`: 500 a page; `status=` pending, won or lost. */
export function listDeals(s: HighriseShared, ctx: RequestContext) {
  const status = ctx.query.get("status");
  if (status !== null && !["pending", "won", "lost"].includes(status)) {
    return plain(s, 400, "Bad Request: status must be pending, won or lost");
  }
  return listRecords(s, ctx, "deals", {
    pageSize: HIGHRISE_PAGE_SIZE,
    test: status === null ? undefined : (rec) => rec.status === status,
  });
}

/** The subject a nested URL names (`/people/1000/notes.xml`), or a 404 answer. */
export function subjectOf(s: HighriseShared, ctx: RequestContext): Subject | EmulatorResponse {
  const r = ctx.params.subject as Resource;
  const id = Number(ctx.params.sid);
  const record = s.stores[r]?.get(id);
  if (!record) return s.core.respond.empty(404);
  const type = r === "deals" ? "Deal" : r === "kases" ? "Kase" : "Party";
  return { type, id, record, r };
}

/** `GET /{people|companies|deals|kases}/{id}/{notes|emails}.xml`: 25 a page, `since` for notes. */
export function listRecordings(s: HighriseShared, ctx: RequestContext, r: "notes" | "emails") {
  const denied = guard(s, ctx);
  if (denied) return denied;
  const subject = subjectOf(s, ctx);
  if (!("type" in subject)) return subject;
  return listRecords(s, ctx, r, {
    pageSize: HIGHRISE_RECORDINGS_PAGE_SIZE,
    since: r === "notes",
    test: (rec) => rec["subject-type"] === subject.type && rec["subject-id"] === subject.id,
  });
}

/** `GET /{notes|emails}/{id}/comments.xml`: the comments of one note or email, not paged. */
export function listComments(s: HighriseShared, ctx: RequestContext, parent: "notes" | "emails") {
  const denied = guard(s, ctx);
  if (denied) return denied;
  const id = Number(ctx.params.pid);
  if (!s.stores[parent].get(id)) return s.core.respond.empty(404);
  return listRecords(s, ctx, "comments", { test: (rec) => rec["parent-id"] === id });
}

/** `GET /tasks/{upcoming|assigned|completed}.xml` and a subject's upcoming tasks; not paged. */
export function listTasks(s: HighriseShared, ctx: RequestContext, which: string) {
  const denied = guard(s, ctx);
  if (denied) return denied;
  const open = (rec: StoredRecord) => rec["done-at"] === null;
  if (which === "subject") {
    const subject = subjectOf(s, ctx);
    if (!("type" in subject)) return subject;
    const type = subject.r === "companies" ? ["Party", "Company"] : [subject.type];
    return listRecords(s, ctx, "tasks", {
      test: (rec) =>
        open(rec) && type.includes(String(rec["subject-type"])) && rec["subject-id"] === subject.id,
    });
  }
  const tests: Record<string, (rec: StoredRecord) => boolean> = {
    upcoming: open,
    assigned: (rec) => open(rec) && rec["owner-id"] !== s.userId,
    completed: (rec) => !open(rec),
  };
  return listRecords(s, ctx, "tasks", { test: tests[which] });
}

/** `GET /kases/{open|closed}.xml`: not paged. */
export function listKases(s: HighriseShared, ctx: RequestContext, which: "open" | "closed") {
  return listRecords(s, ctx, "kases", {
    test: (rec) => (rec["closed-at"] === null) === (which === "open"),
  });
}

type Subject = { type: string; id: number; record: StoredRecord; r: Resource };
const isParty = (subject: Subject) => subject.r === "people" || subject.r === "companies";

/**
 * The tags on a subject: people and companies show them in their XML; deals and cases, whose
 * XML has no tags, keep them aside.
 */
export function tagsOn(s: HighriseShared, subject: Subject): StoredRecord[] {
  if (isParty(subject)) return (subject.record.tags as StoredRecord[] | undefined) ?? [];
  return s.subjectTags.get(`${subject.r}/${subject.id}`) ?? [];
}

/** Replaces the tags on a subject (a party's change is a change of the party). */
export function setTags(s: HighriseShared, subject: Subject, tags: StoredRecord[], now: string) {
  if (isParty(subject)) s.stores[subject.r].update(subject.id, { tags, "updated-at": now });
  else s.subjectTags.set(`${subject.r}/${subject.id}`, tags);
}

/** `GET /{people|companies|deals|kases}/{id}/tags.xml`: the tags on one subject. */
export function listSubjectTags(s: HighriseShared, ctx: RequestContext) {
  const denied = guard(s, ctx);
  if (denied) return denied;
  const subject = subjectOf(s, ctx);
  if (!("type" in subject)) return subject;
  return xmlList(s, "tags", tagsOn(s, subject));
}

/** `GET /people/search.xml?term=`: people whose name or email contains the term, 25 a page. */
export function search(s: HighriseShared, ctx: RequestContext): EmulatorResponse {
  const denied = guard(s, ctx);
  if (denied) return denied;
  const n = offsetParam(ctx);
  if (n === undefined) return plain(s, 400, "Bad Request: n must be a non-negative integer");
  const term = (ctx.query.get("term") ?? "").trim().toLowerCase();
  const emails = (rec: StoredRecord) =>
    (
      ((rec["contact-data"] as { "email-addresses"?: { address?: string }[] } | null)?.[
        "email-addresses"
      ] ?? []) as { address?: string }[]
    )
      .map((e) => e.address ?? "")
      .join(" ");
  const test = (rec: StoredRecord) =>
    !term ||
    `${rec["first-name"] ?? ""} ${rec["last-name"] ?? ""} ${emails(rec)}`
      .toLowerCase()
      .includes(term);
  const skipped = n > 0 ? s.stores.people.scan(0, n, test) : { next: 0 as number | undefined };
  const records =
    skipped.next === undefined
      ? []
      : s.stores.people.scan(skipped.next, HIGHRISE_SEARCH_PAGE_SIZE, test).records;
  return xmlList(s, "people", records);
}

export function me(s: HighriseShared, ctx: RequestContext): EmulatorResponse {
  const denied = guard(s, ctx);
  if (denied) return denied;
  const user = s.stores.users.get(s.userId);
  return s.core.respond.xml(
    200,
    plainDoc("user", {
      id: s.userId,
      name: `${s.identity.first_name} ${s.identity.last_name}`,
      "email-address": s.identity.email_address,
      token: s.apiToken,
      dropbox: `dropbox@${s.accountId}.${s.subdomain}.highrisehq.com`,
      admin: true,
      "created-at": user?.["created-at"] ?? "2015-03-01T00:00:00Z",
      "updated-at": user?.["updated-at"] ?? "2024-01-01T00:00:00Z",
    }).replace(/<(created-at|updated-at)>/g, '<$1 type="datetime">'),
  );
}

export function account(s: HighriseShared, ctx: RequestContext): EmulatorResponse {
  const denied = guard(s, ctx);
  if (denied) return denied;
  return s.core.respond.xml(
    200,
    plainDoc("account", {
      id: s.accountId,
      name: s.accountName,
      subdomain: s.subdomain,
      plan: "solo",
      "owner-id": s.userId,
      "people-count": s.stores.people.span,
      storage: 0,
      color_theme: "default",
      ssl_enabled: true,
      "created-at": "2015-03-01T00:00:00Z",
      "updated-at": "2024-01-01T00:00:00Z",
    }).replace(/<(created-at|updated-at)>/g, '<$1 type="datetime">'),
  );
}
