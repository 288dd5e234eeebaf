import { consentedRedirectUrl, startEmulator } from "@x/emulator";
import * as zohoCrm from "@x/zoho-crm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

// The same tables through each API version (`Schema`): paths carry the version; v3 and later
// page past 2,000 records with page_token, v2 and v2.1 stop there with a typed error.

let em: Awaited<ReturnType<typeof startEmulator>>;
let token: string;

beforeAll(async () => {
  em = await startEmulator({
    autoApprove: true,
    datasets: { zoho: { leads: 2_050, contacts: 20, deals: 20, quotes: 5 } },
  });
  const { clientId, clientSecret } = em.defaultClient("zoho");
  const app = `EmulatorURL=${em.url};OAuthClientId=${clientId};OAuthClientSecret=${clientSecret}`;
  const auth = await zohoCrm.getAuthorizationUrl(app);
  const tokens = await zohoCrm.getAccessToken(app, {
    verifier: (await consentedRedirectUrl(auth.url)).href,
    state: auth.state,
  });
  token = tokens.accessToken;
});
afterAll(async () => {
  await em?.close();
});

const connect = (schema: string) =>
  zohoCrm.connect(`EmulatorURL=${em.url};Region=EU;Schema=${schema};OAuthAccessToken=${token}`);

describe.each([
  ["v2", false],
  ["v2.1", false],
  ["v4", true],
  ["v8", true],
] as const)("Schema=%s", (schema, pageTokens) => {
  test("tables read, write and discover their custom fields", async () => {
    const conn = await connect(schema);
    try {
      for (const name of ["Contacts", "Deals", "Users", "Roles", "Organization"]) {
        expect((await conn.table(name).list({ limit: 5 }).toArray()).length, name).toBeGreaterThan(
          0,
        );
      }
      const [quote] = await conn.table("Quotes").list({ limit: 1 }).toArray();
      const lines = await conn
        .table("Quotes_Line_Items")
        .list({ where: { Parent_Id: String(quote?.id) } })
        .toArray();
      expect(lines.length).toBeGreaterThan(0);
      const contacts = conn.table("Contacts");
      const { key } = await contacts.insert({ Last_Name: `Schema ${schema}` });
      expect(await contacts.get(String(key))).toMatchObject({ Last_Name: `Schema ${schema}` });
      const leads = await conn.table("Leads").describe();
      expect(leads.columns.find((c) => c.name === "Customer_Tier")?.origin).toBe("discovered");
      // v4 made a lead's conversion the field Converted__s (before: the $converted property).
      const converted = leads.columns.find((c) => c.name === "Converted__s");
      if (schema === "v4" || schema === "v8") {
        expect(converted).toMatchObject({ origin: "discovered", type: "boolean", readOnly: true });
        const [lead] = await conn.table("Leads").list({ limit: 1 }).toArray();
        expect(lead).toMatchObject({ Converted__s: false });
      } else {
        expect(converted).toBeUndefined();
      }
    } finally {
      await conn.close();
    }
  });

  test(
    pageTokens
      ? "past 2,000 records the listing continues with page_token"
      : "past 2,000 records the listing stops with a typed error, never quietly",
    async () => {
      const conn = await connect(schema);
      try {
        const listing = conn
          .table("Leads")
          .list({ select: ["id"] })
          .toArray();
        if (pageTokens) {
          const rows = await listing;
          expect(rows).toHaveLength(2_050);
          expect(new Set(rows.map((r) => r.id)).size).toBe(2_050);
        } else {
          await expect(listing).rejects.toMatchObject({
            code: "CONNECTOR_PROVIDER_CAP",
            hint: expect.stringContaining("Schema=v3"),
          });
        }
      } finally {
        await conn.close();
      }
    },
  );
});
