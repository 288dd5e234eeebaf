import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, type ProviderModule, startEmulator } from "../src/index.js";
import { pipedrive } from "../src/providers/pipedrive/index.js";

let em: Emulator;
beforeAll(async () => {
  em = await startEmulator({
    providers: [pipedrive as ProviderModule<never>],
    datasets: { pipedrive: { notes: 23, products: 12, leads: 9, deals: 40 } },
  });
});
afterAll(() => em.close());

type Body = {
  success: boolean;
  data: unknown;
  error?: string;
  additional_data?: {
    next_cursor?: string | null;
    pagination?: {
      start: number;
      limit: number;
      more_items_in_collection: boolean;
      next_start?: number;
    };
  } | null;
};

async function call(method: string, path: string, body?: unknown): Promise<[number, Body]> {
  const r = await fetch(`${em.url}/emulatedcompany.pipedrive.com/${path}`, {
    method,
    headers: {
      "x-api-token": "emulator-pipedrive-api-token",
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return [r.status, (await r.json()) as Body];
}

describe("Pipedrive emulator: the lists beyond deals, persons and organizations", () => {
  it.each([
    ["api/v1/notes", 23, 10],
    ["v1/leads", 9, 4],
    ["api/v1/dealFields", 14, 5],
  ])("%s pages with start/limit and additional_data.pagination", async (path, total, limit) => {
    const seen: unknown[] = [];
    let start = 0;
    for (let page = 0; page < 10; page++) {
      const [status, body] = await call("GET", `${path}?start=${start}&limit=${limit}`);
      expect(status).toBe(200);
      const items = (body.data ?? []) as { id: unknown }[];
      seen.push(...items.map((i) => i.id ?? i));
      const p = body.additional_data!.pagination!;
      expect(p).toMatchObject({ start, limit });
      if (!p.more_items_in_collection) {
        expect(p.next_start).toBeUndefined();
        break;
      }
      expect(p.next_start).toBe(start + limit);
      start = p.next_start!;
    }
    expect(seen).toHaveLength(total);
  });

  it("v2 products page with cursors; a bad sort or limit is a validation error", async () => {
    const [, first] = await call("GET", "api/v2/products?limit=5");
    expect((first.data as unknown[]).length).toBe(5);
    const cursor = first.additional_data!.next_cursor!;
    const [, second] = await call("GET", `api/v2/products?limit=5&cursor=${cursor}`);
    expect((second.data as { id: number }[])[0]!.id).toBe(6);
    const [status, bad] = await call("GET", "api/v2/products?sort_by=price");
    expect(status).toBe(400);
    expect(bad).toMatchObject({ success: false, error: expect.stringContaining("sort_by") });
    expect((await call("GET", "api/v2/products?limit=501"))[0]).toBe(400);
  });

  it("users, filters, currencies and activity types answer in one page; goals inside data.goals", async () => {
    for (const path of [
      "api/v1/users",
      "api/v1/filters",
      "api/v1/currencies",
      "api/v1/activityTypes",
    ]) {
      const [status, body] = await call("GET", path);
      expect(status).toBe(200);
      expect(Array.isArray(body.data)).toBe(true);
      expect(body.additional_data).toBeUndefined();
    }
    const [, goals] = await call("GET", "api/v1/goals/find?is_active=true");
    const list = (goals.data as { goals: { id: string; is_active: boolean }[] }).goals;
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((g) => g.is_active && /^[0-9a-f]{32}$/.test(g.id))).toBe(true);
    const [, eur] = await call("GET", "api/v1/currencies?term=eur");
    expect((eur.data as { code: string }[]).map((c) => c.code)).toEqual(["EUR"]);
  });

  it("custom field values: custom_fields by hash key in v2, at the top level in v1", async () => {
    const [, fields] = await call("GET", "api/v1/dealFields?limit=100");
    const seats = (fields.data as { key: string; name: string; edit_flag: boolean }[]).find(
      (f) => f.name === "Seats",
    )!;
    expect(seats.key).toMatch(/^[0-9a-f]{40}$/);
    expect(seats.edit_flag).toBe(true);
    const [, v2] = await call("GET", "api/v2/deals?limit=40");
    const [, v1] = await call("GET", "v1/deals?limit=40");
    const v2Deals = v2.data as { custom_fields: Record<string, unknown> }[];
    const v1Deals = v1.data as Record<string, unknown>[];
    expect(v2Deals.some((d) => typeof d.custom_fields[seats.key] === "number")).toBe(true);
    v2Deals.forEach((d, i) => {
      expect(v1Deals[i]![seats.key]).toEqual(d.custom_fields[seats.key]);
      expect(v1Deals[i]).not.toHaveProperty("custom_fields");
    });
  });

  it.each([
    [
      "POST",
      "api/v2/deals",
      { title: "x", custom_fields: { ["0".repeat(40)]: 1 } },
      /custom_fields\.0+: Unknown field/,
    ],
    ["POST", "v1/leads", { title: "no one" }, /person or an organization/],
    ["POST", "api/v1/notes", { content: "x" }, /deal_id, person_id, org_id or lead_id/],
    ["POST", "api/v2/stages", { name: "x" }, /pipeline_id: Required/],
    [
      "POST",
      "api/v1/activityTypes",
      { name: "x", icon_key: "rocket" },
      /icon_key: Invalid enum value/,
    ],
    ["PUT", "api/v1/filters/1", { type: "leads" }, /type: Field is read-only/],
    [
      "POST",
      "api/v2/deals/1/products",
      { product_id: 1, item_price: "10", quantity: 1 },
      /item_price: Expected decimal/,
    ],
  ] as const)(
    "%s %s refused: 400 with Pipedrive's envelope",
    async (method, path, body, message) => {
      const [status, answer] = await call(method, path, body);
      expect(status).toBe(400);
      expect(answer).toMatchObject({ success: false, data: null });
      expect(answer.error).toMatch(message);
    },
  );

  it("writes: a deal product's sum follows its price and quantity; deletes answer as documented", async () => {
    const [, added] = await call("POST", "api/v2/deals/2/products", {
      product_id: 3,
      item_price: 20,
      quantity: 2,
      discount: 10,
    });
    const product = added.data as { id: number; sum: number; deal_id: number };
    expect(product).toMatchObject({ deal_id: 2, sum: 36 });
    const [, patched] = await call("PATCH", `api/v2/deals/2/products/${product.id}`, {
      quantity: 3,
    });
    expect((patched.data as { sum: number }).sum).toBe(54);
    expect((await call("PATCH", `api/v2/deals/3/products/${product.id}`, { quantity: 1 }))[0]).toBe(
      404,
    );
    expect((await call("DELETE", `api/v2/deals/2/products/${product.id}`))[1]).toEqual({
      success: true,
      data: { id: product.id },
    });
    const [, note] = await call("POST", "api/v1/notes", { content: "<p>x</p>", deal_id: 2 });
    const id = (note.data as { id: number }).id;
    expect((await call("DELETE", `api/v1/notes/${id}`))[1]).toEqual({ success: true, data: true });
    const [, goal] = await call("POST", "api/v1/goals", {
      title: "g",
      assignee: { id: 1, type: "person" },
      type: { name: "deals_won" },
      expected_outcome: { target: 1, tracking_metric: "quantity" },
      duration: { start: "2025-01-01" },
      interval: "monthly",
    });
    const goalId = (goal.data as { goal: { id: string } }).goal.id;
    expect((await call("DELETE", `api/v1/goals/${goalId}`))[1]).toEqual({ success: true });
  });
});
