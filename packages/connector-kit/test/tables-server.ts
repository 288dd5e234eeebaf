import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { headerAuth } from "../src/auth.js";
import { createApiClient } from "../src/http.js";
import { cursorPagination, withSearchParams } from "../src/paginate.js";
import { defineTable } from "../src/tables/declaration.js";
import { emulatorRewrite } from "../src/url-guard.js";

/** A deal as the fake API stores it. */
export interface StoredDeal {
  id: number;
  title: string;
  status: "open" | "won" | "lost";
  value: number | null;
  owner_id: number | null;
  created_at: string;
  note: string | null;
}

/** The provider's cap on filtered listings (as Zoho CRM search stops at 2,000). */
export const CAP = 5;

/**
 * A small deals API: cursor pages of 4 (up to 10), `status` filter (exact, at most CAP records),
 * `sort=value|-value` (nulls last), CRUD, a batch insert of up to 3, and queued faults.
 */
export async function startDealsApi(initial: StoredDeal[]) {
  const deals = initial.map((d) => ({ ...d }));
  let nextId = Math.max(0, ...deals.map((d) => d.id)) + 1;
  const log: string[] = [];
  const faults: { method: string; status: number; delayMs?: number }[] = [];
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const path = url.pathname.replace(/^\/api\.example\.test\//, "");
    const method = req.method ?? "GET";
    log.push(`${method} ${path}${url.search}`);
    const body = await readJson(req);
    const send = (status: number, value: unknown) => {
      res.statusCode = status;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(value));
    };
    const fault = faults.findIndex((f) => f.method === method);
    if (fault >= 0) {
      const [f] = faults.splice(fault, 1);
      if (f?.delayMs) await new Promise((r) => setTimeout(r, f.delayMs));
      if (f?.status === 429) res.setHeader("retry-after", "0");
      return send(f?.status ?? 500, { error: "injected" });
    }
    const q = url.searchParams;
    if (method === "GET" && path === "deals") {
      let rows = deals.slice();
      const status = q.get("status");
      if (status !== null) rows = rows.filter((d) => d.status === status).slice(0, CAP);
      const sort = q.get("sort");
      if (sort) {
        const desc = sort.startsWith("-");
        rows.sort((a, b) => {
          if (a.value === null || b.value === null) {
            return a.value === b.value ? 0 : a.value === null ? 1 : -1;
          }
          return desc ? b.value - a.value : a.value - b.value;
        });
      }
      const from = Number(q.get("cursor") ?? 0);
      const size = Math.min(10, Number(q.get("limit") ?? 4));
      const page = rows.slice(from, from + size);
      const next = from + size < rows.length ? String(from + size) : null;
      return send(200, { data: page, next });
    }
    if (method === "POST" && path === "deals") {
      const deal = { ...blank(), ...(body as object), id: nextId++ } as StoredDeal;
      deals.push(deal);
      return send(201, { data: deal });
    }
    if (method === "POST" && path === "deals/batch") {
      const results = (body as { data: Partial<StoredDeal>[] }).data.map((row) => {
        if (row.title === "refuse me") return { status: "error", code: "INVALID_DATA" };
        const deal = { ...blank(), ...row, id: nextId++ } as StoredDeal;
        deals.push(deal);
        return { status: "success", id: deal.id };
      });
      return send(200, { data: results });
    }
    // Batch update / delete / upsert (at most 3), answering 200 with a result per record.
    if (method === "PUT" && path === "deals/batch") {
      const results = (body as { data: Partial<StoredDeal>[] }).data.map((row) => {
        const deal = deals.find((d) => d.id === row.id);
        if (!deal) return { status: "error", code: "NO_SUCH_ID", missing: true };
        if (row.title === "refuse me") return { status: "error", code: "INVALID_DATA" };
        Object.assign(deal, row);
        return { status: "success", id: deal.id };
      });
      return send(200, { data: results });
    }
    if (method === "DELETE" && path === "deals/batch") {
      const ids = (q.get("ids") ?? "").split(",").map(Number);
      const results = ids.map((id) => {
        const index = deals.findIndex((d) => d.id === id);
        if (index < 0) return { status: "error", code: "NO_SUCH_ID", missing: true };
        deals.splice(index, 1);
        return { status: "success", id };
      });
      return send(200, { data: results });
    }
    if (method === "POST" && path === "deals/upsert") {
      const { data, match } = body as { data: Partial<StoredDeal>[]; match?: (keyof StoredDeal)[] };
      const on = match ?? ["title"];
      const results = data.map((row) => {
        const found = deals.find((d) => on.every((c) => d[c] === row[c]));
        if (found) {
          Object.assign(found, row);
          return { status: "success", id: found.id, action: "update" };
        }
        const deal = { ...blank(), ...row, id: nextId++ } as StoredDeal;
        deals.push(deal);
        return { status: "success", id: deal.id, action: "insert" };
      });
      return send(200, { data: results });
    }
    const match = /^deals\/(\d+)$/.exec(path);
    const index = match ? deals.findIndex((d) => d.id === Number(match[1])) : -1;
    if (match && index < 0) return send(404, { error: "not found" });
    if (match && method === "GET") return send(200, { data: deals[index] });
    if (match && method === "PUT") {
      Object.assign(deals[index] as StoredDeal, body);
      return send(200, { data: deals[index] });
    }
    if (match && method === "DELETE") {
      deals.splice(index, 1);
      res.statusCode = 204;
      return void res.end();
    }
    send(404, { error: "no route" });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const api = createApiClient({
    provider: "Example",
    baseUrl: "https://api.example.test",
    allowedHosts: ["api.example.test"],
    auth: headerAuth("x-api-token", "k"),
    rewriteUrl: emulatorRewrite(origin),
    userAgent: "t",
    timeoutMs: 2_000,
    deadlineMs: 20_000,
    retry: { backoffLimitMs: 50 },
  });
  return {
    api,
    deals,
    log,
    faults,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

function blank(): Omit<StoredDeal, "id"> {
  return {
    title: "",
    status: "open",
    value: null,
    owner_id: null,
    created_at: "2024-01-01T00:00:00Z",
    note: null,
  };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? JSON.parse(text) : undefined;
}

/** The deals table over the fake API. */
export const dealsTable = defineTable({
  name: "deals",
  description: "Deals of the example API",
  key: "id",
  columns: {
    id: { type: "integer", readOnly: true },
    title: { type: "string", required: true },
    status: { type: "enum", values: ["open", "won", "lost"] },
    value: { type: "decimal", nullable: true },
    owner_id: { type: "reference", references: "users", nullable: true },
    created_at: { type: "datetime", readOnly: true },
    note: { type: "string", nullable: true },
  },
  list: {
    request: { path: "deals" },
    pagination: cursorPagination({
      cursorParam: "cursor",
      items: (body) => (body as { data: unknown[] }).data,
      nextCursor: (body) => (body as { next: string | null }).next,
    }),
    pageSize: { param: "limit", max: 10 },
    filteredCap: CAP,
  },
  filters: { status: { eq: "status" } },
  orderBy: {
    value: {
      asc: (r) => withSearchParams(r, { sort: "value" }),
      desc: (r) => withSearchParams(r, { sort: "-value" }),
    },
  },
  get: {
    request: (id) => ({ path: `deals/${id}` }),
    record: (body) => (body as { data: unknown }).data,
  },
  insert: {
    request: (row) => ({ method: "POST", path: "deals", json: row }),
    key: (body) => (body as { data: { id: number } }).data.id,
    batch: {
      max: 3,
      request: (rows) => ({ method: "POST", path: "deals/batch", json: { data: rows } }),
      results: (body) =>
        (body as { data: { status: string; id?: number; code?: string }[] }).data.map((r) =>
          r.status === "success"
            ? { ok: true as const, key: r.id }
            : { ok: false as const, code: r.code, message: "the provider refused the row" },
        ),
    },
  },
  update: { request: (id, changes) => ({ method: "PUT", path: `deals/${id}`, json: changes }) },
  delete: { request: (id) => ({ method: "DELETE", path: `deals/${id}` }) },
});

/** A deterministic dataset: statuses, values with nulls, owners, notes with mixed case. */
export function makeDeals(count: number): StoredDeal[] {
  const statuses = ["open", "won", "lost"] as const;
  return Array.from({ length: count }, (_, i) => ({
    id: i + 1,
    title: `Deal ${i + 1}`,
    status: statuses[i % 3] as StoredDeal["status"],
    value: i % 5 === 0 ? null : ((i * 37) % 100) * 10,
    owner_id: i % 4 === 0 ? null : (i % 4) + 100,
    created_at: new Date(Date.UTC(2024, 0, 1 + i)).toISOString(),
    note: i % 2 === 0 ? null : i % 3 === 0 ? "Call BACK" : "call later",
  }));
}

type BatchAnswer = {
  data: {
    status: string;
    id?: number;
    code?: string;
    missing?: boolean;
    action?: "insert" | "update";
  }[];
};
const perRecord = (body: unknown) =>
  (body as BatchAnswer).data.map((r) =>
    r.status === "success"
      ? { ok: true as const, key: r.id, action: r.action }
      : {
          ok: false as const,
          code: r.code,
          message: "the provider refused the row",
          missing: r.missing,
        },
  );

/** The deals table with batch update, delete and upsert endpoints (3 records per call). */
export const batchDealsTable = defineTable({
  ...dealsTable,
  update: {
    request: (id, changes) => ({ method: "PUT", path: `deals/${id}`, json: changes }),
    batch: {
      max: 3,
      request: (rows) => ({
        method: "PUT",
        path: "deals/batch",
        json: { data: rows.map((r) => ({ ...r.changes, id: r.key })) },
      }),
      results: perRecord,
    },
  },
  delete: {
    request: (id) => ({ method: "DELETE", path: `deals/${id}` }),
    batch: {
      max: 3,
      request: (keys) => ({
        method: "DELETE",
        path: "deals/batch",
        searchParams: new URLSearchParams({ ids: keys.join(",") }),
      }),
      results: perRecord,
    },
  },
  upsert: {
    request: (row, match) => ({
      method: "POST",
      path: "deals/upsert",
      json: { data: [row], match },
    }),
    result: (body) => perRecord(body)[0] ?? { ok: false, message: "no result" },
    batch: {
      max: 3,
      request: (rows, match) => ({
        method: "POST",
        path: "deals/upsert",
        json: { data: rows, match },
      }),
      results: perRecord,
    },
  },
});
