import { startEmulator } from "@x/emulator";
import * as zendesk from "@x/zendesk";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

// UseIncrementalAPI=true: tickets and users through the cursor-based exports, organizations,
// ticket events and ticket metric events through the time-based ones.

let em: Awaited<ReturnType<typeof startEmulator>>;
let conn: Awaited<ReturnType<typeof zendesk.connect>>;

beforeAll(async () => {
  em = await startEmulator({
    datasets: { zendesk: { tickets: 60, users: 25, organizations: 8 } },
    zendesk: { incrementalRateLimit: false },
  });
  conn = await zendesk.connect(
    `URL=https://emulated.zendesk.com;EmulatorURL=${em.url};AuthScheme=Basic;User=katherine.johnson@emulator.example;APIToken=emulator-zendesk-api-token;UseIncrementalAPI=true`,
  );
});
afterAll(async () => {
  await conn?.close();
  await em?.close();
});

const ids = (rows: readonly Record<string, unknown>[]) => rows.map((r) => r.id as number);

describe("Zendesk incremental reads", () => {
  test.each([
    ["tickets", "incremental.tickets", 60],
    ["users", "incremental.users", 25],
    ["organizations", "incremental.organizations_time", 8],
    ["ticket_metrics", "incremental.tickets", 60],
    ["ticket_events", "incremental.ticket_events", 60],
    ["ticket_metric_events", "incremental.ticket_metric_events", 180],
  ] as const)("%s: read through the export (%s)", async (name, endpoint, count) => {
    em.resetCounts();
    const rows = await conn.table(name).list().toArray();
    expect(new Set(ids(rows)).size).toBe(count);
    expect(em.count("zendesk", endpoint)).toBeGreaterThanOrEqual(1);
    expect(em.count("zendesk", `${name}.list`)).toBe(0);
  });

  test.each([
    [
      "tickets",
      { subject: "New one", comment: { body: "Created between reads" } },
      { priority: "high" },
    ],
    ["users", { name: "Between Reads" }, { phone: "+44 1632 960000" }],
  ] as const)(
    "%s: a listing read to its end resumes from its cursor with only what changed, no gap, no repeat",
    async (name, row, change) => {
      const table = conn.table(name);
      const listing = table.list();
      const first = await listing.toArray();
      const saved = listing.cursor;
      expect(saved).toBeDefined();
      // Writes between the two reads: one created, one changed, one deleted (tickets) or deactivated (users).
      const { key } = await table.insert(row as never);
      const changed = first[7]!.id as number;
      await table.update(changed, change as never);
      const removed = first[9]!.id as number;
      await table.delete(removed);
      em.clock.advance(61_000); // exports leave out the last minute's changes
      const next = table.list({ cursor: saved });
      const later = await next.toArray();
      // In the order written; the deleted ticket is left out (exclude_deleted).
      const expected = name === "tickets" ? [key, changed] : [key, changed, removed];
      expect(ids(later)).toEqual(expected);
      expect(later.find((r) => r.id === changed)).toMatchObject(change);
      // Resumed again with nothing changed: nothing.
      expect(await table.list({ cursor: next.cursor }).toArray()).toEqual([]);
    },
  );

  test("tickets: a listing stopped part-way resumes after its last row; records changed meanwhile come once, at the end", async () => {
    const table = conn.table("tickets");
    const all = ids(await table.list().toArray());
    const listing = table.list();
    const head = ids(await listing.take(10));
    const saved = listing.cursor;
    const unread = all[30]!;
    await table.update(unread, { subject: "Changed while paused" });
    const { key } = await table.insert({ comment: { body: "Added while paused" } } as never);
    em.clock.advance(61_000);
    const rest = ids(await table.list({ cursor: saved }).toArray());
    const seen = [...head, ...rest];
    expect(new Set(seen).size).toBe(seen.length);
    expect(new Set(seen)).toEqual(new Set([...all, key as number]));
    expect(rest.slice(-2)).toEqual([unread, key]);
  });

  test("updated_at >= t is sent as start_time and checked again locally", async () => {
    const table = conn.table("tickets");
    const all = await table.list().toArray();
    const since = String(all[40]!.updated_at);
    const plan = await table.explain({ where: { updated_at: { gte: since } } });
    expect(plan.request.query.start_time).toBe(String(Math.floor(Date.parse(since) / 1000)));
    const rows = await table.list({ where: { updated_at: { gte: since } } }).toArray();
    expect(ids(rows)).toEqual(
      ids(all.filter((r) => Date.parse(String(r.updated_at)) >= Date.parse(since))),
    );
  });
});
