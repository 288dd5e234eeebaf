import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * `name/version` of the package a module belongs to, read from the nearest package.json above it:
 * `packageUserAgent(import.meta.url)` keeps a connector's User-Agent equal to what is published.
 * `comment` is appended in parentheses (Highrise asks for a contact).
 */
export function packageUserAgent(moduleUrl: string, comment?: string): string {
  let dir = new URL(".", moduleUrl);
  for (;;) {
    const file = new URL("package.json", dir);
    let text: string | undefined;
    try {
      text = readFileSync(fileURLToPath(file), "utf8");
    } catch {
      const parent = new URL("..", dir);
      if (parent.href === dir.href) throw new Error(`No package.json above ${moduleUrl}`);
      dir = parent;
      continue;
    }
    const pkg = JSON.parse(text) as { name: string; version: string };
    return `${pkg.name}/${pkg.version}${comment ? ` (${comment})` : ""}`;
  }
}
