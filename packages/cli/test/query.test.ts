import { Readable } from "node:stream";
import { type Emulator, startEmulator } from "@x/emulator";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { csvCell } from "../src/commands/query.js";
import { completeSql } from "../src/commands/sql-shell.js";
import { run } from "./support.js";

let emulator: Emulator;
let zendesk: string;
let pipedrive: string;

beforeAll(async () => {
  emulator = await startEmulator({ datasets: { pipedrive: { deals: 700 } } });
  pipedrive = `AuthScheme=APIToken;APIToken=emulator-pipedrive-api-token;CompanyDomain=emulatedcompany;EmulatorURL=${emulator.url}`;
  zendesk = `URL=https://emulated.zendesk.com;User=katherine.johnson@emulator.example;APIToken=emulator-zendesk-api-token;EmulatorURL=${emulator.url}`;
});
afterAll(() => emulator.close());

describe("xconn query", () => {
  test("rows as JSON lines, CSV and a table, with named and positional parameters", async () => {
    const jsonl = await run([
      "query",
      "zendesk",
      zendesk,
      "SELECT ProcedureName FROM sys_procedures ORDER BY ProcedureName",
      "--format",
      "jsonl",
    ]);
    expect(jsonl.code).toBe(0);
    expect(
      jsonl.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l)),
    ).toEqual([
      { ProcedureName: "GetOAuthAccessToken" },
      { ProcedureName: "GetOAuthAuthorizationURL" },
      { ProcedureName: "RefreshOAuthAccessToken" },
    ]);

    const csv = await run([
      "query",
      "zendesk",
      zendesk,
      "SELECT ParameterName, IsRequired, Description FROM sys_procedureparameters WHERE ProcedureName = :p AND Direction = 'input'",
      "--param",
      "p=GetOAuthAccessToken",
      "--format",
      "csv",
    ]);
    expect(csv.code).toBe(0);
    const lines = csv.stdout.split("\r\n");
    expect(lines[0]).toBe("ParameterName,IsRequired,Description");
    expect(lines[1]).toBe('Verifier,true,"The code, or the whole redirect URL."');
    expect(lines).toHaveLength(6); // header, four rows, and the final CRLF

    const text = await run([
      "query",
      "zendesk",
      zendesk,
      "SELECT ParameterName FROM sys_procedureparameters WHERE ProcedureName = ? LIMIT 2",
      "--arg",
      "GetOAuthAuthorizationURL",
    ]);
    expect(text.code).toBe(0);
    expect(text.stdout).toBe("ParameterName\n-------------\nAuthMode\nCallbackURL\n(2 rows)\n");
  });

  test("EXEC runs the connector's OAuth procedures", async () => {
    const { clientId } = emulator.defaultClient("zendesk");
    const r = await run([
      "query",
      "zendesk",
      `URL=https://emulated.zendesk.com;EmulatorURL=${emulator.url};OAuthClientId=${clientId};InitiateOAuth=OFF`,
      "EXEC GetOAuthAuthorizationURL CallbackURL = 'http://127.0.0.1:7/cb', State = 'abc'",
      "--format",
      "jsonl",
    ]);
    expect(r.code).toBe(0);
    const row = JSON.parse(r.stdout);
    expect(new URL(row.URL).searchParams.get("state")).toBe("abc");
    expect(new URL(row.URL).searchParams.get("redirect_uri")).toBe("http://127.0.0.1:7/cb");
  });

  test("bad SQL exits 2 with the code, the position and a hint", async () => {
    const r = await run(["query", "zendesk", zendesk, "SELECT * FROM sys_tables WHERE"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^error: SQL syntax error.*\(line 1, column 31\) \[SQL_SYNTAX\]\nhint: /,
    );
    const unknown = await run(["query", "zendesk", zendesk, "SELECT * FROM sys_tabels"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("[SQL_UNKNOWN_NAME]");
    const mixed = await run([
      "query",
      "zendesk",
      zendesk,
      "SELECT 1",
      "--arg",
      "1",
      "--param",
      "a=1",
    ]);
    expect(mixed.code).toBe(2);
  });

  test("a SELECT over a provider's table, and a progress line on stderr while a long read runs", async () => {
    const r = await run([
      "query",
      "pipedrive",
      pipedrive,
      "SELECT status, COUNT(*) AS n FROM deals GROUP BY status ORDER BY status",
      "--format",
      "jsonl",
      "--progress",
    ]);
    expect(r.code).toBe(0);
    const rows = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(rows.map((row) => row.status)).toEqual(["lost", "open", "won"]);
    expect(rows.reduce((sum, row) => sum + row.n, 0)).toBe(700);
    expect(r.stderr).toMatch(/\r\d+ rows read \(deals\), [\d.]+ s…/);
    expect(r.stderr.endsWith("\n")).toBe(true);
    const plan = await run([
      "query",
      "pipedrive",
      pipedrive,
      "EXPLAIN SELECT id FROM deals WHERE status = 'won' LIMIT 5",
      "--format",
      "csv",
    ]);
    expect(plan.stdout).toContain("status=won");
  });
});

describe("xconn sql", () => {
  test("statements from a pipe run in turn; an error is reported and reading goes on", async () => {
    const stdin = Readable.from([
      "SELECT ProcedureName FROM sys_procedures\n  WHERE ProcedureName LIKE 'Refresh%';\n",
      "SELECT nope FROM sys_procedures;\n.format jsonl\n",
      "SELECT COUNT(*) AS n FROM sys_procedureparameters WHERE Direction = 'input';\n",
      ".tables\n",
      "SELECT ProcedureName FROM sys_procedures WHERE ProcedureName = 'GetOAuthAccessToken'",
    ]);
    const r = await run(["sql", "zendesk", zendesk], { stdin });
    expect(r.stdout).toBe(
      [
        "ProcedureName",
        "-----------------------",
        "RefreshOAuthAccessToken",
        "(1 row)",
        '{"n":9}',
        "tickets",
        "ticket_comments",
        "ticket_audits",
        "ticket_fields",
        "ticket_forms",
        "ticket_metrics",
        "ticket_events",
        "ticket_metric_events",
        "satisfaction_ratings",
        "users",
        "user_fields",
        "identities",
        "organizations",
        "organization_fields",
        "organization_memberships",
        "groups",
        "group_memberships",
        "brands",
        "views",
        "macros",
        "triggers",
        "automations",
        "sla_policies",
        "tags",
        "sys_tables",
        "sys_tablecolumns",
        "sys_procedures",
        "sys_procedureparameters",
        '{"ProcedureName":"GetOAuthAccessToken"}',
        "",
      ].join("\n"),
    );
    expect(r.stderr).toContain('error: No column "nope"');
    expect(r.stderr).toContain("1 statement failed.");
    expect(r.code).toBe(1);
  });

  test("Tab completes table names after FROM / JOIN, and keywords elsewhere", () => {
    const tables = ["Deals", "Persons", "sys_tables", "sys_tablecolumns"];
    expect(completeSql("SELECT * FROM De", tables)).toEqual([["Deals"], "De"]);
    expect(completeSql("SELECT * FROM sys_t", tables)).toEqual([
      ["sys_tables", "sys_tablecolumns"],
      "sys_t",
    ]);
    expect(completeSql("SELECT * FROM Deals d JOIN ", tables)).toEqual([tables, ""]);
    expect(completeSql("SELECT * FROM Deals WH", tables)).toEqual([["WHERE"], "WH"]);
    expect(completeSql("sel", tables)).toEqual([["SELECT"], "sel"]);
  });

  test("csv cells are quoted when needed", () => {
    expect([
      csvCell('a "b"'),
      csvCell("x,y"),
      csvCell(null),
      csvCell({ a: 1 }),
      csvCell(3),
    ]).toEqual(['"a ""b"""', '"x,y"', "", '"{""a"":1}"', "3"]);
  });
});
