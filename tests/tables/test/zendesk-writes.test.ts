import { startEmulator } from "@x/emulator";
import * as zendesk from "@x/zendesk";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

// Zendesk writes (one by one and through the bulk job endpoints) and filters sent to the search
// API, with its 1,000-result cap.

let em: Awaited<ReturnType<typeof startEmulator>>;
let conn: Awaited<ReturnType<typeof zendesk.connect>>;

beforeAll(async () => {
  em = await startEmulator({
    datasets: { zendesk: { tickets: 5500, users: 30, organizations: 6 } },
    zendesk: { requestsPerMinute: false },
  });
  conn = await zendesk.connect(
    `URL=https://emulated.zendesk.com;EmulatorURL=${em.url};AuthScheme=Basic;User=katherine.johnson@emulator.example;APIToken=emulator-zendesk-api-token`,
  );
});
afterAll(async () => {
  await conn?.close();
  await em?.close();
});

describe("Zendesk writes: create, read, update, delete", () => {
  test.each([
    [
      "tickets",
      { subject: "CRUD ticket", comment: { body: "First words" }, priority: "low" },
      { status: "pending", priority: "high" },
    ],
    ["users", { name: "Crud User", email: "crud@example.test" }, { phone: "+1 555 0100" }],
    ["organizations", { name: "Crud Org", notes: "n" }, { details: "d" }],
    ["groups", { name: "Crud Group", description: "x" }, { description: "y" }],
  ] as const)("%s", async (name, row, change) => {
    const table = conn.table(name);
    const { key } = await table.insert(row as never);
    const { comment: _c, ...visible } = row as Record<string, unknown>;
    expect(await table.get(key as number)).toMatchObject(visible);
    await table.update(key as number, change as never);
    expect(await table.get(key as number)).toMatchObject({ ...visible, ...change });
    await table.delete(key as number);
    // Zendesk keeps a deleted user, deactivated; the others are gone.
    if (name === "users") expect(await table.get(key as number)).toMatchObject({ active: false });
    else expect(await table.get(key as number)).toBeUndefined();
    if (name !== "users") {
      await expect(table.update(key as number, change as never)).rejects.toMatchObject({
        code: "CONNECTOR_NOT_FOUND",
      });
    }
  });

  test("ticket comments: insert adds one through a ticket update; it is listed and keyed", async () => {
    const comments = conn.table("ticket_comments");
    em.resetCounts();
    const { key } = await comments.insert({
      ticket_id: 12,
      body: "Added as a row",
      public: false,
    } as never);
    expect(em.count("zendesk", "tickets.update")).toBe(1);
    const rows = await comments.list({ where: { ticket_id: 12 } }).toArray();
    expect(rows.at(-1)).toMatchObject({
      id: key,
      body: "Added as a row",
      public: false,
      ticket_id: 12,
    });
  });
});

describe("Zendesk bulk writes through job statuses", () => {
  test("insertMany: create_many per 100 rows, each job followed to its end, one result per row", async () => {
    const tickets = conn.table("tickets");
    em.resetCounts();
    const rows = Array.from({ length: 130 }, (_, i) => ({
      subject: `Bulk ${i}`,
      comment: { body: `Bulk body ${i}` },
    }));
    // Row 7 has no comment: Zendesk's job refuses it alone.
    rows[7] = { subject: "No comment" } as never;
    const results = await tickets.insertMany(rows as never);
    expect(em.count("zendesk", "tickets.create_many")).toBe(2);
    expect(em.count("zendesk", "job_statuses.get")).toBeGreaterThanOrEqual(2);
    expect(results.filter((r) => r.ok)).toHaveLength(129);
    expect(results[7]).toMatchObject({
      ok: false,
      sent: true,
      error: { code: "CONNECTOR_INVALID_RECORD" },
    });
    const last = results[129] as { ok: true; key: number };
    expect(await tickets.get(last.key)).toMatchObject({ subject: "Bulk 129" });
  });

  test("updateMany: update_many with ids, per-row results; a missing id is not found", async () => {
    const users = conn.table("users");
    em.resetCounts();
    const results = await users.updateMany([
      { key: 1001, changes: { phone: "+1 1" } },
      { key: 987_654, changes: { phone: "+1 2" } },
      { key: 1003, changes: { "Loyalty points": 5 } },
    ] as never);
    expect(em.count("zendesk", "users.update_many")).toBe(1);
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(results[1]).toMatchObject({ error: { code: "CONNECTOR_NOT_FOUND" } });
    expect(await users.get(1001)).toMatchObject({ phone: "+1 1" });
    expect(await users.get(1003)).toMatchObject({ "Loyalty points": 5 });
  });
});

describe("Zendesk filters through the search API", () => {
  test.each([
    [{ priority: "urgent", type: "incident" }, "type:ticket priority:urgent ticket_type:incident"],
    [
      { "Product line": "product_sensors", status: "new" },
      "type:ticket custom_field_360100001:product_sensors status:new",
    ],
  ] as const)("%o is searched as %s; the same rows as filtering locally", async (where, query) => {
    const tickets = conn.table("tickets");
    const plan = await tickets.explain({ where });
    expect(plan.request.path).toBe("api/v2/search.json");
    expect(plan.request.query.query?.split(" ").sort()).toEqual(query.split(" ").sort());
    em.resetCounts();
    const pushed = await tickets.list({ where }).toArray();
    expect(em.count("zendesk", "search")).toBeGreaterThanOrEqual(1);
    const local = await tickets.list({ where, pushdown: false }).toArray();
    expect(pushed.map((r) => r.id)).toEqual(local.map((r) => r.id));
  });

  test("past search's 1,000 results the full list continues, filtered locally: no row lost or repeated", async () => {
    const tickets = conn.table("tickets");
    const where = { status: "open" } as const;
    expect((await tickets.explain({ where })).filteredCap).toBe(1000);
    em.resetCounts();
    const pushed = await tickets.list({ where }).toArray();
    expect(em.count("zendesk", "search")).toBe(10);
    const local = await tickets.list({ where, pushdown: false }).toArray();
    expect(local.length).toBeGreaterThan(1000);
    expect(new Set(pushed.map((r) => r.id)).size).toBe(pushed.length);
    expect(new Set(pushed.map((r) => r.id))).toEqual(new Set(local.map((r) => r.id)));
  });
});
