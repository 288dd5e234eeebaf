/**
 * Exit codes. Scripts can tell "fix your input" from "authorize again" from "try later".
 */
export const ExitCode = {
  Ok: 0,
  /** Anything not covered below. */
  Failure: 1,
  /** Bad input: usage, unknown provider, malformed connection string, invalid property, port in use. */
  Usage: 2,
  /** Authorization needed or refused: access denied, invalid grant, credentials rejected. */
  Auth: 3,
  /** The provider or the network failed: HTTP errors, rate limits, timeouts, unexpected answers. */
  Provider: 4,
  /** The settings store failed: undecryptable, corrupt, locked, unreachable. */
  Settings: 5,
} as const;

/** An error the CLI raises itself, with its exit code and a hint. */
export class CliError extends Error {
  override name = "CliError";
  constructor(
    message: string,
    readonly exitCode: number,
    readonly hint?: string,
  ) {
    super(message);
  }
}

const auth = new Set([
  "OAUTH_ACCESS_DENIED",
  "OAUTH_INVALID_GRANT",
  "OAUTH_NO_TOKENS",
  "OAUTH_STATE_MISMATCH",
  "OAUTH_INVALID_CLIENT",
  "OAUTH_AUTHORIZATION_ERROR",
  "OAUTH_AUTHORIZATION_TIMEOUT",
  "CONNECTOR_UNAUTHORIZED",
  "CONNECTOR_NOT_AUTHENTICATED",
]);
const usage = new Set([
  "CONNECTOR_CONFIGURATION",
  "CONNECTOR_UNKNOWN_RESOURCE",
  "CONNECTOR_UNKNOWN_TABLE",
  "CONNECTOR_UNKNOWN_COLUMN",
  "CONNECTOR_INVALID_FILTER",
  "CONNECTOR_INVALID_OPTION",
  "CONNECTOR_INVALID_RECORD",
  "CONNECTOR_READ_ONLY_TABLE",
  "CONNECTOR_INVALID_CURSOR",
  "OAUTH_CALLBACK_PORT_IN_USE",
  "OAUTH_CALLBACK_PORT_DENIED",
  "OAUTH_CONFIGURATION",
  "CONNECTOR_EMULATOR_NOT_LOOPBACK",
  "CONNECTOR_HOST_NOT_ALLOWED",
]);

/** The exit code for any error the packages throw (by its stable `code`). */
export function exitCodeOf(error: unknown): number {
  if (error instanceof CliError) return error.exitCode;
  const code = (error as { code?: unknown })?.code;
  if (typeof code !== "string") return ExitCode.Failure;
  if (code.startsWith("CONN_STRING_") || code.startsWith("SQL_") || usage.has(code)) {
    return ExitCode.Usage;
  }
  if (auth.has(code)) return ExitCode.Auth;
  if (code.startsWith("SETTINGS_")) return ExitCode.Settings;
  if (code.startsWith("CONNECTOR_") || code.startsWith("OAUTH_")) return ExitCode.Provider;
  return ExitCode.Failure;
}

/**
 * Text for a terminal: control characters (ANSI escapes, bells, carriage returns) and bidi
 * overrides removed, so text a provider sent cannot rewrite the screen or hide what follows.
 */
export function terminalSafe(text: string): string {
  return text.replace(
    /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069]/g,
    "",
  );
}

/** One line of what went wrong, one line of what to do. Messages of our errors carry no secrets. */
export function describeError(error: unknown): { line: string; hint?: string } {
  const e = error as { message?: unknown; hint?: unknown; code?: unknown };
  const message = typeof e?.message === "string" ? e.message : String(error);
  const [first, ...rest] = message.split("\n");
  const fromMessage = rest.find((l) => l.startsWith("Hint: "))?.slice(6);
  const hint = typeof e?.hint === "string" ? e.hint : fromMessage;
  // A syntax error's caret excerpt (masked) is worth keeping: it shows where.
  const excerpt =
    typeof e?.code === "string" && e.code === "CONN_STRING_SYNTAX"
      ? rest.filter((l) => !l.startsWith("Hint: "))
      : [];
  const code = typeof e?.code === "string" ? ` [${terminalSafe(e.code)}]` : "";
  const line = [`${first}${code}`, ...excerpt].map(terminalSafe).join("\n");
  return { line, ...(hint ? { hint: terminalSafe(hint).replace(/\n/g, " ") } : {}) };
}
