import { createHash } from "node:crypto";
import { ConnectorError, ConnectorErrorCode } from "../errors.js";
import type { ApiRequest } from "../http.js";

/** Where a listing stands: the page request to read again, and how many of its records were read. */
export interface ListPosition {
  /** `pushed`: the planned listing; `fallback`: the unfiltered listing past a provider cap. */
  mode: "pushed" | "fallback";
  request: ApiRequest;
  skip: number;
  /** Records the provider sent for the pushed-down listing so far (for its cap). */
  received: number;
  /** Keys handed out before a fallback, so that it repeats none. */
  seen: string[];
  /**
   * Keys of the rows of the current page read so far. A resumed page is read again and these
   * are skipped by key, not by count: a row changed, added or deleted on this page in between
   * leaves no gap. A row deleted on an earlier page of a page-number or offset listing still
   * moves an unread row onto a page already read, and that row is skipped.
   */
  pageKeys?: string[] | undefined;
}

interface Encoded {
  v: 1;
  t: string;
  f: string;
  m: "pushed" | "fallback";
  r: { m?: string | undefined; p: string; q: [string, string][]; j?: unknown };
  s: number;
  c: number;
  k: string[];
  pk?: string[];
}

/** A short fingerprint of a query (filter, order, selection), so a cursor resumes only its own. */
export function fingerprint(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("base64url").slice(0, 16);
}

/** An opaque, URL-safe cursor for a position (no credentials: they travel in headers). */
export function encodeCursor(table: string, query: string, position: ListPosition): string {
  const sp = position.request.searchParams;
  const q: [string, string][] =
    sp instanceof URLSearchParams
      ? [...sp]
      : Object.entries(sp ?? {}).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]]));
  const encoded: Encoded = {
    v: 1,
    t: table,
    f: query,
    m: position.mode,
    r: { m: position.request.method, p: position.request.path, q, j: position.request.json },
    s: position.skip,
    c: position.received,
    k: position.seen,
    ...(position.pageKeys?.length ? { pk: position.pageKeys } : {}),
  };
  return Buffer.from(JSON.stringify(encoded)).toString("base64url");
}

/** Reads a cursor back, checking that it belongs to this table and query. */
export function decodeCursor(table: string, query: string, cursor: unknown): ListPosition {
  const refuse = (why: string) =>
    new ConnectorError(
      ConnectorErrorCode.InvalidCursor,
      `The cursor given to ${table}.list() ${why}.`,
      {
        hint: "Resume with the cursor of a listing of the same table with the same where, orderBy and select.",
      },
    );
  if (typeof cursor !== "string") throw refuse("is not a string");
  let data: Encoded;
  try {
    data = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as Encoded;
  } catch {
    throw refuse("cannot be read");
  }
  if (data?.v !== 1 || typeof data.r?.p !== "string" || !Array.isArray(data.r.q)) {
    throw refuse("cannot be read");
  }
  if (data.t !== table) throw refuse(`belongs to table ${JSON.stringify(data.t)}`);
  if (data.f !== query) throw refuse("belongs to another query");
  const request: ApiRequest = { path: data.r.p, searchParams: new URLSearchParams(data.r.q) };
  if (data.r.m) request.method = data.r.m;
  if (data.r.j !== undefined) request.json = data.r.j;
  return {
    mode: data.m === "fallback" ? "fallback" : "pushed",
    request,
    skip: Number.isInteger(data.s) && data.s >= 0 ? data.s : 0,
    received: Number.isInteger(data.c) ? data.c : 0,
    seen: Array.isArray(data.k) ? data.k.map(String) : [],
    pageKeys: Array.isArray(data.pk) ? data.pk.map(String) : undefined,
  };
}
