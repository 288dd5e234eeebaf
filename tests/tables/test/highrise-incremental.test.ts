import { startEmulator } from "@x/emulator";
import * as highrise from "@x/highrise";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";

// Incremental reads of Highrise (`since=`, ordered by updated-at): a listing stopped part way,
// writes in between, then resumed from the saved cursor, sees every record that matches, and
// again only those that changed.

let em: Awaited<ReturnType<typeof startEmulator>>;
let hr: Awaited<ReturnType<typeof highrise.connect>>;

beforeAll(async () => {
  em = await startEmulator({ datasets: { highrise: { people: 1_050, companies: 4 } } });
  hr = await highrise.connect(
    `AuthScheme=APIToken;AccountId=emulated;APIToken=emulator-highrise-api-token;EmulatorURL=${em.url}`,
  );
});
afterAll(async () => {
  await hr?.close();
  await em?.close();
});
beforeEach(() => em.reset());

type Row = Record<string, unknown>;
const ids = (rows: readonly Row[]) => rows.map((r) => r.id as number);

describe("people: incremental reads with updated-at (since=)", () => {
  test("the request: since one second before the time, checked again locally", async () => {
    const plan = await hr
      .table("people")
      .explain({ where: { "updated-at": { gte: "2024-01-02T10:00:00.500Z" } } });
    expect(plan.request.query.since).toBe("20240102095959");
    expect(plan.localFilter).toContain("updated-at");
  });

  // Stop points: within the first page, at its end, within the second page.
  test.each([
    [150, "within the first page"],
    [500, "at the end of the first page"],
    [560, "within the second page"],
  ])(
    "stopped after %i rows (%s), writes, resumed: no gap, no repeat but the changes",
    async (stop) => {
      const people = hr.table("people");
      const all = (await people.list().toArray()) as Row[];
      const from = all[200]?.["updated-at"] as string;
      const where = { "updated-at": { gte: from } };
      const expectedBefore = all.filter(
        (r) => Date.parse(r["updated-at"] as string) >= Date.parse(from),
      );
      expect(expectedBefore.length).toBeGreaterThan(800);

      const listing = people.list({ where });
      const first = (await listing.take(stop)) as Row[];
      const cursor = listing.cursor;
      expect(cursor).toBeTypeOf("string");
      expect(ids(first)).toEqual(ids(expectedBefore.slice(0, stop)));

      // Writes between the two reads: records already read and not yet read change, one not yet
      // read is deleted, one is added.
      em.clock.advance(5_000);
      const readChanged = first[Math.floor(stop / 3)]?.id as number;
      const unreadChanged = expectedBefore[stop + 40]?.id as number;
      const unreadDeleted = expectedBefore[stop + 7]?.id as number;
      await people.update(readChanged, { title: "changed after read" });
      await people.update(unreadChanged, { title: "changed before read" });
      await people.delete(unreadDeleted);
      const { key: added } = await people.insert({ "first-name": "Added" });

      const second = (await people.list({ where, cursor }).toArray()) as Row[];
      const now = (await people.list({ where }).toArray()) as Row[];

      const seen = [...ids(first), ...ids(second)];
      // No gap: every record that matches now was read, in one read or the other.
      expect(ids(now).filter((id) => !seen.includes(id))).toEqual([]);
      // No repeat: a record read twice is one that changed after it was read (its new version).
      const twice = seen.filter((id, i) => seen.indexOf(id) !== i);
      expect(twice).toEqual([readChanged]);
      expect(second.find((r) => r.id === readChanged)?.title).toBe("changed after read");
      expect(second.find((r) => r.id === unreadChanged)?.title).toBe("changed before read");
      expect(ids(second)).toContain(added);
      expect(ids(second)).not.toContain(unreadDeleted);
    },
  );

  test("a listing that reads to its end leaves no cursor; the next read from its last time sees only the changes", async () => {
    const people = hr.table("people");
    const first = (await people.list().toArray()) as Row[];
    const last = first
      .map((r) => r["updated-at"] as string)
      .reduce((a, b) => (Date.parse(a) > Date.parse(b) ? a : b));
    em.clock.advance(5_000);
    await people.update(1_010, { title: "later" });
    const { key } = await people.insert({ "first-name": "Later" });
    const changed = (await people
      .list({ where: { "updated-at": { gt: last } } })
      .toArray()) as Row[];
    expect(ids(changed).sort()).toEqual([1_010, key].sort());
  });
});
