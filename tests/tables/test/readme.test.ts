import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { renderTablesMarkdown, type TableDeclaration } from "@x/connector-kit";
import { describe, expect, test } from "vitest";

const providers = fileURLToPath(new URL("../../../packages/providers", import.meta.url));
const declared: Record<string, Record<string, TableDeclaration>> = {
  pipedrive: (await import("@x/pipedrive")).tables,
  "zoho-crm": (await import("@x/zoho-crm")).tables,
  zendesk: (await import("@x/zendesk")).tables,
  highrise: (await import("@x/highrise")).tables,
  "zoho-inventory": (await import("@x/zoho-inventory")).tables,
};

describe("every provider README has its Tables section as the declarations generate it", () => {
  test("each provider with tables is checked here", async () => {
    const ids = (await readdir(providers)).filter((id) => id !== "zoho-accounts");
    for (const id of ids) {
      const readme = await readFile(join(providers, id, "README.md"), "utf8");
      // A README with a generated section must be listed above, so it is compared.
      if (readme.includes("<!-- tables:start")) expect(Object.keys(declared)).toContain(id);
    }
  });

  for (const [id, tables] of Object.entries(declared)) {
    test(`${id}: README is up to date (pnpm tables-readme)`, async () => {
      const readme = await readFile(join(providers, id, "README.md"), "utf8");
      expect(readme).toContain("## Tables");
      expect(readme).toContain(renderTablesMarkdown(tables));
    });
  }
});
