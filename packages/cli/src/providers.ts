import type { Connector } from "@x/connector-kit";
import { CliError, ExitCode } from "./errors.js";

/** Providers the CLI knows; each is its own package, installed as needed. */
export const knownProviders = [
  "zoho-crm",
  "zoho-inventory",
  "pipedrive",
  "highrise",
  "zendesk",
] as const;

/** Loads `@x/<name>`; an unknown or missing provider is a usage error naming the installed ones. */
export async function loadProvider(name: string): Promise<Connector> {
  const id = name.toLowerCase();
  if (!(knownProviders as readonly string[]).includes(id)) {
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
