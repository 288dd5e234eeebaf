import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const root = fileURLToPath(new URL("../../../", import.meta.url));
/** Where the contexts live: setup a block needs but does not show (see README.md here). */
const contextsDir = fileURLToPath(new URL("../contexts/", import.meta.url));

/** One TypeScript block of a README. */
export interface Block {
  /** The README, relative to the repository root. */
  readme: string;
  /** 1-based line of the block's first code line in the README. */
  line: number;
  /** 0-based position among the README's TypeScript blocks. */
  index: number;
  code: string;
  /** Marked `run`: executed to completion (it must exit by itself) against the emulator. */
  run: boolean;
  /** The context named by `context=NAME`, if any. */
  context: string | undefined;
  /** A short unique name (file-system safe). */
  slug: string;
}

const SKIP = new Set(["node_modules", "dist", ".git", ".turbo", ".tooling", ".generated"]);

/** Every README.md of the repository, relative paths, sorted. */
export function readmes(dir = root): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...readmes(path));
    else if (entry.name === "README.md") out.push(relative(root, path));
  }
  return out.sort();
}

const FENCE = /^```(?:ts|typescript)\s*$/;
const MARK = /^<!--\s*readme-check:\s*(.*?)\s*-->\s*$/;

/**
 * The TypeScript blocks of a README. A comment on the line before the fence may mark a block:
 * `<!-- readme-check: run -->`, `<!-- readme-check: context=NAME -->`, or both.
 */
export function blocksOf(readme: string): Block[] {
  const lines = readFileSync(join(root, readme), "utf8").split("\n");
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!FENCE.test(lines[i] ?? "")) continue;
    const mark = MARK.exec(lines[i - 1] ?? "")?.[1] ?? "";
    const words = mark.split(/\s+/).filter(Boolean);
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^```\s*$/.test(lines[end] ?? "")) end++;
    const index = blocks.length;
    blocks.push({
      readme,
      line: start + 1,
      index,
      code: lines.slice(start, end).join("\n"),
      run: words.includes("run"),
      context: words.find((w) => w.startsWith("context="))?.slice("context=".length),
      slug: `${readme.replace(/\/?README\.md$/, "").replace(/[^a-z0-9]+/gi, "-") || "root"}-${index}`,
    });
    i = end;
  }
  return blocks;
}

/** A context: code before the block, code after it, and extra files beside it. */
export interface Context {
  before: string;
  after: string;
  files: Record<string, string>;
}

/**
 * Reads `contexts/NAME.ts`. `// @example` marks where the block goes; `// @file NAME` starts a
 * file written beside the block (until the next `// @file` or the end).
 */
export function context(name: string | undefined): Context {
  if (!name) return { before: "", after: "", files: {} };
  const path = join(contextsDir, `${name}.ts`);
  if (!existsSync(path)) throw new Error(`readme-check: no context "${name}" (${path})`);
  const [main = "", ...fileParts] = readFileSync(path, "utf8").split(/^\/\/ @file /m);
  const files: Record<string, string> = {};
  for (const part of fileParts) {
    const newline = part.indexOf("\n");
    files[part.slice(0, newline).trim()] = part.slice(newline + 1);
  }
  const [before = "", after = ""] = main.split(/^\/\/ @example\s*$/m);
  return { before, after, files };
}
