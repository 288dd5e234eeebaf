import { describe, expect, it } from "vitest";
import { createRng, fakePerson, isoOffset, isoZ, skipPerson } from "../src/core/data.js";

// The generators build strings themselves for speed; `Date` formatting is the reference.
const viaDate = (ms: number, end: string) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, end);

describe("generated data", () => {
  it("isoOffset and isoZ print what Date prints, leap days and out-of-range times included", () => {
    const times = [
      0,
      999.9,
      Date.UTC(2000, 1, 29, 23, 59, 59, 999),
      Date.UTC(2100, 1, 28, 12),
      Date.UTC(2100, 2, 1),
      Date.UTC(2024, 11, 31, 23, 59, 59),
      Date.UTC(9999, 11, 31, 23, 59, 59, 999),
      Date.UTC(10000, 0, 1),
      -1,
      Date.UTC(1600, 1, 29, 1, 2, 3),
    ];
    const rng = createRng("iso");
    for (let n = 0; n < 2000; n++) times.push(Math.floor(rng.next() * Date.UTC(9999, 0, 1)));
    for (const ms of times) {
      expect(isoOffset(ms)).toBe(viaDate(ms, "+00:00"));
      expect(isoZ(ms)).toBe(viaDate(ms, "Z"));
    }
    expect(() => isoOffset(Number.NaN)).toThrow(RangeError);
  });

  it("skipPerson draws as many numbers as fakePerson", () => {
    for (let i = 0; i < 50; i++) {
      const made = createRng("p", i);
      const skipped = createRng("p", i);
      fakePerson(made, i);
      skipPerson(skipped);
      expect(skipped.next()).toBe(made.next());
    }
  });
});
