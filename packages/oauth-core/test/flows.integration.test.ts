// Desktop (without a real browser), web and headless flows, and InitiateOAuth, against oidc-provider.
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { openSettingsStore } from "@x/settings-store";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createOAuthClient } from "../src/client.js";
import {
  AbortedError,
  AccessDeniedError,
  AuthorizationTimeoutError,
  CallbackPortError,
  ConfigurationError,
  InvalidGrantError,
  NoTokensError,
} from "../src/errors.js";
import { authorizeDesktop } from "../src/flows/desktop.js";
import { initiateOAuth } from "../src/flows/initiate.js";
import { exchangeVerifier, getAuthorizationUrl, refreshAccessToken } from "../src/flows/web.js";
import { fingerprint } from "../src/pkce.js";
import { memoryStore } from "./support/fake-client.js";
import { freePort, rejection, testProvider } from "./support/helpers.js";
import {
  CALLBACK_PATH,
  CLIENTS,
  startAuthServer,
  type TestAuthServer,
} from "./support/oidc-server.js";

let server: TestAuthServer;
let dir: string;
beforeAll(async () => {
  server = await startAuthServer();
  dir = mkdtempSync(join(tmpdir(), "oauth-core-flows-"));
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  server.interaction = "approve";
  server.rotateRefreshTokens = true;
});

// Port 0: the desktop listener picks a free port and sends it in the redirect URI.
const client = (redirectUri = `http://127.0.0.1:0${CALLBACK_PATH}`) =>
  createOAuthClient(testProvider(server), { ...CLIENTS.basic, redirectUri });

/** A "browser" that approves consent and follows the redirect to the loopback listener. */
const browsing: Promise<unknown>[] = [];
function autoBrowser(pages: { status: number; html: string }[] = []) {
  return (url: string) => {
    // The flow settles when its page is sent; the "browser" keeps reading it in the background.
    const visit = (async () => {
      const redirect = await server.authorize(url);
      const res = await fetch(redirect);
      pages.push({ status: res.status, html: await res.text() });
    })();
    browsing.push(visit);
    return true;
  };
}
const browsed = () => Promise.all(browsing.splice(0));

describe("desktop flow", () => {
  it("listens on 127.0.0.1, exchanges the code, persists, shows success and closes", async () => {
    const store = memoryStore();
    const pages: { status: number; html: string }[] = [];
    const printed: string[] = [];
    const tokens = await authorizeDesktop({
      client: client(),
      store,
      openBrowser: autoBrowser(pages),
      onAuthorizationUrl: (u) => printed.push(u),
    });
    await browsed();
    expect(tokens.refreshToken).toBeTruthy();
    const stored = await store.get();
    expect(stored?.accessToken).toBe(tokens.accessToken);
    expect(stored?.refreshToken).toBe(tokens.refreshToken);
    expect(pages).toHaveLength(1);
    expect(pages[0]?.status).toBe(200);
    expect(pages[0]?.html).toContain("Authorization succeeded");
    expect(printed).toHaveLength(1);
    const redirectUri = new URL(
      new URL(printed[0] as string).searchParams.get("redirect_uri") as string,
    );
    expect(redirectUri.hostname).toBe("127.0.0.1");
    expect(redirectUri.pathname).toBe(CALLBACK_PATH);
    // The ephemeral listener is closed afterwards.
    await expect(fetch(`http://127.0.0.1:${redirectUri.port}${CALLBACK_PATH}`)).rejects.toThrow();
  });

  it("uses the CallbackURL's port, answers 404/400 to other requests and accepts one valid callback", async () => {
    const port = await freePort();
    const callbackUrl = `http://127.0.0.1:${port}${CALLBACK_PATH}`;
    const seen: number[] = [];
    const tokens = await authorizeDesktop({
      client: client(callbackUrl),
      callbackUrl,
      onAuthorizationUrl: () => {},
      openBrowser: (url) => {
        browsing.push(
          (async () => {
            seen.push((await fetch(`http://127.0.0.1:${port}/other`)).status);
            seen.push((await fetch(`http://127.0.0.1:${port}${CALLBACK_PATH}`)).status);
            seen.push(
              (await fetch(`http://127.0.0.1:${port}${CALLBACK_PATH}?code=x&state=forged`)).status,
            );
            const redirect = await server.authorize(url);
            expect(redirect.port).toBe(String(port));
            seen.push((await fetch(redirect)).status);
          })(),
        );
        return true;
      },
    });
    await browsed();
    expect(seen).toEqual([404, 400, 400, 200]);
    expect(tokens.accessToken).toBeTruthy();
  });

  it("sends the CallbackURL exactly as written and listens on the port it names", async () => {
    const port = await freePort();
    const callbackUrl = `http://localhost:${port}`; // no path: no slash may be added
    let sent: string | null = null;
    const e = await rejection(
      authorizeDesktop({
        client: client(),
        callbackUrl,
        onAuthorizationUrl: () => {},
        openBrowser: (url) => {
          const params = new URL(url).searchParams;
          sent = params.get("redirect_uri");
          // The provider's redirect, as a browser would follow it.
          void fetch(`http://127.0.0.1:${port}/?code=not-a-real-code&state=${params.get("state")}`)
            .then((r) => r.text())
            .catch(() => undefined);
          return true;
        },
        timeoutMs: 60_000,
      }),
    );
    expect(sent).toBe(callbackUrl);
    // The callback reached the listener on that port: the made-up code failed at the server.
    expect(e).toBeInstanceOf(InvalidGrantError);
  });

  it("a port in use is a clear error naming the port", async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", r));
    const port = (blocker.address() as { port: number }).port;
    try {
      const e = await rejection(
        authorizeDesktop({
          client: client(),
          callbackUrl: `http://127.0.0.1:${port}/cb`,
          openBrowser: () => true,
          onAuthorizationUrl: () => {},
        }),
      );
      expect(e).toBeInstanceOf(CallbackPortError);
      expect((e as CallbackPortError).code).toBe("OAUTH_CALLBACK_PORT_IN_USE");
      expect(e.message).toContain(String(port));
      expect((e as CallbackPortError).hint).toMatch(/another port/);
    } finally {
      blocker.close();
    }
  });

  it("denied consent shows a failure page and rejects with AccessDeniedError", async () => {
    server.interaction = "deny";
    const pages: { status: number; html: string }[] = [];
    const e = await rejection(
      authorizeDesktop({
        client: client(),
        openBrowser: autoBrowser(pages),
        onAuthorizationUrl: () => {},
      }),
    );
    await browsed();
    expect(e).toBeInstanceOf(AccessDeniedError);
    expect(pages[0]?.status).toBe(400);
    expect(pages[0]?.html).toContain("Authorization failed");
    expect(pages[0]?.html).toContain("denied");
  });

  it("falls back to a pasted redirect URL when no browser opens", async () => {
    const store = memoryStore();
    let authUrl = "";
    const tokens = await authorizeDesktop({
      client: client(),
      store,
      openBrowser: () => false,
      onAuthorizationUrl: (u) => {
        authUrl = u;
      },
      readPastedRedirect: async () => (await server.authorize(authUrl)).href,
    });
    expect((await store.get())?.refreshToken).toBe(tokens.refreshToken);
  });

  it("times out, honours an AbortSignal, and rejects non-loopback callbacks", async () => {
    const e1 = await rejection(
      authorizeDesktop({
        client: client(),
        openBrowser: () => true,
        onAuthorizationUrl: () => {},
        timeoutMs: 150,
      }),
    );
    expect(e1).toBeInstanceOf(AuthorizationTimeoutError);
    const controller = new AbortController();
    const e2 = await rejection(
      authorizeDesktop({
        client: client(),
        openBrowser: () => {
          controller.abort();
          return true;
        },
        onAuthorizationUrl: () => {},
        signal: controller.signal,
      }),
    );
    expect(e2).toBeInstanceOf(AbortedError);
    const e3 = await rejection(
      authorizeDesktop({ client: client(), callbackUrl: "https://app.example/cb" }),
    );
    expect(e3).toBeInstanceOf(ConfigurationError);
  });
});

describe("web flow (the three procedures)", () => {
  it("authorization URL -> exchange the verifier -> refresh", async () => {
    const c = client("https://app.example/oauth/callback");
    const auth = getAuthorizationUrl(c, { callbackUrl: `http://127.0.0.1${CALLBACK_PATH}` });
    expect(auth.state).toBeTruthy();
    expect(auth.codeVerifier).toBeTruthy();
    expect(inspect(auth) + JSON.stringify(auth)).not.toContain(auth.codeVerifier as string);
    // Second HTTP request of the web app: the redirect arrives with the code.
    const redirect = await server.authorize(auth.url);
    const result = await exchangeVerifier(c, {
      verifier: redirect.href,
      state: auth.state,
      codeVerifier: auth.codeVerifier,
      callbackUrl: `http://127.0.0.1${CALLBACK_PATH}`,
    });
    expect(result.expiresIn).toBeGreaterThan(3500);
    expect(result.refreshToken).toBeTruthy();
    expect(JSON.stringify(result)).not.toContain(result.accessToken);
    const refreshed = await refreshAccessToken(c, {
      refreshToken: result.refreshToken as string,
      metadata: result.metadata,
    });
    expect(refreshed.accessToken).not.toBe(result.accessToken);
    expect(refreshed.refreshToken).not.toBe(result.refreshToken);
  });

  it("exchangeVerifier accepts the bare code", async () => {
    const c = client();
    const auth = getAuthorizationUrl(c);
    const code = (await server.authorize(auth.url)).searchParams.get("code") as string;
    const result = await exchangeVerifier(c, { verifier: code, codeVerifier: auth.codeVerifier });
    expect(result.accessToken).toBeTruthy();
  });
});

describe("InitiateOAuth and headless", () => {
  it("OFF uses the given access token as is", async () => {
    const p = await initiateOAuth({
      mode: "OFF",
      client: client(),
      given: { accessToken: "given-token" },
    });
    expect(await p.getAccessToken()).toBe("given-token");
    await expect(initiateOAuth({ mode: "OFF", client: client() })).rejects.toBeInstanceOf(
      NoTokensError,
    );
  });

  it("REFRESH with a verifier exchanges it once; a consumed verifier is not sent again", async () => {
    const c = client();
    const auth = getAuthorizationUrl(c);
    const code = (await server.authorize(auth.url)).searchParams.get("code") as string;
    const pkceClient = createOAuthClient(testProvider(server), {
      ...CLIENTS.basic,
      redirectUri: `http://127.0.0.1${CALLBACK_PATH}`,
    });
    // The code was obtained with PKCE; a headless exchange without the verifier must fail at the server.
    await expect(
      initiateOAuth({
        mode: "REFRESH",
        client: pkceClient,
        store: memoryStore(),
        given: { verifier: code },
      }),
    ).rejects.toBeInstanceOf(InvalidGrantError);

    const noPkce = createOAuthClient(
      { ...testProvider(server), pkce: false },
      { ...CLIENTS.basic, redirectUri: `http://127.0.0.1${CALLBACK_PATH}` },
    );
    const auth2 = getAuthorizationUrl(noPkce);
    const code2 = (await server.authorize(auth2.url)).searchParams.get("code") as string;
    const store = memoryStore();
    const before = server.counts.byGrant.authorization_code ?? 0;
    const first = await initiateOAuth({
      mode: "REFRESH",
      client: noPkce,
      store,
      given: { verifier: code2 },
    });
    const token = await first.getAccessToken();
    const stored = await store.get();
    expect(stored?.consumedVerifier).toBe(fingerprint(code2));
    expect(JSON.stringify(stored)).not.toContain(code2);
    // The same connection string again: the verifier is recognised, not exchanged again.
    const second = await initiateOAuth({
      mode: "REFRESH",
      client: noPkce,
      store,
      given: { verifier: code2 },
    });
    expect(await second.getAccessToken()).toBe(token);
    expect((server.counts.byGrant.authorization_code ?? 0) - before).toBe(1);
  });

  it("REFRESH without anything stored or given fails without opening a browser", async () => {
    let opened = false;
    const e = await rejection(
      initiateOAuth({
        mode: "REFRESH",
        client: client(),
        store: memoryStore(),
        desktop: { openBrowser: () => (opened = true) },
      }),
    );
    expect(e).toBeInstanceOf(NoTokensError);
    expect(opened).toBe(false);
  });

  it("REFRESH seeds an empty store from a given refresh token, then refreshes and persists", async () => {
    const c = client();
    const { tokens } = await (async () => {
      const auth = getAuthorizationUrl(c);
      const redirect = await server.authorize(auth.url);
      return {
        tokens: await exchangeVerifier(c, {
          verifier: redirect.href,
          state: auth.state,
          codeVerifier: auth.codeVerifier,
        }),
      };
    })();
    const store = memoryStore();
    const p = await initiateOAuth({
      mode: "REFRESH",
      client: c,
      store,
      given: { refreshToken: tokens.refreshToken },
    });
    const access = await p.getAccessToken();
    expect(access).not.toBe(tokens.accessToken);
    const stored = await store.get();
    expect(stored?.accessToken).toBe(access);
    expect(stored?.refreshToken).not.toBe(tokens.refreshToken); // rotated and persisted
  });

  it("GETANDREFRESH runs the desktop flow only when nothing usable is stored", async () => {
    const store = memoryStore();
    let opened = 0;
    const desktop = {
      onAuthorizationUrl: () => {},
      openBrowser: (url: string) => {
        opened++;
        return autoBrowser()(url);
      },
    };
    const p1 = await initiateOAuth({ mode: "GETANDREFRESH", client: client(), store, desktop });
    const t1 = await p1.getAccessToken();
    const p2 = await initiateOAuth({ mode: "GETANDREFRESH", client: client(), store, desktop });
    expect(await p2.getAccessToken()).toBe(t1);
    expect(opened).toBe(1);
  });

  it("settings transferred from another machine (a copied file) are used as they are and written back", async () => {
    const original = join(dir, "machine-a", "OAuthSettings.txt");
    const storeA = await openSettingsStore(original, {
      provider: "oidc-test",
      secret: "shared-secret",
      env: {},
    });
    await authorizeDesktop({
      client: client(),
      store: storeA,
      openBrowser: autoBrowser(),
      onAuthorizationUrl: () => {},
    });
    const onA = await storeA.get();
    // Make the access token stale so the copy must refresh.
    await storeA.update((cur) => ({ ...cur, expiresAt: Date.now() - 1000 }));
    await storeA.close();
    const copy = join(dir, "copy-OAuthSettings.txt");
    copyFileSync(original, copy);
    const storeB = await openSettingsStore(copy, {
      provider: "oidc-test",
      secret: "shared-secret",
      env: {},
    });
    const p = await initiateOAuth({ mode: "REFRESH", client: client(), store: storeB });
    const token = await p.getAccessToken();
    expect(token).not.toBe(onA?.accessToken);
    const onB = await storeB.get();
    expect(onB?.accessToken).toBe(token);
    expect(onB?.refreshToken).not.toBe(onA?.refreshToken);
    await storeB.close();
  });
});
