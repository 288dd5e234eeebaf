import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
// @ts-expect-error plain .mjs module without types
import { checkProviderModule, checkProviderPackage } from "../src/provider-conventions.mjs";

const providersDir = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "packages", "providers");
/** Shared-infrastructure packages under providers/ that are not connectors themselves. */
const notConnectors = new Set(["zoho-accounts"]);
const connectors = readdirSync(providersDir, { withFileTypes: true })
  .filter((d) => d.isDirectory() && !notConnectors.has(d.name))
  .map((d) => d.name);

describe("provider conventions", () => {
  test("the five connectors are all here", () => {
    expect(connectors.sort()).toEqual(["highrise", "pipedrive", "zendesk", "zoho-crm", "zoho-inventory"]);
  });

  test.each(connectors)("%s: package shape, README sections, exports, tests", (id) => {
    expect(checkProviderPackage(join(providersDir, id))).toEqual([]);
  });

  test.each(connectors)("%s: the built module exports a connector and its procedures", async (id) => {
    const mod = await import(`@x/${id}`);
    expect(checkProviderModule(id, mod)).toEqual([]);
  });

  test("every connector exports the same kinds of symbols", async () => {
    const shapes = await Promise.all(
      connectors.map(async (id) => Object.keys(await import(`@x/${id}`)).sort()),
    );
    for (const shape of shapes) expect(shape).toEqual(shapes[0]);
  });

  test("the checker catches a package that drifts", () => {
    // The kit is not a provider: it must fail the provider checks, proving the checks bite.
    const problems: string[] = checkProviderPackage(join(providersDir, "..", "connector-kit"));
    expect(problems.length).toBeGreaterThan(3);
    expect(problems.join("\n")).toContain("README lacks");
  });
});
