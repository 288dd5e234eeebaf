// The crawler the docs-site test relies on, against a four-page site with known faults: it must
// report a missing page's 404, a missing #fragment, a missing script and an image on another
// origin, follow links that a script renders, and never request what nothing links to; alike
// whether the pages are opened in Chromium or fetched and parsed.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromiumLaunchOptions } from "@x/vitest-config/chromium";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { crawl, serveStatic } from "../src/crawl.js";

const site = mkdtempSync(join(tmpdir(), "x-crawl-"));
let browser: Browser | undefined;

const page = (title: string, body: string) =>
  `<!DOCTYPE html><html><head><title>${title}</title></head><body>${body}</body></html>`;

beforeAll(async () => {
  mkdirSync(join(site, "docs"));
  writeFileSync(
    join(site, "index.html"),
    page(
      "Home",
      `<a href="docs/a.html#there">a, there</a> <a href="docs/a.html#nowhere">a, nowhere</a>
       <a href="gone.html">gone</a> <a href="#top">top</a> <h1 id="top">Home</h1>
       <nav id="nav"></nav>
       <script>document.getElementById("nav").innerHTML = '<a href="docs/rendered.html">r</a>';</script>`,
    ),
  );
  writeFileSync(
    join(site, "docs", "a.html"),
    page(
      "A",
      `<h2 id="there">There</h2> <a name="named">named</a> <a href="#named">named</a> <a href="../index.html#top">home</a>
       <a href="a%20b.html#named-too">spaced</a> <script src="missing.js"></script>
       <img src="http://127.0.0.2:9/elsewhere.png" alt="">`,
    ),
  );
  writeFileSync(join(site, "docs", "a b.html"), page("A B", `<p id="named-too">x</p>`));
  writeFileSync(join(site, "docs", "rendered.html"), page("Rendered", "<p>by script</p>"));
  writeFileSync(join(site, "orphan.html"), page("Orphan", "<p>no link here</p>"));
  browser = await chromium.launch(chromiumLaunchOptions());
}, 120_000);
afterAll(async () => {
  await browser?.close();
  rmSync(site, { recursive: true, force: true });
});

test.each([
  ["every page opened in Chromium", () => true],
  ["the pages under docs/ fetched and parsed", (url: string) => !url.includes("/docs/")],
])(
  "statuses, fragments, failed resources and rendered links of a small site: %s",
  async (_, scripted) => {
    const server = await serveStatic(site);
    try {
      const o = server.origin;
      const result = await crawl(browser as Browser, `${o}/index.html`, {
        parallel: 2,
        shared: "#nav",
        scripted,
        settle: async (p) => {
          await p.waitForSelector("#nav a", { state: "attached" });
        },
      });
      const statuses = Object.fromEntries([...result.pages].map(([u, p]) => [u, p.status]));
      expect(statuses).toEqual({
        [`${o}/index.html`]: 200,
        [`${o}/docs/a.html`]: 200,
        [`${o}/gone.html`]: 404,
        [`${o}/docs/rendered.html`]: 200,
        [`${o}/docs/a%20b.html`]: 200,
      });
      const opened = [...result.pages].filter(([, p]) => p.opened).map(([u]) => u);
      expect(opened).toEqual([...result.pages.keys()].filter(scripted));
      expect(result.pages.get(`${o}/docs/a.html`)?.title).toBe("A");
      const missing = result.fragments
        .filter((f) => !result.pages.get(f.url)?.targets.has(f.fragment))
        .map((f) => `${f.url}#${f.fragment}`);
      expect(missing).toEqual([`${o}/docs/a.html#nowhere`]);
      expect(result.fragments).toHaveLength(6);
      // Chromium also reports its failed attempt at the other origin; the parsed pages never try.
      expect(result.badResources.filter((r) => r.includes(o))).toEqual([
        `404 ${o}/docs/missing.js`,
      ]);
      expect(result.external).toEqual(["http://127.0.0.2:9/elsewhere.png"]);
    } finally {
      await server.close();
    }
  },
  120_000,
);

test("the server answers 404 outside the site's folder", async () => {
  const server = await serveStatic(join(site, "docs"));
  try {
    expect((await fetch(`${server.origin}/a.html`)).status).toBe(200);
    expect((await fetch(`${server.origin}/..%2findex.html`)).status).toBe(404);
  } finally {
    await server.close();
  }
});
