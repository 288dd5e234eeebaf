import { terminalSafe } from "./errors.js";
import type { CliIO } from "./io.js";

/** A record as one short table cell: nested values as compact JSON. */
function cell(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = terminalSafe(
    typeof value === "object" ? JSON.stringify(value) : String(value),
  ).replace(/\n/g, " ");
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** Renders records as an aligned text table over the given (or the first record's) columns. */
export function table(
  records: readonly Record<string, unknown>[],
  columns?: readonly string[],
): string {
  const cols = columns ?? Object.keys(records[0] ?? {}).slice(0, 6);
  const rows = records.map((r) => cols.map((c) => cell(r[c])));
  const widths = cols.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  return [line(cols), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

/** Writes a result: JSON with `--json`, else the human form. */
export function emit(io: CliIO, json: boolean, value: unknown, human: () => string): void {
  io.stdout.write(`${json ? JSON.stringify(value, null, 2) : human()}\n`);
}
