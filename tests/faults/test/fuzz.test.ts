/**
 * Fuzzing with fast-check: everything that takes outside input (connection strings, redirect
 * URLs, token responses, settings files) either succeeds or throws the package's typed error.
 * A crash (any other exception) fails the property; a hang fails the test by its timeout.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { inspect } from "node:util";
import { ConnStringError, parse, redact } from "@x/conn-string";
import { type Connector, ConnectorError } from "@x/connector-kit";
import { connector as highrise, oauthProvider as highriseOAuth } from "@x/highrise";
import {
  OAuthError,
  type OAuthProviderDefinition,
  processRedirect,
  processTokenResponse,
} from "@x/oauth-core";
import { connector as pipedrive, oauthProvider as pipedriveOAuth } from "@x/pipedrive";
import {
  createSettingsStore,
  decryptRecord,
  deriveSettingsKey,
  encryptRecord,
  memoryDriver,
  parseSettingsLocation,
  readRecords,
  redactUrl,
  SETTINGS_FILE_FORMAT,
  SETTINGS_FILE_VERSION,
  SettingsStoreError,
} from "@x/settings-store";
import { connector as zendesk, oauthProvider as zendeskOAuth } from "@x/zendesk";
import { connector as zohoCrm, oauthProvider as zohoOAuth } from "@x/zoho-crm";
import { connector as zohoInventory } from "@x/zoho-inventory";
import fc from "fast-check";
import { afterAll, describe, expect, test } from "vitest";
import { tempDir } from "./support.js";

// A hang detector sized for a loaded two-core machine: the file cases alone are 4,000 writes and
// reads through the safe-file checks, minutes when the disk and CPUs are shared.
const TIMEOUT = 600_000;
let cases = 0;
const counted =
  <T extends unknown[]>(fn: (...args: T) => void) =>
  (...args: T) => {
    cases += 1;
    fn(...args);
  };
const countedAsync =
  <T extends unknown[]>(fn: (...args: T) => Promise<void>) =>
  async (...args: T) => {
    cases += 1;
    await fn(...args);
  };

/** Runs `fn`; an exception passes only when `typed` accepts it. */
function onlyTyped(fn: () => unknown, typed: (e: unknown) => boolean): void {
  try {
    fn();
  } catch (error) {
    if (!typed(error)) throw error;
  }
}
async function onlyTypedAsync(fn: () => Promise<unknown>, typed: (e: unknown) => boolean) {
  try {
    await fn();
  } catch (error) {
    if (!typed(error)) throw error;
  }
}

// Connection strings ---------------------------------------------------------------------------

const piece = fc.constantFrom(
  "=",
  ";",
  "'",
  '"',
  "''",
  '""',
  "{",
  "}",
  " ",
  "\t",
  "\n",
  "\0",
  "\u00a0",
  "\ufeff",
  "é",
  "😀",
  "\\",
  "AuthScheme",
  "OAuth",
  "Basic",
  "APIToken",
  "InitiateOAuth",
  "GETANDREFRESH",
  "REFRESH",
  "OFF",
  "Region",
  "EU",
  "US",
  "Schema",
  "v2",
  "v8",
  "URL",
  "https://acme.zendesk.com",
  "CompanyDomain",
  "AccountId",
  "OrganizationId",
  "Timeout",
  "-1",
  "99999999999999999999",
  "true",
  "OAuthSettingsLocation",
  "memory://x",
  "redis://",
  "EmulatorURL",
  "http://127.0.0.1:1",
  "User",
  "Password",
  "jdbc:x:",
);
const connectionString = fc.oneof(
  fc.string({ maxLength: 80, unit: "binary" }),
  fc.array(piece, { maxLength: 24 }).map((parts) => parts.join("")),
  fc
    .array(
      fc.tuple(
        fc.oneof(piece, fc.string({ maxLength: 12 })),
        fc.oneof(piece, fc.string({ maxLength: 20 })),
      ),
      { maxLength: 8 },
    )
    .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join(";")),
);
const connectors: Connector[] = [
  zohoCrm,
  zohoInventory,
  pipedrive,
  highrise,
  zendesk,
] as unknown as Connector[];
const configTyped = (e: unknown) => e instanceof ConnStringError || e instanceof ConnectorError;

// Redirect URLs --------------------------------------------------------------------------------

const param = fc.tuple(
  fc.constantFrom(
    "code",
    "state",
    "error",
    "error_description",
    "accounts-server",
    "location",
    "x",
    "code[]",
    "",
  ),
  fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.constantFrom(
      "access_denied",
      "https://accounts.zoho.eu",
      "https://evil.example",
      "eu",
      "%",
      "%zz",
      "a=b",
    ),
  ),
);
const redirect = fc.oneof(
  fc.string({ maxLength: 120, unit: "binary" }),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc
    .tuple(
      fc.constantFrom(
        "http://127.0.0.1:33333/callback",
        "https://app.example/cb",
        "",
        "?",
        "#",
        "cb",
      ),
      fc.array(param, { maxLength: 6 }),
      fc.constantFrom("?", "#", "&"),
    )
    .map(([base, params, sep]) => `${base}${sep}${params.map(([k, v]) => `${k}=${v}`).join("&")}`),
);
const oauthDefs: OAuthProviderDefinition[] = [
  zohoOAuth,
  pipedriveOAuth,
  zendeskOAuth,
  highriseOAuth,
];

// Token responses ------------------------------------------------------------------------------

const tokenField = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.constantFrom(
    "Bearer",
    "bearer",
    "mac",
    "",
    "https://www.zohoapis.eu",
    "https://evil.example",
    "invalid_grant",
    "invalid_code",
    "Access Denied",
  ),
);
const tokenBody = fc.oneof(
  fc.json({ maxDepth: 3 }),
  fc.string({ maxLength: 200, unit: "binary" }),
  fc.constantFrom(
    "<html><body>502 Bad Gateway</body></html>",
    "",
    "{",
    "null",
    "[]",
    '{"access_token":',
  ),
  fc
    .record(
      {
        access_token: tokenField,
        token_type: tokenField,
        expires_in: tokenField,
        refresh_token: tokenField,
        scope: tokenField,
        api_domain: tokenField,
        error: tokenField,
        error_description: tokenField,
        id_token: tokenField,
      },
      { requiredKeys: [] },
    )
    .map((o) => JSON.stringify(o)),
);
const tokenResponse = fc.record({
  status: fc.oneof(
    fc.constantFrom(200, 201, 204, 302, 400, 401, 403, 429, 500, 502, 503),
    fc.integer({ min: 100, max: 599 }),
  ),
  contentType: fc.constantFrom(
    "application/json",
    "application/json;charset=UTF-8",
    "text/html",
    "text/plain",
    "",
  ),
  retryAfter: fc.option(
    fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.nat().map(String),
      fc.date().map((d) => (Number.isNaN(d.getTime()) ? "x" : d.toUTCString())),
    ),
  ),
  bodyText: tokenBody,
});

// Settings files -------------------------------------------------------------------------------

const key = await deriveSettingsKey({ secret: "fuzz-secret" });
const settingsValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.record(
    {
      accessToken: tokenField,
      refreshToken: tokenField,
      tokenType: tokenField,
      expiresAt: fc.oneof(fc.integer(), fc.double(), fc.string()),
      updatedAt: fc.oneof(fc.integer(), fc.string()),
      scope: tokenField,
      metadata: fc.oneof(
        fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 1 })),
        fc.jsonValue({ maxDepth: 1 }),
      ),
    },
    { requiredKeys: [] },
  ),
);
const fileText = fc.oneof(
  fc.string({ maxLength: 200, unit: "binary" }),
  fc.json({ maxDepth: 3 }),
  fc
    .record(
      {
        format: fc.oneof(fc.constant(SETTINGS_FILE_FORMAT), fc.string({ maxLength: 10 })),
        version: fc.oneof(fc.constant(SETTINGS_FILE_VERSION), fc.jsonValue({ maxDepth: 0 })),
        records: fc.oneof(
          fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 })),
          fc.jsonValue({ maxDepth: 1 }),
        ),
      },
      { requiredKeys: [] },
    )
    .map((d) => JSON.stringify(d)),
);
const settingsTyped = (e: unknown) => e instanceof SettingsStoreError;

/** Every text form of an error: message, stack, inspect, JSON (issues included). */
function shown(error: unknown): string {
  return [
    error instanceof Error ? `${error.message}\n${error.stack ?? ""}` : "",
    inspect(error, { depth: 6, showHidden: true }),
    JSON.stringify(error) ?? "",
    JSON.stringify((error as { issues?: unknown }).issues ?? null),
  ].join("\n");
}

// Secrets that spill into names (an unquoted ';' or '=' in a secret value) -------------------

const secretNames = fc.constantFrom(
  "Password",
  "OAuthClientSecret",
  "OAuthRefreshToken",
  "OAuthAccessToken",
  "APIToken",
  "OAuthSettingsSecret",
);
// A marker no declared name contains, so finding it anywhere means the tail was echoed.
const tail = fc.stringMatching(/^[A-Za-z0-9_.-]{4,14}$/).map((t) => `Zq7${t}`);
const spill = fc
  .tuple(
    secretNames,
    tail,
    fc.array(piece, { maxLength: 6 }).map((p) => p.join("")),
    fc.integer({ min: 0, max: 6 }),
  )
  .map(([name, t, rest, form]) => {
    const text = [
      `${name}=head;Timeout=${t};${rest}`,
      `${name}=head;InitiateOAuth=${t}`,
      `${name}=head;${t};${rest}`,
      `${name}=head;${t}=v;${rest}`,
      `${name}==${t};${rest}`,
      `${rest};${name}=head;${t}`,
      `User=me;${name}=head;;${t};URL=https://acme.zendesk.com`,
    ][form] as string;
    return { text, tail: t };
  });

// Token-endpoint error text that echoes the secrets of the request --------------------------

const tokenSecret = fc.stringMatching(/^[A-Za-z0-9._~+/=-]{12,40}$/);
const echoForm = fc.constantFrom(
  (x: string) => x,
  (x: string) => encodeURIComponent(x),
  (x: string) => new URLSearchParams({ v: x }).toString().slice(2),
  (x: string) => `refresh_token=${encodeURIComponent(x)}&grant_type=refresh_token`,
  (x: string) => `grant_type=refresh_token%26refresh_token%3D${encodeURIComponent(x)}`,
  (x: string) => `&quot;refresh_token&quot;:&quot;${x.replace(/&/g, "&amp;")}&quot;`,
  (x: string) => JSON.stringify({ refreshToken: x }),
  (x: string) => JSON.stringify({ request: { body: { client_secret: x } } }),
  (x: string) => JSON.stringify(JSON.stringify({ refresh_token: x })),
  (x: string) => x.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"),
);

// Store URLs with passwords --------------------------------------------------------------------

// A marker first, so that the password is no word that stacks and messages contain anyway.
const storePassword = fc
  .string({ minLength: 3, maxLength: 24, unit: "grapheme-ascii" })
  .filter((p) => !/[\s'"]/.test(p))
  .map((p) => `pW9${p}`);
const storeScheme = fc.constantFrom("redis", "rediss", "postgres", "postgresql");

// Locations, Timeouts, long names (bounded ranges and work) ------------------------------------

const location = fc.oneof(
  fc.string({ maxLength: 60, unit: "binary" }),
  fc
    .tuple(
      fc.constantFrom(
        "memory://",
        "redis://",
        "rediss://",
        "postgres://",
        "file://",
        "file:",
        "x:",
      ),
      fc.array(
        fc.oneof(
          fc.constantFrom("%", "%E0", "%A4%A", "%ZZ", "%00", "@", ":", "/", "?", "#", "[", "]"),
          fc.string({ maxLength: 6 }),
        ),
        { maxLength: 8 },
      ),
    )
    .map(([scheme, parts]) => `${scheme}${parts.join("")}`),
);
const timeoutValue = fc.oneof(
  fc.integer({ min: -10, max: 10 }),
  fc.integer({ min: 2_147_480, max: 2_147_490 }),
  fc.maxSafeInteger(),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
  fc.string({ maxLength: 12 }),
);

afterAll(() => {
  console.log(`fuzz cases run: ${cases.toLocaleString("en-US")}`);
});

describe("fuzz: only typed errors, never a crash or a hang", () => {
  test(
    "connection strings: parse and every connector's parseConfig (40,000 cases)",
    () => {
      fc.assert(
        fc.property(
          connectionString,
          fc.constantFrom(...connectors),
          counted((text, connector) => {
            onlyTyped(
              () => parse(text),
              (e) => e instanceof ConnStringError,
            );
            onlyTyped(() => connector.parseConfig(text), configTyped);
          }),
        ),
        { numRuns: 40_000 },
      );
    },
    TIMEOUT,
  );

  test(
    "redirect URLs: processRedirect with and without expected state, every provider (25,000 cases)",
    () => {
      fc.assert(
        fc.property(
          redirect,
          fc.option(fc.constantFrom("s", "state-1", "")),
          fc.option(fc.constantFrom(...oauthDefs)),
          counted((input, expectedState, def) => {
            onlyTyped(
              () =>
                processRedirect(input, {
                  expectedState: expectedState ?? undefined,
                  def: def ?? undefined,
                }),
              (e) => e instanceof OAuthError,
            );
          }),
        ),
        { numRuns: 25_000 },
      );
    },
    TIMEOUT,
  );

  test(
    "token responses: processTokenResponse for every provider (25,000 cases)",
    () => {
      const now = Date.now();
      fc.assert(
        fc.property(
          tokenResponse,
          fc.constantFrom(...oauthDefs),
          fc.constantFrom("authorization code", "refresh token") as fc.Arbitrary<
            "authorization code" | "refresh token"
          >,
          counted((r, def, grant) => {
            const headers: Record<string, string> = {};
            if (r.contentType) headers["content-type"] = r.contentType;
            if (r.retryAfter !== null) headers["retry-after"] = r.retryAfter;
            onlyTyped(
              () =>
                processTokenResponse(
                  def,
                  { status: r.status, headers, bodyText: r.bodyText },
                  {
                    now,
                    grant,
                    previous: { refreshToken: "previous-refresh-token", metadata: {} },
                  },
                ),
              (e) => e instanceof OAuthError,
            );
          }),
        ),
        { numRuns: 25_000 },
      );
    },
    TIMEOUT,
  );

  test(
    "settings records: any decrypted JSON, and any envelope (12,000 cases)",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          settingsValue,
          countedAsync(async (value) => {
            const driver = memoryDriver();
            await driver.set("k", encryptRecord(key, "k", JSON.stringify(value) ?? "null"));
            const store = createSettingsStore(driver, { key: "k", encryption: key });
            await onlyTypedAsync(() => store.get(), settingsTyped);
          }),
        ),
        { numRuns: 8_000 },
      );
      fc.assert(
        fc.property(
          fc.oneof(
            fc.string({ maxLength: 120 }),
            fc
              .array(fc.oneof(fc.constantFrom("xs1", key.id), fc.base64String({ maxLength: 40 })), {
                maxLength: 5,
              })
              .map((p) => p.join(".")),
          ),
          counted((envelope) => {
            onlyTyped(() => decryptRecord(key, "k", envelope), settingsTyped);
          }),
        ),
        { numRuns: 4_000 },
      );
    },
    TIMEOUT,
  );

  test(
    "settings files: any file content read from disk (4,000 cases)",
    async () => {
      const dir = await tempDir("fuzz");
      const path = join(dir, "settings.json");
      await fc.assert(
        fc.asyncProperty(
          fileText,
          countedAsync(async (text) => {
            await writeFile(path, text);
            await onlyTypedAsync(() => readRecords(path), settingsTyped);
          }),
        ),
        { numRuns: 4_000 },
      );
    },
    TIMEOUT,
  );

  test(
    "secrets with an unquoted ';' or '=': the tail is never echoed, by any connector (10,000 cases)",
    () => {
      fc.assert(
        fc.property(
          spill,
          fc.constantFrom(...connectors),
          counted(({ text, tail }, connector) => {
            try {
              connector.parseConfig(text);
            } catch (error) {
              if (!configTyped(error)) throw error;
              expect(shown(error)).not.toContain(tail);
            }
            expect(redact(text, { properties: connector.properties })).not.toContain(tail);
            expect(redact(text)).not.toContain(tail);
          }),
        ),
        { numRuns: 10_000 },
      );
    },
    TIMEOUT,
  );

  test(
    "token-endpoint error text echoing the request's secrets: never in the error (10,000 cases)",
    () => {
      const now = Date.now();
      fc.assert(
        fc.property(
          fc.constantFrom(...oauthDefs),
          tokenSecret,
          echoForm,
          fc.constantFrom(400, 401, 200, 500),
          fc.constantFrom("error_description", "error"),
          counted((def, secret, echo, status, field) => {
            const body: Record<string, string> = { error: "invalid_grant" };
            body[field] = `the server says: ${echo(secret)} (retry)`;
            try {
              processTokenResponse(
                def,
                {
                  status,
                  headers: { "content-type": "application/json" },
                  bodyText: JSON.stringify(body),
                },
                { now, grant: "refresh token", secrets: [secret, "client-secret-value"] },
              );
            } catch (error) {
              if (!(error instanceof OAuthError)) throw error;
              expect(shown(error)).not.toContain(secret);
            }
          }),
        ),
        { numRuns: 10_000 },
      );
    },
    TIMEOUT,
  );

  test(
    "store URLs with passwords: never in redactUrl, location errors or a config's inspect/JSON (5,000 cases)",
    () => {
      fc.assert(
        fc.property(
          storeScheme,
          storePassword,
          fc.constantFrom("127.0.0.1:6379/0", "db.example:5432/x", "", ":bad/0"),
          counted((scheme, password, rest) => {
            const url = `${scheme}://user:${password}@${rest}`;
            fc.pre(!`${scheme}://user:***@${rest}`.includes(password));
            expect(redactUrl(url)).not.toContain(password);
            try {
              parseSettingsLocation(url, "p");
            } catch (error) {
              if (!settingsTyped(error)) throw error;
              expect(shown(error)).not.toContain(password);
            }
            const config = zendesk.parseConfig({
              URL: "https://acme.zendesk.com",
              OAuthSettingsLocation: url,
            });
            expect(`${inspect(config)}${JSON.stringify(config)}${String(config)}`).not.toContain(
              password,
            );
          }),
        ),
        { numRuns: 5_000 },
      );
    },
    TIMEOUT,
  );

  test(
    "locations, Timeout values and long names: typed errors, bounded ranges and work (10,000 cases)",
    () => {
      fc.assert(
        fc.property(
          location,
          timeoutValue,
          fc.string({
            minLength: 65,
            maxLength: 20_000,
            unit: fc.constantFrom("a", "B", "_", "1"),
          }),
          counted((where, timeout, longName) => {
            onlyTyped(() => parseSettingsLocation(where, "p"), settingsTyped);
            let accepted: number | undefined;
            try {
              accepted = pipedrive.parseConfig(`Timeout=${String(timeout)}`).Timeout as number;
            } catch (error) {
              if (!configTyped(error)) throw error;
            }
            if (accepted !== undefined) {
              expect(accepted).toBeGreaterThanOrEqual(1);
              expect(accepted).toBeLessThanOrEqual(2_147_483);
            }
            try {
              zohoCrm.parseConfig(`${longName}=1`);
              throw new Error("an unknown name was accepted");
            } catch (error) {
              if (!configTyped(error)) throw error;
              expect((error as Error).message.length).toBeLessThan(400);
            }
          }),
        ),
        { numRuns: 10_000 },
      );
    },
    TIMEOUT,
  );

  test("at least 135,000 cases ran in total", () => {
    expect(cases).toBeGreaterThanOrEqual(135_000);
  });
});
