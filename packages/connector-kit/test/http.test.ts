import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { gzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { type AccessTokenSource, basicAuth, headerAuth, oauthTokenAuth } from "../src/auth.js";
import { ApiError, ConnectorError, ConnectorErrorCode } from "../src/errors.js";
import { type ApiClientOptions, createApiClient } from "../src/http.js";
import { emulatorRewrite } from "../src/url-guard.js";

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;
type Seen = { method: string; url: string; headers: IncomingMessage["headers"] }[];
// Each test gets its own server on its own port, with its own handler and record of requests: a
// request still in flight from an earlier test (a slow machine) can never reach a later test.
let server: Server;
let origin: string;
let handler: Handler;
let seen: Seen;

beforeEach(async () => {
  const own: Seen = [];
  seen = own;
  handler = (_req, res) => {
    res.statusCode = 500;
    res.end("no handler set");
  };
  const current = createServer((req, res) => {
    const respond = handler;
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      own.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers });
      respond(req, res, body);
    });
  });
  await new Promise<void>((r) => current.listen(0, "127.0.0.1", r));
  server = current;
  origin = `http://127.0.0.1:${(current.address() as AddressInfo).port}`;
});
afterEach(
  () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
);

/** A token source that counts refreshes, like a token manager over one stored token. */
function tokens(initial = "t1") {
  let current = initial;
  let refreshes = 0;
  const source: AccessTokenSource = {
    async getAccessToken() {
      return current;
    },
    async handleUnauthorized(used) {
      if (used === current) {
        refreshes += 1;
        current = `t${refreshes + 1}`;
      }
      return current;
    },
  };
  return { source, refreshes: () => refreshes, current: () => current };
}

function client(overrides: Partial<ApiClientOptions> = {}) {
  return createApiClient({
    provider: "Example",
    baseUrl: "https://api.example.test/v1",
    allowedHosts: ["api.example.test", "*.example.test"],
    auth: headerAuth("x-api-token", "secret-token"),
    rewriteUrl: emulatorRewrite(origin),
    userAgent: "x-connectors-test/1.0",
    retry: { limit: 2, backoffLimitMs: 20 },
    // Generous: no test here is about timeouts, and a loaded machine can be slow to answer.
    timeoutMs: 15_000,
    ...overrides,
  });
}

describe("createApiClient", () => {
  test("routes through the emulator prefix with credentials and User-Agent", async () => {
    handler = (_req, res) => res.end('{"ok":true}');
    const res = await client().send({ path: "deals", searchParams: { limit: 5, skip: undefined } });
    expect(await res.json()).toEqual({ ok: true });
    expect(seen[0]?.url).toBe("/api.example.test/v1/deals?limit=5");
    expect(seen[0]?.headers["x-api-token"]).toBe("secret-token");
    expect(seen[0]?.headers["user-agent"]).toBe("x-connectors-test/1.0");
  });

  test("refuses to send credentials to a host the provider does not own", async () => {
    handler = (_req, res) => res.end("{}");
    const err = await client()
      .send({ path: "https://evil.test/steal" })
      .catch((e) => e);
    expect(err).toBeInstanceOf(ConnectorError);
    expect(err.code).toBe(ConnectorErrorCode.HostNotAllowed);
    expect(seen).toHaveLength(0);
    const plain = await client()
      .send({ path: "http://api.example.test/v1/x" })
      .catch((e) => e);
    expect(plain.code).toBe(ConnectorErrorCode.HostNotAllowed);
  });

  test("searchParams replace the path's own parameters of the same name, in one query", async () => {
    handler = (_req, res) => res.end("{}");
    const api = client();
    await api.send({
      path: "deals?fixed=1&limit=2",
      searchParams: new URLSearchParams([
        ["limit", "5"],
        ["q", "a b&c"],
        ["limit", "7"],
      ]),
    });
    await api.send({ path: "/deals", searchParams: { page: 2, skip: undefined, on: true } });
    expect(seen.map((s) => s.url)).toEqual([
      "/api.example.test/v1/deals?fixed=1&limit=7&q=a+b%26c",
      "/api.example.test/v1/deals?page=2&on=true",
    ]);
  });

  test("every path reaches fetch as the URL parser resolves it against the base, rewritten or not", async () => {
    // A plain relative path is joined to the base as a string; anything else is resolved as a
    // URL. Both must send what resolve() (the URL parser) gives, query included.
    const paths = [
      "",
      "/",
      "deals",
      "/deals",
      "deals/7/",
      "v2/a.json",
      "a..b",
      "~u/(x)*+,;=!$&'@-_",
      ".well-known/x",
      "a/./b",
      "a/../b",
      "a/%2e%2e/b",
      "a%20b",
      "//deals",
      "x//y",
      "a b",
      "é/ü",
      "a|b[c]",
      "deals?fixed=1",
      "deals#frag",
      "https://eu.example.test/v1/deals",
    ];
    const queries = [undefined, { limit: 5, skip: undefined, q: "a b&c/é" }];
    for (const base of ["https://api.example.test/v1", "https://API.example.test:443/v1/crm/"]) {
      const sent: string[] = [];
      const capture = (async (input: string | URL | Request) => {
        sent.push(String(input instanceof Request ? input.url : input));
        return new Response("{}");
      }) as typeof fetch;
      for (const rewriteUrl of [undefined, emulatorRewrite(origin)]) {
        const api = client({ baseUrl: base, fetch: capture, rewriteUrl });
        for (const path of paths) {
          for (const searchParams of queries) {
            sent.length = 0;
            await (await api.send({ path, searchParams })).text();
            const real = await api.resolve(path, searchParams);
            const expected = rewriteUrl ? rewriteUrl(real).href : real.href;
            expect({ path, searchParams, sent: sent[0] }).toEqual({
              path,
              searchParams,
              sent: expected,
            });
          }
        }
      }
    }
  });

  test("a fixed credential is set on every request; a wrapper's own apply is still called", async () => {
    handler = (_req, res) => res.end("{}");
    await client({ auth: basicAuth("u", "p") }).send({ path: "a" });
    const base = headerAuth("x-api-token", "secret-token");
    const calls: string[] = [];
    const wrapped = {
      ...base,
      async apply(headers: Headers) {
        calls.push("spread");
        headers.set("x-api-token", "from-spread");
      },
    };
    const derived = Object.assign(Object.create(base), {
      async apply(headers: Headers) {
        calls.push("derived");
        headers.set("x-api-token", "from-derived");
      },
    });
    await client({ auth: wrapped }).send({ path: "b" });
    await client({ auth: derived }).send({ path: "c" });
    await client({ auth: base }).send({ path: "d", headers: { "x-api-token": "caller" } });
    expect(calls).toEqual(["spread", "derived"]);
    expect(seen.map((s) => [s.url, s.headers.authorization ?? s.headers["x-api-token"]])).toEqual([
      ["/api.example.test/v1/a", `Basic ${Buffer.from("u:p").toString("base64")}`],
      ["/api.example.test/v1/b", "from-spread"],
      ["/api.example.test/v1/c", "from-derived"],
      ["/api.example.test/v1/d", "secret-token"],
    ]);
  });

  test("a fixed credential's headers are shared by no two calls: a fetch that edits them edits one call", async () => {
    handler = (_req, res) => res.end("{}");
    // A fetch that writes into the headers it is given, on its first call. As a custom fetch it
    // gets a Headers; as the global fetch (patched before the client exists, as interceptors do)
    // the client's own record of headers: a copy for each call, on the short path and the loop.
    const editingFetch = () => {
      let calls = 0;
      return (input: RequestInfo | URL, init?: RequestInit) => {
        calls += 1;
        const headers = init?.headers;
        if (calls === 1 && headers instanceof Headers) {
          headers.set("x-trace", "edited");
          headers.set("x-api-token", "edited");
        } else if (calls === 1 && headers && !Array.isArray(headers)) {
          (headers as Record<string, string>)["x-trace"] = "edited";
          (headers as Record<string, string>)["x-api-token"] = "edited";
        }
        return realFetch(input, init);
      };
    };
    const realFetch = globalThis.fetch;
    const calls = async (api: ReturnType<typeof client>) => {
      await api.send({ path: "a" });
      await api.send({ path: "b" });
      await api.send({ path: "c", method: "POST", json: { n: 1 } });
      await api.send({ path: "d", timeoutMs: 5_000 });
    };
    await calls(client({ userAgent: "example-agent/1", fetch: editingFetch() }));
    try {
      globalThis.fetch = editingFetch();
      await calls(client({ userAgent: "example-agent/1" }));
      globalThis.fetch = editingFetch();
      const loop = client({ userAgent: "example-agent/1" });
      await loop.send({ path: "e", timeoutMs: 5_000 });
      await loop.send({ path: "f", timeoutMs: 5_000 });
    } finally {
      globalThis.fetch = realFetch;
    }
    const expected = (path: string, token: string, trace?: string, type?: string) => [
      `/api.example.test/v1/${path}`,
      token,
      trace,
      "example-agent/1",
      type,
    ];
    const once = [
      expected("a", "edited", "edited"),
      expected("b", "secret-token"),
      expected("c", "secret-token", undefined, "application/json"),
      expected("d", "secret-token"),
    ];
    expect(
      seen.map((s) => [
        s.url,
        s.headers["x-api-token"],
        s.headers["x-trace"],
        s.headers["user-agent"],
        s.headers["content-type"],
      ]),
    ).toEqual([...once, ...once, expected("e", "edited", "edited"), expected("f", "secret-token")]);
  });

  test("errors, hooks and redirects still see the real URL of a path joined as a string", async () => {
    handler = (req, res) => {
      if (req.url?.endsWith("/moved")) {
        res.writeHead(302, { location: "https://api.example.test/v1/deals/7?x=1" });
        res.end();
      } else if (req.url?.includes("/deals/7")) res.end("{}");
      else {
        res.writeHead(404, { "content-type": "application/json" });
        res.end('{"error":"nope"}');
      }
    };
    const urls: string[] = [];
    const api = client({ hooks: { onRequest: (e) => urls.push(e.url) } });
    const error = await api.send({ path: "missing", searchParams: { page: 2 } }).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toContain("https://api.example.test/v1/missing");
    expect(urls).toEqual(["https://api.example.test/v1/missing?page=2"]);
    await (await api.send({ path: "moved" })).text();
    expect(seen.map((s) => s.url)).toEqual([
      "/api.example.test/v1/missing?page=2",
      "/api.example.test/v1/moved",
      "/api.example.test/v1/deals/7?x=1",
    ]);
  });

  test("a host that passed the guard once does not let another host or http through", async () => {
    handler = (_req, res) => res.end("{}");
    const api = client();
    await api.send({ path: "deals" });
    for (const path of ["https://evil.test/steal", "http://api.example.test/v1/deals"]) {
      const err = await api.send({ path }).catch((e) => e);
      expect(err.code).toBe(ConnectorErrorCode.HostNotAllowed);
    }
    await api.send({ path: "https://eu.example.test/v1/deals" });
    expect(seen.map((s) => s.url)).toEqual([
      "/api.example.test/v1/deals",
      "/eu.example.test/v1/deals",
    ]);
  });

  test("a body longer than its declared Content-Length (a custom fetch) still stops at the cap", async () => {
    const api = client({
      maxBodyBytes: 1000,
      fetch: async () =>
        new Response(`"${"x".repeat(2000)}"`, {
          headers: { "content-type": "application/json", "content-length": "10" },
        }),
    });
    for (const read of ["text", "json"] as const) {
      const err = await (await api.send({ path: "x" }))[read]().catch((e) => e);
      expect(err.code).toBe(ConnectorErrorCode.ResponseTooLarge);
    }
    const small = client({
      maxBodyBytes: 1000,
      fetch: async () => new Response('{"a":1}', { headers: { "content-length": "7" } }),
    });
    expect(await (await small.send({ path: "x" })).json()).toEqual({ a: 1 });
  });

  test("a compressed body is capped by what it inflates to, not by its Content-Length", async () => {
    const packed = gzipSync(Buffer.alloc(200_000, 0x20));
    handler = (_req, res) =>
      res
        .writeHead(200, {
          "content-type": "text/plain",
          "content-encoding": "gzip",
          "content-length": String(packed.length),
        })
        .end(packed);
    const api = client({ maxBodyBytes: 100_000 });
    expect(packed.length).toBeLessThan(100_000);
    const err = await (await api.send({ path: "x" })).text().catch((e) => e);
    expect(err.code).toBe(ConnectorErrorCode.ResponseTooLarge);
    const roomy = client({ maxBodyBytes: 300_000 });
    expect((await (await roomy.send({ path: "x" })).text()).length).toBe(200_000);
  });

  test("a 401 refreshes once and retries with the new token", async () => {
    const t = tokens();
    handler = (req, res) => {
      if (req.headers.authorization === "Bearer t2") return void res.end('{"me":1}');
      res.statusCode = 401;
      res.end('{"error":"expired"}');
    };
    const res = await client({ auth: oauthTokenAuth(t.source) }).send({ path: "me" });
    expect(res.status).toBe(200);
    expect(t.refreshes()).toBe(1);
    expect(seen.map((s) => s.headers.authorization)).toEqual(["Bearer t1", "Bearer t2"]);
  });

  test("a 401 that persists after the refresh is a typed error, not a loop", async () => {
    const t = tokens();
    handler = (_req, res) => {
      res.statusCode = 401;
      res.end('{"code":"INVALID_TOKEN","message":"nope"}');
    };
    const err = await client({
      auth: oauthTokenAuth(t.source, { scheme: "Zoho-oauthtoken" }),
      parseError: (body) => JSON.parse(body),
    })
      .send({ path: "me" })
      .catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe(ConnectorErrorCode.Unauthorized);
    expect(err.details.providerCode).toBe("INVALID_TOKEN");
    expect(t.refreshes()).toBe(1);
    expect(seen).toHaveLength(2);
  });

  test("concurrent 401s with the same stale token cause one refresh", async () => {
    const t = tokens();
    handler = (req, res) => {
      if (req.headers.authorization === `Bearer ${t.current()}` && t.current() !== "t1") {
        return void res.end("{}");
      }
      res.statusCode = 401;
      res.end("{}");
    };
    const c = client({ auth: oauthTokenAuth(t.source) });
    const results = await Promise.all(Array.from({ length: 10 }, () => c.send({ path: "me" })));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(t.refreshes()).toBe(1);
  });

  test("503 with Retry-After is retried for GET, honouring the wait", async () => {
    let calls = 0;
    handler = (_req, res) => {
      calls += 1;
      if (calls === 1) {
        res.statusCode = 503;
        res.setHeader("Retry-After", "1");
        return void res.end("slow down");
      }
      res.end("{}");
    };
    const started = Date.now();
    const res = await client().send({ path: "people.xml" });
    expect(res.status).toBe(200);
    expect(calls).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  test("POST is never retried blindly on 5xx", async () => {
    handler = (_req, res) => {
      res.statusCode = 502;
      res.end("bad gateway");
    };
    const err = await client()
      .send({ method: "POST", path: "deals", json: { title: "x" } })
      .catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(502);
    expect(seen).toHaveLength(1);
  });

  test("429 until retries run out is a RateLimited error carrying Retry-After", async () => {
    handler = (_req, res) => {
      res.statusCode = 429;
      res.setHeader("Retry-After", "0");
      res.end('{"error":"Too Many Requests"}');
    };
    const err = await client()
      .send({ path: "tickets" })
      .catch((e) => e);
    expect(err.code).toBe(ConnectorErrorCode.RateLimited);
    expect(seen).toHaveLength(3);
  });

  test("a dropped connection on GET is retried; messages hold no secrets", async () => {
    let calls = 0;
    handler = (req, res) => {
      calls += 1;
      if (calls === 1) return void req.socket.destroy();
      res.end("{}");
    };
    const res = await client().send({ path: "x", searchParams: { api_token: "qs-secret" } });
    expect(res.status).toBe(200);
    expect(calls).toBe(2);

    handler = (req) => req.socket.destroy();
    const err = await client({ retry: { limit: 1, backoffLimitMs: 10 } })
      .send({ path: "x", searchParams: { api_token: "qs-secret" } })
      .catch((e) => e);
    expect(err.code).toBe(ConnectorErrorCode.Network);
    for (const text of [err.message, inspect(err), JSON.stringify(err)]) {
      expect(text).not.toContain("qs-secret");
      expect(text).not.toContain("secret-token");
    }
  });

  test("the call's deadline counts from its first attempt, whichever path sent it", async () => {
    // Only Date is faked: each attempt "takes" 50 s of a 60 s deadline (Timeout 30 s).
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      const sent: string[] = [];
      const slow503 = async (input: RequestInfo | URL) => {
        sent.push(String(input));
        vi.setSystemTime(Date.now() + 50_000);
        return new Response("{}", { status: 503 });
      };
      for (const request of [{ path: "me" }, { path: "me", headers: { "x-own": "1" } }]) {
        sent.length = 0;
        const err = await client({
          fetch: slow503,
          timeoutMs: 30_000,
          retry: { limit: 5, backoff: () => 0 },
        })
          .send(request)
          .catch((e) => e);
        expect(err.code).toBe(ConnectorErrorCode.Timeout);
        expect(err.message).toContain("within 60000 ms, retries included");
        // Attempt 1 ends at 50 s, attempt 2 starts before 60 s and ends at 100 s: no third.
        expect(sent).toHaveLength(2);
      }
    } finally {
      vi.useRealTimers();
    }
  });

  test("a call handed from the short path to the loop keeps its base, its start and its credential", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      // The base resolves once per call, taking 20 s; each attempt takes 15 s and answers 503.
      let resolved = 0;
      const sent: string[] = [];
      const api = client({
        baseUrl: async () => {
          resolved += 1;
          vi.setSystemTime(Date.now() + 20_000);
          return `https://api.example.test/v${resolved}`;
        },
        timeoutMs: 30_000,
        retry: { limit: 10, backoff: () => 0 },
        fetch: async (input: RequestInfo | URL) => {
          sent.push(String(input));
          vi.setSystemTime(Date.now() + 15_000);
          return new Response("{}", { status: 503 });
        },
      });
      const err = await api.send({ path: "me" }).catch((e) => e);
      expect(err.code).toBe(ConnectorErrorCode.Timeout);
      // The 60 s deadline counts from after the base: attempts start at 20, 35, 50 and 65 s.
      expect(sent).toHaveLength(4);
      expect(resolved).toBe(1);
      expect(new Set(sent)).toEqual(new Set([`${origin}/api.example.test/v1/me`]));

      // A credential that takes most of the deadline to apply is applied once: the loop sends
      // the headers the short path built.
      handler = (_req, res) => res.end("{}");
      let applied = 0;
      const slowToken = oauthTokenAuth({
        getAccessToken: async () => {
          applied += 1;
          vi.setSystemTime(Date.now() + 50_000);
          return "slow-token";
        },
        handleUnauthorized: async () => "unused",
      });
      await client({ auth: slowToken, timeoutMs: 30_000 }).send({ path: "me" });
      expect(applied).toBe(1);
      expect(seen.at(-1)?.headers.authorization).toBe("Bearer slow-token");
    } finally {
      vi.useRealTimers();
    }
  });

  test("304 is an answer, not an error", async () => {
    handler = (_req, res) => {
      res.statusCode = 304;
      res.end();
    };
    const res = await client().send({ path: "Leads", headers: { "If-Modified-Since": "x" } });
    expect(res.status).toBe(304);
  });

  test("strategies never print their secrets", () => {
    const strategies = [
      basicAuth("me@example.com/token", "api-secret"),
      headerAuth("x-api-token", "api-secret"),
      oauthTokenAuth(tokens("tok-secret").source),
    ];
    for (const s of strategies) {
      expect(inspect(s)).not.toContain("secret");
      expect(JSON.stringify(s)).not.toContain("secret");
    }
  });
});

describe("emulatorRewrite", () => {
  test("only loopback emulators are accepted", () => {
    expect(() => emulatorRewrite("http://10.0.0.5:4010")).toThrow(/loopback|this machine/);
    expect(() => emulatorRewrite("not a url")).toThrow(ConnectorError);
    const rw = emulatorRewrite("http://localhost:4010/");
    expect(rw(new URL("https://accounts.zoho.eu/oauth/v2/token?a=1")).href).toBe(
      "http://localhost:4010/accounts.zoho.eu/oauth/v2/token?a=1",
    );
  });
});

describe("errors from the refresh", () => {
  test("a refresh that fails reaches the caller as it is, without retries", async () => {
    const refused = Object.assign(new Error("re-authorize"), { code: "OAUTH_INVALID_GRANT" });
    handler = (_req, res) => {
      res.statusCode = 401;
      res.end("{}");
    };
    const err = await client({
      auth: oauthTokenAuth({
        getAccessToken: async () => "stale",
        handleUnauthorized: async () => {
          throw refused;
        },
      }),
    })
      .send({ path: "me" })
      .catch((e) => e);
    expect(err).toBe(refused);
    expect(seen).toHaveLength(1);
  });

  test("a token source that cannot reach its server fails the call as a network error, before sending", async () => {
    handler = (_req, res) => res.end("{}");
    const unreachable = oauthTokenAuth({
      getAccessToken: async () => {
        throw new TypeError("fetch failed");
      },
      handleUnauthorized: async () => "unused",
    });
    // With and without call options of its own: the same typed error, and nothing sent.
    for (const request of [{ path: "me" }, { path: "me", timeoutMs: 5_000 }]) {
      const err = await client({ auth: unreachable })
        .send(request)
        .catch((e) => e);
      expect(err).toBeInstanceOf(ConnectorError);
      expect(err.code).toBe(ConnectorErrorCode.Network);
      expect(err.message).toContain("https://api.example.test/v1/me");
    }
    // A credential no header can carry fails typed too, on the short path as in the loop.
    for (const request of [{ path: "me" }, { path: "me", timeoutMs: 5_000 }]) {
      const err = await client({ auth: headerAuth("x-api-token", "line\nbreak") })
        .send(request)
        .catch((e) => e);
      expect(err).toBeInstanceOf(ConnectorError);
    }
    expect(seen).toHaveLength(0);
  });
});

describe("isUnauthorized", () => {
  test("a 200 the provider marks as unauthenticated gets the refresh-once path", async () => {
    const t = tokens();
    handler = (req, res) =>
      res.end(
        JSON.stringify({ user: { id: req.headers.authorization === "Bearer t2" ? 1 : null } }),
      );
    const res = await client({
      auth: oauthTokenAuth(t.source),
      isUnauthorized: async (_req, response) =>
        ((await response.json()) as { user: { id: unknown } }).user.id === null,
    }).send({ path: "me" });
    expect(await res.json()).toEqual({ user: { id: 1 } });
    expect(t.refreshes()).toBe(1);
  });

  test("unauthorizedIn limits the check (and the clone it reads) to the URLs where it can happen", async () => {
    const t = tokens();
    handler = (_req, res) => res.end(JSON.stringify({ user: { id: null } }));
    const checked: string[] = [];
    const api = client({
      auth: oauthTokenAuth(t.source),
      unauthorizedIn: (url) => url.pathname.endsWith("/me"),
      isUnauthorized: async (req, response) => {
        checked.push(new URL(req.url).pathname);
        return ((await response.json()) as { user: { id: unknown } }).user.id === null;
      },
    });
    const other = await api.send({ path: "tickets" });
    expect(await other.json()).toEqual({ user: { id: null } });
    expect(checked).toEqual([]);
    expect(t.refreshes()).toBe(0);
    await api.send({ path: "me" });
    expect(checked).toEqual(["/v1/me"]);
    expect(t.refreshes()).toBe(1);
  });
});
