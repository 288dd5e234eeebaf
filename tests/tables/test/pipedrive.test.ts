import { startEmulator } from "@x/emulator";
import * as pipedrive from "@x/pipedrive";
import { afterAll, beforeAll, describe, expect, expectTypeOf, test } from "vitest";
import { checkPushdown } from "./pushdown.js";

let em: Awaited<ReturnType<typeof startEmulator>>;
let conn: Awaited<ReturnType<typeof pipedrive.connect>>;

beforeAll(async () => {
  em = await startEmulator({
    datasets: {
      pipedrive: { deals: 240, persons: 180, organizations: 60, activities: 150, notes: 160 },
    },
  });
  conn = await pipedrive.connect(
    `AuthScheme=Basic;APIToken=emulator-pipedrive-api-token;CompanyDomain=emulatedcompany;EmulatorURL=${em.url}`,
  );
});
afterAll(async () => {
  await conn?.close();
  await em?.close();
});

describe("Pipedrive tables: the provider's filters give the rows the local filter gives", () => {
  for (const [name, seed] of [
    ["deals", 16],
    ["persons", 17],
    ["organizations", 18],
    ["activities", 19],
    ["products", 20],
    ["stages", 21],
    ["leads", 22],
    ["notes", 23],
    ["filters", 24],
    ["goals", 25],
  ] as const) {
    test(name, async () => {
      const { checked, pushed } = await checkPushdown(conn.table(name), { runs: 25, seed });
      expect(checked).toBe(25);
      expect(pushed).toBe(25);
    });
  }

  test("rows, filters and writes are typed from the declarations", async () => {
    const deals = conn.table("deals");
    const [row] = await deals.list({ where: { status: "won" }, limit: 1 }).toArray();
    expectTypeOf(row!.status).toEqualTypeOf<"open" | "won" | "lost">();
    expectTypeOf(row!.value).toEqualTypeOf<number>();
    expectTypeOf(row!.person_id).toEqualTypeOf<string | number | null>();
    expect(row?.status).toBe("won");
    // @ts-expect-error: an unknown status is a type error (and a typed error at run time)
    await expect(deals.list({ where: { status: "pending" } }).toArray()).rejects.toMatchObject({
      code: "CONNECTOR_INVALID_FILTER",
    });
    // @ts-expect-error: title is required on insert
    await expect(deals.insert({ value: 3 })).rejects.toMatchObject({
      code: "CONNECTOR_INVALID_RECORD",
    });
  });

  test("every Pipedrive table that pushes anything down is in the property above", async () => {
    // A child table's parent key addresses the listing: it is not a filter to compare.
    const pushing = (await conn.tables())
      .filter((t) => t.columns.some((c) => c.pushdown.length > 0 && c.name !== t.parent?.column))
      .map((t) => t.name);
    expect(pushing.sort()).toEqual([
      "activities",
      "deals",
      "filters",
      "goals",
      "leads",
      "notes",
      "organizations",
      "persons",
      "products",
      "stages",
    ]);
  });
});
