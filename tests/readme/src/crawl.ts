// Serves a static site over loopback HTTP and crawls it with one headless Chromium: every page
// reached from the start page through an internal link is requested and its status read. Pages
// that need a browser (scripts that render links) are opened in Chromium; the others are fetched
// over HTTP and parsed by Chromium's own HTML parser (DOMParser), which reads the same anchors and
// ids without the cost of rendering hundreds of pages. Several pages are handled in parallel.
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

/** What one requested page showed. */
export interface CrawledPage {
  /** Status of the page's own response (0 when the request failed). */
  status: number;
  /** Opened in Chromium (scripts running); otherwise fetched over HTTP and parsed. */
  opened: boolean;
  /** The document title (HTML pages). */
  title: string;
  /** Element ids and anchor names: the fragments the page can be scrolled to. */
  targets: Set<string>;
  /** Absolute URLs of every `a[href]` on the page. */
  links: string[];
  /** A navigation or fetch error, if the page could not be requested. */
  error?: string;
}

/** The result of a crawl. */
export interface Crawl {
  /** Every requested URL (without fragment) and what it showed. */
  pages: Map<string, CrawledPage>;
  /** Every internal link with a fragment: page it is on, URL, fragment (decoded). */
  fragments: { from: string; url: string; fragment: string }[];
  /**
   * Sub-resources (scripts, styles, images, SVG sprites) that failed or did not answer 200: as
   * loaded by the opened pages, and fetched once each for the parsed ones.
   */
  badResources: string[];
  /** Requests to any other origin, or sub-resources there (none: the site is offline). */
  external: string[];
}

/** What a parsed page holds: read by the browser's HTML parser, nothing loaded or run. */
interface Parsed {
  title: string;
  links: string[];
  targets: string[];
  resources: string[];
}

/**
 * Opens `start` in Chromium, then requests every same-origin link found, `parallel` at a time.
 * Pages `scripted` accepts are opened in Chromium (one context) and their links read from the DOM
 * after `DOMContentLoaded`; the others are fetched over HTTP and their HTML parsed with the
 * browser's DOMParser. `settle(page)` runs once, on the start page, to let scripts render links
 * they add (a navigation tree) before reading.
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
     * Pages opened in Chromium with their scripts running (default: all). The others have their
     * links, ids and sub-resources in the HTML: they are fetched and parsed (each sub-resource
     * fetched once), since rendering hundreds of pages, and a site script that rebuilds the same
     * navigation and search index on each, costs far more than reading them.
     */
    scripted?: (url: string) => boolean;
  },
): Promise<Crawl> {
  const origin = new URL(start).origin;
  const internal = (url: string) => url.startsWith(`${origin}/`);
  const result: Crawl = { pages: new Map(), fragments: [], badResources: [], external: [] };
  const scripted = options.scripted ?? (() => true);
  const context: BrowserContext = await browser.newContext();
  // What the opened pages loaded themselves: the parsed pages' sub-resources are fetched unless here.
  const requested = new Set<string>();
  context.on("request", (request) => {
    requested.add(request.url());
    if (!internal(request.url()) && !request.url().startsWith("data:"))
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
  const resources = new Set<string>();

  const queue: string[] = [start];
  const seen = new Set(queue);
  let active = 0;
  // Workers with an empty queue wait for a page in progress to end (it may find links).
  const waiting: (() => void)[] = [];
  const wake = () => {
    for (const resume of waiting.splice(0)) resume();
  };

  const follow = (url: string, shown: CrawledPage) => {
    for (const link of shown.links) {
      if (!internal(link)) continue;
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

  const record = (url: string, opened: boolean) => {
    const shown: CrawledPage = { status: 0, opened, title: "", targets: new Set(), links: [] };
    result.pages.set(url, shown);
    return shown;
  };

  const open = async (page: Page, url: string, settle?: (page: Page) => Promise<void>) => {
    const shown = record(url, true);
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
    follow(url, shown);
  };

  // The parser runs in a blank page that never navigates: parsing loads and runs nothing.
  const reader = await context.newPage();
  reader.setDefaultTimeout(120_000);
  const read = async (url: string) => {
    const shown = record(url, false);
    try {
      const response = await fetch(url);
      shown.status = response.status;
      const html = await response.text();
      if (!(response.headers.get("content-type") ?? "").startsWith("text/html")) return;
      const parsed: Parsed = await reader.evaluate(
        ({ html, url, shared }) => {
          const doc = new DOMParser().parseFromString(html, "text/html");
          let base = url;
          const baseHref = doc.querySelector("base[href]")?.getAttribute("href");
          if (baseHref != null) base = new URL(baseHref, url).href;
          // As `a.href` does: an unparsable value stays as written.
          const resolve = (value: string) => {
            try {
              return new URL(value, base).href;
            } catch {
              return value;
            }
          };
          const values = (selector: string, name: string) =>
            Array.from(doc.querySelectorAll(selector), (e) => e.getAttribute(name) ?? "");
          const loaded = ["stylesheet", "icon", "preload", "modulepreload", "manifest"];
          const resources = [
            ...values(
              "script[src], img[src], iframe[src], embed[src], source[src], track[src], audio[src], video[src], input[type=image][src]",
              "src",
            ),
            ...values("video[poster]", "poster"),
            ...values("object[data]", "data"),
            ...Array.from(doc.querySelectorAll("link[href]"))
              .filter((l) =>
                (l.getAttribute("rel") ?? "")
                  .toLowerCase()
                  .split(/\s+/)
                  .some((r) => loaded.includes(r)),
              )
              .map((l) => l.getAttribute("href") ?? ""),
            ...Array.from(doc.querySelectorAll("img[srcset], source[srcset]")).flatMap((e) =>
              (e.getAttribute("srcset") ?? "")
                .split(",")
                .map((c) => c.trim().split(/\s+/)[0] ?? ""),
            ),
            // SVG sprites and images in other files (a bare #fragment is in the page itself).
            ...Array.from(
              doc.querySelectorAll("use, image, feImage"),
              (e) =>
                e.getAttribute("href") ??
                e.getAttributeNS("http://www.w3.org/1999/xlink", "href") ??
                "",
            ).filter((href) => !href.startsWith("#")),
          ]
            .map((value) => value.trim())
            .filter((value) => value !== "")
            .map((value) => resolve(value).replace(/#.*$/, ""));
          return {
            title: doc.title,
            links: Array.from(doc.querySelectorAll("a[href]"))
              .filter((a) => shared === undefined || a.closest(shared) === null)
              .map((a) => resolve(a.getAttribute("href") ?? "")),
            targets: Array.from(doc.querySelectorAll("[id], a[name]"), (e) =>
              e.id === "" ? (e.getAttribute("name") ?? "") : e.id,
            ),
            resources,
          };
        },
        { html, url, shared: options.shared },
      );
      shown.title = parsed.title;
      shown.links = parsed.links;
      shown.targets = new Set(parsed.targets);
      for (const resource of parsed.resources) resources.add(resource);
    } catch (error) {
      shown.error = error instanceof Error ? error.message.split("\n")[0] : String(error);
      return;
    }
    follow(url, shown);
  };

  const worker = async () => {
    let page: Page | undefined;
    const pageToOpen = async () => {
      if (page === undefined) {
        page = await context.newPage();
        // A loaded machine can take long for one page; the test's own timeout bounds the crawl.
        page.setDefaultTimeout(120_000);
      }
      return page;
    };
    for (;;) {
      const url = queue.shift();
      if (url === undefined) {
        if (active === 0) break;
        await new Promise<void>((resume) => waiting.push(resume));
        continue;
      }
      active += 1;
      try {
        if (!scripted(url)) {
          await read(url);
          continue;
        }
        await open(await pageToOpen(), url);
        if (result.pages.get(url)?.error !== undefined) {
          // A navigation that failed (a timeout) may still land later and cut into the next one:
          // the page is replaced and the URL tried once more; a real fault fails again.
          await page?.close();
          page = undefined;
          await open(await pageToOpen(), url);
        }
      } finally {
        active -= 1;
        wake();
      }
    }
    await page?.close();
  };

  /** Fetches each sub-resource of the parsed pages that no opened page loaded already. */
  const checkResources = async () => {
    const left = [...resources].filter((url) => !requested.has(url));
    const check = async () => {
      for (let url = left.shift(); url !== undefined; url = left.shift()) {
        if (url.startsWith("data:")) continue;
        if (!internal(url)) {
          result.external.push(url);
          continue;
        }
        try {
          const response = await fetch(url);
          await response.arrayBuffer();
          if (response.status !== 200) result.badResources.push(`${response.status} ${url}`);
        } catch (error) {
          result.badResources.push(`${error instanceof Error ? error.message : error} ${url}`);
        }
      }
    };
    await Promise.all(Array.from({ length: options.parallel }, check));
  };

  try {
    // The start page alone first, in the browser: its settled links seed the queue.
    active = 1;
    const page = await context.newPage();
    page.setDefaultTimeout(120_000);
    queue.shift();
    await open(page, start, options.settle).finally(() => {
      active = 0;
    });
    await page.close();
    await Promise.all(Array.from({ length: options.parallel }, worker));
    await checkResources();
  } finally {
    await context.close();
  }
  return result;
}
