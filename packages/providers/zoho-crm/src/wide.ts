import { type ColumnsDeclaration, type CompleteContext, parseJsonBody } from "@x/connector-kit";
import { NOT_LISTED } from "./columns.js";
import type { Page } from "./paging.js";

// Zoho's get-records API names at most 50 fields per request. A listing asks for the first 50
// (in the columns' order, so every page asks for the same ones); each further 50 are read for
// the page's records by id (`ids`, at most 100 per request) and merged into them by `id`.

/** Fields one request may name (`fields`). */
export const MAX_FIELDS = 50;
/** Ids sent in one `ids` request (Zoho's per-call record limit elsewhere). */
const IDS_PER_REQUEST = 100;

/** The fields a listing can name, in the columns' order (subforms and `id` are left out). */
export const listedFields = (columns: ColumnsDeclaration) =>
  Object.keys(columns).filter((c) => !NOT_LISTED.has(c));

/** The `fields` of a listing's own requests: the first 50. */
export const firstFields = (columns: ColumnsDeclaration) =>
  listedFields(columns).slice(0, MAX_FIELDS).join(",");

function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/**
 * `list.complete` for a module: the fields the page's request did not name (of those the
 * listing needs), read by id in chunks of 50 fields and 100 ids. A record gone in between
 * (deleted) keeps nulls.
 */
export function completeRecords(module: string) {
  return async (records: unknown[], context: CompleteContext): Promise<unknown[]> => {
    const rows = records as Record<string, unknown>[];
    // The request's `fields`; a request without (a query in a body) asked for what came back.
    const named = new URLSearchParams(context.request.searchParams as URLSearchParams).get(
      "fields",
    );
    const asked = new Set(named ? named.split(",") : rows.flatMap((r) => Object.keys(r)));
    const needed = context.needed ? new Set(context.needed) : undefined;
    const rest = listedFields(context.columns).filter(
      (f) => !asked.has(f) && (!needed || needed.has(f)),
    );
    if (rest.length === 0) return records;
    const byId = new Map(rows.map((r) => [String(r.id), r]));
    for (const fields of chunks(rest, MAX_FIELDS)) {
      for (const f of fields) for (const r of rows) r[f] = null;
      for (const ids of chunks([...byId.keys()], IDS_PER_REQUEST)) {
        const response = await context.api.send({
          path: module,
          searchParams: new URLSearchParams({ ids: ids.join(","), fields: fields.join(",") }),
          signal: context.signal,
        });
        const body = (await parseJsonBody(response)) as Page | null;
        for (const found of body?.data ?? []) {
          const row = byId.get(String(found.id));
          if (row) for (const f of fields) row[f] = found[f] ?? null;
        }
      }
    }
    return rows;
  };
}
