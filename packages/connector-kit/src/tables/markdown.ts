import type { ColumnDeclaration } from "./columns.js";
import type { TableDeclaration } from "./declaration.js";
import { describeTable } from "./table.js";

/** The markers around the generated "Tables" section of a README. */
export const TABLES_START =
  "<!-- tables:start (generated from the table declarations; do not edit) -->";
export const TABLES_END = "<!-- tables:end -->";

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

function columnNotes(column: ColumnDeclaration): string {
  const notes: string[] = [];
  if (column.readOnly) notes.push("read-only");
  if (column.required) notes.push("required on insert");
  if (column.nullable) notes.push("nullable");
  if (column.type === "enum" && column.values) {
    notes.push(column.values.map((v) => `\`${v}\``).join(", "));
  }
  if (column.references) notes.push(`→ ${column.references}`);
  if (column.description) notes.push(column.description);
  return notes.join("; ");
}

/**
 * The "Tables" section of a provider README, generated from its declarations: per table, its
 * key, what it supports, what the provider filters and sorts itself, and its columns.
 */
export function renderTablesMarkdown(tables: Readonly<Record<string, TableDeclaration>>): string {
  const out: string[] = [TABLES_START, ""];
  const names = Object.keys(tables);
  out.push(
    "| table | key | list | get | insert | update | delete | filtered by the provider |",
    "|---|---|---|---|---|---|---|---|",
  );
  for (const name of names) {
    const d = describeTable(
      tables[name] as TableDeclaration,
      (tables[name] as TableDeclaration).columns,
    );
    const yes = (b: boolean) => (b ? "yes" : "–");
    const pushed = d.columns
      .filter((c) => c.pushdown.length > 0)
      .map((c) => `\`${c.name}\` ${c.pushdown.join(", ")}`)
      .join("; ");
    const batched = (can: boolean, max: number | null) =>
      max ? `yes (batches of ${max})` : yes(can);
    const { capabilities: c } = d;
    const upsert = c.upsert
      ? `; upsert${c.batchUpsert ? ` (batches of ${c.batchUpsert})` : ""}`
      : "";
    out.push(
      `| \`${name}\` | \`${d.key}\` | yes | ${yes(c.get)} | ${batched(c.insert, c.batchInsert)}${upsert} | ${batched(c.update, c.batchUpdate)} | ${batched(c.delete, c.batchDelete)} | ${cell(pushed || "–")} |`,
    );
  }
  for (const name of names) {
    const table = tables[name] as TableDeclaration;
    const d = describeTable(table, table.columns);
    out.push("", `### \`${name}\``, "");
    if (table.description) out.push(table.description, "");
    const facts: string[] = [];
    if (d.parent)
      facts.push(`Listed per \`${d.parent.table}\` row: \`where: { ${d.parent.column}: … }\`.`);
    if (d.incremental)
      facts.push(`Incremental reads: \`where: { ${d.incremental}: { gte: … } }\`.`);
    const sorted = d.columns.filter((c) => c.sortable.length > 0).map((c) => `\`${c.name}\``);
    if (sorted.length > 0) facts.push(`Sorted by the provider: ${sorted.join(", ")}.`);
    if (d.filteredCap !== null) {
      facts.push(
        `The provider returns at most ${d.filteredCap.toLocaleString("en")} rows of a filtered listing; past it, the rest comes from the full listing, filtered locally.`,
      );
    }
    if (facts.length > 0) out.push(...facts, "");
    out.push("| column | type | notes |", "|---|---|---|");
    for (const c of d.columns) {
      out.push(`| \`${c.name}\` | ${c.type} | ${cell(columnNotes(c))} |`);
    }
  }
  out.push("", TABLES_END);
  return out.join("\n");
}

/** `readme` with its generated section replaced by `section` (appended under "## Tables" if absent). */
export function replaceTablesSection(readme: string, section: string): string {
  const start = readme.indexOf(TABLES_START);
  const end = readme.indexOf(TABLES_END);
  if (start >= 0 && end > start) {
    return readme.slice(0, start) + section + readme.slice(end + TABLES_END.length);
  }
  const intro =
    "`connection.table(name)` reads, filters and writes these tables (`list`, `get`, `insert`, `insertMany`, `update`, `delete`, `explain`); `connection.tables()` is the same catalog at run time, `xconn tables` / `xconn describe` on the command line. Filters the provider applies with the same meaning are sent to it; the others run locally.";
  return `${readme.trimEnd()}\n\n## Tables\n\n${intro}\n\n${section}\n`;
}
