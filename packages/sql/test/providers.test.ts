import { type Emulator, startEmulator } from "@x/emulator";
import { connect as pipedriveConnect } from "@x/pipedrive";
import { connect as zendeskConnect } from "@x/zendesk";
import { afterAll, beforeAll, expect, test } from "vitest";
import { sql } from "../src/index.js";

// The connectors' own tables (as declared in their packages), through SQL.

let emulator: Emulator;
let pipedrive: string;
let zendesk: string;
type Row = Record<string, unknown>;

beforeAll(async () => {
  emulator = await startEmulator({
    datasets: { pipedrive: { deals: 150, persons: 20 }, zendesk: { tickets: 120, users: 15 } },
  });
  pipedrive = `AuthScheme=APIToken;APIToken=emulator-pipedrive-api-token;CompanyDomain=emulatedcompany;EmulatorURL=${emulator.url}`;
  zendesk = `URL=https://emulated.zendesk.com;User=katherine.johnson@emulator.example;APIToken=emulator-zendesk-api-token;EmulatorURL=${emulator.url}`;
}, 60_000);
afterAll(() => emulator.close());

const quiet = { onWarning: () => {} };

test("Pipedrive deals and persons: a pushed-down filter, a join and an aggregate", async () => {
  const conn = await pipedriveConnect(pipedrive, quiet);
  const db = sql(conn);
  const deals: Row[] = await conn.table("deals").list({ pushdown: false }).toArray();
  const persons: Row[] = await conn.table("persons").list({ pushdown: false }).toArray();
  const before = emulator.count("pipedrive", "deals.list");
  const won = await db
    .query("SELECT id FROM deals WHERE status = ? ORDER BY id", ["won"])
    .toArray();
  expect(emulator.count("pipedrive", "deals.list") - before).toBe(1);
  expect(won.map((r) => r.id)).toEqual(deals.filter((d) => d.status === "won").map((d) => d.id));
  expect(await db.explain("SELECT id FROM deals WHERE status = 'won'")).toContain("status=won");

  const joined = await db
    .query(
      "SELECT p.name, COUNT(*) AS n, SUM(d.value) AS total FROM deals d JOIN persons p ON p.id = d.person_id GROUP BY p.name HAVING COUNT(*) >= 2 ORDER BY n DESC, p.name",
    )
    .toArray();
  const byPerson = new Map<string, { n: number; total: number }>();
  const names = new Map(persons.map((p) => [String(p.id), String(p.name)]));
  for (const d of deals) {
    const name = d.person_id === null ? undefined : names.get(String(d.person_id));
    if (name === undefined) continue;
    const g = byPerson.get(name) ?? { n: 0, total: 0 };
    g.n += 1;
    g.total += Number(d.value);
    byPerson.set(name, g);
  }
  const expected = [...byPerson.entries()]
    .filter(([, g]) => g.n >= 2)
    .map(([name, g]) => ({ name, n: g.n, total: g.total }))
    .sort((a, b) => b.n - a.n || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  expect(joined).toEqual(expected);
  expect(joined.length).toBeGreaterThan(0);
  await conn.close();
});

test("Zendesk tickets and users: a LEFT JOIN, LIKE, IS NULL, BETWEEN and LIMIT/OFFSET", async () => {
  const conn = await zendeskConnect(zendesk, quiet);
  const db = sql(conn);
  const tickets: Row[] = await conn.table("tickets").list({ pushdown: false }).toArray();
  const users: Row[] = await conn.table("users").list({ pushdown: false }).toArray();
  const rows = await db
    .query(
      "SELECT t.id, t.status, u.email FROM tickets t LEFT JOIN users u ON u.id = t.requester_id WHERE (t.subject LIKE '%help%' OR t.priority IS NULL) AND t.id NOT BETWEEN 10 AND 20 ORDER BY t.id LIMIT 15 OFFSET 3",
    )
    .toArray();
  const emails = new Map(users.map((u) => [String(u.id), u.email]));
  const expected = tickets
    .filter(
      (t) =>
        (String(t.subject ?? "")
          .toLowerCase()
          .includes("help") ||
          t.priority === null) &&
        !((t.id as number) >= 10 && (t.id as number) <= 20),
    )
    .sort((a, b) => (a.id as number) - (b.id as number))
    .slice(3, 18)
    .map((t) => ({
      id: t.id,
      status: t.status,
      email: emails.get(String(t.requester_id)) ?? null,
    }));
  expect(rows).toEqual(expected);
  expect(rows).toHaveLength(15);
  const [catalog] = await db
    .query("SELECT COUNT(*) AS n FROM sys_tablecolumns WHERE TableName = 'tickets'")
    .toArray();
  expect(catalog?.n).toBe((await conn.table("tickets").describe()).columns.length);
  await conn.close();
});
