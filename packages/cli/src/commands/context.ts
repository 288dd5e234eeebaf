import type { ConnectOptions } from "@x/connector-kit";
import { CliError, ExitCode } from "../errors.js";
import type { CliIO } from "../io.js";

/** Options every command accepts. */
export interface GlobalOptions {
  json?: boolean;
  emulator?: string;
  browser?: boolean;
  /** `--settings-key`: names the record in the settings location (same as OAuthSettingsKey). */
  settingsKey?: string;
}

/** What a command runs with. */
export interface CommandContext {
  io: CliIO;
  global: GlobalOptions;
  /** The browser opener; tests and embedders may replace the system one. */
  openBrowser?: ConnectOptions["openBrowser"];
}

/** The connection string from the argument, else `XCONN_CONNECTION_STRING`. */
export function connectionString(ctx: CommandContext, given: string | undefined): string {
  const cs = given ?? ctx.io.env.XCONN_CONNECTION_STRING;
  if (cs === undefined) {
    throw new CliError(
      "No connection string.",
      ExitCode.Usage,
      "Pass it as an argument, or set XCONN_CONNECTION_STRING.",
    );
  }
  return cs;
}

/** Connect options from the global flags: emulator, warnings on stderr, the desktop flow's UI. */
export function connectOptions(ctx: CommandContext): ConnectOptions {
  const { io, global } = ctx;
  let spinner: ReturnType<typeof setInterval> | undefined;
  const options: ConnectOptions = {
    env: io.env,
    onWarning: (message) => io.stderr.write(`warning: ${message}\n`),
    onAuthorizationUrl: (url) => {
      io.stderr.write(
        `Open this URL to authorize (it opens in your browser if one is available):\n  ${url}\n`,
      );
      if (io.stderr.isTTY) {
        const frames = ["|", "/", "-", "\\"];
        let i = 0;
        spinner = setInterval(
          () =>
            io.stderr.write(
              `\r${frames[i++ % 4]} Waiting for the browser to finish authorization… (Ctrl+C cancels)`,
            ),
          120,
        );
        spinner.unref();
      } else {
        io.stderr.write("Waiting for the browser to finish authorization…\n");
      }
    },
  };
  if (global.emulator) options.emulatorUrl = global.emulator;
  if (global.settingsKey) options.settingsKey = global.settingsKey;
  const open = global.browser === false ? async () => false : ctx.openBrowser;
  if (open) {
    options.openBrowser = async (url) => {
      try {
        return await open(url);
      } finally {
        if (spinner) clearInterval(spinner);
      }
    };
  }
  if (global.browser === false) {
    // A terminal or a pipe (`echo "$REDIRECT" | xconn connect … --no-browser`): the first line
    // is the redirect URL; the prompt goes to stderr so stdout stays clean.
    options.readPastedRedirect = async () => {
      io.stderr.write("Paste the URL your browser was redirected to, then press Enter:\n");
      const { createInterface } = await import("node:readline");
      const rl = createInterface({ input: io.stdin });
      try {
        const line = await new Promise<string | undefined>((resolve) => {
          rl.once("line", resolve);
          rl.once("close", () => resolve(undefined));
        });
        if (line === undefined || line.trim() === "") {
          // Nothing to read: the loopback callback may still arrive, until the flow's timeout.
          io.stderr.write(
            "No redirect URL on standard input; still waiting for the browser's redirect to the callback URL.\n",
          );
          return await new Promise<string>(() => {});
        }
        return line.trim();
      } finally {
        rl.close();
      }
    };
  }
  return options;
}

/**
 * Splits the arguments of a command whose connection string may be left out (then
 * `XCONN_CONNECTION_STRING` applies): `rest` is what follows `<provider>`, `names` the required
 * arguments after the connection string.
 */
export function withOptionalConnectionString(
  rest: readonly string[],
  names: readonly string[],
): { cs: string | undefined; args: string[] } {
  if (rest.length === names.length) return { cs: undefined, args: [...rest] };
  if (rest.length === names.length + 1) return { cs: rest[0], args: rest.slice(1) };
  throw new CliError(
    `Expected ${names.map((n) => `<${n}>`).join(" ")} after the provider (and the connection string, unless XCONN_CONNECTION_STRING is set), got ${rest.length} argument(s).`,
    ExitCode.Usage,
    "Quote the connection string: it contains ';'.",
  );
}

/** Parses repeated `key=value` options. */
export function pairs(values: readonly string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values ?? []) {
    const i = v.indexOf("=");
    if (i <= 0)
      throw new CliError(
        `Expected key=value, got "${v}".`,
        ExitCode.Usage,
        "Write --param name=value.",
      );
    out[v.slice(0, i)] = v.slice(i + 1);
  }
  return out;
}
