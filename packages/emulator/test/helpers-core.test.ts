import { describe, expect, it } from "vitest";
import {
  decodeCursor,
  encodeCursor,
  firstIndexWhere,
  intParam,
  jsonOffsetCursor,
  pageAt,
  SlidingWindow,
  SlidingWindows,
  sliceItems,
  textOffsetCursor,
} from "../src/index.js";

describe("SlidingWindow", () => {
  it("admits `limit` requests per window and says when the oldest leaves it", () => {
    const w = new SlidingWindow({ limit: 2, windowMs: 10_000 });
    expect(w.take(1000)).toEqual({ ok: true, limit: 2, remaining: 1 });
    expect(w.take(4000)).toEqual({ ok: true, limit: 2, remaining: 0 });
    expect(w.take(5000)).toEqual({ ok: false, limit: 2, retryAfterSeconds: 6 });
    // The first request leaves the window at 11 000.
    expect(w.take(11_000).ok).toBe(true);
    expect(w.take(11_500).ok).toBe(false);
    w.reset();
    expect(w.take(11_600).ok).toBe(true);
  });

  it("countRefused keeps a client that keeps trying throttled", () => {
    const strict = new SlidingWindow({ limit: 1, windowMs: 1000, countRefused: true });
    const lenient = new SlidingWindow({ limit: 1, windowMs: 1000 });
    for (const w of [strict, lenient]) {
      w.take(0);
      expect(w.take(900).ok).toBe(false);
    }
    // At 1 500 the first request has left; the refused one at 900 still counts for `strict`.
    expect(strict.take(1500).ok).toBe(false);
    expect(lenient.take(1500).ok).toBe(true);
  });

  it("SlidingWindows keeps one window per key", () => {
    const ws = new SlidingWindows({ limit: 1, windowMs: 1000 });
    expect(ws.take("a", 0).ok).toBe(true);
    expect(ws.take("b", 0).ok).toBe(true);
    expect(ws.take("a", 1).ok).toBe(false);
  });
});

describe("paging", () => {
  it("cursors round-trip and reject what they did not make", () => {
    expect(jsonOffsetCursor.decode(jsonOffsetCursor.encode(1200))).toBe(1200);
    expect(jsonOffsetCursor.decode("not base64 json")).toBeUndefined();
    expect(jsonOffsetCursor.decode(encodeCursor({ o: -1 }))).toBeUndefined();
    const zendesk = textOffsetCursor("i");
    expect(Buffer.from(zendesk.encode(7), "base64url").toString()).toBe("i7");
    expect(zendesk.decode(zendesk.encode(7))).toBe(7);
    expect(zendesk.decode(jsonOffsetCursor.encode(7))).toBeUndefined();
    expect(decodeCursor(Buffer.from("[1]").toString("base64url"))).toBeUndefined();
  });

  it("intParam: fallback when absent, undefined outside the range or not a whole number", () => {
    const range = { min: 1, max: 100, fallback: 25 };
    expect(intParam(null, range)).toBe(25);
    expect(intParam("100", range)).toBe(100);
    expect(intParam("0", range)).toBeUndefined();
    expect(intParam("101", range)).toBeUndefined();
    expect(intParam("1.5", range)).toBeUndefined();
    expect(intParam("-3", range)).toBeUndefined();
  });

  it("pages and slices", () => {
    expect(pageAt(0, 100, 230)).toEqual({ start: 0, end: 100, more: true });
    expect(pageAt(200, 100, 230)).toEqual({ start: 200, end: 230, more: false });
    expect(pageAt(300, 100, 230)).toEqual({ start: 300, end: 300, more: false });
    expect(sliceItems(pageAt(3, 2, 10), (i) => i * 10)).toEqual([30, 40]);
  });

  it("firstIndexWhere finds the first index of a sorted set that passes", () => {
    const values = [1, 3, 3, 7, 9];
    expect(firstIndexWhere(values.length, (i) => values[i]! >= 3)).toBe(1);
    expect(firstIndexWhere(values.length, (i) => values[i]! > 3)).toBe(3);
    expect(firstIndexWhere(values.length, (i) => values[i]! > 9)).toBe(5);
    expect(firstIndexWhere(0, () => true)).toBe(0);
  });
});
