import type { ApiClient, ApiRequest, ColumnsDeclaration } from "@x/connector-kit";
import { describe, expect, test } from "vitest";
import { completeRecords, firstFields } from "../src/wide.js";

// Fields past the 50 one request may name, read by id and merged into the page's records.

const columns: ColumnsDeclaration = Object.fromEntries([
  ["id", { type: "string" }],
  ...Array.from({ length: 120 }, (_, i) => [`F${i}`, { type: "integer", nullable: true }]),
]);

/** Answers `ids` requests with `F{n}` = id * 1000 + n; `sent` keeps each request's query. */
function stub() {
  const sent: URLSearchParams[] = [];
  const api = {
    async send(request: ApiRequest) {
      const sp = request.searchParams as URLSearchParams;
      sent.push(sp);
      const fields = (sp.get("fields") ?? "").split(",");
      const data = (sp.get("ids") ?? "")
        .split(",")
        .filter((id) => id !== "404")
        .map((id) => ({
          id,
          ...Object.fromEntries(fields.map((f) => [f, Number(id) * 1000 + Number(f.slice(1))])),
        }));
      return new Response(JSON.stringify({ data }), {
        headers: { "content-type": "application/json" },
      });
    },
  } as unknown as ApiClient;
  return { api, sent };
}

describe("completeRecords", () => {
  test("the first 50 fields are asked; 70 more come in two chunks, 100 ids a request", async () => {
    const { api, sent } = stub();
    const fields = firstFields(columns);
    expect(fields.split(",")).toHaveLength(50);
    const records = Array.from({ length: 150 }, (_, i) => ({ id: String(i + 1), F0: 0 }));
    const request = { path: "Leads", searchParams: new URLSearchParams({ fields }) };
    const done = (await completeRecords("Leads")(records, { api, request, columns })) as Record<
      string,
      unknown
    >[];
    // 2 chunks of fields (50 + 20) x 2 chunks of ids (100 + 50).
    expect(
      sent.map((sp) => [sp.get("ids")?.split(",").length, sp.get("fields")?.split(",").length]),
    ).toEqual([
      [100, 50],
      [50, 50],
      [100, 20],
      [50, 20],
    ]);
    expect(done[149]).toMatchObject({ id: "150", F50: 150_050, F119: 150_119 });
  });

  test("a request without fields (a query in a body) asked for the keys that came back", async () => {
    const { api, sent } = stub();
    const records = [{ id: "7", ...Object.fromEntries(columns_(0, 100)) }, { id: "404" }];
    const request = { method: "POST", path: "coql", json: {} };
    const done = (await completeRecords("Leads")(records, { api, request, columns })) as Record<
      string,
      unknown
    >[];
    expect(sent).toHaveLength(1);
    expect(sent[0]?.get("fields")?.split(",")).toHaveLength(20);
    expect(done[0]).toMatchObject({ F0: 0, F100: 7100 });
    // A record gone in between keeps nulls.
    expect(done[1]).toMatchObject({ id: "404", F100: null });
  });
});

function columns_(from: number, to: number): [string, number][] {
  return Array.from({ length: to - from }, (_, i) => [`F${from + i}`, 0]);
}
