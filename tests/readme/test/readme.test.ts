import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { beforeAll, describe, expect, test } from "vitest";
import { type Block, blocksOf, context, readmes } from "../src/blocks.js";

const run = promisify(execFile);
const here = fileURLToPath(new URL("..", import.meta.url));
const generated = join(here, ".generated");
const tsc = join(dirname(createRequire(import.meta.url).resolve("typescript")), "..", "bin", "tsc");

const blocks: Block[] = readmes().flatMap(blocksOf);
/** Lines each generated file has before the block's own first line. */
const offsets = new Map<string, number>();

let compilerOutput = "";

beforeAll(async () => {
  rmSync(generated, { recursive: true, force: true });
  mkdirSync(generated, { recursive: true });
  for (const block of blocks) {
    const dir = join(generated, "src", block.slug);
    mkdirSync(dir, { recursive: true });
    const ctx = context(block.context);
    const before =
      ctx.before.length > 0 && !ctx.before.endsWith("\n") ? `${ctx.before}\n` : ctx.before;
    offsets.set(block.slug, before.split("\n").length - 1);
    writeFileSync(join(dir, "example.ts"), `${before}${block.code}\n${ctx.after}\nexport {};\n`);
    for (const [name, text] of Object.entries(ctx.files)) writeFileSync(join(dir, name), text);
  }
  // The project's strict settings, emitting JavaScript so the runnable blocks can run.
  writeFileSync(
    join(generated, "tsconfig.json"),
    JSON.stringify({
      extends: "../../../tooling/tsconfig/base.json",
      compilerOptions: { rootDir: "src", outDir: "js", noEmit: false, strict: true },
      include: ["src"],
    }),
  );
  // One compilation for every block; it also emits the JavaScript the runnable blocks run.
  compilerOutput = await run(process.execPath, [tsc, "-p", join(generated, "tsconfig.json")], {
    cwd: generated,
    maxBuffer: 16 * 1024 * 1024,
  }).then(
    () => "",
    (e: { stdout?: string; stderr?: string }) => `${e.stdout ?? ""}${e.stderr ?? ""}`,
  );
}, 300_000);

/** tsc's diagnostics, pointed back at the README lines they belong to. */
function locate(output: string): string[] {
  return output
    .split("\n")
    .filter((l) => l.includes("error TS"))
    .map((l) => {
      const m = /^src\/([^/]+)\/example\.ts\((\d+),(\d+)\): (.*)$/.exec(l.trim());
      const block = m && blocks.find((b) => b.slug === m[1]);
      if (!m || !block) return l.trim();
      const line = Number(m[2]) - (offsets.get(block.slug) ?? 0);
      return line >= 1 && line <= block.code.split("\n").length
        ? `${block.readme}:${block.line + line - 1}:${m[3]} ${m[4]}`
        : `${block.readme} (block ${block.index + 1}, context ${block.context}): ${m[4]}`;
    });
}

describe("README examples", () => {
  test("there are blocks to check, and the runnable ones are marked", () => {
    expect(blocks.length).toBeGreaterThan(20);
    expect(blocks.filter((b) => b.run).length).toBeGreaterThan(5);
  });

  test("every TypeScript block of every README compiles (strict)", () => {
    expect(locate(compilerOutput), "type errors in README blocks").toEqual([]);
  });

  const runnable = blocks.filter((b) => b.run);
  test.each(runnable.map((b) => [`${b.readme} block ${b.index + 1}`, b] as const))(
    "%s runs to completion and exits by itself",
    { timeout: 300_000 },
    async (_name, block) => {
      const cwd = mkdtempSync(join(tmpdir(), "readme-run-"));
      try {
        const { stdout } = await run(
          process.execPath,
          [join(generated, "js", block.slug, "example.js")],
          {
            cwd,
            // A process that does not exit within the time (an open handle) fails here.
            timeout: 240_000,
            killSignal: "SIGKILL",
            env: { ...process.env, XDG_CONFIG_HOME: cwd, NODE_NO_WARNINGS: "1" },
            maxBuffer: 16 * 1024 * 1024,
          },
        );
        expect(typeof stdout).toBe("string");
      } finally {
        rmSync(cwd, { recursive: true, force: true });
      }
    },
  );
});
