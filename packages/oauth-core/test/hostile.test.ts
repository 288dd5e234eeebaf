// A hostile token endpoint and hostile local pages: trickling and endless bodies, echoed secrets,
// forged callbacks, altered metadata, a verifier given twice in two forms, a failing opener.
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { inspect } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createOAuthClient } from "../src/client.js";
import { defineOAuthProvider } from "../src/definition.js";
import {
  OAUTH_BROWSER_FAILED,
  OAUTH_CONFIGURATION,
  OAUTH_INVALID_CAPTURED_VALUE,
  OAUTH_RESPONSE_TOO_LARGE,
  OAUTH_STATE_MISMATCH,
  OAUTH_TEMPLATE_VALUE,
  OAUTH_TIMEOUT,
  type OAuthError,
} from "../src/errors.js";
import { authorizeDesktop } from "../src/flows/desktop.js";
import { initiateOAuth } from "../src/flows/initiate.js";
import { exchangeVerifier, refreshAccessToken } from "../src/flows/web.js";
import { memoryStore } from "./support/fake-client.js";
import { rejection } from "./support/helpers.js";
import { zohoLike } from "./support/providers.js";

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;
let server: Server;
let origin: string;
let handler: Handler;
const sockets = new Set<Socket>();
const received: { url: string; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    res.setHeader("connection", "close");
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ url: req.url ?? "", body });
      handler(req, res, body);
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(() => {
  received.length = 0;
});
afterAll(
  () =>
    new Promise<void>((r) => {
      for (const s of sockets) s.destroy();
      server.close(() => r());
    }),
);

const SECRET = "cs-hostile-client-secret-9f8e";
const REFRESH = "rt-hostile-refresh-token-1a2b";
const CODE = "code-hostile-authorization-77";

const provider = () =>
  defineOAuthProvider({
    id: "hostile",
    authorizationEndpoint: `${origin}/authorize`,
    tokenEndpoint: `${origin}/token`,
    clientAuth: "post",
    pkce: false,
  });
const client = (timeoutMs = 5_000) =>
  createOAuthClient(provider(), {
    clientId: "cid",
    clientSecret: SECRET,
    redirectUri: "http://127.0.0.1/cb",
    timeoutMs,
  });
const okTokens = JSON.stringify({
  access_token: "at-new",
  token_type: "Bearer",
  expires_in: 3600,
  refresh_token: "rt-new",
});

describe("token endpoint bodies", () => {
  it("a body that trickles past the timeout fails with OAUTH_TIMEOUT", async () => {
    handler = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write("{");
      const timer = setInterval(() => res.write(" "), 100);
      res.on("close", () => clearInterval(timer));
    };
    const error = (await rejection(client(800).refresh(REFRESH))) as OAuthError;
    expect(error.code).toBe(OAUTH_TIMEOUT);
  }, 30_000);

  it("an endless body stops at 1 MiB with OAUTH_RESPONSE_TOO_LARGE", async () => {
    handler = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (res.write(chunk)) {}
      };
      res.on("drain", pump);
      pump();
    };
    const error = (await rejection(client(20_000).refresh(REFRESH))) as OAuthError;
    expect(error.code).toBe(OAUTH_RESPONSE_TOO_LARGE);
  }, 30_000);
});

describe("token endpoint error text is redacted", () => {
  const echoes: [string, string][] = [
    ["verbatim", `invalid refresh_token ${REFRESH} for client_secret ${SECRET}`],
    ["URL-encoded", `bad request: ${encodeURIComponent(`${REFRESH}&x=${SECRET}`)}`],
    ["form-encoded field", `body was grant_type=refresh_token%26refresh_token%3D${REFRESH}`],
    ["HTML-escaped JSON", `&quot;refresh_token&quot;:&quot;${REFRESH}&quot;`],
    ["camelCase JSON", `{"refreshToken":"${REFRESH}","clientSecret":"${SECRET}"}`],
    ["nested JSON", `{"request":{"body":{"refresh_token":"${REFRESH}"}}}`],
    ["escaped JSON in JSON", `{\\"refresh_token\\":\\"${REFRESH}\\"}`],
  ];
  it.each(echoes)("%s echo in error_description", async (_name, description) => {
    handler = (_req, res) =>
      res
        .writeHead(400, { "content-type": "application/json" })
        .end(JSON.stringify({ error: "invalid_grant", error_description: description }));
    const error = await rejection(client().refresh(REFRESH));
    expect((error as OAuthError).code, error.message).toBe("OAUTH_INVALID_GRANT");
    for (const text of [error.message, inspect(error, { depth: 5 }), JSON.stringify(error)]) {
      expect(text).not.toContain(REFRESH);
      expect(text).not.toContain(SECRET);
    }
    expect(error.message).toContain("[REDACTED]");
  });
});

describe("captured values are checked when used", () => {
  it("an altered accounts-server passed back for a refresh is refused before anything is sent", async () => {
    handler = (_req, res) => res.end(okTokens);
    const zoho = createOAuthClient(zohoLike, { clientId: "cid", clientSecret: SECRET });
    const error = (await rejection(
      refreshAccessToken(zoho, {
        refreshToken: REFRESH,
        metadata: { "accounts-server": origin },
      }),
    )) as OAuthError;
    expect(error.code).toBe(OAUTH_INVALID_CAPTURED_VALUE);
    expect(received).toHaveLength(0);
  });

  it("an http origin in a template value is refused unless the emulator option allows loopback", async () => {
    const def = defineOAuthProvider({
      id: "origin-template",
      authorizationEndpoint: "https://auth.example.test/authorize",
      tokenEndpoint: "{issuer}/token",
      clientAuth: "post",
    });
    handler = (_req, res) => res.end(okTokens);
    const plain = createOAuthClient(def, { clientId: "cid", clientSecret: SECRET });
    const error = (await rejection(
      plain.refresh(REFRESH, { metadata: { issuer: origin } }),
    )) as OAuthError;
    expect(error.code).toBe(OAUTH_TEMPLATE_VALUE);
    expect(received).toHaveLength(0);
    const emulated = createOAuthClient(def, {
      clientId: "cid",
      clientSecret: SECRET,
      allowLoopbackHttp: true,
    });
    expect((await emulated.refresh(REFRESH, { metadata: { issuer: origin } })).accessToken).toBe(
      "at-new",
    );
  });
});

describe("web flow state", () => {
  it("a redirect URL as verifier needs the session's state, or an explicit opt-out", async () => {
    handler = (_req, res) => res.end(okTokens);
    const redirect = `http://127.0.0.1/cb?code=${CODE}&state=attacker`;
    const missing = (await rejection(
      exchangeVerifier(client(), { verifier: redirect }),
    )) as OAuthError;
    expect(missing.code).toBe(OAUTH_CONFIGURATION);
    const forged = (await rejection(
      exchangeVerifier(client(), { verifier: redirect, state: "mine" }),
    )) as OAuthError;
    expect(forged.code).toBe(OAUTH_STATE_MISMATCH);
    expect(received).toHaveLength(0);
    const checked = await exchangeVerifier(client(), { verifier: redirect, state: false });
    expect(checked.accessToken).toBe("at-new");
    // A bare code has no state to compare: the app checked it in its callback handler.
    expect((await exchangeVerifier(client(), { verifier: CODE })).accessToken).toBe("at-new");
  });
});

describe("headless verifier", () => {
  it("the same code given as the redirect URL, then bare, is exchanged once", async () => {
    handler = (_req, res) => res.end(okTokens);
    const store = memoryStore();
    const c = client();
    await initiateOAuth({
      mode: "REFRESH",
      client: c,
      store,
      given: { verifier: `http://127.0.0.1/cb?code=${CODE}&state=s` },
    });
    await initiateOAuth({ mode: "REFRESH", client: c, store, given: { verifier: ` ${CODE} ` } });
    expect(received.filter((r) => r.body.includes("authorization_code"))).toHaveLength(1);
  });
});

/** A GET to the loopback listener with a chosen Host header. */
function visit(url: string, host?: string): Promise<{ status: number; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: u.hostname,
        port: u.port,
        path: `${u.pathname}${u.search}`,
        headers: host ? { host } : {},
      },
      (res) => {
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

describe("desktop listener", () => {
  it("refuses callbacks without our state (errors too) and foreign Host headers, then finishes", async () => {
    handler = (_req, res) => res.end(okTokens);
    const answers: { status: number; body: string }[] = [];
    let browsing: Promise<unknown> = Promise.resolve();
    const tokens = await authorizeDesktop({
      client: client(),
      callbackUrl: "http://127.0.0.1:0/cb",
      onAuthorizationUrl: () => {},
      timeoutMs: 20_000,
      openBrowser: (url) => {
        browsing = browse(url);
        return true;
      },
    });
    await browsing;
    expect(tokens.accessToken).toBe("at-new");
    expect(answers.map((a) => a.status)).toEqual([400, 400, 421, 200]);

    async function browse(url: string) {
      const auth = new URL(url);
      const callback = auth.searchParams.get("redirect_uri") as string;
      const state = auth.searchParams.get("state") as string;
      // Any local page: an error with no state, or with a guessed one.
      answers.push(await visit(`${callback}?error=access_denied`));
      answers.push(await visit(`${callback}?error=access_denied&state=guess`));
      // DNS rebinding: the right state would not help a foreign Host.
      const port = new URL(callback).port;
      answers.push(await visit(`${callback}?code=${CODE}&state=${state}`, `evil.example:${port}`));
      // The real redirect still works.
      answers.push(await visit(`${callback}?code=${CODE}&state=${state}`));
    }
  }, 30_000);

  it("provider text with terminal escapes is shown without control characters", async () => {
    const error = await rejection(
      authorizeDesktop({
        client: client(),
        callbackUrl: "http://127.0.0.1:0/cb",
        onAuthorizationUrl: () => {},
        timeoutMs: 20_000,
        openBrowser: async (url) => {
          const auth = new URL(url);
          const callback = auth.searchParams.get("redirect_uri") as string;
          const state = auth.searchParams.get("state") as string;
          const description = encodeURIComponent("\u001b[2J\u001b[31mPWNED\u0007 retry\r\n");
          void visit(
            `${callback}?error=server_error&error_description=${description}&state=${state}`,
          );
          return true;
        },
      }),
    );
    expect(error.message).toContain("PWNED retry");
    expect(error.message).not.toMatch(/[\u0000-\u001f\u007f]/);
  }, 30_000);

  it("a failing browser opener ends the flow at once with OAUTH_BROWSER_FAILED", async () => {
    const error = (await rejection(
      authorizeDesktop({
        client: client(),
        callbackUrl: "http://127.0.0.1:0/cb",
        onAuthorizationUrl: () => {},
        timeoutMs: 120_000,
        openBrowser: async () => {
          throw new Error("spawn xdg-open ENOENT");
        },
      }),
    )) as OAuthError;
    expect(error.code).toBe("OAUTH_BROWSER_FAILED");
    expect(OAUTH_BROWSER_FAILED).toBe("OAUTH_BROWSER_FAILED");
    expect(error.message).toContain("xdg-open");
  }, 30_000);
});
