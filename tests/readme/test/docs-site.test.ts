// The docs site: the API reference generated from the TSDoc, with the READMEs and docs/ pages, built
// offline by TypeDoc (broken links and undocumented exports fail the build), then opened in the
// real headless Chromium, following every internal link.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { chromiumLaunchOptions } from "@x/vitest-config/chromium";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";

const run = promisify(execFile);
const repo = fileURLToPath(new URL("../../..", import.meta.url));
const out = mkdtempSync(join(tmpdir(), "x-docs-site-"));
let browser: Browser | undefined;
let built = "";

beforeAll(async () => {
  const typedoc = join(repo, "node_modules", "typedoc", "bin", "typedoc");
  built = await run(
    process.execPath,
    [typedoc, "--options", join(repo, "typedoc.json"), "--out", out],
    { cwd: repo, maxBuffer: 16 * 1024 * 1024 },
  ).then(
    () => "",
    (error: { stdout?: string; stderr?: string }) => `${error.stdout ?? ""}${error.stderr ?? ""}`,
  );
  browser = await chromium.launch(chromiumLaunchOptions());
}, 300_000);
afterAll(async () => {
  await browser?.close();
  rmSync(out, { recursive: true, force: true });
});

test("builds with no warning: no broken link, every export documented", () => {
  expect(built).toBe("");
  expect(existsSync(join(out, "index.html"))).toBe(true);
});

test("every internal link resolves; the home page, the documents and the package pages open in Chromium", async () => {
  const root = pathToFileURL(out).href;
  // Every page's links, read from the files (the site has hundreds of reference pages).
  const pages = readdirSync(out, { recursive: true, encoding: "utf8" }).filter((f) =>
    f.endsWith(".html"),
  );
  const broken: string[] = [];
  for (const rel of pages) {
    const html = readFileSync(join(out, rel), "utf8");
    for (const [, href] of html.matchAll(/href="([^"#?]+)[^"]*"/g)) {
      if (!href || /^[a-z]+:/i.test(href)) continue;
      if (!existsSync(join(out, dirname(rel), decodeURIComponent(href))))
        broken.push(`${rel} -> ${href}`);
    }
  }
  expect(broken).toEqual([]);
  expect(pages.length).toBeGreaterThan(100);

  // In the browser: the entry pages render, and every link they show (scripts included) opens.
  const page = await (browser as Browser).newPage();
  await page.route(/^(?!file:)/, (route) => route.abort());
  const entries = pages.filter((p) => p === "index.html" || /^(documents|modules)[\\/]/.test(p));
  expect(entries.some((p) => p.startsWith("documents"))).toBe(true);
  const shown = new Set<string>();
  for (const rel of entries) {
    await page.goto(`${root}/${rel.split(sep).join("/")}`, { waitUntil: "load" });
    expect(await page.title(), rel).not.toBe("");
    const links = await page.$$eval("a[href]", (as) =>
      as.map((a) => (a as HTMLAnchorElement).href),
    );
    for (const link of links) if (link.startsWith(root)) shown.add(link.split("#")[0] as string);
  }
  await page.close();
  const missing = [...shown].filter((u) => !existsSync(fileURLToPath(u)));
  expect(missing).toEqual([]);
  expect(shown.size).toBeGreaterThan(100);
}, 300_000);
