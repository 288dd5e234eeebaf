import { startEmulator } from "@x/emulator";
import * as zendesk from "@x/zendesk";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

let em: Awaited<ReturnType<typeof startEmulator>>;
let conn: Awaited<ReturnType<typeof zendesk.connect>>;

beforeAll(async () => {
  em = await startEmulator({
    datasets: { zendesk: { tickets: 130, users: 40, organizations: 12 } },
  });
  conn = await zendesk.connect(
    `URL=https://emulated.zendesk.com;EmulatorURL=${em.url};AuthScheme=Basic;User=katherine.johnson@emulator.example;APIToken=emulator-zendesk-api-token`,
  );
});
afterAll(async () => {
  await conn?.close();
  await em?.close();
});

describe("Zendesk tables", () => {
  test.each([
    ["tickets", 130],
    ["users", 40],
    ["organizations", 12],
    ["ticket_metrics", 130],
  ] as const)(
    "%s: every row across cursor pages, one by key, filters applied locally",
    async (name, count) => {
      const table = conn.table(name);
      const rows = await table.list().toArray();
      expect(rows).toHaveLength(count);
      const first = rows[0] as Record<string, unknown>;
      expect(await table.get(first.id as number)).toEqual(first);
      expect(await table.get(987_654)).toBeUndefined();
      const recent = await table
        .list({ where: { updated_at: { gte: String(rows[10]?.updated_at) } } })
        .toArray();
      expect(recent.map((r) => r.id)).toEqual(
        rows
          .filter(
            (r) => Date.parse(String(r.updated_at)) >= Date.parse(String(rows[10]?.updated_at)),
          )
          .map((r) => r.id),
      );
    },
  );

  test("tickets: insert with the first comment, then read it back", async () => {
    const tickets = conn.table("tickets");
    const { key } = await tickets.insert({
      subject: "Printer on fire",
      comment: { body: "Smoke everywhere" },
      priority: "urgent",
    } as never);
    expect(await tickets.get(key as number)).toMatchObject({
      subject: "Printer on fire",
      priority: "urgent",
    });
    await expect(tickets.update(key as number, { priority: "low" } as never)).rejects.toMatchObject(
      {
        code: "CONNECTOR_READ_ONLY_TABLE",
      },
    );
  });
});
