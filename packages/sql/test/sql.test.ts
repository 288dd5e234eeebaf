import { isXConnError } from "@x/connector-kit";
import { type Emulator, startEmulator } from "@x/emulator";
import * as pipedriveConnector from "@x/pipedrive";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Database, oauthProcedures, type Procedure, SqlError, sql } from "../src/index.js";
import { pipedrive, zendesk } from "./fixtures.js";

let emulator: Emulator;
let pd: Database;
let zd: Database;
type Row = Record<string, unknown>;
let deals: Row[];
let persons: Row[];
let tickets: Row[];
let users: Row[];

const echo: Procedure = {
  name: "Echo",
  description: "Returns its arguments",
  parameters: [
    { name: "Text", required: true },
    { name: "Times", type: "integer" },
  ],
  outputs: [{ name: "Text" }],
  run: async (args) => Array.from({ length: Number(args.Times ?? 1) }, () => ({ Text: args.Text })),
};

beforeAll(async () => {
  emulator = await startEmulator({
    datasets: {
      pipedrive: { deals: 240, persons: 40, organizations: 6 },
      zendesk: { tickets: 130, users: 25, organizations: 4 },
    },
  });
  pd = sql(await pipedrive(emulator), { procedures: [echo] });
  zd = sql(await zendesk(emulator));
  // The full listings, read without any pushdown: what every answer is compared with.
  const all = (conn: Awaited<ReturnType<typeof pipedrive>>, table: string) =>
    conn.table(table).list({ pushdown: false }).toArray();
  deals = await all(await pipedrive(emulator), "Deals");
  persons = await all(await pipedrive(emulator), "Persons");
  tickets = await all(await zendesk(emulator), "Tickets");
  users = await all(await zendesk(emulator), "Users");
}, 120_000);
afterAll(() => emulator.close());

const fail = async (run: () => Promise<unknown>): Promise<SqlError> => {
  try {
    await run();
  } catch (error) {
    if (error instanceof SqlError) return error;
    throw error;
  }
  throw new Error("expected an SqlError");
};
const pick = (row: Row, keys: string[]) => Object.fromEntries(keys.map((k) => [k, row[k] ?? null]));
const num = (v: unknown) => (typeof v === "number" ? v : null);

describe("SELECT on Pipedrive (provider filters and sort) and Zendesk (everything local)", () => {
  test("column lists, aliases, WHERE with pushed-down and local parts, ORDER BY, LIMIT/OFFSET", async () => {
    const rows = await pd
      .query(
        "SELECT id, title AS name, value FROM Deals WHERE status = 'won' AND value >= 10000 ORDER BY value DESC, id LIMIT 5 OFFSET 2",
      )
      .toArray();
    const expected = deals
      .filter((d) => d.status === "won" && (num(d.value) ?? -1) >= 10000)
      .sort(
        (a, b) => (b.value as number) - (a.value as number) || (a.id as number) - (b.id as number),
      )
      .slice(2, 7)
      .map((d) => ({ id: d.id, name: d.title, value: d.value }));
    expect(rows).toEqual(expected);
    expect(rows).toHaveLength(5);
  });

  test("the same constructs on Zendesk tickets: IN, IS NULL, BETWEEN, LIKE, NOT, OR", async () => {
    const rows = await zd
      .query(
        "SELECT id, status, priority FROM Tickets WHERE (status IN ('open', 'pending') OR priority IS NULL) AND NOT id BETWEEN 20 AND 40 AND subject LIKE '%REFUND%' ORDER BY id",
      )
      .toArray();
    const expected = tickets
      .filter(
        (t) =>
          (["open", "pending"].includes(t.status as string) || t.priority === null) &&
          !((t.id as number) >= 20 && (t.id as number) <= 40) &&
          String(t.subject).toLowerCase().includes("refund"),
      )
      .sort((a, b) => (a.id as number) - (b.id as number))
      .map((t) => pick(t, ["id", "status", "priority"]));
    expect(rows).toEqual(expected);
    expect(rows.length).toBeGreaterThan(0);
  });

  test("LIKE patterns beyond contains / starts-with run locally, ignoring case; NOT LIKE negates", async () => {
    const rows = await zd
      .query(
        "SELECT id FROM Tickets WHERE subject LIKE '%_ question' AND subject NOT LIKE 'smart%'",
      )
      .toArray();
    const expected = tickets
      .filter(
        (t) => /^.*. question$/i.test(String(t.subject)) && !/^smart/i.test(String(t.subject)),
      )
      .map((t) => ({ id: t.id }));
    expect(rows).toEqual(expected);
  });

  test("COUNT / SUM / MIN / MAX / AVG with GROUP BY and HAVING, ordered by an aggregate", async () => {
    const rows = await pd
      .query(
        "SELECT status, COUNT(*) AS n, COUNT(probability) AS with_p, SUM(value) AS total, MIN(value) AS low, MAX(value) AS high, AVG(value) AS mean FROM Deals GROUP BY status HAVING COUNT(*) > 30 ORDER BY n DESC",
      )
      .toArray();
    const groups = new Map<string, Row[]>();
    for (const d of deals)
      groups.set(d.status as string, [...(groups.get(d.status as string) ?? []), d]);
    const expected = [...groups.entries()]
      .map(([status, g]) => {
        const values = g.map((d) => d.value as number);
        return {
          status,
          n: g.length,
          with_p: g.filter((d) => d.probability !== null && d.probability !== undefined).length,
          total: values.reduce((a, b) => a + b, 0),
          low: Math.min(...values),
          high: Math.max(...values),
          mean: values.reduce((a, b) => a + b, 0) / values.length,
        };
      })
      .filter((g) => g.n > 30)
      .sort((a, b) => b.n - a.n);
    expect(rows).toEqual(expected);
    const [count] = await zd
      .query("SELECT COUNT(*) AS n, COUNT(DISTINCT status) AS statuses FROM Tickets")
      .toArray();
    expect(count).toEqual({
      n: tickets.length,
      statuses: new Set(tickets.map((t) => t.status)).size,
    });
  });

  test("INNER JOIN and LEFT JOIN between tables of one connection (Pipedrive and Zendesk)", async () => {
    const inner = await pd
      .query(
        "SELECT d.id, d.title, p.name AS person FROM Deals d INNER JOIN Persons p ON d.person_id = p.id WHERE d.status = :status AND p.name LIKE 'a%' ORDER BY d.id",
        { status: "lost" },
      )
      .toArray();
    const byId = new Map(persons.map((p) => [String(p.id), p]));
    const expected = deals
      .filter((d) => d.status === "lost")
      .flatMap((d) => {
        const p = d.person_id === null ? undefined : byId.get(String(d.person_id));
        return p && String(p.name).toLowerCase().startsWith("a")
          ? [{ id: d.id, title: d.title, person: p.name }]
          : [];
      });
    expect(inner).toEqual(expected);

    const left = await zd
      .query(
        "SELECT t.id, u.name FROM Tickets t LEFT JOIN Users u ON u.id = t.requester_id AND u.name LIKE 'b%' ORDER BY t.id LIMIT 50",
      )
      .toArray();
    const usersById = new Map(users.map((u) => [String(u.id), u]));
    const expectedLeft = tickets.slice(0, 50).map((t) => {
      const u = usersById.get(String(t.requester_id));
      return { id: t.id, name: u && String(u.name).toLowerCase().startsWith("b") ? u.name : null };
    });
    expect(left).toEqual(expectedLeft);
    expect(left.some((r) => r.name === null)).toBe(true);
    expect(left.some((r) => r.name !== null)).toBe(true);
  });

  test("result columns carry names, types and the table column they come from", async () => {
    const result = pd.query(
      "SELECT id, value AS amount, COUNT(*) FROM Deals GROUP BY id, value LIMIT 1",
    );
    expect(await result.columns()).toEqual([
      { name: "id", type: "integer", table: "Deals", column: "id" },
      { name: "amount", type: "decimal", table: "Deals", column: "value" },
      { name: "COUNT(*)", type: "integer" },
    ]);
  });
});

describe("pushdown", () => {
  test("a pushed-down filter sends fewer requests than the same filter run locally", async () => {
    const count = () => emulator.count("pipedrive", "deals.list");
    const before = count();
    const pushed = await pd.query("SELECT id FROM Deals WHERE person_id = 7").toArray();
    const pushedRequests = count() - before;
    // An OR is not split by the planner: the same test runs locally over the whole listing.
    const mid = count();
    const local = await pd
      .query("SELECT id FROM Deals WHERE person_id = 7 OR person_id = 7")
      .toArray();
    const localRequests = count() - mid;
    expect(local).toEqual(pushed);
    expect(pushed).toEqual(
      deals.filter((d) => String(d.person_id) === "7").map((d) => ({ id: d.id })),
    );
    expect(pushedRequests).toBe(1);
    expect(localRequests).toBeGreaterThan(pushedRequests);
  });

  test("pushdown: false runs every filter locally: the same rows, more requests", async () => {
    const text = "SELECT id FROM Deals WHERE status = 'won' AND stage_id = 2 ORDER BY id";
    const count = () => emulator.count("pipedrive", "deals.list");
    const before = count();
    const pushed = await pd.query(text).toArray();
    const mid = count();
    const local = await pd.query(text, undefined, { pushdown: false }).toArray();
    expect(local).toEqual(pushed);
    expect(pushed.length).toBeGreaterThan(0);
    expect(count() - mid).toBeGreaterThan(mid - before);
    expect(await pd.explain(text)).toContain("status=won");
  });

  test("LIMIT without local work lowers the page size: one request for 3 rows", async () => {
    const before = emulator.count("pipedrive", "deals.list");
    const rows = await pd
      .query("SELECT id FROM Deals WHERE status = 'open' ORDER BY id DESC LIMIT 3")
      .toArray();
    expect(emulator.count("pipedrive", "deals.list") - before).toBe(1);
    expect(rows).toEqual(
      deals
        .filter((d) => d.status === "open")
        .sort((a, b) => (b.id as number) - (a.id as number))
        .slice(0, 3)
        .map((d) => ({ id: d.id })),
    );
  });

  test("EXPLAIN SELECT shows the request, the provider's part and what is local", async () => {
    const plan = (
      await pd
        .query(
          "EXPLAIN SELECT d.id FROM Deals d JOIN Persons p ON p.id = d.person_id WHERE d.status = 'won' AND d.value > 100 AND p.org_id = 2 ORDER BY d.title LIMIT 10",
        )
        .toArray()
    ).map((r) => String(r.plan));
    expect(plan[0]).toBe("Deals: GET api/v2/deals?status=won (as d)");
    expect(plan).toContain('  provider filters: status eq "won"');
    expect(plan).toContain("  local filter: value gt 100");
    expect(plan).toContain("Persons: GET api/v2/persons?org_id=2 (as p)");
    expect(plan.some((l) => l.startsWith("local INNER JOIN p ON p.id = d.person_id"))).toBe(true);
    expect(plan).toContain("local order: d.title (keeps the top 10 rows)");
    expect(await pd.explain("SELECT * FROM sys_tables")).toContain("no request");
  });
});

describe("writes and procedures", () => {
  test("INSERT, UPDATE and DELETE go through the table's writes and report keys", async () => {
    const inserted = await pd.execute(
      "INSERT INTO Deals (title, value, status) VALUES (?, ?, 'open')",
      ["SQL deal", 1234],
    );
    expect(inserted.affectedRows).toBe(1);
    const key = inserted.keys[0];
    expect(
      await pd.query("SELECT title, value FROM Deals WHERE id = ?", [key as number]).toArray(),
    ).toEqual([{ title: "SQL deal", value: 1234 }]);
    const updated = await pd.execute("UPDATE Deals SET value = :v WHERE title = :t", {
      v: 99,
      t: "SQL deal",
    });
    expect(updated).toEqual({ affectedRows: 1, keys: [key], failures: [] });
    expect(
      await pd.query("SELECT value FROM Deals WHERE id = ?", [key as number]).toArray(),
    ).toEqual([{ value: 99 }]);
    const deleted = await pd.execute("DELETE FROM Deals WHERE id = ?", [key as number]);
    expect(deleted.affectedRows).toBe(1);
    expect(await pd.query("SELECT id FROM Deals WHERE id = ?", [key as number]).toArray()).toEqual(
      [],
    );
  });

  test("writes are validated by the table; UPDATE and DELETE need WHERE; system tables are read-only", async () => {
    await expect(pd.execute("INSERT INTO Deals (id, title) VALUES (5, 'x')")).rejects.toMatchObject(
      { code: "CONNECTOR_INVALID_RECORD" },
    );
    expect(await fail(() => pd.execute("DELETE FROM Deals"))).toMatchObject({
      code: "SQL_INVALID",
      message: expect.stringContaining("without WHERE"),
    });
    expect(
      await fail(() =>
        pd.execute("UPDATE sys_tables SET Description = 'x' WHERE TableName = 'Deals'"),
      ),
    ).toMatchObject({ code: "SQL_INVALID" });
    await expect(zd.execute("DELETE FROM Tickets WHERE id = 1")).rejects.toMatchObject({
      code: "CONNECTOR_READ_ONLY_TABLE",
    });
  });

  test("an UPDATE that fails part-way names the rows it wrote; the rest are untouched", async () => {
    const { keys } = await pd.execute(
      "INSERT INTO Deals (title, value) VALUES ('partial', 1), ('partial', 2), ('partial', 3)",
    );
    expect(keys).toHaveLength(3);
    emulator.faults.add({
      provider: "pipedrive",
      method: "PATCH",
      path: `/api/v2/deals/${keys[1]}`,
      kind: "5xx",
    });
    const error = await fail(() =>
      pd.execute("UPDATE Deals SET value = 50 WHERE title = 'partial'"),
    );
    expect(error).toMatchObject({ code: "SQL_PARTIAL_WRITE", written: [keys[0]] });
    expect((error.cause as { code?: string }).code).toBe("CONNECTOR_WRITE_OUTCOME_UNKNOWN");
    const values = await pd
      .query("SELECT id, value FROM Deals WHERE title = 'partial' ORDER BY id")
      .toArray();
    expect(values).toEqual([
      { id: keys[0], value: 50 },
      { id: keys[1], value: 2 },
      { id: keys[2], value: 3 },
    ]);
    await pd.execute("DELETE FROM Deals WHERE title = 'partial'");
  });

  test("EXEC runs a procedure by name with named arguments and parameters", async () => {
    expect(await pd.query("EXEC Echo Text = ?, Times = 2", ["hi"]).toArray()).toEqual([
      { Text: "hi" },
      { Text: "hi" },
    ]);
    expect(await fail(() => pd.query("EXEC Ecko Text = 'x'").toArray())).toMatchObject({
      code: "SQL_UNKNOWN_NAME",
      hint: 'Did you mean "Echo"?',
    });
    expect(await fail(() => pd.query("EXEC Echo Times = 1").toArray())).toMatchObject({
      code: "SQL_INVALID",
      message: expect.stringContaining("needs Text"),
    });
    expect(await fail(() => pd.query("EXEC Echo Txet = 'a'").toArray())).toMatchObject({
      code: "SQL_UNKNOWN_NAME",
      position: { line: 1, column: 11 },
    });
  });

  test("EXEC GetOAuthAuthorizationURL through the connector's OAuth procedures", async () => {
    const { clientId, clientSecret } = emulator.defaultClient("pipedrive");
    const input = `EmulatorURL=${emulator.url};OAuthClientId=${clientId};OAuthClientSecret=${clientSecret}`;
    const db = sql(await pipedrive(emulator), {
      procedures: oauthProcedures(pipedriveConnector, input),
    });
    const [row] = await db
      .query(
        "EXEC GetOAuthAuthorizationURL AuthMode = 'WEB', CallbackURL = 'http://127.0.0.1:5000/cb', State = :s",
        { s: "st-1" },
      )
      .toArray();
    const url = new URL(String(row?.URL));
    expect(url.searchParams.get("redirect_uri")).toBe("http://127.0.0.1:5000/cb");
    expect(url.searchParams.get("state")).toBe("st-1");
    expect(row?.State).toBe("st-1");
    const names = (
      await db
        .query(
          "SELECT ParameterName FROM sys_procedureparameters WHERE ProcedureName = 'GetOAuthAuthorizationURL' AND Direction = 'input'",
        )
        .toArray()
    ).map((r) => r.ParameterName);
    expect(names).toEqual(["AuthMode", "CallbackURL", "State", "Scope"]);
  });
});

describe("system tables", () => {
  test("sys_tables and sys_tablecolumns answer from the catalog", async () => {
    expect(
      await pd
        .query("SELECT TableName, KeyColumn, CanInsert FROM sys_tables ORDER BY TableName")
        .toArray(),
    ).toEqual([
      { TableName: "Deals", KeyColumn: "id", CanInsert: true },
      { TableName: "Persons", KeyColumn: "id", CanInsert: false },
    ]);
    const columns = await pd
      .query(
        "SELECT ColumnName, DataType, PushdownOperators, Origin FROM sys_tablecolumns WHERE TableName = 'Deals' AND PushdownOperators <> ''",
      )
      .toArray();
    expect(columns).toEqual(
      [
        { ColumnName: "status", DataType: "enum", PushdownOperators: "eq", Origin: "declared" },
        {
          ColumnName: "stage_id",
          DataType: "integer",
          PushdownOperators: "eq",
          Origin: "declared",
        },
        {
          ColumnName: "person_id",
          DataType: "reference",
          PushdownOperators: "eq",
          Origin: "declared",
        },
        {
          ColumnName: "org_id",
          DataType: "reference",
          PushdownOperators: "eq",
          Origin: "declared",
        },
      ].sort(
        (a, b) =>
          Object.keys(pipedriveColumns).indexOf(a.ColumnName) -
          Object.keys(pipedriveColumns).indexOf(b.ColumnName),
      ),
    );
    expect(await pd.query("SELECT ProcedureName FROM sys_procedures").toArray()).toEqual([
      { ProcedureName: "Echo" },
    ]);
  });
});

describe("bad SQL and parameters", () => {
  test("syntax errors, unsupported constructs and unknown names are typed, with positions", async () => {
    const cases: [string, string, number, number][] = [
      ["SELECT id FROM Deals WHERE", "SQL_SYNTAX", 1, 27],
      ["SELECT id\nFROM Deals WHERE id IN (1,", "SQL_SYNTAX", 2, 27],
      ["SELECT id FROM Deals UNION SELECT id FROM Persons", "SQL_UNSUPPORTED", 1, 28],
      ["SELECT upper(title) FROM Deals", "SQL_UNSUPPORTED", 1, 8],
      [
        "SELECT id FROM Deals d RIGHT JOIN Persons p ON p.id = d.person_id",
        "SQL_UNSUPPORTED",
        1,
        35,
      ],
      ["SELECT id FROM (SELECT 1) x", "SQL_UNSUPPORTED", 1, 17],
      ["SELECT DISTINCT status FROM Deals", "SQL_UNSUPPORTED", 1, 17],
      ["SELECT id FROM Deals WHERE value + 1 > 3", "SQL_UNSUPPORTED", 1, 28],
      ["SELECT titel FROM Deals", "SQL_UNKNOWN_NAME", 1, 8],
      ["SELECT id FROM Dealz", "SQL_UNKNOWN_NAME", 1, 16],
      [
        "SELECT id FROM Deals d JOIN Persons p ON p.id = d.person_id WHERE name = 'x' AND id = 1",
        "SQL_UNKNOWN_NAME",
        1,
        82,
      ],
      ["SELECT status, title FROM Deals GROUP BY status", "SQL_INVALID", 1, 16],
      ["SELECT id FROM Deals WHERE value = 'ten'", "SQL_INVALID", 1, 28],
      ["SELECT id FROM Deals WHERE value = NULL", "SQL_INVALID", 1, 28],
    ];
    for (const [text, code, line, column] of cases) {
      const error = await fail(() => pd.query(text).toArray());
      expect({
        text,
        code: error.code,
        line: error.position?.line,
        column: error.position?.column,
      }).toEqual({ text, code, line, column });
      expect(error.hint.length).toBeGreaterThan(5);
      // One error shape with the other packages: the CLI maps the kind to exit code 2.
      expect(isXConnError(error, code)).toBe(true);
      expect(error.kind).toBe("configuration");
      expect(error.message).not.toContain(error.hint);
    }
    expect((await fail(() => pd.query("SELECT titel FROM Deals").toArray())).hint).toBe(
      'Did you mean "title"?',
    );
  });

  test("parameters are bound as values, never read as SQL", async () => {
    const hostile = ["won' OR '1'='1", "won'; DELETE FROM Deals; --", "x\\' OR 1=1 -- "];
    for (const value of hostile) {
      await expect(
        pd.query("SELECT id FROM Deals WHERE title = ?", [value]).toArray(),
      ).resolves.toEqual([]);
      await expect(
        pd.query("SELECT id FROM Deals WHERE title = :t", { t: value }).toArray(),
      ).resolves.toEqual([]);
    }
    // A value that is not one of the column's values is refused, not sent.
    expect(
      await fail(() =>
        pd.query("SELECT id FROM Deals WHERE status = ?", ["won' OR '1'='1"]).toArray(),
      ),
    ).toMatchObject({ code: "SQL_INVALID" });
    expect((await pd.query("SELECT COUNT(*) AS n FROM Deals").toArray())[0]?.n).toBe(deals.length);
    expect(
      await fail(() =>
        pd.query("SELECT id FROM Deals WHERE id = 1; DELETE FROM Deals WHERE id = 1").toArray(),
      ),
    ).toMatchObject({ code: "SQL_UNSUPPORTED", message: expect.stringContaining("one statement") });
  });

  test("missing, extra and ill-typed parameters are typed errors", async () => {
    expect(
      await fail(() => pd.query("SELECT id FROM Deals WHERE id = ? AND value > ?", [1]).toArray()),
    ).toMatchObject({ code: "SQL_PARAMETER", position: { column: 39 } }); // the comparison holding it
    expect(
      await fail(() => pd.query("SELECT id FROM Deals WHERE id = ?", [1, 2]).toArray()),
    ).toMatchObject({ code: "SQL_PARAMETER" });
    expect(
      await fail(() => pd.query("SELECT id FROM Deals WHERE id = :id", { di: 1 }).toArray()),
    ).toMatchObject({ code: "SQL_PARAMETER", message: expect.stringContaining(":id") });
    expect(
      await fail(() =>
        pd.query("SELECT id FROM Deals WHERE id = :id", { id: 1, extra: 2 }).toArray(),
      ),
    ).toMatchObject({ code: "SQL_PARAMETER", message: expect.stringContaining('"extra"') });
    expect(
      await fail(() =>
        pd.query("SELECT id FROM Deals WHERE id = ?", [{ toString: () => "1" } as never]).toArray(),
      ),
    ).toMatchObject({ code: "SQL_PARAMETER" });
  });
});

const pipedriveColumns = (await import("./fixtures.js")).pipedriveDeals.columns;
