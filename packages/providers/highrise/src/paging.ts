import { type ApiRequest, type PaginationSpec, withSearchParams } from "@x/connector-kit";
import { listItems } from "./xml.js";

type Item = Record<string, unknown>;

function param(request: ApiRequest, name: string): string | undefined {
  const sp = request.searchParams;
  if (!sp) return undefined;
  if (sp instanceof URLSearchParams) return sp.get(name) ?? undefined;
  const v = sp[name];
  return v === undefined ? undefined : String(v);
}

/** Highrise's `since` form of a time: `yyyymmddhhmmss` in UTC. */
export function sinceParam(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace(/\D/g, "");
}

const second = (value: unknown) => Math.floor(Date.parse(String(value)) / 1000);

/**
 * `n=` offsets, `size` a page (a shorter page is the last). With `since`, Highrise orders the
 * list by `updated-at`, so a record changed between two pages moves to the end and an offset
 * would skip the one after it; the next page is asked from the last record's time instead
 * (`since` one second before it, `n` counting the records of that second already read), which
 * sees every record, the changed ones again at the end.
 */
export function sincePagination(size: number): PaginationSpec<Item> {
  return {
    items: listItems,
    next(_body, request, items) {
      if (items.length < size || items.length === 0) return undefined;
      const n = Number(param(request, "n") ?? "0");
      const since = param(request, "since");
      const last = (items[items.length - 1] as Item)["updated-at"];
      if (since === undefined || Number.isNaN(second(last))) {
        return withSearchParams(request, { n: n + items.length });
      }
      const at = second(last);
      const next = sinceParam((at - 1) * 1000);
      const ties = items.filter((item) => second(item["updated-at"]) === at).length;
      return withSearchParams(request, {
        since: next,
        n: next === since ? n + items.length : ties,
      });
    },
  };
}

/** Lists Highrise does not page: each of `paths` whole, one after the other. */
export function unpaged(paths: readonly string[]): PaginationSpec<Item> {
  return {
    items: listItems,
    next(_body, request) {
      const i = paths.indexOf(request.path);
      const path = i >= 0 ? paths[i + 1] : undefined;
      return path === undefined ? undefined : { ...request, path };
    },
  };
}

/**
 * `updated-at` conditions as `since=` (changed after a time, to the second): the provider keeps
 * every matching record and maybe a few more of the same second, checked again locally.
 */
export const sinceFilter = {
  gte: {
    apply: (value: unknown, request: ApiRequest) =>
      withSearchParams(request, { since: sinceParam((second(value) - 1) * 1000) }),
    superset: true,
  },
  gt: {
    apply: (value: unknown, request: ApiRequest) =>
      withSearchParams(request, { since: sinceParam(second(value) * 1000) }),
    superset: true,
  },
} as const;
