import { appendFile, mkdir, readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { CliError, describeError, ExitCode } from "../errors.js";
import type { CommandContext } from "./context.js";
import { openDatabase, type QueryFormat, queryFormat, runStatement } from "./query.js";

const KEYWORDS = [
  "SELECT",
  "FROM",
  "WHERE",
  "AND",
  "OR",
  "NOT",
  "IN",
  "LIKE",
  "IS",
  "NULL",
  "BETWEEN",
  "ORDER",
  "BY",
  "ASC",
  "DESC",
  "LIMIT",
  "OFFSET",
  "GROUP",
  "HAVING",
  "COUNT",
  "SUM",
  "MIN",
  "MAX",
  "AVG",
  "JOIN",
  "INNER",
  "LEFT",
  "ON",
  "AS",
  "INSERT",
  "INTO",
  "VALUES",
  "UPDATE",
  "SET",
  "DELETE",
  "EXEC",
  "EXPLAIN",
];

/** Completes the word before the cursor: table names after FROM / JOIN / INTO / UPDATE, else tables and keywords. */
export function completeSql(line: string, tables: readonly string[]): [string[], string] {
  const word = /[\w.]*$/.exec(line)?.[0] ?? "";
  const before = line
    .slice(0, line.length - word.length)
    .trimEnd()
    .split(/\s+/)
    .pop()
    ?.toUpperCase();
  const wantsTable = ["FROM", "JOIN", "INTO", "UPDATE", "TABLE"].includes(before ?? "");
  const pool = wantsTable ? tables : [...tables, ...KEYWORDS];
  const lower = word.toLowerCase();
  const hits = pool.filter((name) => name.toLowerCase().startsWith(lower));
  return [hits.length ? hits : wantsTable ? [...tables] : [], word];
}

/** Where the prompt keeps its history: `XCONN_SQL_HISTORY`, else `~/.xconn_sql_history`. */
function historyPath(env: Record<string, string | undefined>): string {
  return env.XCONN_SQL_HISTORY ?? join(homedir(), ".xconn_sql_history");
}

const HELP = `Statements end with ";". Commands:
  .tables           the connection's tables (and the system tables)
  .format FORMAT    table, jsonl or csv
  .help             this text
  .quit             leave (Ctrl+D too)
`;

/**
 * `xconn sql <provider> <conn>`: an interactive prompt. Statements end with `;` (they may span
 * lines); history is kept across sessions; Tab completes table names and keywords. Reading
 * statements from a pipe works too: each one runs in turn, errors are reported and reading goes on.
 */
export async function sqlShellCommand(
  ctx: CommandContext,
  provider: string,
  cs: string | undefined,
  opts: { format?: string },
): Promise<void> {
  const { io } = ctx;
  let format: QueryFormat = queryFormat(opts.format);
  const { db, close } = await openDatabase(ctx, provider, cs);
  const names = [
    ...(await db.tables()).map((t) => t.name),
    "sys_tables",
    "sys_tablecolumns",
    "sys_procedures",
    "sys_procedureparameters",
  ];
  const terminal = (io.stdin as { isTTY?: boolean }).isTTY === true;
  const file = historyPath(io.env);
  const history = terminal
    ? (await readFile(file, "utf8").catch(() => ""))
        .split("\n")
        .filter(Boolean)
        .reverse()
        .slice(0, 500)
    : [];
  const rl = createInterface({
    input: io.stdin,
    output: terminal ? (io.stdout as NodeJS.WritableStream) : undefined,
    terminal,
    history,
    historySize: 500,
    completer: (line: string) => completeSql(line, names),
  });
  const prompt = () => {
    if (terminal) rl.setPrompt(buffer ? "   ...> " : `${provider}> `);
    if (terminal) rl.prompt();
  };
  let buffer = "";
  let failures = 0;
  let busy: Promise<void> = Promise.resolve();
  const run = async (statement: string) => {
    try {
      await runStatement(ctx, db, statement, undefined, format, false);
    } catch (error) {
      failures += 1;
      const { line, hint } = describeError(error);
      io.stderr.write(`error: ${line}\n${hint ? `hint: ${hint}\n` : ""}`);
    }
    if (terminal)
      await appendFile(file, `${statement.replace(/\n/g, " ")}\n`).catch(async () => {
        await mkdir(dirname(file), { recursive: true }).catch(() => {});
      });
  };
  const onLine = async (line: string) => {
    const trimmed = line.trim();
    if (!buffer && trimmed.startsWith(".")) {
      const [command, arg] = trimmed.split(/\s+/);
      if (command === ".quit" || command === ".exit") return rl.close();
      if (command === ".tables") io.stdout.write(`${names.join("\n")}\n`);
      else if (command === ".format" && arg) {
        try {
          format = queryFormat(arg);
        } catch (error) {
          io.stderr.write(`error: ${describeError(error).line}\n`);
        }
      } else io.stdout.write(HELP);
      return prompt();
    }
    buffer = buffer ? `${buffer}\n${line}` : trimmed ? line : "";
    if (buffer.trimEnd().endsWith(";")) {
      const statement = buffer.trimEnd().replace(/;+$/, "");
      buffer = "";
      if (statement.trim()) await run(statement);
    }
    prompt();
  };
  if (terminal) io.stdout.write(`Connected to ${provider}. ${HELP}`);
  prompt();
  // Lines are handled one after another, in order, even when the input arrives all at once.
  rl.on("line", (line) => {
    busy = busy.then(() => onLine(line));
  });
  await new Promise<void>((resolve) => rl.once("close", resolve));
  await busy;
  // A statement without its ";" at the end of piped input still runs.
  if (buffer.trim()) await run(buffer.trim().replace(/;+$/, ""));
  await close();
  if (!terminal && failures > 0) {
    throw new CliError(
      `${failures} statement${failures === 1 ? "" : "s"} failed.`,
      ExitCode.Failure,
      "See the errors above.",
    );
  }
}
