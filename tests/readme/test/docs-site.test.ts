// The docs site: the API reference generated from the TSDoc, with the READMEs and docs/ pages, built
// offline by TypeDoc (broken links and undocumented exports fail the build), then served over
// loopback HTTP and crawled from the home page, following every internal link: the pages whose
// scripts render links, and a sample of the others, in the real headless Chromium; the rest
// fetched over HTTP and parsed by Chromium's HTML parser.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { chromiumLaunchOptions } from "@x/vitest-config/chromium";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { crawl, serveStatic } from "../src/crawl.js";

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

test("every internal link of every page resolves to a file", () => {
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
});

test("from the home page, every internal link opens with 200 and every #fragment exists", async () => {
  // Served over loopback HTTP, so every page has a real status; one browser, pages in parallel.
  const server = await serveStatic(out);
  try {
    const home = `${server.origin}/index.html`;
    // Rendered with TypeDoc's script too: the first page of each reference folder, the hierarchy.
    const sample = new Set(
      ["classes", "functions", "interfaces", "types", "variables"]
        .filter((dir) => existsSync(join(out, dir)))
        .map((dir) => new URL(`${dir}/${readdirSync(join(out, dir)).sort()[0]}`, home).href)
        .concat(new URL("hierarchy.html", home).href),
    );
    const site = await crawl(browser as Browser, home, {
      parallel: 4,
      // TypeDoc's script renders the navigation tree, alike on every page: read it once, rendered.
      shared: "#tsd-nav-container",
      // The entry pages run TypeDoc's script; the reference pages' links are all in their HTML.
      scripted: (url) =>
        /\/(index|modules)\.html$|\/(documents|modules)\//.test(url) || sample.has(url),
      settle: async (page) => {
        await page.waitForSelector("#tsd-nav-container a", { state: "attached" });
      },
    });
    const opened = [...site.pages];
    expect(
      opened
        .filter(([, p]) => p.status !== 200 || p.error)
        .map(([u, p]) => `${p.status} ${u} ${p.error ?? ""}`),
    ).toEqual([]);
    expect(site.badResources).toEqual([]);
    expect(site.external).toEqual([]);
    // Every HTML file is reached from the home page, and each has a title.
    const html = opened.filter(([u]) => u.endsWith(".html"));
    expect(html.filter(([, p]) => p.title === "").map(([u]) => u)).toEqual([]);
    const files = readdirSync(out, { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".html"))
      .map((f) => `${server.origin}/${f.split(sep).join("/")}`);
    const reached = new Set(html.map(([u]) => decodeURI(u)));
    expect(files.filter((f) => !reached.has(f))).toEqual([]);
    expect(html.some(([u]) => u.includes("/documents/"))).toBe(true);
    expect(html.length).toBeGreaterThan(100);
    // The entry pages and the sample ran in the browser; the other pages were read.
    expect(opened.filter(([, p]) => p.opened).length).toBeGreaterThanOrEqual(sample.size + 20);
    expect([...sample].filter((u) => site.pages.get(u)?.opened !== true)).toEqual([]);
    // Every in-page target a link names exists on the page it points to.
    const missing = site.fragments
      .filter(({ url, fragment }) => {
        const page = site.pages.get(url);
        return page?.title !== "" && !page?.targets.has(fragment);
      })
      .map(({ from, url, fragment }) => `${from} -> ${url}#${fragment}`);
    expect([...new Set(missing)]).toEqual([]);
    expect(site.fragments.length).toBeGreaterThan(100);
  } finally {
    await server.close();
  }
}, 600_000);
