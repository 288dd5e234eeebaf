import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../src/index.js";
import { postForm, REDIRECT, ZOHO, zohoAuthorize, zohoTokens } from "./helpers.js";

let em: Emulator;
let auth: { authorization: string };
const crm = (path: string, headers: Record<string, string> = auth) =>
  fetch(`${em.url}/www.zohoapis.eu/crm/${path}`, { headers });
const inv = (path: string) =>
  fetch(`${em.url}/www.zohoapis.eu/inventory/v1/${path}`, { headers: auth });

beforeAll(async () => {
  em = await startEmulator({
    autoApprove: true,
    seed: 7,
    datasets: { zoho: { leads: 100_000, deals: 0, items: 450 } },
  });
  const t = await zohoTokens(em);
  auth = { authorization: `Zoho-oauthtoken ${t.access_token}` };
});
afterAll(() => em.close());

/** Tests that walk the 100,000 leads: seconds alone, minutes on a loaded CI machine. */
const WHOLE_DATA_SET_MS = 240_000;

describe("Zoho CRM API", () => {
  it("CurrentUser on every version v2..v8; unknown versions are INVALID_URL_PATTERN", async () => {
    for (const v of ["v2", "v2.1", "v3", "v4", "v5", "v6", "v7", "v8"]) {
      const r = await crm(`${v}/users?type=CurrentUser`);
      expect(r.status).toBe(200);
      const body = (await r.json()) as { users: { email: string }[]; info: unknown };
      expect(body.users[0]?.email).toBe("ada.lovelace@emulator.example");
      expect(body.info).toMatchObject({ count: 1, more_records: false });
    }
    expect((await crm("v9/users?type=CurrentUser")).status).toBe(404);
  });

  it("requires the Zoho-oauthtoken scheme: Bearer is rejected", async () => {
    const token = auth.authorization.split(" ")[1];
    const r = await crm("v8/users?type=CurrentUser", { authorization: `Bearer ${token}` });
    expect(r.status).toBe(401);
    expect(await r.json()).toMatchObject({ code: "AUTHENTICATION_FAILURE", status: "error" });
  });

  it("rejects tokens on another DC's host: INVALID_HOST for v2.1+, INVALID_OAUTHTOKEN for v2", async () => {
    const r = await fetch(`${em.url}/www.zohoapis.com/crm/v8/users?type=CurrentUser`, {
      headers: auth,
    });
    expect(r.status).toBe(400);
    expect(await r.json()).toMatchObject({ code: "INVALID_HOST", status: "error" });
    const v2 = await fetch(`${em.url}/www.zohoapis.com/crm/v2/users?type=CurrentUser`, {
      headers: auth,
    });
    expect(v2.status).toBe(401);
  });

  it("expired access tokens get 401 INVALID_OAUTHTOKEN (expire now)", async () => {
    const t = await zohoTokens(em, { prompt: "consent" });
    const h = { authorization: `Zoho-oauthtoken ${t.access_token}` };
    expect((await crm("v8/users?type=CurrentUser", h)).status).toBe(200);
    expect(em.expireTokens({ token: String(t.access_token) })).toBe(1);
    const r = await crm("v8/users?type=CurrentUser", h);
    expect(r.status).toBe(401);
    expect(await r.json()).toEqual({
      code: "INVALID_OAUTHTOKEN",
      details: {},
      message: "invalid oauth token",
      status: "error",
    });
  });

  it("access tokens expire after expires_in on the emulator clock", async () => {
    const other = await startEmulator({ autoApprove: true });
    try {
      const t = await zohoTokens(other);
      const h = { authorization: `Zoho-oauthtoken ${t.access_token}` };
      const url = `${other.url}/www.zohoapis.eu/crm/v8/users?type=CurrentUser`;
      other.clock.advance(3_599_000);
      expect((await fetch(url, { headers: h })).status).toBe(200);
      other.clock.advance(1_000);
      expect((await fetch(url, { headers: h })).status).toBe(401);
    } finally {
      await other.close();
    }
  });

  it("checks scopes: OAUTH_SCOPE_MISMATCH", async () => {
    const t = await zohoTokens(em, { scope: "ZohoCRM.users.READ", prompt: "consent" });
    const r = await crm("v8/Leads?fields=Email", {
      authorization: `Zoho-oauthtoken ${t.access_token}`,
    });
    expect(r.status).toBe(401);
    expect(await r.json()).toMatchObject({ code: "OAUTH_SCOPE_MISMATCH" });
  });

  it("fields is mandatory (v3+), at most 50, known names only", async () => {
    const missing = await crm("v8/Leads");
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({
      code: "REQUIRED_PARAM_MISSING",
      details: { param: "fields" },
      status: "error",
    });
    const many = await crm(`v8/Leads?fields=${Array(51).fill("Email").join(",")}`);
    expect(await many.json()).toMatchObject({ code: "LIMIT_EXCEEDED" });
    expect(await (await crm("v8/Leads?fields=Nope")).json()).toMatchObject({
      code: "INVALID_DATA",
    });
    const v2 = (await (await crm("v2/Leads?per_page=1")).json()) as {
      data: Record<string, unknown>[];
    };
    expect(Object.keys(v2.data[0] ?? {})).toContain("Company");
  });

  it("returns id plus the requested fields, page/per_page and info", async () => {
    const r = await crm("v8/Leads?fields=Last_Name,Email,Modified_Time&per_page=3&page=2");
    const body = (await r.json()) as {
      data: Record<string, unknown>[];
      info: Record<string, unknown>;
    };
    expect(body.data).toHaveLength(3);
    expect(Object.keys(body.data[0]!).sort()).toEqual([
      "Email",
      "Last_Name",
      "Modified_Time",
      "id",
    ]);
    expect(body.info).toMatchObject({
      per_page: 3,
      count: 3,
      page: 2,
      more_records: true,
      sort_by: "id",
      sort_order: "asc",
    });
    expect(body.info.next_page_token).toEqual(expect.any(String));
    expect(body.info.page_token_expiry).toEqual(expect.any(String));
    expect(body.info).toHaveProperty("previous_page_token", null);
  });

  it("same seed gives the same records; another seed different ones", async () => {
    const a = await (await crm("v8/Leads?fields=Full_Name,Email,Company&per_page=5")).json();
    const same = await startEmulator({
      autoApprove: true,
      seed: 7,
      datasets: { zoho: { leads: 10 } },
    });
    const diff = await startEmulator({ autoApprove: true, seed: 8 });
    try {
      for (const [e, eq] of [
        [same, true],
        [diff, false],
      ] as const) {
        const t = await zohoTokens(e);
        const b = await (
          await fetch(
            `${e.url}/www.zohoapis.eu/crm/v8/Leads?fields=Full_Name,Email,Company&per_page=5`,
            {
              headers: { authorization: `Zoho-oauthtoken ${t.access_token}` },
            },
          )
        ).json();
        if (eq) expect(b).toMatchObject({ data: (a as { data: unknown }).data });
        else expect((b as { data: unknown }).data).not.toEqual((a as { data: unknown }).data);
      }
    } finally {
      await same.close();
      await diff.close();
    }
  });

  it("page is refused beyond 2,000 records; page and page_token together are refused", async () => {
    const r = await crm("v8/Leads?fields=Email&page=11&per_page=200");
    expect(r.status).toBe(400);
    expect(await r.json()).toMatchObject({
      code: "DISCRETE_PAGINATION_LIMIT_EXCEEDED",
      details: { limit: 2000 },
    });
    const p = (await (await crm("v8/Leads?fields=Email&per_page=200")).json()) as {
      info: { next_page_token: string };
    };
    const both = await crm(`v8/Leads?fields=Email&page=2&page_token=${p.info.next_page_token}`);
    expect(both.status).toBe(400);
    expect(await both.json()).toMatchObject({ code: "INVALID_REQUEST" });
  });

  // 500 pages of JSON: well under a second on an idle machine, far more on a busy CI box.
  it("pages through 100,000 leads: page up to 2,000, then page_token; ids unique and in order", {
    timeout: WHOLE_DATA_SET_MS,
  }, async () => {
    let seen = 0;
    let last = "";
    let token: string | null = null;
    for (let page = 1; page <= 10; page++) {
      const b = (await (await crm(`v8/Leads?fields=Email&per_page=200&page=${page}`)).json()) as {
        data: { id: string }[];
        info: { more_records: boolean; next_page_token: string | null };
      };
      seen += b.data.length;
      last = b.data.at(-1)!.id;
      token = b.info.next_page_token;
    }
    expect(seen).toBe(2000);
    for (;;) {
      const r = await crm(`v8/Leads?fields=Email&per_page=200&page_token=${token}`);
      const b = (await r.json()) as {
        data: { id: string }[];
        info: { more_records: boolean; next_page_token: string | null };
      };
      expect(b.data[0]!.id > last).toBe(true);
      seen += b.data.length;
      last = b.data.at(-1)!.id;
      if (!b.info.more_records) {
        expect(b.info.next_page_token).toBeNull();
        break;
      }
      token = b.info.next_page_token;
    }
    expect(seen).toBe(100_000);
    expect(em.count("zoho", "crm.list")).toBeGreaterThanOrEqual(500);
  });

  it("page tokens expire after 24 h", async () => {
    const p = (await (await crm("v8/Leads?fields=Email&per_page=200")).json()) as {
      info: { next_page_token: string };
    };
    em.clock.advance(24 * 3_600_000 + 1);
    const t = await zohoTokens(em, { prompt: "consent" });
    const r = await crm(`v8/Leads?fields=Email&page_token=${p.info.next_page_token}`, {
      authorization: `Zoho-oauthtoken ${t.access_token}`,
    });
    expect(r.status).toBe(400);
    expect(await r.json()).toMatchObject({
      code: "INVALID_DATA",
      details: { param: "page_token" },
    });
    em.clock.reset();
  });

  it("204 with no body for an empty list or a page past the end", async () => {
    const empty = await crm("v8/Deals?fields=Deal_Name");
    expect(empty.status).toBe(204);
    expect(await empty.text()).toBe("");
    const contacts = await crm("v8/Contacts?fields=Email&page=3&per_page=150");
    expect(contacts.status).toBe(204);
  });

  it("If-Modified-Since: only later records, 304 when nothing changed", async () => {
    const all = (await (await crm("v8/Contacts?fields=Modified_Time&per_page=200")).json()) as {
      data: { id: string; Modified_Time: string }[];
    };
    const pivot = all.data[149]!;
    const r = await crm("v8/Contacts?fields=Modified_Time&per_page=200", {
      ...auth,
      "if-modified-since": pivot.Modified_Time,
    });
    const b = (await r.json()) as { data: { id: string }[] };
    expect(b.data[0]!.id).toBe(all.data[150]!.id);
    expect(b.data).toHaveLength(150);
    const none = await crm("v8/Contacts?fields=Email", {
      ...auth,
      "if-modified-since": "2099-01-01T00:00:00+00:00",
    });
    expect(none.status).toBe(304);
  });

  it("search: equals and starts_with with and/or equal filtering the full list", async () => {
    const full = (await (
      await crm("v8/Contacts?fields=Last_Name,Email,Mailing_City&per_page=200")
    ).json()) as {
      data: Record<string, string>[];
    };
    const rest = (await (
      await crm("v8/Contacts?fields=Last_Name,Email,Mailing_City&per_page=200&page=2")
    ).json()) as {
      data: Record<string, string>[];
    };
    const rows = [...full.data, ...rest.data];
    const name = rows[3]!.Last_Name!;
    const city = rows[3]!.Mailing_City!;
    const criteria = `((Last_Name:equals:${name})and(Mailing_City:starts_with:${city.slice(0, 3)}))or(Email:starts_with:zoe)`;
    // Two or more conditions: `equals` also matches the value followed by more words.
    const equalsOrLonger = (actual: string, wanted: string) =>
      actual === wanted || (actual.startsWith(wanted) && /^\W/.test(actual.slice(wanted.length)));
    const expected = rows
      .filter(
        (r) =>
          (equalsOrLonger(r.Last_Name!.toLowerCase(), name.toLowerCase()) &&
            r.Mailing_City!.toLowerCase().startsWith(city.slice(0, 3).toLowerCase())) ||
          r.Email!.startsWith("zoe"),
      )
      .map((r) => r.id);
    const s = await crm(`v8/Contacts/search?criteria=${encodeURIComponent(criteria)}&fields=Email`);
    expect(s.status).toBe(200);
    const got = ((await s.json()) as { data: { id: string }[] }).data.map((r) => r.id);
    expect(got).toEqual(expected);
    expect(em.count("zoho", "crm.search")).toBeGreaterThan(0);
    const none = await crm(
      `v8/Contacts/search?criteria=${encodeURIComponent("(Email:equals:nobody@x.example)")}`,
    );
    expect(none.status).toBe(204);
    const bad = await crm(`v8/Contacts/search?criteria=${encodeURIComponent("(Email:equals")}`);
    expect(await bad.json()).toMatchObject({ code: "INVALID_QUERY" });
  });

  it("search: equals alone is exact; among several conditions it also matches longer values", {
    timeout: WHOLE_DATA_SET_MS,
  }, async () => {
    const rows = (
      (await (await crm("v8/Leads?fields=Company,Last_Name&per_page=200")).json()) as {
        data: { id: string; Company: string; Last_Name: string }[];
      }
    ).data;
    // A company name of several words: its first word alone is a shorter value it extends.
    const long = rows.find((r) => /^\w+\W/.test(r.Company));
    expect(long).toBeDefined();
    const first = long!.Company.split(/\W/)[0]!;
    const ids = async (criteria: string) => {
      const r = await crm(
        `v8/Leads/search?fields=Company&criteria=${encodeURIComponent(criteria)}`,
      );
      return r.status === 204
        ? []
        : ((await r.json()) as { data: { id: string }[] }).data.map((x) => x.id);
    };
    const single = await ids(`(Company:equals:${first})`);
    expect(single).not.toContain(long!.id);
    const multi = await ids(`((Company:equals:${first})and(Last_Name:equals:${long!.Last_Name}))`);
    expect(multi).toContain(long!.id);
  });

  it("search stops at 2,000 records but says more remain; the next page is refused", {
    timeout: WHOLE_DATA_SET_MS,
  }, async () => {
    const q = (page: number) =>
      crm(
        `v8/Leads/search?fields=Email&per_page=200&page=${page}&criteria=${encodeURIComponent("(Lead_Source:equals:Web Download)")}`,
      );
    const last = (await (await q(10)).json()) as {
      data: unknown[];
      info: { more_records: boolean };
    };
    expect(last.data).toHaveLength(200);
    expect(last.info.more_records).toBe(true);
    const past = await q(11);
    expect(past.status).toBe(400);
    expect(await past.json()).toMatchObject({ code: "DISCRETE_PAGINATION_LIMIT_EXCEEDED" });
  });

  it("search needs ZohoSearch.securesearch.READ beside the module scope", async () => {
    const p = await zohoAuthorize(em, { scope: "ZohoCRM.modules.ALL,ZohoCRM.users.READ" });
    const t = (await (
      await postForm(`${em.url}/${new URL(p.get("accounts-server")!).host}/oauth/v2/token`, {
        grant_type: "authorization_code",
        client_id: ZOHO.clientId,
        client_secret: ZOHO.clientSecret,
        redirect_uri: REDIRECT,
        code: p.get("code")!,
      })
    ).json()) as { access_token: string };
    const h = { authorization: `Zoho-oauthtoken ${t.access_token}` };
    expect((await crm("v8/Leads?fields=Email&per_page=1", h)).status).toBe(200);
    const r = await crm(
      `v8/Leads/search?criteria=${encodeURIComponent("(Email:equals:a@b.c)")}`,
      h,
    );
    expect(r.status).toBe(401);
    expect(await r.json()).toMatchObject({ code: "OAUTH_SCOPE_MISMATCH" });
  });

  it("rate limits answer 429 TOO_MANY_REQUESTS", async () => {
    const id = em.rateLimit({ provider: "zoho", endpoint: "crm.users", times: 1 });
    const r = await crm("v8/users?type=CurrentUser");
    expect(r.status).toBe(429);
    expect(await r.json()).toMatchObject({ code: "TOO_MANY_REQUESTS", status: "error" });
    expect((await crm("v8/users?type=CurrentUser")).status).toBe(200);
    em.rateLimits.remove(id);
  });
});

describe("Zoho Inventory API", () => {
  it("organizations is the who-am-I", async () => {
    const r = await inv("organizations");
    expect(await r.json()).toMatchObject({
      code: 0,
      message: "success",
      organizations: [{ organization_id: "10234695" }],
    });
  });

  it("organization_id is required on list calls", async () => {
    const r = await inv("items");
    expect(r.status).toBe(400);
    const b = (await r.json()) as { code: number; message: string };
    expect(b.code).not.toBe(0);
    expect(b.message).toMatch(/organization_id/);
    expect(
      ((await (await inv("items?organization_id=999")).json()) as { code: number }).code,
    ).not.toBe(0);
  });

  it("lists items with page_context until has_more_page is false; per_page capped at 200", async () => {
    let page = 1;
    let n = 0;
    for (;;) {
      const b = (await (
        await inv(`items?organization_id=10234695&page=${page}&per_page=500`)
      ).json()) as {
        code: number;
        items: { item_id: string }[];
        page_context: { page: number; per_page: number; has_more_page: boolean };
      };
      expect(b.code).toBe(0);
      expect(b.page_context).toMatchObject({ page, per_page: 200 });
      n += b.items.length;
      if (!b.page_context.has_more_page) break;
      page++;
    }
    expect(n).toBe(450);
    for (const res of ["salesorders", "contacts"]) {
      const b = (await (await inv(`${res}?organization_id=10234695&per_page=2`)).json()) as Record<
        string,
        unknown[]
      >;
      expect(b[res]).toHaveLength(2);
    }
  });

  it("429 without Retry-After", async () => {
    em.rateLimit({ provider: "zoho", endpoint: "inventory.list", times: 1 });
    const r = await inv("items?organization_id=10234695");
    expect(r.status).toBe(429);
    expect(r.headers.get("retry-after")).toBeNull();
    expect(((await r.json()) as { code: number }).code).not.toBe(0);
  });

  it("token endpoint throttling through rateLimit is Zoho's 200 Access Denied", async () => {
    em.rateLimit({ provider: "zoho", endpoint: "token.refresh", times: 1 });
    const r = await postForm(`${em.url}/accounts.zoho.eu/oauth/v2/token`, {
      grant_type: "refresh_token",
      client_id: ZOHO.clientId,
      client_secret: ZOHO.clientSecret,
      refresh_token: "x",
    });
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ error: "Access Denied" });
  });
});
