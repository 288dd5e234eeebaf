import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import {
  checkProviderModule,
  checkProviderPackage,
  REQUIRED_EXPORTS,
} from "../src/provider-conventions.mjs";

const providersDir = join(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "..",
  "packages",
  "providers",
);
/** Shared-infrastructure packages under providers/ that are not connectors themselves. */
const notConnectors = new Set(["zoho-accounts"]);
const connectors = readdirSync(providersDir, { withFileTypes: true })
  .filter((d) => d.isDirectory() && !notConnectors.has(d.name))
  .map((d) => d.name);

describe("provider conventions", () => {
  test("the five connectors are all here", () => {
    expect(connectors.sort()).toEqual([
      "highrise",
      "pipedrive",
      "zendesk",
      "zoho-crm",
      "zoho-inventory",
    ]);
  });

  test.each(connectors)("%s: package shape, README sections, exports, tests", (id) => {
    expect(checkProviderPackage(join(providersDir, id))).toEqual([]);
  });

  test.each(connectors)(
    "%s: the built module exports a connector and its procedures",
    async (id) => {
      const mod = await import(`@x/${id}`);
      expect(checkProviderModule(id, mod)).toEqual([]);
    },
  );

  test("every connector exports the required names, each of the same kind", async () => {
    const kinds = await Promise.all(
      connectors.map(async (id) => {
        const mod = (await import(`@x/${id}`)) as Record<string, unknown>;
        return Object.fromEntries(REQUIRED_EXPORTS.map((name: string) => [name, typeof mod[name]]));
      }),
    );
    for (const k of kinds) expect(k).toEqual(kinds[0]);
    expect(Object.values(kinds[0]!)).not.toContain("undefined");
  });

  test("the checker catches a package that drifts", () => {
    // The kit is not a provider: it must fail the provider checks, proving the checks bite.
    const problems: string[] = checkProviderPackage(join(providersDir, "..", "connector-kit"));
    expect(problems.length).toBeGreaterThan(3);
    expect(problems.join("\n")).toContain("README lacks");
  });
});
