// What the root README claims about TypeScript consumers, compiled as a fresh ESM project would:
// strict, `module`/`moduleResolution` node16, nodenext and bundler, library types checked too.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, test } from "vitest";

const run = promisify(execFile);
const here = fileURLToPath(new URL("..", import.meta.url));
const tsc = join(dirname(createRequire(import.meta.url).resolve("typescript")), "..", "bin", "tsc");

const packages = [
  "conn-string",
  "connector-kit",
  "emulator",
  "errors",
  "highrise",
  "oauth-core",
  "pipedrive",
  "settings-store",
  "sql",
  "zendesk",
  "zoho-accounts",
  "zoho-crm",
  "zoho-inventory",
];

const consumer = `${packages.map((p, i) => `import * as m${i} from "@x/${p}";`).join("\n")}
import { connect } from "@x/pipedrive";
import type { Connection, RateLimitState, ResponseEvent } from "@x/connector-kit";

export const modules = [${packages.map((_, i) => `m${i}`).join(", ")}];

export async function deals(): Promise<unknown> {
  const conn: Connection = await connect("AuthScheme=APIToken;APIToken=t;CompanyDomain=acme", {
    hooks: { onResponse: (e: ResponseEvent) => void e.status },
  });
  const limit: RateLimitState | undefined = conn.rateLimit;
  void limit;
  return conn.getJson("api/v2/deals", { limit: 1 }, { signal: AbortSignal.timeout(1000) });
}
`;

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("a TypeScript ESM consumer", () => {
  // Three independent compilers (own folders, nothing written but there): run side by side, the
  // longest one bounds the file instead of their sum. The timeout allows for the three sharing CPUs.
  test.concurrent.each([
    ["node16", "node16"],
    ["nodenext", "nodenext"],
    ["esnext", "bundler"],
  ])(
    "compiles with module %s, moduleResolution %s, strict",
    async (module, resolution) => {
      const dir = mkdtempSync(join(tmpdir(), "x-consumer-"));
      dirs.push(dir);
      // The installed packages, as a consumer's node_modules.
      symlinkSync(join(here, "node_modules"), join(dir, "node_modules"), "dir");
      writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));
      writeFileSync(join(dir, "index.ts"), consumer);
      writeFileSync(
        join(dir, "tsconfig.json"),
        JSON.stringify({
          compilerOptions: {
            target: "ES2022",
            module,
            moduleResolution: resolution,
            strict: true,
            noEmit: true,
            skipLibCheck: false,
            types: ["node"],
          },
          files: ["index.ts"],
        }),
      );
      const result = await run(process.execPath, [tsc, "-p", dir], { cwd: dir }).then(
        () => "",
        (error: { stdout?: string }) => error.stdout ?? String(error),
      );
      expect(result).toBe("");
    },
    600_000,
  );
});
