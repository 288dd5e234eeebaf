import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../src/index.js";
import { zohoTokens } from "./helpers.js";

// Zoho Inventory's resources beyond items: their envelopes, list filters, child resources and
// validation errors.

let em: Emulator;
let token: string;
beforeAll(async () => {
  em = await startEmulator({
    autoApprove: true,
    datasets: {
      zoho: {
        items: 12,
        inventoryContacts: 6,
        contactPersons: 12,
        invoices: 30,
        salesorders: 8,
        packages: 10,
        shipments: 4,
      },
    },
  });
});
afterAll(() => em.close());
beforeEach(async () => {
  em.reset();
  token = String((await zohoTokens(em, { scope: "ZohoInventory.FullAccess.all" })).access_token);
});

const ORG = "10234695";

async function call(method: string, path: string, query = "", record?: unknown) {
  const sep = path.includes("?") ? "&" : "?";
  const r = await fetch(
    `${em.url}/www.zohoapis.eu/inventory/v1/${path}${sep}organization_id=${ORG}${query}`,
    {
      method,
      headers: { authorization: `Zoho-oauthtoken ${token}` },
      body:
        record === undefined
          ? undefined
          : new URLSearchParams({ JSONString: JSON.stringify(record) }),
    },
  );
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}

type Rec = Record<string, unknown>;

describe("Zoho Inventory resources", () => {
  it("each list is under its own key with page_context; one record under its singular", async () => {
    for (const [path, list, one, key] of [
      ["invoices", "invoices", "invoice", "invoice_id"],
      ["customerpayments", "customerpayments", "payment", "payment_id"],
      ["pricebooks", "pricebooks", "pricebook", "pricebook_id"],
      ["settings/taxes", "taxes", "tax", "tax_id"],
      ["locations", "locations", "location", "location_id"],
      ["itemgroups", "itemgroups", "item_group", "group_id"],
    ] as const) {
      const { body } = await call("GET", path, "&per_page=2");
      expect(body.code).toBe(0);
      expect(body.page_context).toMatchObject({ page: 1, per_page: 2 });
      const first = (body[list] as Rec[])[0] as Rec;
      expect(String(first[key])).toMatch(/^\d{15}$/);
      const single = await call("GET", `${path}/${first[key]}`);
      expect(single.body[one]).toMatchObject({ [key]: first[key] });
    }
  });

  it("documents: lists leave line_items out, a single read has them and they add up", async () => {
    const { body } = await call("GET", "invoices", "&per_page=1");
    const listed = (body.invoices as Rec[])[0] as Rec;
    expect(listed.line_items).toBeUndefined();
    const one = (await call("GET", `invoices/${listed.invoice_id}`)).body.invoice as Rec;
    const lines = one.line_items as { item_total: number }[];
    expect(lines.length).toBeGreaterThan(0);
    const sum = Math.round(lines.reduce((t, l) => t + l.item_total, 0) * 100) / 100;
    expect(one.total).toBe(sum);
  });

  it("invoice filters: status exact, date_start/date_end inclusive, date_after/date_before not", async () => {
    const all = (await call("GET", "invoices")).body.invoices as Rec[];
    const paid = (await call("GET", "invoices", "&status=paid")).body.invoices as Rec[];
    expect(paid.map((r) => r.invoice_id)).toEqual(
      all.filter((r) => r.status === "paid").map((r) => r.invoice_id),
    );
    const day = String(all[3]?.date);
    const on = (q: string) =>
      call("GET", "invoices", q).then((r) => (r.body.invoices as Rec[]).map((x) => x.date));
    expect(await on(`&date_start=${day}&date_end=${day}`)).toEqual(
      all.filter((r) => r.date === day).map((r) => r.date),
    );
    expect((await on(`&date_after=${day}`)).every((d) => String(d) > day)).toBe(true);
    expect((await on(`&date_before=${day}`)).every((d) => String(d) < day)).toBe(true);
    const bad = await call("GET", "invoices", "&date_start=yesterday");
    expect(bad).toMatchObject({
      status: 400,
      body: { code: 2, message: "Invalid value passed for date_start" },
    });
  });

  it("items: name text ignoring case, rate bounds, modified strictly after a time", async () => {
    const all = (await call("GET", "items")).body.items as Rec[];
    const name = String(all[2]?.name);
    const found = (await call("GET", "items", `&name_contains=${name.slice(2, 7).toUpperCase()}`))
      .body.items as Rec[];
    expect(found.map((r) => r.name)).toContain(name);
    const rate = all[4]?.rate as number;
    const atMost = (await call("GET", "items", `&rate_less_equals=${rate}`)).body.items as Rec[];
    expect(atMost.map((r) => r.item_id)).toEqual(
      all.filter((r) => (r.rate as number) <= rate).map((r) => r.item_id),
    );
    const t = String(all[5]?.last_modified_time);
    const after = (await call("GET", "items", `&last_modified_time=${encodeURIComponent(t)}`)).body
      .items as Rec[];
    expect(after.map((r) => r.item_id)).toEqual(all.slice(6).map((r) => r.item_id));
    // Only the documented form `yyyy-MM-ddTHH:mm:ss+0000` is taken: no milliseconds, no `Z`.
    for (const bad of [new Date(Date.parse(t)).toISOString(), t.slice(0, 10), "yesterday"]) {
      expect(
        (await call("GET", "items", `&last_modified_time=${encodeURIComponent(bad)}`)).body,
      ).toEqual({ code: 2, message: "Invalid value passed for last_modified_time" });
    }
    expect((await call("GET", "items", "&filter_by=Status.Inactive")).body.items as Rec[]).toEqual(
      all.filter((r) => r.status === "inactive"),
    );
    expect((await call("GET", "items", "&filter_by=Inactive")).body.code).toBe(2);
  });

  it("contact persons: listed under their contact, created with contact_id, changed by id", async () => {
    const contacts = (await call("GET", "contacts")).body.contacts as Rec[];
    const contact = String(contacts[1]?.contact_id);
    const list = async () =>
      (await call("GET", `contacts/${contact}/contactpersons`)).body.contact_persons as Rec[];
    const before = await list();
    expect(before.length).toBe(2);
    expect(before.every((p) => p.contact_id === contact)).toBe(true);
    const made = await call("POST", "contacts/contactpersons", "", {
      contact_id: contact,
      last_name: "Added",
    });
    expect(made.status).toBe(201);
    const id = (made.body.contact_person as Rec).contact_person_id;
    expect((await list()).map((p) => p.contact_person_id)).toContain(id);
    const one = await call("GET", `contacts/${contact}/contactpersons/${id}`);
    expect(one.body.contact_person).toMatchObject({ last_name: "Added" });
    await call("PUT", `contacts/contactpersons/${id}`, "", { email: "a@x.test" });
    expect((await list()).find((p) => p.contact_person_id === id)?.email).toBe("a@x.test");
    expect((await call("DELETE", `contacts/contactpersons/${id}`)).body.code).toBe(0);
    expect(await list()).toEqual(before);
    const missing = await call("GET", "contacts/480000000000001/contactpersons");
    expect(missing).toMatchObject({ status: 404, body: { code: 1002 } });
  });

  it("writes: references must exist, documents need line items, packages take salesorder_id in the URL", async () => {
    const noCustomer = await call("POST", "invoices", "", {
      customer_id: "480000000000001",
      line_items: [{ rate: 1, quantity: 1 }],
    });
    expect(noCustomer.body).toEqual({
      code: 2,
      message: "Invalid value passed for customer_id",
    });
    const contacts = (await call("GET", "contacts")).body.contacts as Rec[];
    const noLines = await call("POST", "invoices", "", { customer_id: contacts[0]?.contact_id });
    expect(noLines.body).toMatchObject({ code: 2, message: expect.stringContaining("line_items") });
    const order = ((await call("GET", "salesorders")).body.salesorders as Rec[])[0] as Rec;
    // In the record only, the sales order is not taken.
    const inBody = await call("POST", "packages", "", {
      salesorder_id: order.salesorder_id,
      date: "2026-01-01",
    });
    expect(inBody.body).toMatchObject({
      code: 2,
      message: expect.stringContaining("salesorder_id"),
    });
    const inUrl = await call("POST", "packages", `&salesorder_id=${order.salesorder_id}`, {
      date: "2026-01-01",
    });
    expect(inUrl.body.package).toMatchObject({ salesorder_id: order.salesorder_id });
    // Custom fields: known ones merged by id or api_name, unknown ones refused.
    const item = await call("POST", "items", "", {
      name: "C",
      rate: 1,
      custom_fields: [{ api_name: "cf_colour", value: "Red" }],
    });
    expect((item.body.item as Rec).custom_fields).toEqual([
      expect.objectContaining({ api_name: "cf_colour", value: "Red", label: "Colour" }),
    ]);
    const unknown = await call("POST", "items", "", {
      name: "C",
      rate: 1,
      custom_fields: [{ api_name: "cf_nope", value: 1 }],
    });
    expect(unknown.body).toMatchObject({ code: 2 });
  });

  it("scopes: a token for items cannot read invoices", async () => {
    const narrow = await zohoTokens(em, { scope: "ZohoInventory.items.READ" });
    const r = await fetch(
      `${em.url}/www.zohoapis.eu/inventory/v1/invoices?organization_id=${ORG}`,
      { headers: { authorization: `Zoho-oauthtoken ${narrow.access_token}` } },
    );
    expect(r.status).toBe(401);
    const ok = await fetch(`${em.url}/www.zohoapis.eu/inventory/v1/items?organization_id=${ORG}`, {
      headers: { authorization: `Zoho-oauthtoken ${narrow.access_token}` },
    });
    expect(ok.status).toBe(200);
  });

  it("shipment orders: no list; a sales order's read shows its packages and their shipments", async () => {
    expect(await call("GET", "shipmentorders")).toMatchObject({ status: 404, body: { code: 5 } });
    const packages = (await call("GET", "packages")).body.packages as Rec[];
    const pkg = packages.find(
      (p) => !packages.slice(0, 4).some((q) => q.package_id === p.package_id),
    ) as Rec;
    const order = String(pkg.salesorder_id);
    const made = await call(
      "POST",
      "shipmentorders",
      `&salesorder_id=${order}&package_ids=${pkg.package_id}`,
      {
        shipment_number: "SH-9",
        date: "2026-02-01",
        delivery_method: "UPS",
        tracking_number: "T9",
      },
    );
    expect(made.status).toBe(201);
    const shipment = made.body.shipment_order as Rec;
    // A package ships once.
    const again = await call(
      "POST",
      "shipmentorders",
      `&salesorder_id=${order}&package_ids=${pkg.package_id}`,
      {
        shipment_number: "SH-10",
        date: "2026-02-01",
        delivery_method: "UPS",
        tracking_number: "T",
      },
    );
    expect(again.body).toEqual({ code: 2, message: "Invalid value passed for package_ids" });
    const seen = (await call("GET", `salesorders/${order}`)).body.salesorder as Rec;
    expect(seen.packages).toContainEqual(
      expect.objectContaining({
        package_id: pkg.package_id,
        shipment_id: shipment.shipment_id,
        shipment_number: "SH-9",
        shipment_status: "shipped",
      }),
    );
    // An update names the order and the packages in the URL again.
    const id = shipment.shipment_id;
    expect((await call("PUT", `shipmentorders/${id}`, "", { notes: "x" })).body.code).toBe(2);
    const updated = await call(
      "PUT",
      `shipmentorders/${id}`,
      `&salesorder_id=${order}&package_ids=${pkg.package_id}`,
      { notes: "x" },
    );
    expect(updated.body.shipment_order).toMatchObject({ notes: "x" });
    expect((await call("DELETE", `shipmentorders/${id}`)).body.code).toBe(0);
    expect((await call("GET", `shipmentorders/${id}`)).status).toBe(404);
  });

  it("sort_column and sort_order: numbers and times in order, ties by creation; others refused", async () => {
    const all = (await call("GET", "invoices")).body.invoices as Rec[];
    const page = async (n: number) =>
      (await call("GET", "invoices", `&sort_column=total&sort_order=D&per_page=7&page=${n}`)).body;
    const first = await page(1);
    expect(first.page_context).toMatchObject({
      sort_column: "total",
      sort_order: "D",
      has_more_page: true,
    });
    const walked = [...(first.invoices as Rec[])];
    for (let n = 2; walked.length < all.length; n++)
      walked.push(...((await page(n)).invoices as Rec[]));
    expect(walked.map((r) => r.total)).toEqual(
      all.map((r) => r.total as number).sort((a, b) => b - a),
    );
    expect((await call("GET", "invoices", "&sort_column=notes")).body).toEqual({
      code: 2,
      message: "Invalid value passed for sort_column",
    });
    expect((await call("GET", "invoices", "&sort_column=date&sort_order=up")).body.code).toBe(2);
  });
});
