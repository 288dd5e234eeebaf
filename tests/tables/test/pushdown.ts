import type { ColumnDescription, Table, TableDescription } from "@x/connector-kit";
import { matches, parseWhere } from "@x/connector-kit";
import fc from "fast-check";
import { expect } from "vitest";

type Row = Record<string, unknown>;

/** The columns and operators a table pushes down (what the property exercises). */
export function pushedPairs(description: TableDescription): [ColumnDescription, string][] {
  return description.columns.flatMap((c) =>
    c.pushdown.map((op) => [c, op] as [ColumnDescription, string]),
  );
}

/** Values a condition on `column` can take: those in the data, plus one that matches nothing. */
function valuesOf(column: ColumnDescription, rows: Row[]): unknown[] {
  const seen = new Map<string, unknown>();
  for (const row of rows) {
    const v = row[column.name];
    if (v !== null && v !== undefined && typeof v !== "object") seen.set(JSON.stringify(v), v);
  }
  if (column.type === "enum") for (const v of column.values ?? []) seen.set(JSON.stringify(v), v);
  const values = [...seen.values()];
  if (column.type === "integer" || column.type === "reference") values.push(987_654_321);
  if (values.length > 0) return values;
  // A column empty in every row: a value of its type that matches nothing.
  const none = SENTINEL[column.type];
  return none === undefined ? [null] : [none];
}

const SENTINEL: Record<string, unknown> = {
  integer: 987_654_321,
  decimal: 0.5,
  boolean: false,
  date: "1999-12-31",
  datetime: "1999-12-31T23:59:59Z",
  string: "none such",
};

function condition(column: ColumnDescription, op: string, rows: Row[]): fc.Arbitrary<Row> {
  const values = valuesOf(column, rows);
  if (op === "isNull") {
    // A JSON column reads an object as its value: "is null" is `null`, "is not null" its NOT.
    if (column.type === "json") {
      return fc
        .boolean()
        .map((b) => (b ? { [column.name]: null } : { NOT: { [column.name]: null } }));
    }
    return fc.boolean().map((b) => ({ [column.name]: { isNull: b } }));
  }
  if (op === "in") {
    return fc
      .uniqueArray(fc.constantFrom(...values), { minLength: 1, maxLength: 3 })
      .map((vs) => ({ [column.name]: { in: vs } }));
  }
  return fc.constantFrom(...values).map((v) => ({ [column.name]: { [op]: v } }));
}

/**
 * The property: for random filters made of the conditions a table pushes down (and sometimes a
 * local one beside them), the rows the provider returns are the rows the local evaluation of the
 * same filter keeps from the full listing.
 */
/**
 * With `logic`, conditions are also joined by OR and negated with NOT (nested one level), for
 * tables whose provider takes a query language (Zoho CRM's COQL); `viaQuery` then counts the
 * listings that went to it (`explain().request.path` equal to `logic.path`).
 */
export async function checkPushdown(
  table: Table,
  options: { runs: number; seed: number; logic?: { path: string } },
): Promise<{ checked: number; pushed: number; viaQuery: number }> {
  const description = await table.describe();
  const pairs = pushedPairs(description);
  expect(pairs.length, `${table.name} pushes nothing down`).toBeGreaterThan(0);
  const all = await table.list().toArray();
  expect(all.length, `${table.name} has no rows in the emulator`).toBeGreaterThan(0);
  const columns = Object.fromEntries(description.columns.map((c) => [c.name, c]));
  const key = description.key;
  const localColumns = description.columns.filter(
    (c) => c.type !== "json" && c.operators.includes("eq"),
  );
  const pushedCondition = fc
    .constantFrom(...pairs)
    .chain(([column, op]) => condition(column, op, all));
  const localCondition = fc
    .constantFrom(...localColumns)
    .chain((column) => condition(column, "eq", all));
  const conditions = fc.array(pushedCondition, { minLength: 1, maxLength: 3 });
  // AND as is; or one group joined by OR, or negated, beside the rest.
  const shaped = options.logic
    ? fc
        .tuple(conditions, conditions, fc.constantFrom("and", "or", "not", "not-or"))
        .map(([a, b, shape]): Row[] =>
          shape === "and"
            ? a
            : shape === "or"
              ? [{ OR: a }, ...b]
              : shape === "not"
                ? [{ NOT: { AND: a } }, ...b]
                : [{ OR: [{ NOT: { AND: a } }, ...b] }],
        )
    : conditions;
  const filter = fc.record({
    pushed: shaped,
    local: fc.option(localCondition, { nil: undefined }),
  });
  let checked = 0;
  let pushed = 0;
  let viaQuery = 0;
  await fc.assert(
    fc.asyncProperty(filter, async ({ pushed: conditions, local }) => {
      const where = { AND: local ? [...conditions, local] : conditions };
      const plan = await table.explain({ where } as never);
      if (plan.pushedFilters.length > 0) pushed += 1;
      if (options.logic && plan.request.path === options.logic.path) viaQuery += 1;
      const got = await table.list({ where } as never).toArray();
      const test = parseWhere(table.name, columns, where);
      const expected = all.filter((row) => matches(test, row as Row, columns));
      const ids = (rows: Row[]) => rows.map((r) => String(r[key])).sort();
      expect(ids(got as Row[]), `${table.name}: ${JSON.stringify(where)}`).toEqual(
        ids(expected as Row[]),
      );
      checked += 1;
    }),
    { numRuns: options.runs, seed: options.seed },
  );
  return { checked, pushed, viaQuery };
}
