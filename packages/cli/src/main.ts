import { Command, CommanderError, Option } from "commander";
import { listCommand, requestCommand } from "./commands/api.js";
import type { CommandContext, GlobalOptions } from "./commands/context.js";
import { demoCommand } from "./commands/demo.js";
import { emulatorCommand } from "./commands/emulator.js";
import {
  authUrlCommand,
  connectCommand,
  exchangeCommand,
  refreshCommand,
  settingsCommand,
} from "./commands/oauth.js";
import { QUERY_FORMATS, queryCommand } from "./commands/query.js";
import { sqlShellCommand } from "./commands/sql-shell.js";
import {
  deleteCommand,
  describeCommand,
  insertCommand,
  listTableCommand,
  tablesCommand,
  updateCommand,
} from "./commands/tables.js";
import { describeError, ExitCode, exitCodeOf } from "./errors.js";
import { type CliIO, processIO } from "./io.js";
import { installedProviders, knownProviders } from "./providers.js";

export { ExitCode } from "./errors.js";
export type { CliIO } from "./io.js";

/** Options for embedding `main` (tests): streams, environment, a browser opener. */
export interface MainOptions extends Partial<CliIO> {
  openBrowser?: CommandContext["openBrowser"];
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/**
 * Runs `xconn` with `argv` (without `node` and the script) and resolves to the exit code; never
 * calls `process.exit`, so it can run in-process.
 */
export async function main(argv: readonly string[], options: MainOptions = {}): Promise<number> {
  const io: CliIO = { ...processIO(), ...options };
  const ctxOf = (program: Command): CommandContext => ({
    io,
    global: program.opts<GlobalOptions>(),
    ...(options.openBrowser ? { openBrowser: options.openBrowser } : {}),
  });
  const program = new Command("xconn")
    .description("Connect to SaaS APIs with one connection string.")
    .option("--json", "machine-readable output")
    .option("--emulator <url>", "route every request to a local @x/emulator (same as EmulatorURL)")
    .option("--no-browser", "do not open a browser; print the URL and accept the pasted redirect")
    .option(
      "--settings-key <key>",
      "names the record in the settings location, e.g. a user id (same as OAuthSettingsKey)",
    )
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showSuggestionAfterError();
  const cs = "[connection-string]";
  const csHelp = "Key=Value;… (default: $XCONN_CONNECTION_STRING)";

  program
    .command("providers")
    .description("list the providers and whether they are installed")
    .action(async () => {
      const installed = await installedProviders();
      const rows = knownProviders.map((id) => ({
        provider: id,
        installed: installed.includes(id),
      }));
      io.stdout.write(
        `${program.opts().json ? JSON.stringify(rows) : rows.map((r) => `${r.provider}${r.installed ? "" : "  (not installed)"}`).join("\n")}\n`,
      );
    });
  program
    .command("connect")
    .description("authenticate (running the desktop flow when needed) and show who is connected")
    .argument("<provider>", knownProviders.join(" | "))
    .argument(cs, csHelp)
    .action((provider, s) => connectCommand(ctxOf(program), provider, s));
  program
    .command("auth-url")
    .description("GetOAuthAuthorizationURL: print an authorization URL")
    .argument("<provider>")
    .argument(cs, csHelp)
    .option("--callback-url <url>")
    .option("--state <state>")
    .option("--scope <scopes>")
    .addOption(
      new Option(
        "--auth-mode <mode>",
        "APP (code pasted elsewhere) or WEB (your app exchanges it)",
      ).default("APP"),
    )
    .action((provider, s, o) => authUrlCommand(ctxOf(program), provider, s, o));
  program
    .command("exchange")
    .description(
      "GetOAuthAccessToken: exchange a verifier (code or redirect URL); stored when OAuthSettingsLocation is set",
    )
    .argument("<provider>")
    .argument(cs, csHelp)
    .requiredOption("--verifier <code>")
    .option("--code-verifier <v>", "the PKCE verifier printed by auth-url (WEB mode)")
    .option(
      "--state <state>",
      "the state printed by auth-url; required when --verifier is the redirect URL",
    )
    .option("--no-state-check", "do not compare the redirect's state (you checked it yourself)")
    .option("--callback-url <url>")
    .action((provider, s, o) => exchangeCommand(ctxOf(program), provider, s, o));
  program
    .command("refresh")
    .description("RefreshOAuthAccessToken: refresh the stored (or given) refresh token")
    .argument("<provider>")
    .argument(cs, csHelp)
    .option("--refresh-token <token>")
    .action((provider, s, o) => refreshCommand(ctxOf(program), provider, s, o));
  program
    .command("settings")
    .description("show (redacted), clear, export or import the stored OAuth settings")
    .argument("<action>", "show | clear | export | import")
    .argument("<provider>")
    .argument(cs, csHelp)
    .option("--file <path>", "the portable settings file to export to or import from")
    .action((action, provider, s, o) => settingsCommand(ctxOf(program), action, provider, s, o));
  program
    .command("request")
    .description("send one API request with the connection's credentials")
    .argument("<provider>")
    .argument("<connection-string>")
    .argument("<method>")
    .argument("<path>", "relative to the provider's API base")
    .option("--query <k=v>", "query parameter (repeatable)", collect)
    .option("--data <json>", "JSON body")
    .action((provider, s, method, path, o) =>
      requestCommand(ctxOf(program), provider, s, method, path, o),
    );
  program
    .command("tables")
    .description("the provider's tables: columns, writes, filters the provider applies")
    .argument("<provider>")
    .argument(cs, csHelp)
    .action((provider, s) => tablesCommand(ctxOf(program), provider, s));
  program
    .command("describe")
    .description("one table's columns, types and what the provider filters and sorts")
    .argument("<provider>")
    .argument("<connection-string>")
    .argument("<table>")
    .action((provider, s, name) => describeCommand(ctxOf(program), provider, s, name));
  program
    .command("list")
    .description(
      "list a table (--where, --select, --order-by) or a resource (--param, --fields) across pages",
    )
    .argument("<provider>")
    .argument("<connection-string>")
    .argument("<table-or-resource>")
    .option(
      "--where <filter>",
      "column<op>value (=, !=, >, >=, <, <=, ~= contains, ^= starts with) or JSON; repeatable (AND)",
      collect,
    )
    .option("--select <a,b>", "columns to show")
    .option("--order-by <a,-b>", 'sort columns ("-" for descending)')
    .option("--explain", "show what goes to the provider and what is filtered locally")
    .option("--param <k=v>", "resource parameter (repeatable)", collect)
    .option("--fields <a,b>", "fields to ask for (Zoho CRM resources)")
    .option("--limit <n>", "stop after n records")
    .addOption(
      new Option("--format <format>", "output").choices(["jsonl", "table"]).default("jsonl"),
    )
    .action((provider, s, name, o) =>
      o.where || o.select || o.orderBy || o.explain
        ? listTableCommand(ctxOf(program), provider, s, name, o)
        : listCommand(ctxOf(program), provider, s, name, o),
    );
  program
    .command("insert")
    .description("insert a row (--data '{…}') or rows (--data '[…]', batched where the API can)")
    .argument("<provider>")
    .argument("<connection-string>")
    .argument("<table>")
    .requiredOption("--data <json>", "the row, or an array of rows")
    .action((provider, s, name, o) => insertCommand(ctxOf(program), provider, s, name, o));
  program
    .command("update")
    .description("change columns of one row")
    .argument("<provider>")
    .argument("<connection-string>")
    .argument("<table>")
    .argument("<key>")
    .requiredOption("--data <json>", "the columns to change")
    .action((provider, s, name, key, o) =>
      updateCommand(ctxOf(program), provider, s, name, key, o),
    );
  program
    .command("delete")
    .description("delete one row")
    .argument("<provider>")
    .argument("<connection-string>")
    .argument("<table>")
    .argument("<key>")
    .action((provider, s, name, key) => deleteCommand(ctxOf(program), provider, s, name, key));
  program
    .command("query")
    .description("run one SQL statement (SELECT, INSERT, UPDATE, DELETE, EXEC, EXPLAIN)")
    .argument("<provider>")
    .argument("<connection-string>")
    .argument("<sql>")
    .option("--arg <value>", "a value for the next ? placeholder (repeatable)", collect)
    .option("--param <name=value>", "a value for a :name placeholder (repeatable)", collect)
    .option("--progress", "show the progress line on stderr even when it is not a terminal")
    .addOption(new Option("--format <format>", "output").choices(QUERY_FORMATS).default("table"))
    .action((provider, s, text, o) => queryCommand(ctxOf(program), provider, s, text, o));
  program
    .command("sql")
    .description("an interactive SQL prompt (history, Tab completes table names); reads a pipe too")
    .argument("<provider>")
    .argument(cs, csHelp)
    .addOption(new Option("--format <format>", "output").choices(QUERY_FORMATS).default("table"))
    .action((provider, s, o) => sqlShellCommand(ctxOf(program), provider, s, o));
  program
    .command("emulator")
    .description("serve the providers' emulator on 127.0.0.1 until Ctrl+C")
    .option("--port <port>", "port (0: any free one)", "4010")
    .option("--auto-approve", "approve consent without the page")
    .action((o) => emulatorCommand(ctxOf(program), o));
  program
    .command("demo")
    .description("the whole job against a local emulator: no account, no internet")
    .action(() => demoCommand(ctxOf(program), {}));

  try {
    await program.parseAsync([...argv], { from: "user" });
    return ExitCode.Ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ||
        error.code === "commander.helpDisplayed" ||
        error.code === "commander.version"
        ? ExitCode.Ok
        : ExitCode.Usage;
    }
    const { line, hint } = describeError(error);
    const code = exitCodeOf(error);
    if (program.opts().json) {
      io.stdout.write(
        `${JSON.stringify({ error: { code: (error as { code?: string }).code ?? "CLI_ERROR", message: line, hint } })}\n`,
      );
    } else {
      io.stderr.write(`error: ${line}\n${hint ? `hint: ${hint}\n` : ""}`);
    }
    return code;
  }
}
