import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { checkFields, createRecordStore } from "../src/core/records/store.js";
import { type Emulator, type ProviderModule, startEmulator } from "../src/index.js";
import { pipedrive } from "../src/providers/pipedrive/index.js";

describe("record store", () => {
  const make = () =>
    createRecordStore({ size: () => 10, generate: (i) => ({ id: i + 1, n: i % 3 }) });

  it("scans in key order with a position that carries over between pages", () => {
    const store = make();
    const first = store.scan(0, 2, (r) => r.n === 0);
    expect(first.records.map((r) => r.id)).toEqual([1, 4]);
    const second = store.scan(first.next ?? -1, 2, (r) => r.n === 0);
    expect(second.records.map((r) => r.id)).toEqual([7, 10]);
    expect(second.next).toBeUndefined();
  });

  it("applies inserts, updates and deletes over the generated records", () => {
    const store = make();
    expect(store.insert({ n: 9 }).id).toBe(11);
    expect(store.update(2, { n: 5 })).toEqual({ id: 2, n: 5 });
    expect(store.remove(3)).toBe(true);
    expect(store.remove(3)).toBe(false);
    expect(store.get(3)).toBeUndefined();
    expect(store.all().map((r) => r.id)).toEqual([1, 2, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect([store.written(1), store.written(2), store.written(11)]).toEqual([false, true, true]);
  });

  it("keys can start elsewhere (firstKey): gets, inserts and writes use those keys", () => {
    const store = createRecordStore({
      size: () => 3,
      generate: (i) => ({ id: 1000 + i }),
      firstKey: 1000,
    });
    expect([store.get(999), store.get(1000)?.id, store.get(1002)?.id, store.get(1003)]).toEqual([
      undefined,
      1000,
      1002,
      undefined,
    ]);
    expect(store.insert({}).id).toBe(1003);
    expect(store.update(1001, { x: 1 })).toEqual({ id: 1001, x: 1 });
    expect(store.remove(1000)).toBe(true);
    expect(store.all().map((r) => r.id)).toEqual([1001, 1002, 1003]);
    expect([store.written(1001), store.written(1002), store.written(1003)]).toEqual([
      true,
      false,
      true,
    ]);
  });

  it("checks writes: unknown, read-only, required, types and enum values, each named", () => {
    const fields = {
      id: { type: "integer", readOnly: true },
      title: { type: "string", required: true },
      status: { type: "enum", values: ["open", "won"] },
      value: { type: "decimal", nullable: true },
    } as const;
    const { problems } = checkFields(
      fields,
      { id: 1, stauts: "x", status: "gone", value: "3" },
      "create",
    );
    expect(problems.map((p) => [p.field, p.problem])).toEqual([
      ["id", "read_only"],
      ["stauts", "unknown"],
      ["status", "value"],
      ["value", "type"],
      ["title", "required"],
    ]);
    expect(checkFields(fields, { value: null }, "update")).toEqual({
      record: { value: null },
      problems: [],
    });
  });
});

const API = "emulatedcompany.pipedrive.com";
const h = { "x-api-token": "emulator-pipedrive-api-token", "content-type": "application/json" };
let em: Emulator;
beforeAll(async () => {
  em = await startEmulator({
    providers: [pipedrive as ProviderModule<never>],
    datasets: { pipedrive: { deals: 300 } },
  });
});
afterAll(() => em.close());
beforeEach(() => em.reset());

async function all(path: string): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let cursor: string | null = null;
  do {
    const url = new URL(`${em.url}/${API}${path}`);
    if (cursor) url.searchParams.set("cursor", cursor);
    const body = (await (await fetch(url, { headers: h })).json()) as {
      data: Record<string, unknown>[];
      additional_data: { next_cursor: string | null };
    };
    out.push(...body.data);
    cursor = body.additional_data.next_cursor;
  } while (cursor);
  return out;
}

describe("Pipedrive v2 lists: filters and sort", () => {
  it("status, owner and stage filters are exact; every page has the requested size", async () => {
    const everything = await all("/api/v2/deals?limit=500");
    expect(everything).toHaveLength(300);
    const won = await all("/api/v2/deals?status=won&stage_id=2&limit=7");
    expect(won.map((d) => d.id)).toEqual(
      everything.filter((d) => d.status === "won" && d.stage_id === 2).map((d) => d.id),
    );
    expect(won.length).toBeGreaterThan(0);
  });

  it("updated_since is update_time >= value; updated_until is <", async () => {
    const everything = await all("/api/v2/deals?limit=500");
    const t = String(everything[150]?.update_time);
    const since = await all(`/api/v2/deals?updated_since=${encodeURIComponent(t)}`);
    expect(since.map((d) => d.id)).toEqual(
      everything.filter((d) => Date.parse(String(d.update_time)) >= Date.parse(t)).map((d) => d.id),
    );
    const until = await all(`/api/v2/deals?updated_until=${encodeURIComponent(t)}`);
    expect(until.length + since.length).toBe(300);
  });

  it("sort_by and sort_direction, ties in id order; bad values are validation errors", async () => {
    const desc = await all("/api/v2/deals?sort_by=update_time&sort_direction=desc&limit=100");
    const times = desc.map((d) => Date.parse(String(d.update_time)));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const r = await fetch(`${em.url}/${API}/api/v2/deals?status=pending`, { headers: h });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: string }).error).toContain("status: Invalid enum value");
  });
});

describe("Pipedrive v2 writes", () => {
  it("create, read, update, delete; the changes show in lists and filters", async () => {
    const created = await fetch(`${em.url}/${API}/api/v2/deals`, {
      method: "POST",
      headers: h,
      body: JSON.stringify({ title: "Tables", value: 1234, status: "won" }),
    });
    expect(created.status).toBe(200);
    const { data } = (await created.json()) as { data: { id: number; status: string } };
    expect(data).toMatchObject({ id: 301, status: "won" });
    const patched = await fetch(`${em.url}/${API}/api/v2/deals/${data.id}`, {
      method: "PATCH",
      headers: h,
      body: JSON.stringify({ status: "lost" }),
    });
    expect(((await patched.json()) as { data: { status: string } }).data.status).toBe("lost");
    const lost = await all("/api/v2/deals?status=lost&limit=500");
    expect(lost.some((d) => d.id === data.id)).toBe(true);
    const removed = await fetch(`${em.url}/${API}/api/v2/deals/${data.id}`, {
      method: "DELETE",
      headers: h,
    });
    expect(await removed.json()).toEqual({ success: true, data: { id: data.id } });
    const gone = await fetch(`${em.url}/${API}/api/v2/deals/${data.id}`, { headers: h });
    expect(gone.status).toBe(404);
    expect((await all("/api/v2/deals?limit=500")).some((d) => d.id === data.id)).toBe(false);
  });

  it("refuses read-only, unknown and mistyped fields and a missing title, naming each", async () => {
    const r = await fetch(`${em.url}/${API}/api/v2/deals`, {
      method: "POST",
      headers: h,
      body: JSON.stringify({ id: 5, valeu: 3, status: "maybe" }),
    });
    expect(r.status).toBe(400);
    const { error } = (await r.json()) as { error: string };
    for (const part of [
      "id: Field is read-only",
      "valeu: Unknown field",
      "status: Invalid enum value",
      "title: Required",
    ]) {
      expect(error).toContain(part);
    }
    const missing = await fetch(`${em.url}/${API}/api/v2/deals/99999`, {
      method: "PATCH",
      headers: h,
      body: JSON.stringify({ value: 1 }),
    });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: string }).error).toBe("Deal not found");
  });
});
