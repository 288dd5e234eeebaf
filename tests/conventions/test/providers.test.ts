import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { connectorIds, syncRegistries } from "../../../tooling/scripts/registries.mjs";
import {
  checkProviderModule,
  checkProviderPackage,
  REQUIRED_EXPORTS,
} from "../src/provider-conventions.mjs";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const providersDir = join(repo, "packages", "providers");
// Connectors are the provider packages with the keyword "connector" (not zoho-accounts, the
// shared Zoho OAuth package).
const connectors: string[] = connectorIds(repo);

describe("provider conventions", () => {
  test("the five connectors are all here", () => {
    expect(connectors).toEqual(
      expect.arrayContaining(["highrise", "pipedrive", "zendesk", "zoho-crm", "zoho-inventory"]),
    );
    expect(connectors).not.toContain("zoho-accounts");
  });

  test("the provider lists derived from the workspace are up to date", () => {
    // The emulator's built-ins, the CLI's peer dependencies, this package's dev dependencies.
    expect(syncRegistries(repo, { check: true })).toEqual([]);
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
