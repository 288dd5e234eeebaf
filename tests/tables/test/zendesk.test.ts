import { startEmulator } from "@x/emulator";
import * as zendesk from "@x/zendesk";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { checkPushdown } from "./pushdown.js";

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

describe("Zendesk: every table", () => {
  test.each([
    ["ticket_fields", 12],
    ["ticket_forms", 4],
    ["satisfaction_ratings", 44],
    ["user_fields", 3],
    ["organization_fields", 3],
    ["organization_memberships", 40],
    ["groups", 6],
    ["group_memberships", 8],
    ["brands", 3],
    ["views", 6],
    ["macros", 8],
    ["triggers", 7],
    ["automations", 4],
    ["sla_policies", 3],
  ] as const)("%s: %i rows across cursor pages, one by key", async (name, count) => {
    const table = conn.table(name);
    const rows = await table.list().toArray();
    expect(rows).toHaveLength(count);
    expect(new Set(rows.map((r) => r.id)).size).toBe(count);
    const last = rows.at(-1) as Record<string, unknown>;
    expect(await table.get(last.id as number)).toEqual(last);
    // A limit under the page size asks the provider for that many.
    em.resetCounts();
    expect(await table.list({ limit: 2 }).toArray()).toEqual(rows.slice(0, 2));
    expect(em.count("zendesk", `${name}.list`)).toBe(1);
  });

  test.each([
    ["ticket_comments", { ticket_id: 5 }, 2],
    ["ticket_audits", { ticket_id: 5 }, 1],
    ["identities", { user_id: 1003 }, 1],
  ] as const)("%s: the rows of one parent, which the listing needs", async (name, where, count) => {
    const table = conn.table(name);
    const rows = await table.list({ where }).toArray();
    expect(rows).toHaveLength(count);
    for (const row of rows) expect(row).toMatchObject(where);
    await expect(table.list().toArray()).rejects.toMatchObject({
      code: "CONNECTOR_INVALID_FILTER",
    });
  });

  test("tags: each tag with how many tickets carry it", async () => {
    const tags = await conn.table("tags").list().toArray();
    expect(tags.reduce((n, t) => n + (t.count as number), 0)).toBe(130);
  });

  test.each([
    ["tickets", 20],
    ["users", 10],
  ] as const)(
    "%s: pushed-down filters give the rows the local filter gives (property, %i runs)",
    async (name, runs) => {
      const { checked, pushed } = await checkPushdown(conn.table(name), { runs, seed: 18 });
      expect(checked).toBe(runs);
      expect(pushed).toBe(runs);
    },
  );

  test("users: a role filter is sent to Zendesk", async () => {
    const users = conn.table("users");
    const plan = await users.explain({ where: { role: "agent" } });
    expect(plan.pushedFilters).toHaveLength(1);
    expect(await users.list({ where: { role: "agent" } }).toArray()).toEqual([]);
    expect((await users.list({ where: { role: "end-user" } }).toArray()).length).toBe(40);
  });
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
    // Ticket metrics stay read-only: Zendesk computes them.
    await expect(
      conn.table("ticket_metrics").update(1, { replies: 2 } as never),
    ).rejects.toMatchObject({ code: "CONNECTOR_READ_ONLY_TABLE" });
  });
});

describe("Zendesk writes", () => {
  test("tickets: update and delete by id, one call each; a bad value is Zendesk's 422 named", async () => {
    const tickets = conn.table("tickets");
    em.resetCounts();
    await tickets.update(3, { priority: "urgent", subject: "Changed by the test" });
    expect(em.count("zendesk", "tickets.update")).toBe(1);
    expect(await tickets.get(3)).toMatchObject({
      priority: "urgent",
      subject: "Changed by the test",
    });
    const listed = await tickets.list({ where: { id: 3 } }).toArray();
    expect(listed[0]).toMatchObject({ subject: "Changed by the test" });
    await tickets.delete(4);
    expect(await tickets.get(4)).toBeUndefined();
    expect((await tickets.list({ where: { id: 4 } }).toArray()).length).toBe(0);
    await expect(tickets.delete(4)).rejects.toMatchObject({ code: "CONNECTOR_NOT_FOUND" });
    await expect(tickets.update(987_654, { subject: "x" })).rejects.toMatchObject({
      code: "CONNECTOR_NOT_FOUND",
    });
  });

  test.each([
    ["users", { name: "Grace Hopper", email: "grace@example.test" }, { phone: "+44 20 7946 0000" }],
    ["organizations", { name: "Tables Ltd", details: "Test org" }, { details: "Changed" }],
  ] as const)("%s: create, read, update, delete", async (name, row, change) => {
    const table = conn.table(name);
    const { key } = await table.insert(row as never);
    expect(typeof key).toBe("number");
    expect(await table.get(key as number)).toMatchObject(row);
    await table.update(key as number, change as never);
    expect(await table.get(key as number)).toMatchObject({ ...row, ...change });
    await table.delete(key as number);
    // Zendesk keeps a deleted user, deactivated; an organization is gone.
    if (name === "users") expect(await table.get(key as number)).toMatchObject({ active: false });
    else expect(await table.get(key as number)).toBeUndefined();
    await expect(table.insert({} as never)).rejects.toMatchObject({
      code: "CONNECTOR_INVALID_RECORD",
      message: expect.stringContaining("name"),
    });
  });
});

describe("Zendesk custom fields as columns by title", () => {
  test.each([
    ["tickets", "Product line", "enum", "custom_fields"],
    ["users", "Support plan", "enum", "user_fields"],
    ["organizations", "Region", "enum", "organization_fields"],
  ] as const)(
    "%s: %s is a discovered %s column read from %s",
    async (name, title, type, holder) => {
      const table = conn.table(name);
      const described = await table.describe();
      const column = described.columns.find((c) => c.name === title);
      expect(column).toMatchObject({ type, origin: "discovered" });
      // System ticket fields (Subject, Status …) are not repeated as columns.
      expect(described.columns.some((c) => c.name === "Subject")).toBe(false);
      const rows = await table.list({ limit: 30 }).toArray();
      for (const row of rows) {
        const held = row[holder] as unknown;
        const raw = Array.isArray(held)
          ? (held as { id: number; value: unknown }[]).find((f) => f.value === row[title])
          : held;
        if (!Array.isArray(held)) expect(Object.values(raw as object)).toContain(row[title]);
        else if (row[title] !== null) expect(raw).toBeDefined();
      }
      const value = rows.find((r) => r[title] !== null)?.[title];
      const matching = await table.list({ where: { [title]: value } }).toArray();
      expect(matching.length).toBeGreaterThan(0);
      for (const row of matching) expect(row[title]).toBe(value);
      expect(await table.get(rows[0]!.id as number)).toMatchObject({ [title]: rows[0]![title] });
    },
  );

  test("writes by title go back into custom_fields / user_fields; a value outside the options is refused before sending", async () => {
    const tickets = conn.table("tickets");
    const { key } = await tickets.insert({
      comment: { body: "Custom fields on create" },
      "Product line": "product_valves",
      "Order number": 4242,
    } as never);
    expect(await tickets.get(key as number)).toMatchObject({
      "Product line": "product_valves",
      "Order number": 4242,
      "Refund approved": null,
    });
    await tickets.update(key as number, { "Refund approved": true } as never);
    expect(await tickets.get(key as number)).toMatchObject({
      "Product line": "product_valves",
      "Refund approved": true,
    });
    em.resetCounts();
    await expect(
      tickets.update(key as number, { "Product line": "product_rockets" } as never),
    ).rejects.toMatchObject({ code: "CONNECTOR_INVALID_RECORD" });
    expect(em.count("zendesk", "tickets.update")).toBe(0);
    const users = conn.table("users");
    await users.update(1004, { "Loyalty points": 77 } as never);
    const user = await users.get(1004);
    expect(user).toMatchObject({ "Loyalty points": 77 });
    expect(user?.user_fields).toMatchObject({ loyalty_points: 77 });
  });
});
