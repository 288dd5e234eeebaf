import { createRequire } from "node:module";
import { Command, CommanderError, Option } from "commander";
import { listCommand, requestCommand } from "./commands/api.js";
import {
  type CommandContext,
  type GlobalOptions,
  withOptionalConnectionString,
} from "./commands/context.js";
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

/** The CLI's own version, from its package.json (one level above `src/` and `dist/`). */
const version = (createRequire(import.meta.url)("../package.json") as { version: string }).version;

/** Examples shown at the end of a command's `--help`. */
function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join("\n")}\n`;
}

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
    .version(version, "--version", "print the version")
    // Every subcommand's help lists the global options too (copied to commands added below).
    .configureHelp({ showGlobalOptions: true })
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
  const emu = "--emulator http://127.0.0.1:4010";

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
    })
    .addHelpText("after", examples("xconn providers", "xconn providers --json"));
  program
    .command("connect")
    .description("authenticate (running the desktop flow when needed) and show who is connected")
    .argument("<provider>", knownProviders.join(" | "))
    .argument(cs, csHelp)
    .action((provider, s) => connectCommand(ctxOf(program), provider, s))
    .addHelpText(
      "after",
      examples(
        'xconn connect zendesk "Subdomain=acme;InitiateOAuth=GETANDREFRESH"',
        'xconn connect pipedrive "AuthScheme=Basic;APIToken=…;CompanyDomain=acme"',
        'echo "$REDIRECT_URL" | xconn --no-browser connect zoho-crm "InitiateOAuth=GETANDREFRESH"',
      ),
    );
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
    .action((provider, s, o) => authUrlCommand(ctxOf(program), provider, s, o))
    .addHelpText(
      "after",
      examples(
        'xconn auth-url zendesk "Subdomain=acme;OAuthClientId=my-app"',
        'xconn --json auth-url zoho-crm "OAuthClientId=…" --auth-mode WEB --callback-url https://app.example.com/cb',
      ),
    );
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
    .action((provider, s, o) => exchangeCommand(ctxOf(program), provider, s, o))
    .addHelpText(
      "after",
      examples(
        'xconn exchange zendesk "Subdomain=acme;OAuthSettingsLocation=~/zd.txt" --verifier "$REDIRECT_URL" --state "$STATE"',
        'xconn exchange pipedrive "OAuthClientId=…;OAuthClientSecret=…" --verifier CODE --no-state-check',
      ),
    );
  program
    .command("refresh")
    .description("RefreshOAuthAccessToken: refresh the stored (or given) refresh token")
    .argument("<provider>")
    .argument(cs, csHelp)
    .option("--refresh-token <token>")
    .action((provider, s, o) => refreshCommand(ctxOf(program), provider, s, o))
    .addHelpText(
      "after",
      examples(
        'xconn refresh zendesk "Subdomain=acme;OAuthSettingsLocation=~/zd.txt"',
        'xconn --json refresh zoho-crm "OAuthClientId=…;OAuthClientSecret=…" --refresh-token "$RT"',
      ),
    );
  program
    .command("settings")
    .description("show (redacted), clear, export or import the stored OAuth settings")
    .argument("<action>", "show | clear | export | import")
    .argument("<provider>")
    .argument(cs, csHelp)
    .option("--file <path>", "the portable settings file to export to or import from")
    .action((action, provider, s, o) => settingsCommand(ctxOf(program), action, provider, s, o))
    .addHelpText(
      "after",
      examples(
        'xconn settings show zendesk "Subdomain=acme"',
        'xconn settings export zendesk "Subdomain=acme" --file backup.json',
        'xconn --settings-key user-42 settings clear zendesk "Subdomain=acme;OAuthSettingsLocation=redis://127.0.0.1:6379"',
      ),
    );
  program
    .command("request")
    .description("send one API request with the connection's credentials")
    .usage("[options] <provider> [connection-string] <method> <path>")
    .argument("<provider>")
    .argument(
      "<args...>",
      `[connection-string] <method> <path>: ${csHelp}; path relative to the provider's API base`,
    )
    .option("--query <k=v>", "query parameter (repeatable)", collect)
    .option("--data <json>", "JSON body")
    .action((provider, rest: string[], o) => {
      const { cs: s, args } = withOptionalConnectionString(rest, ["method", "path"]);
      return requestCommand(ctxOf(program), provider, s, args[0]!, args[1]!, o);
    })
    .addHelpText(
      "after",
      examples(
        'xconn request zendesk "Subdomain=acme;APIToken=…;User=me@acme.com" GET api/v2/tickets.json',
        'XCONN_CONNECTION_STRING="CompanyDomain=acme;APIToken=…" xconn request pipedrive GET api/v2/deals --query limit=5',
        `xconn ${emu} request zoho-crm "…" POST Leads --data '{"data":[{"Last_Name":"Doe"}]}'`,
      ),
    );
  program
    .command("tables")
    .description("the provider's tables: columns, writes, filters the provider applies")
    .argument("<provider>")
    .argument(cs, csHelp)
    .action((provider, s) => tablesCommand(ctxOf(program), provider, s))
    .addHelpText(
      "after",
      examples(
        'xconn tables zoho-crm "OAuthClientId=…;InitiateOAuth=GETANDREFRESH"',
        'XCONN_CONNECTION_STRING="CompanyDomain=acme;APIToken=…" xconn --json tables pipedrive',
      ),
    );
  program
    .command("describe")
    .description("one table's columns, types and what the provider filters and sorts")
    .usage("[options] <provider> [connection-string] <table>")
    .argument("<provider>")
    .argument("<args...>", `[connection-string] <table>: ${csHelp}`)
    .action((provider, rest: string[]) => {
      const { cs: s, args } = withOptionalConnectionString(rest, ["table"]);
      return describeCommand(ctxOf(program), provider, s, args[0]!);
    })
    .addHelpText(
      "after",
      examples(
        'xconn describe zendesk "Subdomain=acme;InitiateOAuth=GETANDREFRESH" tickets',
        'XCONN_CONNECTION_STRING="…" xconn --json describe zoho-crm Leads',
      ),
    );
  program
    .command("list")
    .description(
      "list a table (--where, --select, --order-by) or a resource (--param, --fields) across pages",
    )
    .usage("[options] <provider> [connection-string] <table-or-resource>")
    .argument("<provider>")
    .argument("<args...>", `[connection-string] <table-or-resource>: ${csHelp}`)
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
    .action((provider, rest: string[], o) => {
      const { cs: s, args } = withOptionalConnectionString(rest, ["table-or-resource"]);
      const name = args[0]!;
      return o.where || o.select || o.orderBy || o.explain
        ? listTableCommand(ctxOf(program), provider, s, name, o)
        : listCommand(ctxOf(program), provider, s, name, o);
    })
    .addHelpText(
      "after",
      examples(
        'xconn list zendesk "Subdomain=acme;APIToken=…;User=me@acme.com" tickets --limit 10',
        'XCONN_CONNECTION_STRING="CompanyDomain=acme;APIToken=…" xconn list pipedrive deals --format table',
        'xconn list zoho-crm "…" Leads --where "Last_Name^=Do" --select Last_Name,Email --explain',
      ),
    );
  program
    .command("insert")
    .description("insert a row (--data '{…}') or rows (--data '[…]', batched where the API can)")
    .usage("[options] <provider> [connection-string] <table>")
    .argument("<provider>")
    .argument("<args...>", `[connection-string] <table>: ${csHelp}`)
    .requiredOption("--data <json>", "the row, or an array of rows")
    .action((provider, rest: string[], o) => {
      const { cs: s, args } = withOptionalConnectionString(rest, ["table"]);
      return insertCommand(ctxOf(program), provider, s, args[0]!, o);
    })
    .addHelpText(
      "after",
      examples(
        `xconn insert zoho-crm "…" Leads --data '{"Last_Name":"Doe"}'`,
        `XCONN_CONNECTION_STRING="…" xconn insert pipedrive persons --data '[{"name":"Ada"},{"name":"Grace"}]'`,
      ),
    );
  program
    .command("update")
    .description("change columns of one row")
    .usage("[options] <provider> [connection-string] <table> <key>")
    .argument("<provider>")
    .argument("<args...>", `[connection-string] <table> <key>: ${csHelp}`)
    .requiredOption("--data <json>", "the columns to change")
    .action((provider, rest: string[], o) => {
      const { cs: s, args } = withOptionalConnectionString(rest, ["table", "key"]);
      return updateCommand(ctxOf(program), provider, s, args[0]!, args[1]!, o);
    })
    .addHelpText(
      "after",
      examples(
        `xconn update zendesk "…" tickets 42 --data '{"status":"solved"}'`,
        `XCONN_CONNECTION_STRING="…" xconn update zoho-crm Leads 4150868000000224005 --data '{"Email":"a@b.c"}'`,
      ),
    );
  program
    .command("delete")
    .description("delete one row")
    .usage("[options] <provider> [connection-string] <table> <key>")
    .argument("<provider>")
    .argument("<args...>", `[connection-string] <table> <key>: ${csHelp}`)
    .action((provider, rest: string[]) => {
      const { cs: s, args } = withOptionalConnectionString(rest, ["table", "key"]);
      return deleteCommand(ctxOf(program), provider, s, args[0]!, args[1]!);
    })
    .addHelpText(
      "after",
      examples(
        'xconn delete zendesk "…" tickets 42',
        'XCONN_CONNECTION_STRING="…" xconn --json delete pipedrive deals 7',
      ),
    );
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
    .action((provider, s, text, o) => queryCommand(ctxOf(program), provider, s, text, o))
    .addHelpText(
      "after",
      examples(
        `xconn query pipedrive "CompanyDomain=acme;APIToken=…" "SELECT id, title FROM deals WHERE value > ? LIMIT 5" --arg 1000`,
        `xconn query zoho-crm "…" "SELECT Last_Name FROM Leads WHERE Email = :email" --param email=a@b.c --format csv`,
      ),
    );
  program
    .command("sql")
    .description("an interactive SQL prompt (history, Tab completes table names); reads a pipe too")
    .argument("<provider>")
    .argument(cs, csHelp)
    .addOption(new Option("--format <format>", "output").choices(QUERY_FORMATS).default("table"))
    .action((provider, s, o) => sqlShellCommand(ctxOf(program), provider, s, o))
    .addHelpText(
      "after",
      examples(
        'xconn sql zendesk "Subdomain=acme;InitiateOAuth=GETANDREFRESH"',
        'echo "SELECT count(*) FROM tickets;" | XCONN_CONNECTION_STRING="…" xconn sql zendesk',
      ),
    );
  program
    .command("emulator")
    .description("serve the providers' emulator on 127.0.0.1 until Ctrl+C")
    .option("--port <port>", "port (0: any free one)", "4010")
    .option("--auto-approve", "approve consent without the page")
    .action((o) => emulatorCommand(ctxOf(program), o))
    .addHelpText(
      "after",
      examples("xconn emulator", "xconn emulator --port 0 --auto-approve", "xconn --json emulator"),
    );
  program
    .command("demo")
    .description("the whole job against a local emulator: no account, no internet")
    .action(() => demoCommand(ctxOf(program), {}))
    .addHelpText("after", examples("xconn demo", "xconn --json demo"));

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
        `${JSON.stringify({ error: { code: (error as { code?: string }).code ?? "CLI_ERROR", message: line, hint, ...httpDetails(error) } })}\n`,
      );
    } else {
      io.stderr.write(`error: ${line}\n${hint ? `hint: ${hint}\n` : ""}`);
    }
    return code;
  }
}

/** For `--json` errors: the HTTP status and the provider's own error code and message. */
function httpDetails(error: unknown): Record<string, unknown> {
  const details = (error as { details?: Record<string, unknown> } | undefined)?.details;
  if (!details || typeof details.status !== "number") return {};
  const out: Record<string, unknown> = { status: details.status };
  if (typeof details.providerCode === "string") out.providerCode = details.providerCode;
  if (typeof details.providerMessage === "string") out.providerMessage = details.providerMessage;
  if (typeof details.retryAfter === "number") out.retryAfter = details.retryAfter;
  return out;
}
