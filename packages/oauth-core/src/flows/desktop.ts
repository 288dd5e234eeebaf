/**
 * Desktop flow (RFC 8252): a loopback listener on 127.0.0.1, the system browser, one callback.
 *
 * @module
 */
import { spawn } from "node:child_process";
import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { SettingsStore } from "@x/settings-store";
import type { OAuthClient } from "../client.js";
import {
  AbortedError,
  AuthorizationTimeoutError,
  BrowserFailedError,
  CallbackPortError,
  ConfigurationError,
  InvalidRedirectError,
  OAUTH_STATE_MISMATCH,
  OAuthError,
} from "../errors.js";
import { type TokenSet, tokenSetToSettings } from "../tokens.js";

/** Options of {@link authorizeDesktop}. */
export interface DesktopFlowOptions {
  client: OAuthClient;
  /** Where to persist the tokens (optional: the tokens are also returned). */
  store?: SettingsStore | undefined;
  /**
   * The loopback redirect URI (CallbackURL), e.g. `http://127.0.0.1:33333/oauth/callback`. It is
   * sent exactly as written, and the listener opens the port it implies (80 without one); port 0
   * picks a free port and sends it in the redirect URI. Default the client's redirect URI.
   */
  callbackUrl?: string | undefined;
  /** Scopes; default the provider's defaults. */
  scopes?: readonly string[] | undefined;
  /** Extra authorization parameters. */
  extraParams?: Readonly<Record<string, string>> | undefined;
  /**
   * Opens the URL in a browser; resolves `false` when no browser is available (the URL was printed,
   * so the user can still open it; `readPastedRedirect` is used when given). When it throws, the
   * flow fails at once with `OAUTH_BROWSER_FAILED` (unless `readPastedRedirect` can take over)
   * instead of waiting out its timeout. Default: the platform opener (`xdg-open`, `open`, `start`).
   */
  openBrowser?: ((url: string) => Promise<boolean> | boolean) | undefined;
  /** Called with the authorization URL before the browser opens. Default: print it to stderr. */
  onAuthorizationUrl?: ((url: string) => void) | undefined;
  /**
   * Used when no browser opens: resolves to the redirect URL the user pasted (from a browser on
   * another machine). Races with the loopback callback.
   */
  readPastedRedirect?: (() => Promise<string>) | undefined;
  /** How long to wait for the callback, ms. Default 5 minutes. */
  timeoutMs?: number | undefined;
  signal?: AbortSignal | undefined;
}

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

function page(title: string, body: string, ok: boolean): string {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#222}
h1{color:${ok ? "#1a7f37" : "#cf222e"}}</style></head>
<body><h1>${esc(title)}</h1><p>${esc(body)}</p></body></html>`;
}

function sameState(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

function send(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    connection: "close",
  });
  res.end(html);
}

/**
 * Opens `url` with the platform's opener, detached. Resolves `false` when none can run (no
 * opener, or no display on Linux), so the caller can fall back to a pasted redirect.
 */
export function openSystemBrowser(url: string): Promise<boolean> {
  const platform = process.platform;
  if (platform === "linux" && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return Promise.resolve(false);
  }
  const [command, args] =
    platform === "darwin"
      ? ["open", [url]]
      : platform === "win32"
        ? ["cmd", ["/c", "start", '""', url.replace(/&/g, "^&")]]
        : ["xdg-open", [url]];
  return new Promise((resolve) => {
    try {
      const child = spawn(command, args as string[], { detached: true, stdio: "ignore" });
      child.once("error", () => resolve(false));
      child.once("exit", (code) => resolve(code === 0));
      child.once("spawn", () => {
        child.unref();
        // Openers that stay running have handed the URL over; do not wait for them.
        setTimeout(() => resolve(true), 2000).unref();
      });
    } catch {
      resolve(false);
    }
  });
}

function listen(server: Server, port: number, callbackUrl: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off("listening", onListening);
      reject(
        error.code === "EADDRINUSE"
          ? CallbackPortError.inUse(port)
          : error.code === "EACCES" || error.code === "EPERM"
            ? CallbackPortError.denied(port, callbackUrl)
            : error,
      );
    };
    const onListening = () => {
      server.off("error", onError);
      resolve((server.address() as AddressInfo).port);
    };
    server.once("error", onError);
    server.once("listening", onListening);
    server.listen({ port, host: "127.0.0.1", exclusive: true });
  });
}

/**
 * Runs the desktop authorization flow: listen on 127.0.0.1 (the callback's port, or an ephemeral
 * one), open the browser (and print the URL), accept exactly one valid callback on the exact
 * path (other requests get 404 or 400), exchange the code, persist the tokens, answer the
 * browser with a success or failure page, and close the listener in every case.
 *
 * @throws CallbackPortError, AuthorizationResponseError, AuthorizationTimeoutError, AbortedError,
 *   and the client's exchange errors.
 */
export async function authorizeDesktop(options: DesktopFlowOptions): Promise<TokenSet> {
  const { client } = options;
  const callback = options.callbackUrl ?? client.redirectUri;
  if (!callback) {
    throw new ConfigurationError(
      "The desktop flow needs a callback URL",
      "Set CallbackURL to a loopback address registered with the provider, e.g. http://127.0.0.1:33333/oauth/callback.",
    );
  }
  let callbackUrl: URL;
  try {
    callbackUrl = new URL(callback);
  } catch {
    throw new ConfigurationError(
      `CallbackURL "${callback}" is not a URL`,
      "Use e.g. http://127.0.0.1:33333/oauth/callback.",
    );
  }
  if (callbackUrl.protocol !== "http:" || !LOOPBACK_HOSTS.has(callbackUrl.hostname)) {
    throw new ConfigurationError(
      `CallbackURL "${callback}" is not a loopback http URL`,
      "The desktop flow listens on 127.0.0.1 only; register and use http://127.0.0.1:PORT/path (or the web flow for other redirect URIs).",
    );
  }
  if (options.signal?.aborted) throw new AbortedError("The desktop authorization");
  const timeoutMs = options.timeoutMs ?? 5 * 60_000;
  const path = callbackUrl.pathname;
  const server = createServer();
  // Listen on the port the URL implies: its own, else http's 80. The redirect URI sent is the
  // CallbackURL exactly as written (no port or slash added): providers compare it with the
  // registered one character for character. Only an explicit port 0 asks for a free port, and
  // then the redirect URI carries the port chosen (for providers that allow any loopback port).
  const ephemeral = callbackUrl.port === "0";
  const port = await listen(
    server,
    callbackUrl.port === "" ? 80 : Number(callbackUrl.port),
    callback,
  );
  let redirectUri = callback.trim();
  if (ephemeral) {
    const chosen = new URL(callbackUrl.href);
    chosen.port = String(port);
    chosen.search = "";
    chosen.hash = "";
    redirectUri = chosen.href;
  }
  // Browsers omit the port from Host when it is http's 80.
  const allowedHosts = new Set(
    ["127.0.0.1", "localhost", "[::1]"].flatMap((h) =>
      port === 80 ? [h, `${h}:80`] : [`${h}:${port}`],
    ),
  );

  const cleanups: (() => void)[] = [];
  try {
    const request = client.createAuthorizationRequest({
      redirectUri,
      scopes: options.scopes,
      extraParams: options.extraParams,
    });
    const exchange = async (input: URL | string): Promise<TokenSet> => {
      const { code, captured } = client.processRedirect(input, request.state);
      const tokens = await client.exchangeCode(code, {
        codeVerifier: request.codeVerifier,
        captured,
        redirectUri,
        signal: options.signal,
      });
      if (options.store) {
        // The code is spent: if the store is down, the tokens go to the recovery file, not away.
        await options.store.update((current) => tokenSetToSettings(tokens, current), {
          durable: true,
        });
      }
      return tokens;
    };

    const result = new Promise<TokenSet>((resolve, reject) => {
      let settled = false;
      const finish = (outcome: { tokens: TokenSet } | { error: unknown }) => {
        if (settled) return;
        settled = true;
        if ("tokens" in outcome) resolve(outcome.tokens);
        else reject(outcome.error);
      };
      let busy = false;
      server.on("request", (req: IncomingMessage, res: ServerResponse) => {
        // DNS rebinding: a page of another site resolved to 127.0.0.1 sends its own Host.
        if (!allowedHosts.has((req.headers.host ?? "").toLowerCase())) {
          send(
            res,
            421,
            page("Wrong host", "This listener answers on its loopback address only.", false),
          );
          return;
        }
        const url = new URL(req.url ?? "/", redirectUri);
        if (req.method !== "GET" || url.pathname !== path) {
          send(
            res,
            404,
            page("Not found", "This address is only used to finish an authorization.", false),
          );
          return;
        }
        if (settled || busy) {
          send(
            res,
            400,
            page("Authorization already handled", "You can close this window.", false),
          );
          return;
        }
        if (!url.searchParams.has("code") && !url.searchParams.has("error")) {
          send(res, 400, page("Not an authorization response", "The request has no code.", false));
          return;
        }
        // Every callback, an error one included, must carry our state: any local page could
        // otherwise abort the flow with ?error=access_denied.
        const state = url.searchParams.get("state");
        if (state === null || !sameState(state, request.state)) {
          const mismatch = InvalidRedirectError.stateMismatch(
            state === null ? "missing" : "different",
          );
          send(
            res,
            400,
            page("Authorization failed", `${mismatch.message}. ${mismatch.hint}`, false),
          );
          return;
        }
        busy = true;
        exchange(url).then(
          (tokens) => {
            res.once("close", () => finish({ tokens }));
            send(
              res,
              200,
              page(
                "Authorization succeeded",
                "You can close this window and return to the application.",
                true,
              ),
            );
          },
          (error: unknown) => {
            busy = false;
            if (error instanceof InvalidRedirectError && error.code === OAUTH_STATE_MISMATCH) {
              // Not our callback (stale tab or forged request): refuse it and keep waiting.
              send(
                res,
                400,
                page("Authorization failed", `${error.message}. ${error.hint}`, false),
              );
              return;
            }
            const text =
              error instanceof OAuthError
                ? `${error.message}. ${error.hint}`
                : "The token exchange failed.";
            res.once("close", () => finish({ error }));
            send(res, 400, page("Authorization failed", text, false));
          },
        );
      });
      const timer = setTimeout(
        () => finish({ error: new AuthorizationTimeoutError(timeoutMs) }),
        timeoutMs,
      );
      cleanups.push(() => clearTimeout(timer));
      if (options.signal) {
        const onAbort = () => finish({ error: new AbortedError("The desktop authorization") });
        options.signal.addEventListener("abort", onAbort, { once: true });
        cleanups.push(() => options.signal?.removeEventListener("abort", onAbort));
      }
      const url = request.url.href;
      const announce =
        options.onAuthorizationUrl ??
        ((u: string) => process.stderr.write(`Open this URL in a browser to authorize:\n${u}\n`));
      announce(url);
      let openerError: unknown;
      Promise.resolve()
        .then(() => (options.openBrowser ?? openSystemBrowser)(url))
        .catch((error: unknown) => {
          openerError = error;
          return false;
        })
        .then((opened) => {
          if (opened || settled) return;
          if (!options.readPastedRedirect) {
            // A failing opener must not leave the user waiting for the timeout in silence.
            if (openerError !== undefined) finish({ error: new BrowserFailedError(openerError) });
            return;
          }
          options.readPastedRedirect().then(
            (pasted) => {
              if (settled) return;
              busy = true;
              exchange(pasted).then(
                (tokens) => finish({ tokens }),
                (error: unknown) => finish({ error }),
              );
            },
            (error: unknown) => finish({ error }),
          );
        });
    });
    return await result;
  } finally {
    for (const cleanup of cleanups) cleanup();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
      // A browser may hold a keep-alive connection open; do not wait for it.
      setTimeout(() => server.closeAllConnections(), 500).unref();
    });
  }
}
