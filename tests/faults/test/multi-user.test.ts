/**
 * The multi-user web recipe at size: 1,000 users onboarded through the web procedures into one
 * Redis and one PostgreSQL location (servers of its own), one record per user
 * (OAuthSettingsKey); each user's requests carry only that user's token.
 */
import { randomBytes } from "node:crypto";
import { type Emulator, startEmulator } from "@x/emulator";
import { connect, connector } from "@x/zendesk";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  type OwnPostgres,
  type OwnRedis,
  startOwnPostgres,
  startOwnRedis,
} from "./servers/own-servers.js";
import { tempDir } from "./support.js";

const USERS = 1_000;
const BATCH = 25;

let emulator: Emulator;
let redis: OwnRedis;
let postgres: OwnPostgres;
let recoveryDir: string;

beforeAll(async () => {
  [emulator, redis, postgres, recoveryDir] = await Promise.all([
    startEmulator({ autoApprove: true, zendesk: { requestsPerMinute: false } }),
    startOwnRedis(),
    startOwnPostgres(),
    tempDir("multi-user"),
  ]);
}, 120_000);
afterAll(async () => {
  await Promise.all([emulator?.close(), redis?.close(), postgres?.close()]);
});

/** Runs `task` for every item, `BATCH` at a time. */
async function batched<T>(items: T[], task: (item: T) => Promise<void>) {
  for (let i = 0; i < items.length; i += BATCH)
    await Promise.all(items.slice(i, i + BATCH).map(task));
}

describe.each([
  { name: "Redis", location: () => redis.url },
  { name: "PostgreSQL", location: () => postgres.url },
])("$name: 1,000 users through the web procedures", ({ location }) => {
  test("each user's requests carry only that user's token", { timeout: 600_000 }, async () => {
    const { clientId, clientSecret } = emulator.defaultClient("zendesk");
    const props = `URL=https://emulated.zendesk.com;EmulatorURL=${emulator.url};OAuthClientId=${clientId};OAuthClientSecret=${clientSecret};CallbackURL=http://127.0.0.1:0/callback;OAuthSettingsLocation=${location()}`;
    const run = randomBytes(3).toString("hex");
    const users = Array.from({ length: USERS }, (_, i) => `user-${run}-${i}`);
    const issued = new Map<string, string>();
    const options = { recoveryPath: `${recoveryDir}/OAuthRecovery.txt` };

    await batched(users, async (user) => {
      const perUser = { ...options, settingsKey: user };
      const auth = await connector.getAuthorizationUrl(props, { authMode: "WEB" }, perUser);
      const consent = await fetch(auth.url, { redirect: "manual" });
      const redirect = consent.headers.get("location")!;
      const tokens = await connector.getAccessToken(
        props,
        { verifier: redirect, state: auth.state, codeVerifier: auth.codeVerifier },
        perUser,
      );
      issued.set(user, tokens.accessToken);
    });
    expect(new Set(issued.values()).size).toBe(USERS);

    const wrong: string[] = [];
    await batched(users, async (user) => {
      const sent: string[] = [];
      const recording: typeof fetch = async (input, init) => {
        const request = new Request(input, init);
        const auth = request.headers.get("authorization");
        if (auth && !request.url.includes("/oauth/")) sent.push(auth.replace(/^Bearer /, ""));
        return fetch(request);
      };
      const conn = await connect(`${props};InitiateOAuth=REFRESH`, {
        ...options,
        settingsKey: user,
        fetch: recording,
      });
      await conn.getJson("api/v2/tickets.json", { "page[size]": 1 });
      await conn.close();
      if (sent.length === 0 || sent.some((token) => token !== issued.get(user))) wrong.push(user);
    });
    expect(wrong).toEqual([]);
  });
});
