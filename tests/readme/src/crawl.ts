// Serves a static site over loopback HTTP and crawls it in one headless Chromium: every page
// reached from the start page through an internal link is opened, its status read and its anchors
// collected from the DOM; several pages load in parallel.
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, sep } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".json": "application/json",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".gif": "image/gif",
  ".ico": "image/x-icon",
  // Shown as text, not downloaded: links to copied Markdown files must open like a page.
  ".md": "text/plain; charset=utf-8",
};

/** Serves `dir` read-only on 127.0.0.1; unknown paths (and paths outside `dir`) are 404. */
export async function serveStatic(
  dir: string,
): Promise<{ origin: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    const file = normalize(join(dir, path.endsWith("/") ? `${path}index.html` : path));
    if (!file.startsWith(dir + sep)) {
      res.writeHead(404).end();
      return;
    }
    readFile(file).then(
      (body) => {
        res.writeHead(200, {
          "content-type": TYPES[extname(file)] ?? "application/octet-stream",
          // Assets are fetched once per crawl, not once per page.
          "cache-control": "max-age=600",
        });
        res.end(body);
      },
      // With a body, Chromium shows the 404 and the crawl reads its status.
      () => res.writeHead(404, { "content-type": "text/plain" }).end("Not found"),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** What one opened page showed. */
export interface CrawledPage {
  /** Status of the page's own response (0 when the navigation failed). */
  status: number;
  /** The document title (HTML pages). */
  title: string;
  /** Element ids and anchor names: the fragments the page can be scrolled to. */
  targets: Set<string>;
  /** Absolute URLs of every `a[href]` on the page. */
  links: string[];
  /** A navigation error, if the page could not be opened. */
  error?: string;
}

/** The result of a crawl. */
export interface Crawl {
  /** Every opened URL (without fragment) and what it showed. */
  pages: Map<string, CrawledPage>;
  /** Every internal link with a fragment: page it is on, URL, fragment (decoded). */
  fragments: { from: string; url: string; fragment: string }[];
  /** Sub-resources (scripts, styles, images) that failed or did not answer 200. */
  badResources: string[];
  /** Requests to any other origin (none should be made: the site is offline). */
  external: string[];
}

/**
 * Opens `start` and then every same-origin link found, `parallel` pages at a time, in one browser
 * context. A page's links are read from the DOM after `DOMContentLoaded`; `settle(page)` runs once,
 * on the start page, to let scripts render links they add (a navigation tree) before reading.
 */
export async function crawl(
  browser: Browser,
  start: string,
  options: {
    parallel: number;
    /** Run on the start page before its links are read: wait for scripts to render theirs. */
    settle?: (page: Page) => Promise<void>;
    /** A selector of what scripts render alike on every page (a navigation tree): read once. */
    shared?: string;
    /**
     * Pages opened with their scripts running (default: all). The others open with JavaScript
     * off: their links are in the HTML, and a site script that rebuilds the same navigation and
     * search index on every page would cost more than the crawl itself.
     */
    scripted?: (url: string) => boolean;
  },
): Promise<Crawl> {
  const origin = new URL(start).origin;
  const result: Crawl = { pages: new Map(), fragments: [], badResources: [], external: [] };
  const scripted = options.scripted ?? (() => true);
  const withScripts: BrowserContext = await browser.newContext();
  const without: BrowserContext = await browser.newContext({ javaScriptEnabled: false });
  for (const context of [withScripts, without]) {
    context.on("request", (request) => {
      if (!request.url().startsWith(`${origin}/`) && !request.url().startsWith("data:"))
        result.external.push(request.url());
    });
    context.on("response", (response) => {
      if (response.status() !== 200 && response.request().resourceType() !== "document")
        result.badResources.push(`${response.status()} ${response.url()}`);
    });
    context.on("requestfailed", (request) => {
      // Leaving a page cancels what it was still loading.
      const reason = request.failure()?.errorText ?? "";
      if (request.resourceType() !== "document" && reason !== "net::ERR_ABORTED")
        result.badResources.push(`${reason} ${request.url()}`);
    });
  }

  const queue: string[] = [start];
  const seen = new Set(queue);
  let active = 0;

  const visit = async (page: Page, url: string, settle?: (page: Page) => Promise<void>) => {
    const shown: CrawledPage = { status: 0, title: "", targets: new Set(), links: [] };
    result.pages.set(url, shown);
    try {
      const response = await page.goto(url, { waitUntil: "domcontentloaded" });
      shown.status = response?.status() ?? 0;
      if (!(response?.headers()["content-type"] ?? "").startsWith("text/html")) return;
      await settle?.(page);
      // Links the scripts render alike on every page (`shared`) are read on the start page only.
      const read = await page.evaluate(
        ({ shared, all }) => ({
          title: document.title,
          links: Array.from(document.querySelectorAll("a[href]"))
            .filter((a) => all || shared === undefined || a.closest(shared) === null)
            .map((a) => (a as HTMLAnchorElement).href),
          targets: Array.from(document.querySelectorAll("[id], a[name]"), (e) =>
            e.id === "" ? (e.getAttribute("name") ?? "") : e.id,
          ),
        }),
        { shared: options.shared, all: settle !== undefined },
      );
      shown.title = read.title;
      shown.links = read.links;
      shown.targets = new Set(read.targets);
    } catch (error) {
      shown.error = error instanceof Error ? error.message.split("\n")[0] : String(error);
      return;
    }
    for (const link of shown.links) {
      if (!link.startsWith(`${origin}/`)) continue;
      const hash = link.indexOf("#");
      const target = hash === -1 ? link : link.slice(0, hash);
      const fragment = hash === -1 ? "" : link.slice(hash + 1);
      if (fragment !== "")
        result.fragments.push({ from: url, url: target, fragment: decodeURIComponent(fragment) });
      if (!seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
  };

  const worker = async () => {
    const pages = new Map<BrowserContext, Page>();
    const pageIn = async (context: BrowserContext) => {
      let page = pages.get(context);
      if (page === undefined) {
        page = await context.newPage();
        // A loaded machine can take long for one page; the test's own timeout bounds the crawl.
        page.setDefaultTimeout(120_000);
        pages.set(context, page);
      }
      return page;
    };
    for (;;) {
      const url = queue.shift();
      if (url === undefined) {
        // Another page may still find links.
        if (active === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 5));
        continue;
      }
      active += 1;
      try {
        const context = scripted(url) ? withScripts : without;
        await visit(await pageIn(context), url);
        if (result.pages.get(url)?.error !== undefined) {
          // A navigation that failed (a timeout) may still land later and cut into the next one:
          // the page is replaced and the URL tried once more; a real fault fails again.
          await pages.get(context)?.close();
          pages.delete(context);
          await visit(await pageIn(context), url);
        }
      } finally {
        active -= 1;
      }
    }
  };
  try {
    // The start page alone first: its settled links seed the queue for every worker.
    active = 1;
    const page = await withScripts.newPage();
    page.setDefaultTimeout(120_000);
    queue.shift();
    await visit(page, start, options.settle).finally(() => {
      active = 0;
    });
    await page.close();
    await Promise.all(Array.from({ length: options.parallel }, worker));
  } finally {
    await withScripts.close();
    await without.close();
  }
  return result;
}
