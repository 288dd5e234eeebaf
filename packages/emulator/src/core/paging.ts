/**
 * Opaque cursors and page slicing shared by the provider modules. A cursor is base64url text, so
 * clients must treat it as opaque; what it holds is the provider module's business.
 */

/** Encodes a JSON value as an opaque base64url cursor. */
export function encodeCursor(value: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

/** Decodes a cursor made by {@link encodeCursor}; undefined when it is not one. */
export function decodeCursor(cursor: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    return v !== null && typeof v === "object" && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** True for a whole number >= 0. */
export const isOffset = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;

/** A cursor that carries one offset. */
export interface OffsetCursor {
  encode(offset: number): string;
  /** The offset, or undefined when the cursor is not one of ours. */
  decode(cursor: string): number | undefined;
}

/** `{"o":offset}` as base64url JSON (Pipedrive's `next_cursor`, the generated template). */
export const jsonOffsetCursor: OffsetCursor = {
  encode: (offset) => encodeCursor({ o: offset }),
  decode(cursor) {
    const o = decodeCursor(cursor)?.o;
    return isOffset(o) ? o : undefined;
  },
};

/** `<prefix><offset>` as base64url text (Zendesk's cursors use prefix `i`). */
export function textOffsetCursor(prefix: string): OffsetCursor {
  const re = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(\\d+)$`);
  return {
    encode: (offset) => Buffer.from(`${prefix}${offset}`).toString("base64url"),
    decode(cursor) {
      const m = re.exec(Buffer.from(cursor, "base64url").toString("utf8"));
      return m ? Number(m[1]) : undefined;
    },
  };
}

/**
 * Parses an integer query parameter within `[min, max]`: `fallback` when absent, undefined when
 * it is not a whole number in range (the caller answers with the provider's error).
 */
export function intParam(
  raw: string | null,
  range: { min: number; max: number; fallback: number },
): number | undefined {
  if (raw === null) return range.fallback;
  if (!/^\d+$/.test(raw)) return undefined;
  const n = Number(raw);
  return n >= range.min && n <= range.max ? n : undefined;
}

/** The window `[start, end)` of a page over `total` items, and whether more follow. */
export interface PageWindow {
  start: number;
  end: number;
  more: boolean;
}

/** The page of `size` items starting at `start` over `total` items. */
export function pageAt(start: number, size: number, total: number): PageWindow {
  const end = Math.max(start, Math.min(total, start + size));
  return { start, end, more: end < total };
}

/** `make(i)` for every index of the page. */
export function sliceItems<T>(page: PageWindow, make: (i: number) => T): T[] {
  const out: T[] = [];
  for (let i = page.start; i < page.end; i++) out.push(make(i));
  return out;
}

/** First index in `[0, total)` where `test(i)` holds, for a test that stays true once true (binary search). */
export function firstIndexWhere(total: number, test: (i: number) => boolean): number {
  let lo = 0;
  let hi = total;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (test(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
