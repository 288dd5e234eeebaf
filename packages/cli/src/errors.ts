// The error base from @x/errors (not @x/connector-kit): starting the CLI loads no connector.
import { type ErrorKind, isXConnError } from "@x/errors";

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

/** Exit codes by the kind of an error of the packages. */
const exitCodes: Record<ErrorKind, number> = {
  configuration: ExitCode.Usage,
  authorization: ExitCode.Auth,
  provider: ExitCode.Provider,
  network: ExitCode.Provider,
  aborted: ExitCode.Provider,
  storage: ExitCode.Settings,
};

/** The exit code for any error the packages throw (by its `kind`). */
export function exitCodeOf(error: unknown): number {
  if (error instanceof CliError) return error.exitCode;
  if (isXConnError(error)) return exitCodes[error.kind];
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
  const hint = typeof e?.hint === "string" ? e.hint : undefined;
  // A syntax error's caret excerpt (masked) is worth keeping: it shows where.
  const excerpt = isXConnError(error, "CONN_STRING_SYNTAX") ? rest : [];
  const code = typeof e?.code === "string" ? ` [${terminalSafe(e.code)}]` : "";
  const line = [`${first}${code}`, ...excerpt].map(terminalSafe).join("\n");
  return { line, ...(hint ? { hint: terminalSafe(hint).replace(/\n/g, " ") } : {}) };
}
