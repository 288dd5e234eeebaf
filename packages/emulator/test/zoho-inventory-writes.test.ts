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
});
