import { type Emulator, startEmulator } from "@x/emulator";
import fc from "fast-check";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type Database, sql } from "../src/index.js";
import { pipedrive } from "./fixtures.js";

// Generated WHERE clauses over Pipedrive deals (some parts pushed down: status, person_id,
// stage_id), each compared with the same test written in plain TypeScript over the full listing.
// The meaning is the tables filter language's: a comparison with null is false (<> included),
// NOT negates the result, LIKE ignores case.

type Row = Record<string, unknown>;
interface Clause {
  sql: string;
  test: (row: Row) => boolean;
}

let emulator: Emulator;
let db: Database;
let deals: Row[];

beforeAll(async () => {
  emulator = await startEmulator({
    datasets: { pipedrive: { deals: 180, persons: 12, organizations: 4 } },
  });
  db = sql(await pipedrive(emulator));
  deals = await (await pipedrive(emulator)).table("Deals").list({ pushdown: false }).toArray();
}, 120_000);
afterAll(() => emulator.close());

const present = (v: unknown) => v !== null && v !== undefined;
const words = ["pump", "deal", "PRO", "smart", "#1", "cable"];

const atom: fc.Arbitrary<Clause> = fc.oneof(
  fc
    .constantFrom("open", "won", "lost")
    .map((s) => ({ sql: `status = '${s}'`, test: (r: Row) => r.status === s })),
  fc.constantFrom("open", "won", "lost").map((s) => ({
    sql: `status <> '${s}'`,
    test: (r: Row) => present(r.status) && r.status !== s,
  })),
  fc.integer({ min: 0, max: 50_000 }).map((n) => ({
    sql: `value > ${n}`,
    test: (r: Row) => typeof r.value === "number" && r.value > n,
  })),
  fc.integer({ min: 0, max: 50_000 }).map((n) => ({
    sql: `value <= ${n}`,
    test: (r: Row) => typeof r.value === "number" && r.value <= n,
  })),
  fc.boolean().map((isNull) => ({
    sql: `probability IS ${isNull ? "" : "NOT "}NULL`,
    test: (r: Row) => present(r.probability) !== isNull,
  })),
  fc.integer({ min: 1, max: 12 }).map((n) => ({
    sql: `person_id = ${n}`,
    test: (r: Row) => present(r.person_id) && String(r.person_id) === String(n),
  })),
  fc.uniqueArray(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 3 }).map((ids) => ({
    sql: `stage_id IN (${ids.join(", ")})`,
    test: (r: Row) => ids.includes(r.stage_id as number),
  })),
  fc
    .integer({ min: 1, max: 5 })
    .map((n) => ({ sql: `stage_id = ${n}`, test: (r: Row) => r.stage_id === n })),
  fc
    .tuple(fc.integer({ min: 0, max: 30_000 }), fc.integer({ min: 0, max: 30_000 }))
    .map(([a, b]) => ({
      sql: `value BETWEEN ${a} AND ${b}`,
      test: (r: Row) => typeof r.value === "number" && r.value >= a && r.value <= b,
    })),
  fc.constantFrom(...words).map((w) => ({
    sql: `title LIKE '%${w}%'`,
    test: (r: Row) =>
      typeof r.title === "string" && r.title.toLowerCase().includes(w.toLowerCase()),
  })),
  fc.constantFrom("compact", "eco", "Smart", "x").map((w) => ({
    sql: `title LIKE '${w}%'`,
    test: (r: Row) =>
      typeof r.title === "string" && r.title.toLowerCase().startsWith(w.toLowerCase()),
  })),
  fc
    .constantFrom("open", "won")
    .map((s) => ({ sql: `status NOT IN ('${s}')`, test: (r: Row) => !(r.status === s) })),
);

const clause: fc.Arbitrary<Clause> = fc.letrec<{ clause: Clause }>((tie) => ({
  clause: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    atom,
    fc.tuple(tie("clause"), tie("clause")).map(([a, b]) => ({
      sql: `(${a.sql} AND ${b.sql})`,
      test: (r: Row) => a.test(r) && b.test(r),
    })),
    fc.tuple(tie("clause"), tie("clause")).map(([a, b]) => ({
      sql: `(${a.sql} OR ${b.sql})`,
      test: (r: Row) => a.test(r) || b.test(r),
    })),
    tie("clause").map((a) => ({ sql: `NOT (${a.sql})`, test: (r: Row) => !a.test(r) })),
  ),
})).clause;

// Top-level conjunctions let the planner push parts down; the others stay local.
const where = fc.array(clause, { minLength: 1, maxLength: 3 }).map((parts) => ({
  sql: parts.map((p) => p.sql).join(" AND "),
  test: (r: Row) => parts.every((p) => p.test(r)),
}));

test("generated WHERE clauses give the rows plain TypeScript finds in the full listing", async () => {
  await fc.assert(
    fc.asyncProperty(where, async (w) => {
      const rows = await db.query(`SELECT id FROM Deals WHERE ${w.sql} ORDER BY id`).toArray();
      const expected = deals
        .filter(w.test)
        .map((d) => d.id)
        .sort((a, b) => (a as number) - (b as number));
      expect(rows.map((r) => r.id)).toEqual(expected);
    }),
    { numRuns: 60 },
  );
}, 300_000);
