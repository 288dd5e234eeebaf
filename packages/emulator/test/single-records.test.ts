import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../src/index.js";
import { zohoTokens } from "./helpers.js";

// Single-record reads and inserts, each with its provider's own answer for a missing id.

let em: Emulator;
beforeAll(async () => {
  em = await startEmulator({ autoApprove: true });
});
afterAll(() => em.close());
beforeEach(() => em.reset());

const HR = {
  "user-agent": "Tests (t@example.com)",
  authorization: `Basic ${Buffer.from("emulator-highrise-api-token:X").toString("base64")}`,
};
const PD = { "x-api-token": "emulator-pipedrive-api-token" };
const ZD = {
  authorization: `Basic ${Buffer.from("katherine.johnson@emulator.example/token:emulator-zendesk-api-token").toString("base64")}`,
};

describe("Highrise", () => {
  it("GET /people/{id}.xml is the record alone; an unknown id is 404 with no body", async () => {
    const list = await (
      await fetch(`${em.url}/emulated.highrisehq.com/people.xml`, { headers: HR })
    ).text();
    const firstId = /<id type="integer">(\d+)<\/id>/.exec(list)?.[1];
    const one = await fetch(`${em.url}/emulated.highrisehq.com/people/${firstId}.xml`, {
      headers: HR,
    });
    expect(one.status).toBe(200);
    const xml = await one.text();
    expect(xml).toMatch(/^<\?xml[^>]*>\s*<person>/);
    expect(xml).toContain(`<id type="integer">${firstId}</id>`);
    const deal = await fetch(`${em.url}/emulated.highrisehq.com/deals/40000.xml`, { headers: HR });
    expect(await deal.text()).toContain("<deal>");
    const missing = await fetch(`${em.url}/emulated.highrisehq.com/companies/1.xml`, {
      headers: HR,
    });
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe("");
    // Auth still applies.
    const anon = await fetch(`${em.url}/emulated.highrisehq.com/people/${firstId}.xml`, {
      headers: { "user-agent": HR["user-agent"] },
    });
    expect(anon.status).toBe(401);
  });
});

describe("Pipedrive", () => {
  it("v2 and v1 single reads; 404 names the kind of record", async () => {
    const v2 = await (
      await fetch(`${em.url}/api.pipedrive.com/api/v2/persons/4`, { headers: PD })
    ).json();
    expect(v2).toMatchObject({ success: true, data: { id: 4 } });
    const v1 = await fetch(`${em.url}/api.pipedrive.com/v1/organizations/2`, { headers: PD });
    expect(v1.headers.get("deprecation")).toBe("@1767225600");
    expect(await v1.json()).toMatchObject({ success: true, data: { id: 2, active_flag: true } });
    const missing = await fetch(`${em.url}/api.pipedrive.com/api/v2/activities/100000`, {
      headers: PD,
    });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      success: false,
      error: "Activity not found",
      error_info: "Please check developers.pipedrive.com",
      data: null,
      additional_data: null,
    });
  });

  it("serves activities in v2 (cursor) and v1 (start/limit) shapes", async () => {
    const v2 = (await (
      await fetch(`${em.url}/api.pipedrive.com/api/v2/activities?limit=3`, { headers: PD })
    ).json()) as {
      data: { id: number; owner_id: number; add_time: string }[];
      additional_data: { next_cursor: string | null };
    };
    expect(v2.data.map((a) => a.id)).toEqual([1, 2, 3]);
    expect(v2.data[0]!.add_time).toMatch(/Z$/);
    expect(v2.additional_data.next_cursor).toBeTruthy();
    const v1 = (await (
      await fetch(`${em.url}/api.pipedrive.com/v1/activities?start=398&limit=5`, { headers: PD })
    ).json()) as {
      data: { id: number; user_id: number }[];
      additional_data: { pagination: { more_items_in_collection: boolean } };
    };
    expect(v1.data.map((a) => a.id)).toEqual([399, 400]);
    expect(v1.additional_data.pagination.more_items_in_collection).toBe(false);
  });

  it("reset() forgets created records", async () => {
    const add = await fetch(`${em.url}/api.pipedrive.com/api/v2/organizations`, {
      method: "POST",
      headers: { ...PD, "content-type": "application/json" },
      body: JSON.stringify({ name: "Acme" }),
    });
    const id = ((await add.json()) as { data: { id: number } }).data.id;
    expect(
      (await fetch(`${em.url}/api.pipedrive.com/api/v2/organizations/${id}`, { headers: PD }))
        .status,
    ).toBe(200);
    em.reset();
    expect(
      (await fetch(`${em.url}/api.pipedrive.com/api/v2/organizations/${id}`, { headers: PD }))
        .status,
    ).toBe(404);
  });
});

describe("Zendesk", () => {
  it("single reads use the singular key; unknown ids are RecordNotFound", async () => {
    const org = await (
      await fetch(`${em.url}/emulated.zendesk.com/api/v2/organizations/501.json`, { headers: ZD })
    ).json();
    expect(org).toMatchObject({ organization: { id: 501 } });
    const metric = await (
      await fetch(`${em.url}/emulated.zendesk.com/api/v2/ticket_metrics/7002.json`, { headers: ZD })
    ).json();
    expect(metric).toMatchObject({ ticket_metric: { id: 7002, ticket_id: 3 } });
    const me = await (
      await fetch(`${em.url}/emulated.zendesk.com/api/v2/users/361000000001.json`, { headers: ZD })
    ).json();
    expect(me).toMatchObject({ user: { id: 361_000_000_001, role: "admin" } });
    for (const path of ["tickets/0.json", "users/1.json", "tickets/100000/metrics.json"]) {
      const r = await fetch(`${em.url}/emulated.zendesk.com/api/v2/${path}`, { headers: ZD });
      expect(r.status).toBe(404);
      expect(await r.json()).toEqual({ error: "RecordNotFound", description: "Not found" });
    }
  });

  it("POST /tickets.json answers 201 with a Location on the real host by default", async () => {
    const r = await fetch(`${em.url}/emulated.zendesk.com/api/v2/tickets.json`, {
      method: "POST",
      headers: { ...ZD, "content-type": "application/json" },
      body: JSON.stringify({ ticket: { comment: { body: "It broke" } } }),
    });
    expect(r.status).toBe(201);
    const body = (await r.json()) as {
      ticket: { id: number; subject: string };
      audit: { ticket_id: number };
    };
    expect(r.headers.get("location")).toBe(
      `https://emulated.zendesk.com/api/v2/tickets/${body.ticket.id}.json`,
    );
    expect(body.audit.ticket_id).toBe(body.ticket.id);
    expect(body.ticket.subject).toBe("It broke");
  });
});

describe("Zoho CRM and Inventory", () => {
  const auth = async () => ({
    authorization: `Zoho-oauthtoken ${(await zohoTokens(em)).access_token}`,
  });

  it("GET /crm/v8/Leads/{id}: every field, or 204 for an unknown id", async () => {
    const h = await auth();
    const one = (await (
      await fetch(`${em.url}/www.zohoapis.eu/crm/v8/Leads/5725767001000000003`, { headers: h })
    ).json()) as {
      data: Record<string, unknown>[];
    };
    expect(one.data).toHaveLength(1);
    expect(one.data[0]).toMatchObject({ id: "5725767001000000003" });
    expect(Object.keys(one.data[0]!)).toContain("Lead_Status");
    const wrongModule = await fetch(
      `${em.url}/www.zohoapis.eu/crm/v8/Contacts/5725767001000000003`,
      { headers: h },
    );
    expect(wrongModule.status).toBe(204);
  });

  it("inserts: 201 all good, 207 mixed with MANDATORY_NOT_FOUND, scope checked", async () => {
    const h = { ...(await auth()), "content-type": "application/json" };
    const post = (data: unknown[]) =>
      fetch(`${em.url}/www.zohoapis.eu/crm/v8/Deals`, {
        method: "POST",
        headers: h,
        body: JSON.stringify({ data }),
      });
    const ok = await post([{ Deal_Name: "Big one", Stage: "Qualification" }]);
    expect(ok.status).toBe(201);
    const mixed = await post([
      { Deal_Name: "Fine", Stage: "Qualification" },
      { Deal_Name: "No stage" },
    ]);
    expect(mixed.status).toBe(207);
    const answers = (
      (await mixed.json()) as { data: { code: string; details: Record<string, string> }[] }
    ).data;
    expect(answers.map((a) => a.code)).toEqual(["SUCCESS", "MANDATORY_NOT_FOUND"]);
    expect(answers[1]!.details).toEqual({ api_name: "Stage", json_path: "$.data[1].Stage" });
    const id = answers[0]!.details.id;
    const back = (await (
      await fetch(`${em.url}/www.zohoapis.eu/crm/v8/Deals/${id}`, { headers: h })
    ).json()) as {
      data: { Deal_Name: string }[];
    };
    expect(back.data[0]!.Deal_Name).toBe("Fine");
    expect((await post([{}])).status).toBe(400);
  });

  it("GET /crm/v8/settings/fields?module= describes the served fields", async () => {
    const t = await zohoTokens(em, { scope: "ZohoCRM.settings.fields.READ" });
    const h = { authorization: `Zoho-oauthtoken ${t.access_token}` };
    const r = await fetch(`${em.url}/www.zohoapis.eu/crm/v8/settings/fields?module=Deals`, {
      headers: h,
    });
    const fields = (
      (await r.json()) as {
        fields: { api_name: string; data_type: string; system_mandatory: boolean }[];
      }
    ).fields;
    expect(fields.find((f) => f.api_name === "Stage")).toMatchObject({
      data_type: "picklist",
      system_mandatory: true,
    });
    expect(fields.find((f) => f.api_name === "Account_Name")?.data_type).toBe("lookup");
    // A module the emulated account does not have (Accounts is served since all modules are).
    const other = await fetch(
      `${em.url}/www.zohoapis.eu/crm/v8/settings/fields?module=Appointments`,
      {
        headers: h,
      },
    );
    expect(((await other.json()) as { code: string }).code).toBe("INVALID_MODULE");
    // The list scope alone does not reach settings.
    const listOnly = await zohoTokens(em, { scope: "ZohoCRM.modules.ALL" });
    const denied = await fetch(`${em.url}/www.zohoapis.eu/crm/v8/settings/fields?module=Deals`, {
      headers: { authorization: `Zoho-oauthtoken ${listOnly.access_token}` },
    });
    expect(denied.status).toBe(401);
  });

  it("GET /crm/v8/users/{id} and /inventory/v1/organizations/{id}", async () => {
    const h = await auth();
    const all = (await (
      await fetch(`${em.url}/www.zohoapis.eu/crm/v8/users?type=CurrentUser`, { headers: h })
    ).json()) as { users: { id: string }[] };
    const id = all.users[0]!.id;
    const one = await fetch(`${em.url}/www.zohoapis.eu/crm/v8/users/${id}`, { headers: h });
    expect(((await one.json()) as { users: { id: string }[] }).users[0]!.id).toBe(id);
    const nobody = await fetch(`${em.url}/www.zohoapis.eu/crm/v8/users/1`, { headers: h });
    expect(nobody.status).toBe(204);
    const org = await fetch(`${em.url}/www.zohoapis.eu/inventory/v1/organizations/10234695`, {
      headers: h,
    });
    expect(await org.json()).toMatchObject({
      code: 0,
      organization: { organization_id: "10234695" },
    });
    const other = await fetch(`${em.url}/www.zohoapis.eu/inventory/v1/organizations/1`, {
      headers: h,
    });
    expect(other.status).toBe(401);
    expect(((await other.json()) as { code: number }).code).toBe(57);
  });

  it("GET /inventory/v1/items/{id}: the item, or 404 code 1002", async () => {
    const h = await auth();
    const org = "organization_id=10234695";
    const list = (await (
      await fetch(`${em.url}/www.zohoapis.eu/inventory/v1/items?${org}&per_page=2`, { headers: h })
    ).json()) as {
      items: { item_id: string; name: string }[];
    };
    const first = list.items[1]!;
    const one = (await (
      await fetch(`${em.url}/www.zohoapis.eu/inventory/v1/items/${first.item_id}?${org}`, {
        headers: h,
      })
    ).json()) as {
      item: { name: string };
    };
    expect(one.item.name).toBe(first.name);
    const missing = await fetch(
      `${em.url}/www.zohoapis.eu/inventory/v1/salesorders/470000000000001?${org}`,
      { headers: h },
    );
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ code: 1002, message: "Sales Order does not exist." });
  });
});
