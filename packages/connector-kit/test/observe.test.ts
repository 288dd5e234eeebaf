import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { type AccessTokenSource, basicAuth, oauthTokenAuth } from "../src/auth.js";
import { defineConnector } from "../src/connector.js";
import { ConnectorError } from "../src/errors.js";
import { type ApiClientOptions, type ApiRequest, createApiClient } from "../src/http.js";
import {
  debugFromEnv,
  type RefreshEvent,
  type RequestEvent,
  type ResponseEvent,
  type RetryEvent,
  readRateLimit,
  redactUrl,
} from "../src/observe.js";
import { emulatorRewrite } from "../src/url-guard.js";

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
let server: Server;
let origin: string;
let handler: Handler;

beforeEach(async () => {
  const current = createServer((req, res) => {
    req.resume();
    req.on("end", () => handler(req, res));
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

const TOKEN_1 = "tok-ONE-very-secret";
const TOKEN_2 = "tok-TWO-very-secret";

/** A token source whose first token the server refuses once. */
function tokens(): AccessTokenSource {
  let current = TOKEN_1;
  return {
    async getAccessToken() {
      return current;
    },
    async handleUnauthorized(used) {
      if (used === current) current = TOKEN_2;
      return current;
    },
  };
}

function client(overrides: Partial<ApiClientOptions> = {}) {
  return createApiClient({
    provider: "Example",
    baseUrl: "https://api.example.test/v1",
    allowedHosts: ["api.example.test"],
    auth: oauthTokenAuth(tokens()),
    rewriteUrl: emulatorRewrite(origin),
    userAgent: "x-observe-test/1.0",
    retry: { limit: 2, backoff: () => 5 },
    timeoutMs: 15_000,
    ...overrides,
  });
}

describe("hooks", () => {
  test("onRequest, onResponse and onRetry see every attempt with one request id and the rate-limit state", async () => {
    let n = 0;
    handler = (_req, res) => {
      n += 1;
      res.setHeader("x-ratelimit-limit", "100");
      res.setHeader("x-ratelimit-remaining", String(100 - n));
      // A 503's reset header would set the wait before the retry: only the answer has one.
      if (n > 1) res.setHeader("x-ratelimit-reset", "30");
      res.setHeader("x-request-id", `prov-${n}`);
      res.statusCode = n === 1 ? 503 : 200;
      res.end("{}");
    };
    const events: (RequestEvent | ResponseEvent | RetryEvent)[] = [];
    const kinds: string[] = [];
    const api = client({
      hooks: {
        onRequest: (e) => {
          kinds.push("request");
          events.push(e);
        },
        onResponse: (e) => {
          kinds.push("response");
          events.push(e);
        },
        onRetry: (e) => {
          kinds.push("retry");
          events.push(e);
        },
      },
    });
    const before = Date.now();
    await (await api.send({ path: "items", searchParams: { page: 2 } })).text();
    expect(kinds).toEqual(["request", "response", "retry", "request", "response"]);
    expect(new Set(events.map((e) => e.requestId)).size).toBe(1);
    expect(events.map((e) => e.attempt)).toEqual([1, 1, 1, 2, 2]);
    expect(events[0]?.url).toBe("https://api.example.test/v1/items?page=2");
    const retry = events[2] as RetryEvent;
    expect(retry.reason).toBe(503);
    expect(retry.delayMs).toBe(5);
    const last = events[4] as ResponseEvent;
    expect(last.status).toBe(200);
    expect(last.durationMs).toBeGreaterThanOrEqual(0);
    expect(last.providerRequestId).toBe("prov-2");
    expect(last.rateLimit?.remaining).toBe(98);
    expect(last.rateLimit?.limit).toBe(100);
    expect(last.rateLimit?.resetAt?.getTime() ?? 0).toBeGreaterThanOrEqual(before + 29_000);
    // The client keeps the last state for the connection.
    expect(api.rateLimit?.()?.remaining).toBe(98);
  });

  test("onRefresh follows a 401 that a newer token fixes; a throwing hook does not break the call", async () => {
    handler = (req, res) => {
      res.statusCode = req.headers.authorization === `Bearer ${TOKEN_2}` ? 200 : 401;
      res.end("{}");
    };
    const refreshes: RefreshEvent[] = [];
    const api = client({
      hooks: {
        onRequest: () => {
          throw new Error("observer bug");
        },
        onRefresh: (e) => refreshes.push(e),
      },
    });
    const response = await api.send({ path: "me" });
    expect(response.status).toBe(200);
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]?.refreshed).toBe(true);
    expect(refreshes[0]?.cause).toBe("unauthorized");
    expect(refreshes[0]?.attempt).toBe(1);
  });

  test("onRefresh also reports a token refreshed ahead of its expiry, once, before the call is sent", async () => {
    const seen: string[] = [];
    handler = (req, res) => {
      seen.push(String(req.headers.authorization));
      res.end("{}");
    };
    // The token manager hands out a newer token once the first one is about to expire.
    let current = TOKEN_1;
    const source: AccessTokenSource = {
      getAccessToken: async () => current,
      handleUnauthorized: async () => undefined,
    };
    const refreshes: RefreshEvent[] = [];
    const requests: RequestEvent[] = [];
    const api = client({
      auth: oauthTokenAuth(source),
      hooks: { onRefresh: (e) => refreshes.push(e), onRequest: (e) => requests.push(e) },
    });
    await (await api.send({ path: "one" })).text();
    await (await api.send({ path: "two" })).text();
    expect(refreshes).toEqual([]);
    current = TOKEN_2;
    await (await api.send({ path: "three" })).text();
    await (await api.send({ path: "four" })).text();
    expect(seen).toEqual([
      `Bearer ${TOKEN_1}`,
      `Bearer ${TOKEN_1}`,
      `Bearer ${TOKEN_2}`,
      `Bearer ${TOKEN_2}`,
    ]);
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]).toMatchObject({ cause: "expiry", refreshed: true, attempt: 1 });
    expect(refreshes[0]?.requestId).toBe(requests[2]?.requestId);
    expect(JSON.stringify(refreshes)).not.toContain(TOKEN_2);
  });

  test("a 401 refresh is reported once, not again as an expiry on the retry", async () => {
    handler = (req, res) => {
      res.statusCode = req.headers.authorization === `Bearer ${TOKEN_2}` ? 200 : 401;
      res.end("{}");
    };
    const refreshes: RefreshEvent[] = [];
    const api = client({
      auth: oauthTokenAuth(tokens()),
      hooks: { onRefresh: (e) => refreshes.push(e) },
    });
    expect((await api.send({ path: "me" })).status).toBe(200);
    expect((await api.send({ path: "me" })).status).toBe(200);
    expect(refreshes.map((e) => e.cause)).toEqual(["unauthorized"]);
  });

  test("a user-supplied fetch carries every attempt", async () => {
    handler = (_req, res) => res.end("{}");
    const seen: string[] = [];
    const api = client({
      fetch: (input, init) => {
        seen.push(String(input instanceof Request ? input.url : input));
        return fetch(input, init);
      },
    });
    await (await api.send({ path: "a" })).text();
    expect(seen).toEqual([`${origin}/api.example.test/v1/a`]);
  });
});

describe("retries, deadline and abort, per client and per call", () => {
  test("retryLimit per call overrides the client's; the custom backoff is used", async () => {
    let n = 0;
    handler = (_req, res) => {
      n += 1;
      res.statusCode = 500;
      res.end("{}");
    };
    const waits: number[] = [];
    const api = client({
      retry: {
        limit: 3,
        backoff: (r) => {
          waits.push(r);
          return 1;
        },
      },
    });
    await expect(api.send({ path: "x", retryLimit: 0 })).rejects.toMatchObject({ status: 500 });
    expect(n).toBe(1);
    n = 0;
    await expect(api.send({ path: "x" })).rejects.toMatchObject({ status: 500 });
    expect(n).toBe(4);
    expect(waits).toEqual([1, 2, 3]);
  });

  test("a call's own retry replaces the client's limit and backoff field by field", async () => {
    let n = 0;
    handler = (_req, res) => {
      n += 1;
      res.statusCode = 503;
      res.end("{}");
    };
    const clientWaits: number[] = [];
    const callWaits: number[] = [];
    const delays: number[] = [];
    const api = client({
      retry: { limit: 3, backoff: (r) => clientWaits.push(r) && 2 },
      hooks: { onRetry: (e) => delays.push(e.delayMs) },
    });
    // Limit and backoff of the call.
    await expect(
      api.send({ path: "x", retry: { limit: 1, backoff: (r) => callWaits.push(r) && 3 } }),
    ).rejects.toMatchObject({ status: 503 });
    expect([n, callWaits, clientWaits, delays]).toEqual([2, [1], [], [3]]);
    // Only the limit: the client's backoff stays.
    n = 0;
    delays.length = 0;
    await expect(api.send({ path: "x", retry: { limit: 2 } })).rejects.toMatchObject({
      status: 503,
    });
    expect([n, clientWaits, delays]).toEqual([3, [1, 2], [2, 2]]);
    // Only the backoff cap: the client's backoff, capped by the call.
    n = 0;
    delays.length = 0;
    await expect(
      api.send({ path: "x", retry: { limit: 1, backoffLimitMs: 1 } }),
    ).rejects.toMatchObject({ status: 503 });
    expect([n, delays]).toEqual([2, [1]]);
    // retry.limit wins over retryLimit; the client's limit applies again without them.
    n = 0;
    await expect(api.send({ path: "x", retryLimit: 3, retry: { limit: 0 } })).rejects.toMatchObject(
      { status: 503 },
    );
    expect(n).toBe(1);
    n = 0;
    await expect(api.send({ path: "x" })).rejects.toMatchObject({ status: 503 });
    expect(n).toBe(4);
  });

  test("a call's own longest Retry-After caps the wait a 429 asks for", async () => {
    let n = 0;
    handler = (_req, res) => {
      n += 1;
      res.statusCode = n % 2 === 1 ? 429 : 200;
      res.setHeader("retry-after", "1");
      res.end("{}");
    };
    const delays: number[] = [];
    const api = client({
      retry: { limit: 1, maxRetryAfterMs: 0 },
      hooks: { onRetry: (e) => delays.push(e.delayMs) },
    });
    expect((await api.send({ path: "x" })).status).toBe(200);
    expect((await api.send({ path: "x", retry: { maxRetryAfterMs: 40 } })).status).toBe(200);
    expect(delays).toEqual([0, 40]);
  });

  test("the mode goes in the object too: an unsent-only POST is not sent again after a 500, is after a 429", async () => {
    let n = 0;
    let status = 500;
    handler = (_req, res) => {
      n += 1;
      res.statusCode = n === 1 ? status : 200;
      res.end("{}");
    };
    const api = client({ retry: { limit: 0 } });
    const unsent = { mode: "unsent", limit: 1, backoff: () => 0 } as const;
    await expect(
      api.send({ method: "POST", path: "x", json: {}, retry: unsent }),
    ).rejects.toMatchObject({ status: 500 });
    expect(n).toBe(1);
    n = 0;
    status = 429;
    expect((await api.send({ method: "POST", path: "x", json: {}, retry: unsent })).status).toBe(
      200,
    );
    expect(n).toBe(2);
  });

  test("wrong retry settings are typed errors naming the setting; nothing is sent", async () => {
    let n = 0;
    handler = (_req, res) => {
      n += 1;
      res.end("{}");
    };
    const api = client();
    const cases: [unknown, string][] = [
      [{ limit: -1 }, "retry.limit"],
      [{ limit: 1.5 }, "retry.limit"],
      [{ maxRetryAfterMs: "5" }, "retry.maxRetryAfterMs"],
      [{ backoff: 100 }, "retry.backoff"],
      [{ mode: "always" }, "retry.mode"],
      ["sometimes", "retry"],
      [null, "retry"],
    ];
    for (const [retry, name] of cases) {
      const error = await api
        .send({ path: "x", retry: retry as ApiRequest["retry"] })
        .catch((e: unknown) => e);
      expect(error, name).toBeInstanceOf(ConnectorError);
      expect((error as ConnectorError).code).toBe("CONNECTOR_INVALID_OPTION");
      expect((error as Error).message).toContain(`The call option ${name} must be`);
      expect((error as ConnectorError).hint).toContain(name);
    }
    expect(n).toBe(0);
    expect(() => client({ retry: { limit: Number.NaN } })).toThrow(
      /The connection option retry\.limit must be a whole number/,
    );
  });

  test("a per-call deadline ends the call with a typed timeout", async () => {
    handler = () => {
      // never answers
    };
    const api = client();
    const error = await api.send({ path: "slow", deadlineMs: 100 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as ConnectorError).code).toBe("CONNECTOR_TIMEOUT");
    expect((error as Error).message).toContain("100 ms");
  });

  test("an AbortSignal ends the call with a typed abort", async () => {
    handler = () => {
      // never answers
    };
    const controller = new AbortController();
    const pending = client().send({ path: "slow", signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as ConnectorError).code).toBe("CONNECTOR_ABORTED");
  });
});

describe("debug log", () => {
  test("every line is redacted: no token, no secret, no query-string credential; ids and timings are there", async () => {
    handler = (req, res) => {
      res.setHeader("ratelimit-remaining", "7");
      res.statusCode = req.headers.authorization === `Bearer ${TOKEN_2}` ? 200 : 401;
      res.end("{}");
    };
    const lines: string[] = [];
    const api = client({ debug: (line) => lines.push(line) });
    await (
      await api.send({
        path: "things",
        searchParams: { access_token: "QS-TOKEN-1", api_key: "QS-KEY-2", page: 3 },
      })
    ).text();
    const all = lines.join("\n");
    expect(lines.length).toBeGreaterThanOrEqual(5);
    for (const secret of [TOKEN_1, TOKEN_2, "QS-TOKEN-1", "QS-KEY-2"]) {
      expect(all).not.toContain(secret);
    }
    expect(all).toContain("access_token=***");
    expect(all).toContain("page=3");
    expect(all).toMatch(/r\d+ 401 in \d+ ms/);
    expect(all).toMatch(/r\d+ 200 in \d+ ms remaining=7/);
    expect(all).toContain("token refreshed");
    expect(new Set(lines.map((l) => l.split(" ")[0])).size).toBe(1);
  });

  test("DEBUG selects the log: x:*, x:http and * do; other names and -x:http do not", () => {
    expect(debugFromEnv({ DEBUG: "x:*" })).toBeTypeOf("function");
    expect(debugFromEnv({ DEBUG: "other,x:http" })).toBeTypeOf("function");
    expect(debugFromEnv({ DEBUG: "*" })).toBeTypeOf("function");
    expect(debugFromEnv({ DEBUG: "x:*,-x:http" })).toBeUndefined();
    expect(debugFromEnv({ DEBUG: "express:*" })).toBeUndefined();
    expect(debugFromEnv({})).toBeUndefined();
  });

  test("a network failure's message does not quote a URL's credentials", async () => {
    const api = client({
      rewriteUrl: undefined,
      allowedHosts: ["127.0.0.1"],
      baseUrl: `https://user:pw-in-url@127.0.0.1:1/v1`,
    });
    const error = await api
      .send({ path: "x", searchParams: { access_token: "QS-TOKEN-3" } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(String((error as Error).message)).not.toMatch(/pw-in-url|QS-TOKEN-3/);
  });

  test("redactUrl masks credential-like parameters and userinfo only", () => {
    expect(
      redactUrl("https://u:p@h.test/a?code=abc&client_secret=s&signature=z&per_page=5&cursor=c1"),
    ).toBe("https://h.test/a?code=***&client_secret=***&signature=***&per_page=5&cursor=c1");
  });

  test("readRateLimit reads seconds, epoch seconds and epoch milliseconds", () => {
    const at = Date.parse("2026-01-01T00:00:00Z");
    const h = (reset: string) =>
      readRateLimit(new Headers({ "x-ratelimit-remaining": "1", "x-ratelimit-reset": reset }), at);
    expect(h("60")?.resetAt?.toISOString()).toBe("2026-01-01T00:01:00.000Z");
    expect(h(String(at / 1000 + 5))?.resetAt?.toISOString()).toBe("2026-01-01T00:00:05.000Z");
    expect(h(String(at + 7000))?.resetAt?.toISOString()).toBe("2026-01-01T00:00:07.000Z");
    expect(readRateLimit(new Headers())).toBeUndefined();
  });
});

describe("connect() options", () => {
  const deprecation = `Kit Observe: Legacy=ON is deprecated (${Math.random()}).`;
  const kit = defineConnector({
    id: "kit-observe",
    name: "Kit Observe",
    userAgent: "x-kit-observe/0.0.0",
    properties: {},
    authSchemes: ["Basic"],
    credentials: () => basicAuth("user", "basic-secret-pw"),
    api: () => ({ baseUrl: "https://api.example.test", allowedHosts: ["api.example.test"] }),
    whoAmI: async () => ({ id: "1", raw: {} }),
    resources: () => ({}),
    warnings: () => [deprecation],
  });

  test("a deprecation warning is emitted once per process, however many connect() calls", async () => {
    const emitted = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    try {
      await kit.connect({});
      await kit.connect({});
      await kit.connect({});
      expect(emitted.mock.calls.filter((c) => c[0] === deprecation)).toHaveLength(1);
    } finally {
      emitted.mockRestore();
    }
    // An explicit onWarning still receives it every time.
    const seen: string[] = [];
    await kit.connect({}, { onWarning: (m) => seen.push(m) });
    expect(seen).toEqual([deprecation]);
  });

  test("hooks, retry and debug reach the connection; rateLimit shows the last answer's state", async () => {
    handler = (_req, res) => {
      res.setHeader("x-ratelimit-remaining", "41");
      res.end('{"ok":true}');
    };
    const statuses: number[] = [];
    const lines: string[] = [];
    const conn = await kit.connect(
      {},
      {
        emulatorUrl: origin,
        onWarning: () => {},
        hooks: { onResponse: (e) => statuses.push(e.status) },
        debug: (l) => lines.push(l),
        retry: { limit: 0 },
      },
    );
    expect(conn.rateLimit).toBeUndefined();
    expect(await conn.getJson("v1/ok")).toEqual({ ok: true });
    expect(statuses).toEqual([200]);
    expect(conn.rateLimit?.remaining).toBe(41);
    expect(lines.join("\n")).not.toContain("basic-secret-pw");
    expect(lines.join("\n")).toContain("GET https://api.example.test/v1/ok");
  });

  test("request() and getJson() take their own retry over the connection's", async () => {
    let n = 0;
    handler = (_req, res) => {
      n += 1;
      res.statusCode = n % 3 === 0 ? 200 : 502;
      res.end('{"ok":true}');
    };
    const waits: string[] = [];
    const conn = await kit.connect(
      {},
      {
        emulatorUrl: origin,
        onWarning: () => {},
        retry: { limit: 0, backoff: () => waits.push("connection") && 0 },
      },
    );
    // The connection's limit 0: one attempt.
    await expect(conn.getJson("v1/ok")).rejects.toMatchObject({ status: 502 });
    expect(n).toBe(1);
    n = 0;
    const own = { limit: 2, backoff: () => waits.push("call") && 0 };
    expect(await conn.getJson("v1/ok", undefined, { retry: own })).toEqual({ ok: true });
    expect(n).toBe(3);
    n = 0;
    expect((await conn.request({ path: "v1/ok", retry: own })).status).toBe(200);
    expect(n).toBe(3);
    n = 0;
    expect((await conn.request({ path: "v1/ok", retry: { limit: 2 } })).status).toBe(200);
    expect(waits).toEqual(["call", "call", "call", "call", "connection", "connection"]);
    await expect(
      kit.connect({}, { onWarning: () => {}, retry: { backoff: 1 as never } }),
    ).rejects.toMatchObject({
      code: "CONNECTOR_INVALID_OPTION",
    });
  });
});
