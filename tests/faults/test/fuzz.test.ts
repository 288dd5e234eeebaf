/**
 * Fuzzing with fast-check: everything that takes outside input (connection strings, redirect
 * URLs, token responses, settings files) either succeeds or throws the package's typed error.
 * A crash (any other exception) fails the property; a hang fails the test by its timeout.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ConnStringError, parse } from "@x/conn-string";
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
  readRecords,
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

const TIMEOUT = 120_000;
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

  test("at least 100,000 cases ran in total", () => {
    expect(cases).toBeGreaterThanOrEqual(100_000);
  });
});
