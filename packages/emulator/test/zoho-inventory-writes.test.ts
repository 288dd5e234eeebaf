import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../src/index.js";
import { zohoTokens } from "./helpers.js";

// Zoho Inventory writes: JSONString form field, organization_id, `code` in every answer.

let em: Emulator;
beforeAll(async () => {
  em = await startEmulator({ autoApprove: true, datasets: { zoho: { items: 5 } } });
});
afterAll(() => em.close());
beforeEach(() => em.reset());

const ORG = "10234695";
const url = (path: string, org = true) =>
  `${em.url}/www.zohoapis.eu/inventory/v1/${path}${org ? `?organization_id=${ORG}` : ""}`;

async function send(method: string, path: string, record?: unknown, org = true) {
  const t = await zohoTokens(em, { scope: "ZohoInventory.FullAccess.all" });
  const body =
    record === undefined
      ? undefined
      : new URLSearchParams({
          JSONString: typeof record === "string" ? record : JSON.stringify(record),
        });
  const r = await fetch(url(path, org), {
    method,
    headers: { authorization: `Zoho-oauthtoken ${t.access_token}` },
    body,
  });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}

describe("Zoho Inventory writes", () => {
  it("POST items with JSONString: 201, code 0, the item; bad JSON is code 4; a missing name code 2", async () => {
    const ok = await send("POST", "items", { name: "Bolt", rate: 0.25, stock_on_hand: 99 });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({
      code: 0,
      item: { name: "Bolt", rate: 0.25, stock_on_hand: 0 },
    });
    const id = (ok.body.item as { item_id: string }).item_id;
    expect(id).toMatch(/^464695000000006$/);
    expect((await send("POST", "items", "{not json")).body).toMatchObject({ code: 4 });
    const noName = await send("POST", "items", { rate: 1 });
    expect(noName).toMatchObject({
      status: 400,
      body: { code: 2, message: expect.stringContaining("name") },
    });
    expect((await send("POST", "items", { name: "x", rate: 1 }, false)).body).toMatchObject({
      code: 2,
    });
  });

  it("PUT and DELETE by id; an unknown id is 404 code 1002; the list leaves deleted items out", async () => {
    const id = "464695000000002";
    expect((await send("PUT", `items/${id}`, { rate: 7 })).body).toMatchObject({
      code: 0,
      item: { item_id: id, rate: 7 },
    });
    expect((await send("DELETE", `items/${id}`)).body).toMatchObject({ code: 0 });
    expect(await send("GET", `items/${id}`)).toMatchObject({ status: 404, body: { code: 1002 } });
    expect((await send("DELETE", `items/${id}`)).status).toBe(404);
    const list = (await send("GET", "items")).body.items as { item_id: string }[];
    expect(list.map((i) => i.item_id)).not.toContain(id);
    expect(list).toHaveLength(4);
  });

  it("DELETE items?item_ids=: all deleted, or none when an id names no item (404 code 1002)", async () => {
    const bulk = async (ids: string) => {
      const t = await zohoTokens(em, { scope: "ZohoInventory.items.DELETE" });
      const r = await fetch(`${url("items")}&item_ids=${encodeURIComponent(ids)}`, {
        method: "DELETE",
        headers: { authorization: `Zoho-oauthtoken ${t.access_token}` },
      });
      return { status: r.status, body: (await r.json()) as Record<string, unknown> };
    };
    const ids = async () =>
      ((await send("GET", "items")).body.items as { item_id: string }[]).map((i) => i.item_id);
    const [a, b, c] = await ids();
    expect(await bulk(`${a},464695000000999,${b}`)).toEqual({
      status: 404,
      body: { code: 1002, message: "Item does not exist." },
    });
    expect(await ids()).toHaveLength(5);
    expect(await bulk("")).toMatchObject({ status: 400, body: { code: 2 } });
    expect(await bulk(`${a},${b},${a}`)).toEqual({
      status: 200,
      body: { code: 0, message: "The items have been deleted." },
    });
    const left = await ids();
    expect(left).toHaveLength(3);
    expect(left).not.toContain(a);
    expect(left).not.toContain(b);
    expect(left[0]).toBe(c);
    expect(em.count("zoho", "inventory.deleteMany")).toBe(3);
  });

  it("created records are in lists (after the data set, across pages); changes show there too", async () => {
    const made = await send("POST", "items", { name: "Listed", rate: 2 });
    const id = (made.body.item as { item_id: string }).item_id;
    const page = async (n: number) =>
      (await send("GET", `items?organization_id=${ORG}&page=${n}&per_page=4`, undefined, false))
        .body as {
        items: { item_id: string; rate: number }[];
        page_context: { has_more_page: boolean };
      };
    const first = await page(1);
    expect(first.page_context.has_more_page).toBe(true);
    const second = await page(2);
    expect(second.items.map((i) => i.item_id)).toEqual(["464695000000005", id]);
    expect(second.page_context.has_more_page).toBe(false);
    await send("PUT", `items/${id}`, { rate: 3 });
    expect((await page(2)).items.find((i) => i.item_id === id)?.rate).toBe(3);
    // A deleted record leaves no gap: the next page moves up.
    await send("DELETE", "items/464695000000001");
    expect((await page(1)).items.map((i) => i.item_id)).toContain("464695000000005");
    expect((await page(1)).page_context.has_more_page).toBe(true);
    expect((await page(2)).items.map((i) => i.item_id)).toEqual([id]);
  });
});
