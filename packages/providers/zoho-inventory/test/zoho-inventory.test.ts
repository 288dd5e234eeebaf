import { createServer } from "node:http";
import { inspect } from "node:util";
import {
  collect,
  consentedRedirectUrl,
  type Emulator,
  oauthProperties,
  providerTestHarness,
  startEmulator,
} from "@x/emulator";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { connect, getAccessToken, getAuthorizationUrl } from "../src/index.js";

const h = providerTestHarness("zoho", {
  connect,
  prefix: "zoho-inventory",
  datasets: { zoho: { items: 450, salesorders: 30, inventoryContacts: 0 } },
});
const { quiet, location } = h;
let emulator: Emulator;
let oauth: string;

beforeAll(async () => {
  await h.start();
  ({ emulator, oauth: oauth } = h);
});
afterAll(h.close);

const all = collect;

const desktop = h.desktop;

describe("Zoho Inventory", () => {
  test("the only organization is chosen; organization_id rides on every call; page_context paging", async () => {
    const conn = await desktop();
    expect(inspect(conn)).toContain("organization=");
    const me = await conn.test();
    expect(me.id).toMatch(/^\d+$/);
    const before = emulator.count("zoho", "inventory.list");
    expect(await all(conn.paginate("items"))).toHaveLength(450);
    expect(emulator.count("zoho", "inventory.list") - before).toBe(3);
    expect(await all(conn.paginate("contacts"))).toEqual([]);
    await conn.close();
  });

  test("paginate() lists every table but the child ones, records as Zoho sends them", async () => {
    const conn = await desktop();
    expect(conn.resources).toEqual(expect.arrayContaining(["items", "invoices", "organizations"]));
    expect(conn.resources).not.toContain("invoice_line_items");
    expect(conn.resources).not.toContain("contactpersons");
    const before = emulator.count("zoho", "inventory.list");
    const items = await all(conn.paginate<Record<string, unknown>>("items", { pageSize: 100 }));
    expect(items).toHaveLength(450);
    expect(emulator.count("zoho", "inventory.list") - before).toBe(5);
    // The record as sent: custom fields stay in `custom_fields`, not spread into columns.
    const rows = await conn.table("items").list({ limit: 1 }).toArray();
    expect(items[0]).toHaveProperty("item_id", rows[0]!.item_id);
    expect(Object.keys(items[0]!)).toContain("custom_fields");
    await conn.close();
  });

  test("several organizations: a clear error listing them; OrganizationId chooses", async () => {
    const em = await startEmulator({
      autoApprove: true,
      zoho: {
        organizations: [
          { organization_id: "111", name: "North" },
          { organization_id: "222", name: "South" },
        ],
      },
    });
    try {
      const base = oauthProperties(em, "zoho");
      const loc = location();
      const err = await desktop("", { oauth: base, location: loc }).catch((e) => e);
      expect(err.code).toBe("CONNECTOR_CONFIGURATION");
      expect(err.hint).toContain("111 (North)");
      expect(err.hint).toContain("222 (South)");
      const chosen = await connect(
        `${base};InitiateOAuth=REFRESH;OAuthSettingsLocation=${loc};OrganizationId=222`,
        quiet,
      );
      expect((await chosen.test()).name).toBe("South");
    } finally {
      await em.close();
    }
  });

  test("429 without Retry-After is retried with backoff", async () => {
    const conn = await desktop();
    emulator.rateLimit({ provider: "zoho", endpoint: "inventory.list", times: 1 });
    const before = emulator.count("zoho", "inventory.list");
    expect(await all(conn.paginate("salesorders"))).toHaveLength(30);
    expect(emulator.count("zoho", "inventory.list") - before).toBe(2);
  });

  test("one refresh for concurrent calls after expiry", async () => {
    const conn = await desktop();
    emulator.expireTokens({ provider: "zoho" });
    const before = emulator.count("zoho", "token.refresh");
    await Promise.all(Array.from({ length: 5 }, () => conn.test()));
    expect(emulator.count("zoho", "token.refresh")).toBe(before + 1);
  });

  test("web flow, headless options 1 and 2", async () => {
    const props = `${oauth};InitiateOAuth=OFF`;
    const auth = await getAuthorizationUrl(props, {});
    const redirect = await consentedRedirectUrl(auth.url);
    const loc = location();
    const cs = `${oauth};InitiateOAuth=REFRESH;OAuthSettingsLocation=${loc};OAuthVerifier='${redirect.href}'`;
    const exchanges = emulator.count("zoho", "token.exchange");
    await (await connect(cs, quiet)).test();
    await (await connect(cs, quiet)).test();
    expect(emulator.count("zoho", "token.exchange")).toBe(exchanges + 1);

    const started = await getAuthorizationUrl(props);
    const web = await getAccessToken(props, {
      verifier: (await consentedRedirectUrl(started.url)).href,
      state: started.state,
    });
    expect(web.metadata["accounts-server"]).toBe("https://accounts.zoho.eu");

    const { before, after } = await h.copiedSettings();
    expect(after).not.toBe(before);
  });

  test("an error inside a 200 (non-zero code) is an error", async () => {
    // A stand-in Inventory host answering 200 with code 57, reached through the emulator prefix.
    const server = createServer((req, res) => {
      res.setHeader("content-type", "application/json");
      res.end(
        JSON.stringify(
          req.url?.includes("organizations")
            ? { code: 0, organizations: [{ organization_id: "1", name: "One" }] }
            : { code: 57, message: "You are not authorized" },
        ),
      );
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as { port: number }).port;
    try {
      const conn = await connect(
        `EmulatorURL=http://127.0.0.1:${port};OAuthAccessToken=t;Region=EU`,
        quiet,
      );
      const err = await all(conn.paginate("items")).catch((e) => e);
      expect(err.code).toBe("CONNECTOR_API_ERROR");
      expect(err.details.providerCode).toBe("57");
      // The real URL of the page, not the emulator's nor a bare path.
      expect(err.details.url).toBe("https://www.zohoapis.eu/inventory/v1/items");
    } finally {
      server.close();
    }
  });

  test("table writes: Zoho's refusals inside HTTP 200 are typed errors (1002: not found)", async () => {
    // A stand-in Inventory host that refuses every write with HTTP 200 and a non-zero code.
    const server = createServer((req, res) => {
      res.setHeader("content-type", "application/json");
      const body = req.url?.includes("organizations")
        ? { code: 0, organizations: [{ organization_id: "1", name: "One" }] }
        : req.method === "POST"
          ? { code: 2, message: "Invalid value passed for rate" }
          : { code: 1002, message: "Item does not exist." };
      res.end(JSON.stringify(body));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as { port: number }).port;
    try {
      const conn = await connect(
        `EmulatorURL=http://127.0.0.1:${port};OAuthAccessToken=t;Region=EU`,
        quiet,
      );
      const items = conn.table("items");
      const refused = await items.insert({ name: "x", rate: 1 }).catch((e) => e);
      expect(refused).toMatchObject({
        code: "CONNECTOR_INVALID_RECORD",
        message: "items: the insert was refused (2): Invalid value passed for rate",
      });
      for (const [what, write] of [
        ["update", () => items.update("46123", { rate: 2 })],
        ["delete", () => items.delete("46123")],
      ] as const) {
        const err = await write().catch((e) => e);
        expect(err.code).toBe("CONNECTOR_NOT_FOUND");
        expect(err.message).toContain(`(${what}) (1002)`);
      }
    } finally {
      server.close();
    }
  });
});
