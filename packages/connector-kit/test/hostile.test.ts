// A hostile or broken server on loopback: redirects that leave the provider's hosts, bodies that
// trickle or never end, Retry-After values that would block for years, answers that are not JSON.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { inspect } from "node:util";
import { redact } from "@x/conn-string";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { headerAuth } from "../src/auth.js";
import { commonProperties, readConfig } from "../src/config.js";
import { Connection } from "../src/connection.js";
import { ConnectorError, ConnectorErrorCode } from "../src/errors.js";
import { type ApiClientOptions, createApiClient } from "../src/http.js";
import { emulatorRewrite } from "../src/url-guard.js";

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
let server: Server;
let origin: string;
let handler: Handler;
const sockets = new Set<Socket>();
const seen: { method: string; url: string; token: string | undefined }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    // No keep-alive: a test that destroys its sockets must not leave a dead one for the next.
    res.setHeader("connection", "close");
    req.resume();
    req.on("end", () => {
      seen.push({
        method: req.method ?? "",
        url: req.url ?? "",
        token: req.headers["x-api-token"] as string | undefined,
      });
      handler(req, res);
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(() => {
  seen.length = 0;
  // Endless and trickling answers stop with the test.
  for (const socket of sockets) socket.destroy();
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const TOKEN = "api-token-never-elsewhere";

function client(overrides: Partial<ApiClientOptions> = {}) {
  return createApiClient({
    provider: "Example",
    baseUrl: "https://api.example.test/v1",
    allowedHosts: ["api.example.test", "*.example.test"],
    auth: headerAuth("x-api-token", TOKEN),
    rewriteUrl: emulatorRewrite(origin),
    userAgent: "x-connectors-test/1.0",
    retry: { limit: 3, backoffLimitMs: 20 },
    timeoutMs: 2_000,
    ...overrides,
  });
}

async function rejection(promise: Promise<unknown>): Promise<ConnectorError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ConnectorError);
    return error as ConnectorError;
  }
  throw new Error("expected a rejection");
}

describe("redirects", () => {
  test("a redirect to another origin is refused and carries no credential there", async () => {
    handler = (req, res) => {
      if (req.url?.startsWith("/collector")) return res.end('{"stolen":true}');
      res.writeHead(302, { location: `${origin}/collector/steal` }).end();
    };
    const error = await rejection(client().send({ path: "me" }));
    expect(error.code).toBe(ConnectorErrorCode.RedirectRefused);
    expect(error.message).toContain("127.0.0.1");
    expect(seen.map((s) => s.url)).toEqual(["/api.example.test/v1/me"]);
  });

  test("a redirect to a foreign https host is refused, not sent", async () => {
    handler = (_req, res) =>
      res.writeHead(307, { location: "https://collector.example.net/x" }).end();
    const error = await rejection(client().send({ path: "me", method: "POST", json: {} }));
    expect(error.code).toBe(ConnectorErrorCode.RedirectRefused);
    expect(error.message).toContain("collector.example.net");
    expect(seen).toHaveLength(1);
  });

  test("a redirect within the provider's hosts is followed, with credentials applied again", async () => {
    handler = (req, res) => {
      if (req.url === "/api.example.test/v1/old") {
        return res.writeHead(301, { location: "https://eu.example.test/v1/new" }).end();
      }
      res.end('{"ok":true}');
    };
    const response = await client().send({ path: "old" });
    expect(await response.json()).toEqual({ ok: true });
    expect(seen.map((s) => [s.url, s.token])).toEqual([
      ["/api.example.test/v1/old", TOKEN],
      ["/eu.example.test/v1/new", TOKEN],
    ]);
  });

  test("303 after a POST becomes a GET; a loop ends with a typed error", async () => {
    handler = (req, res) => {
      if (req.method === "POST") return res.writeHead(303, { location: "/v1/result" }).end();
      res.end("{}");
    };
    await client().send({ path: "create", method: "POST", json: { a: 1 } });
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      "POST /api.example.test/v1/create",
      "GET /api.example.test/v1/result",
    ]);
    handler = (_req, res) => res.writeHead(302, { location: "/v1/again" }).end();
    const error = await rejection(client().send({ path: "again" }));
    expect(error.code).toBe(ConnectorErrorCode.RedirectRefused);
    expect(error.message).toMatch(/more than 5 times/);
  });
});

describe("timeouts cover the body; bodies are capped", () => {
  /** A JSON body that never ends: a space every 100 ms. */
  const trickle: Handler = (_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.write("[");
    const timer = setInterval(() => res.write(" "), 100);
    res.on("close", () => clearInterval(timer));
  };

  test("a body that trickles past the timeout fails with CONNECTOR_TIMEOUT", async () => {
    handler = trickle;
    const api = client({ timeoutMs: 800 });
    const error = await rejection(new Connection(parts(api)).getJson("slow"));
    expect(error.code).toBe(ConnectorErrorCode.Timeout);
    expect(error.message).toContain(
      "did not send the whole answer to GET https://api.example.test/v1/slow within 800 ms",
    );
  }, 30_000);

  test("every reader of a trickling body fails with the request's own timeout, on both paths", async () => {
    handler = trickle;
    const api = client({ timeoutMs: 300 });
    const readers = ["arrayBuffer", "text", "json", "blob"] as const;
    // A plain call (the short path) and a call with a header of its own (the loop).
    for (const headers of [undefined, { "x-trace": "1" }]) {
      for (const reader of readers) {
        const response = await api.send({ path: `slow-${reader}`, headers });
        const error = await rejection(response[reader]());
        expect(error.code, `${reader} ${headers ? "loop" : "short path"}`).toBe(
          ConnectorErrorCode.Timeout,
        );
        expect(error.message).toContain(`to GET https://api.example.test/v1/slow-${reader} within`);
      }
    }
  }, 60_000);

  test("arrayBuffer() returns every byte of a body sent in many chunks, once", async () => {
    const bytes = Buffer.alloc(300_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31) & 0xff;
    handler = (_req, res) => {
      res.writeHead(200, { "content-type": "application/octet-stream" });
      let at = 0;
      const next = () => {
        if (at >= bytes.length) return res.end();
        res.write(bytes.subarray(at, at + 7_000));
        at += 7_000;
        setImmediate(next);
      };
      next();
    };
    const api = client();
    const response = await api.send({ path: "download" });
    const got = Buffer.from(await response.arrayBuffer());
    expect(got.equals(bytes)).toBe(true);
    expect(response.bodyUsed).toBe(true);
    await expect(response.arrayBuffer()).rejects.toThrow(TypeError);
    // A body of one chunk.
    handler = (_req, res) => res.end("abc");
    const small = await (await api.send({ path: "small" })).arrayBuffer();
    expect(small.byteLength).toBe(3);
    expect(Buffer.from(small).toString()).toBe("abc");
  }, 30_000);

  test("the connection's body cap applies to getJson() and paged reads, not only to json()", async () => {
    handler = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ data: "x".repeat(8_000) }));
    };
    const api = client({ maxBodyBytes: 4_096 });
    const error = await rejection(new Connection(parts(api)).getJson("big"));
    expect(error.code).toBe(ConnectorErrorCode.ResponseTooLarge);
    expect(error.message).toContain("larger than 4096 bytes");
    // Within the cap, the same answer reads whole.
    const roomy = client({ maxBodyBytes: 16_384 });
    const body = (await new Connection(parts(roomy)).getJson("big")) as { data: string };
    expect(body.data).toHaveLength(8_000);
  }, 30_000);

  test("no answer within the timeout is CONNECTOR_TIMEOUT naming the request, for every request in flight", async () => {
    handler = () => {}; // never answers
    const api = client({ timeoutMs: 400 });
    const errors = await Promise.all(["a", "b", "c"].map((path) => rejection(api.send({ path }))));
    expect(errors.map((e) => e.code)).toEqual(Array(3).fill(ConnectorErrorCode.Timeout));
    errors.forEach((error, i) => {
      expect(error.message).toContain(
        `did not answer GET https://api.example.test/v1/${["a", "b", "c"][i]} in time.`,
      );
    });
  }, 30_000);

  test("an endless body stops at the cap with CONNECTOR_RESPONSE_TOO_LARGE", async () => {
    handler = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (res.write(chunk)) {}
      };
      res.on("drain", pump);
      pump();
    };
    const api = client({ maxBodyBytes: 1024 * 1024, timeoutMs: 20_000 });
    const error = await rejection(new Connection(parts(api)).getJson("endless"));
    expect(error.code).toBe(ConnectorErrorCode.ResponseTooLarge);
    const direct = await rejection((await api.send({ path: "endless" })).text());
    expect(direct.code).toBe(ConnectorErrorCode.ResponseTooLarge);
  }, 30_000);
});

describe("retries obey one deadline", () => {
  test("Retry-After: 999999999 is not waited for: a typed rate-limit error at once", async () => {
    handler = (_req, res) => res.writeHead(429, { "retry-after": "999999999" }).end();
    const error = await rejection(client({ timeoutMs: 5_000 }).send({ path: "x" }));
    expect(error.code).toBe(ConnectorErrorCode.RateLimited);
    expect(seen).toHaveLength(1);
  }, 30_000);

  test("waits that would end past the deadline (twice Timeout) stop the retries", async () => {
    handler = (_req, res) => res.writeHead(503, { "retry-after": "1" }).end();
    const error = await rejection(client({ timeoutMs: 1_000 }).send({ path: "x" }));
    expect(error.code).toBe(ConnectorErrorCode.RateLimited);
    // Without a deadline: 1 + 3 retries, a second apart.
    expect(seen.length).toBeLessThan(4);
  }, 30_000);

  test("the deadline is configurable", async () => {
    handler = (_req, res) => res.writeHead(503, { "retry-after": "1" }).end();
    const error = await rejection(
      client({ timeoutMs: 1_000, deadlineMs: 60_000 }).send({ path: "x" }),
    );
    expect(error.code).toBe(ConnectorErrorCode.RateLimited);
    expect(seen).toHaveLength(4);
  }, 30_000);
});

describe("errors a user meets", () => {
  test("a malformed JSON answer is CONNECTOR_MALFORMED_RESPONSE from getJson, paginate and json()", async () => {
    handler = (_req, res) =>
      res.writeHead(200, { "content-type": "application/json" }).end('{"data": [1, 2');
    const api = client();
    const connection = new Connection(parts(api));
    expect((await rejection(connection.getJson("x"))).code).toBe(
      ConnectorErrorCode.MalformedResponse,
    );
    const walk = async () => {
      for await (const _ of connection.paginate("things")) {
        // drain
      }
    };
    expect((await rejection(walk())).code).toBe(ConnectorErrorCode.MalformedResponse);
    // Providers' who-am-I read `(await api.send(...)).json()`: what test() throws.
    expect((await rejection((await api.send({ path: "me" })).json())).code).toBe(
      ConnectorErrorCode.MalformedResponse,
    );
    const tested = new Connection({
      ...parts(api),
      whoAmI: async (a) => ({ id: "x", raw: await (await a.send({ path: "me" })).json() }),
    });
    expect((await rejection(tested.test())).code).toBe(ConnectorErrorCode.MalformedResponse);
  });

  test("an aborted request is CONNECTOR_ABORTED, not a network failure", async () => {
    handler = () => {}; // never answers
    const controller = new AbortController();
    const pending = client().send({ path: "x", signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const error = await rejection(pending);
    expect(error.code).toBe(ConnectorErrorCode.Aborted);
    expect(error.hint).not.toMatch(/network/i);
  });

  test("a store URL's password shows in no inspect, JSON, String or redact() of a config", () => {
    const cs = "OAuthSettingsLocation=redis://:hunter2pw@127.0.0.1:6379/0;Timeout=5";
    const config = readConfig(commonProperties, cs);
    expect(config.OAuthSettingsLocation).toContain("hunter2pw"); // usable by the code
    for (const text of [
      inspect(config),
      JSON.stringify(config),
      String(config),
      redact(cs, { properties: commonProperties }),
    ]) {
      expect(text).not.toContain("hunter2pw");
    }
  });

  test("the largest Timeout is usable: its deadline does not overflow the timer", async () => {
    handler = (_req, res) => res.end('{"ok":true}');
    const api = client({
      timeoutMs: readConfig(commonProperties, "Timeout=2147483").Timeout * 1000,
    });
    expect(await (await api.send({ path: "x" })).json()).toEqual({ ok: true });
  });

  test("Timeout must be between 1 and 2147483 seconds", () => {
    for (const bad of ["0", "-5", "2147484", "99999999999"]) {
      expect(() => readConfig(commonProperties, `Timeout=${bad}`)).toThrow(
        expect.objectContaining({ code: "CONN_STRING_INVALID_VALUE", property: "Timeout" }),
      );
    }
    expect(readConfig(commonProperties, "Timeout=2147483").Timeout).toBe(2_147_483);
  });
});

function parts(api: ReturnType<typeof createApiClient>) {
  return {
    provider: "Example",
    authScheme: "APIToken",
    api,
    whoAmI: async () => ({ id: "1", raw: {} }),
    resources: {
      things: {
        firstRequest: () => ({ path: "things" }),
        pagination: { items: (b: unknown) => b as unknown[], next: () => undefined },
      },
    },
  };
}
