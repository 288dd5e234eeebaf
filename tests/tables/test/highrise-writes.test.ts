import { startEmulator } from "@x/emulator";
import * as highrise from "@x/highrise";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

let em: Awaited<ReturnType<typeof startEmulator>>;
let hr: Awaited<ReturnType<typeof highrise.connect>>;

beforeAll(async () => {
  em = await startEmulator({ datasets: { highrise: { people: 20, companies: 10, deals: 10 } } });
  hr = await highrise.connect(
    `AuthScheme=APIToken;AccountId=emulated;APIToken=emulator-highrise-api-token;EmulatorURL=${em.url}`,
  );
});
afterAll(async () => {
  await hr?.close();
  await em?.close();
});

describe("Highrise writes (XML bodies)", () => {
  test.each([
    [
      "people",
      { "first-name": "Ada", "last-name": "Lovelace & Co", title: "CEO" },
      { title: "CTO" },
    ],
    ["companies", { name: "Tables <Ltd>", background: "Test" }, { background: "Changed" }],
    ["deals", { name: "Big one", price: 1200, currency: "EUR" }, { price: 900, status: "won" }],
  ] as const)("%s: create (201), read, update (200), delete (200)", async (name, row, change) => {
    const table = hr.table(name);
    em.resetCounts();
    const { key } = await table.insert(row as never);
    expect(typeof key).toBe("number");
    expect(await table.get(key as number)).toMatchObject(row);
    // A deal's status has its own request (PUT /deals/{id}/status.xml): sent in its own update.
    const { status, ...rest } = change as Record<string, unknown>;
    await table.update(key as number, rest as never);
    if (status !== undefined) await table.update(key as number, { status } as never);
    expect(await table.get(key as number)).toMatchObject({ ...row, ...change });
    await table.delete(key as number);
    expect(await table.get(key as number)).toBeUndefined();
    expect(em.count("highrise", `${name}.create`)).toBe(1);
    expect(em.count("highrise", `${name}.update`)).toBe(1);
    if (name === "deals") expect(em.count("highrise", "deals.status")).toBe(1);
    expect(em.count("highrise", `${name}.delete`)).toBe(1);
    await expect(table.delete(key as number)).rejects.toMatchObject({
      code: "CONNECTOR_NOT_FOUND",
    });
  });

  test("a generated record: the change shows in the listing, a deleted one leaves it", async () => {
    const people = hr.table("people");
    await people.update(1003, { title: "Changed in place" });
    const rows = await people.list().toArray();
    expect(rows.find((p) => p.id === 1003)?.title).toBe("Changed in place");
    await people.delete(1004);
    const after = await people.list().toArray();
    expect(after.map((p) => p.id)).not.toContain(1004);
    expect(after).toHaveLength(rows.length - 1);
  });

  test("clearing a required field is refused before sending, with the column named", async () => {
    em.resetCounts();
    await expect(
      hr.table("companies").update(500_001, { name: null } as never),
    ).rejects.toMatchObject({
      code: "CONNECTOR_INVALID_RECORD",
      message: expect.stringContaining("name"),
    });
    expect(em.count("highrise", "companies.update")).toBe(0);
  });
});
