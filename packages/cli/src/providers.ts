import { readFileSync } from "node:fs";
import type { Connector } from "@x/connector-kit";
import { CliError, ExitCode } from "./errors.js";

/**
 * Providers the CLI knows: its optional peer dependencies (`@x/<id>`), which the workspace keeps
 * equal to the connector packages. Each is its own package, installed as needed.
 */
export const knownProviders: readonly string[] = Object.keys(
  (
    JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      peerDependencies?: Record<string, string>;
    }
  ).peerDependencies ?? {},
)
  .filter((name) => name.startsWith("@x/"))
  .map((name) => name.slice("@x/".length));

/** Loads `@x/<name>`; an unknown or missing provider is a usage error naming the installed ones. */
export async function loadProvider(name: string): Promise<Connector> {
  const id = name.toLowerCase();
  if (!knownProviders.includes(id)) {
    const installed = await installedProviders();
    throw new CliError(
      `Unknown provider "${name}".`,
      ExitCode.Usage,
      `Known providers: ${knownProviders.join(", ")}; installed: ${installed.join(", ") || "none"}.`,
    );
  }
  try {
    return ((await import(`@x/${id}`)) as { connector: Connector }).connector;
  } catch {
    throw new CliError(
      `The provider package @x/${id} is not installed.`,
      ExitCode.Usage,
      `Install it: npm install @x/${id}`,
    );
  }
}

/** The known providers whose packages can be loaded. */
export async function installedProviders(): Promise<string[]> {
  const found: string[] = [];
  for (const id of knownProviders) {
    try {
      await import(`@x/${id}`);
      found.push(id);
    } catch {
      // not installed
    }
  }
  return found;
}
