import { spawn } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Emulator, startEmulator } from "@x/emulator";
import { afterAll, beforeAll, expect, test } from "vitest";

// `xconn sql` on a real terminal: `script` gives the process a pseudo-terminal, so readline runs
// with its prompt, Tab completion and history as a user sees them (TERM=dumb would turn
// readline's completion off).

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({});
});
afterAll(() => emulator.close());

const bin = fileURLToPath(new URL("../bin/xconn.js", import.meta.url));

test("the prompt completes a table name with Tab, runs the statement and keeps it in the history file", async () => {
  const dir = await mkdtemp(join(tmpdir(), "xconn-sql-"));
  const history = join(dir, "history");
  const cs = `URL=https://emulated.zendesk.com;User=katherine.johnson@emulator.example;APIToken=emulator-zendesk-api-token;EmulatorURL=${emulator.url}`;
  const child = spawn("script", ["-qfec", `node ${bin} sql zendesk '${cs}'`, "/dev/null"], {
    env: { ...process.env, XCONN_SQL_HISTORY: history, TERM: "xterm" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let output = "";
  const waiters: { text: string; resolve: () => void }[] = [];
  const seen = (text: string) =>
    new Promise<void>((resolve) => {
      if (output.includes(text)) resolve();
      else waiters.push({ text, resolve });
    });
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
    for (const w of waiters.splice(0)) {
      if (output.includes(w.text)) w.resolve();
      else waiters.push(w);
    }
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));

  await seen("zendesk> ");
  child.stdin.write("SELECT ColumnName FROM sys_tablec");
  await seen("sys_tablec");
  // A key of its own: readline reads a Tab inside a pasted burst as text.
  child.stdin.write("\t");
  await seen("sys_tablecolumns");
  child.stdin.write(" WHERE TableName = 'tickets' AND ColumnName = 'status';\r");
  await seen("(1 row)");
  child.stdin.write(".quit\r");
  expect(await exited).toBe(0);
  expect(output).toMatch(/ColumnName\s*\r?\n-+\r?\nstatus/);
  expect(await readFile(history, "utf8")).toBe(
    "SELECT ColumnName FROM sys_tablecolumns WHERE TableName = 'tickets' AND ColumnName = 'status'\n",
  );
}, 60_000);
