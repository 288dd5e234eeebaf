/**
 * A hostile server in place of the provider (through EmulatorURL): redirects that leave the
 * provider's hosts, bodies that trickle while a refresh holds the store lock, Retry-After values
 * of years, redirect URLs exchanged without the session's state. Each ends in a typed error, sends
 * nothing where it must not, and holds nothing for longer than Timeout.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { connector as pipedrive } from "@x/pipedrive";
import { fileDriver } from "@x/settings-store";
import { connector as zohoCrm } from "@x/zoho-crm";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { expectNoSecrets, rejection, tempDir } from "./support.js";

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
let server: Server;
let origin: string;
let handler: Handler;
const seen: { url: string; headers: IncomingMessage["headers"] }[] = [];
const quiet = { onWarning: () => {}, onAuthorizationUrl: () => {} };
const API_TOKEN = "api-hostile-0123456789-token";
const CLIENT_SECRET = "cs-hostile-9f8e7d6c-secret";
const REFRESH = "rt-hostile-6f5e4d3c-refresh";

beforeAll(async () => {
  server = createServer((req, res) => {
    res.setHeader("connection", "close");
    req.resume();
    req.on("end", () => {
      seen.push({ url: req.url ?? "", headers: req.headers });
      handler(req, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(() => {
  seen.length = 0;
});
afterAll(
  () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
);

/** Sends a body one byte every 100 ms, forever (until the client goes away). */
function trickle(res: ServerResponse, first: string): void {
  res.writeHead(200, { "content-type": "application/json" });
  res.write(first);
  const timer = setInterval(() => res.write(" "), 100);
  res.on("close", () => clearInterval(timer));
}

const zoho = (location: string) =>
  `Region=EU;EmulatorURL=${origin};OAuthClientId=hostile-zoho;OAuthClientSecret=${CLIENT_SECRET};InitiateOAuth=REFRESH;OAuthRefreshToken=${REFRESH};OAuthSettingsLocation=${location};Timeout=1`;

describe("a hostile server behind a connector", () => {
  test("a redirect off the provider's hosts: refused, the API token sent nowhere else", async () => {
    handler = (req, res) => {
      if (req.url?.startsWith("/collector")) return res.end("{}");
      res.writeHead(302, { location: `${origin}/collector/steal` }).end();
    };
    const conn = await pipedrive.connect(
      `AuthScheme=Basic;APIToken=${API_TOKEN};CompanyDomain=emulatedcompany;EmulatorURL=${origin}`,
      quiet,
    );
    const error = await rejection(conn.test());
    expect((error as { code?: string }).code).toBe("CONNECTOR_REDIRECT_REFUSED");
    expect(seen.some((s) => s.url.startsWith("/collector"))).toBe(false);
    expect(seen.every((s) => s.url.startsWith("/emulatedcompany.pipedrive.com/"))).toBe(true);
    expectNoSecrets(error, [API_TOKEN]);
  });

  test("a token answer that trickles ends the refresh at Timeout and frees the store lock", async () => {
    handler = (_req, res) => trickle(res, "{");
    const location = join(await tempDir("hostile-lock"), "settings.json");
    const conn = await zohoCrm.connect(zoho(location), quiet);
    const error = await rejection(conn.test());
    expect((error as { code?: string }).code).toBe("OAUTH_TIMEOUT");
    expectNoSecrets(error, [REFRESH, CLIENT_SECRET]);
    await conn.close();
    // Another writer gets the lock at once: nobody holds it.
    const other = fileDriver({ path: location });
    await other.update("probe", () => "x", { waitMs: 5_000 });
    await other.close();
  }, 60_000);

  test("an API body that trickles ends at Timeout with CONNECTOR_TIMEOUT", async () => {
    handler = (_req, res) => trickle(res, '{"data":');
    const conn = await pipedrive.connect(
      `AuthScheme=Basic;APIToken=${API_TOKEN};CompanyDomain=emulatedcompany;EmulatorURL=${origin};Timeout=1`,
      quiet,
    );
    const error = await rejection(conn.getJson("api/v1/users/me"));
    expect((error as { code?: string }).code).toBe("CONNECTOR_TIMEOUT");
  }, 60_000);

  test("Retry-After: 999999999 at the token endpoint holds refreshes back minutes, not years", async () => {
    handler = (_req, res) =>
      res
        .writeHead(429, { "retry-after": "999999999", "content-type": "application/json" })
        .end('{"error":"Access Denied"}');
    const location = join(await tempDir("hostile-retry"), "settings.json");
    const conn = await zohoCrm.connect(zoho(location), quiet);
    const first = await rejection(conn.test());
    expect((first as { code?: string }).code).toBe("OAUTH_THROTTLED");
    const cooling = (await rejection(conn.test())) as Error & { remainingMs?: number };
    expect((cooling as { code?: string }).code).toBe("OAUTH_REFRESH_COOLDOWN");
    expect(cooling.remainingMs).toBeLessThanOrEqual(15 * 60_000);
    await conn.close();
  });

  test("the web flow refuses a redirect URL without the session's state; nothing is exchanged", async () => {
    handler = (_req, res) => res.end('{"access_token":"at","token_type":"Bearer"}');
    const props = `Region=EU;EmulatorURL=${origin};OAuthClientId=hostile-zoho;OAuthClientSecret=${CLIENT_SECRET}`;
    const forged =
      "http://127.0.0.1:9/cb?code=attacker-code&state=attacker&accounts-server=https%3A%2F%2Faccounts.zoho.eu";
    const error = await rejection(zohoCrm.getAccessToken(props, { verifier: forged }));
    expect((error as { code?: string }).code).toBe("OAUTH_CONFIGURATION");
    const mismatch = await rejection(
      zohoCrm.getAccessToken(props, { verifier: forged, state: "the-session-state" }),
    );
    expect((mismatch as { code?: string }).code).toBe("OAUTH_STATE_MISMATCH");
    expect(seen).toHaveLength(0);
  });
});
