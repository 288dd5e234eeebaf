import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../src/index.js";

// Zendesk lists on the record store: every list pages by cursor, written records are seen by
// lists (created ones at the end, changed ones in place, deleted ones gone), child lists per parent.

let em: Emulator;
beforeAll(async () => {
  em = await startEmulator({
    datasets: { zendesk: { tickets: 30, users: 12, organizations: 5, groups: 3 } },
  });
});
afterAll(() => em.close());
beforeEach(() => em.reset());

const ZD = {
  authorization: `Basic ${Buffer.from("katherine.johnson@emulator.example/token:emulator-zendesk-api-token").toString("base64")}`,
  "content-type": "application/json",
};
const url = (path: string) => `${em.url}/emulated.zendesk.com/api/v2/${path}`;
const send = async (method: string, path: string, body?: unknown) => {
  const r = await fetch(url(path), {
    method,
    headers: ZD,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: answers are read field by field and asserted.
  return { status: r.status, body: r.status === 204 ? undefined : ((await r.json()) as any) };
};

/** Every record of a list, following `links.next` with pages of `size`. */
async function walk(path: string, key: string, size = 7): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let next: string | null = url(`${path}.json?page[size]=${size}`);
  while (next) {
    const r = await fetch(next, { headers: ZD });
    expect(r.status).toBe(200);
    const b = (await r.json()) as {
      meta: { has_more: boolean };
      links: { next: string };
    } & Record<string, Record<string, unknown>[]>;
    out.push(...(b[key] ?? []));
    next = b.meta.has_more ? em.urlFor(b.links.next) : null;
  }
  return out;
}

describe("Zendesk lists on the record store", () => {
  it.each([
    [
      "tickets",
      "ticket",
      { comment: { body: "Pump leaks" }, subject: "Leak" },
      { subject: "Leak 2" },
    ],
    ["users", "user", { name: "Ada Byron", email: "ada@example.test" }, { phone: "+1 555" }],
    ["organizations", "organization", { name: "Lovelace Ltd" }, { details: "Engines" }],
    ["groups", "group", { name: "Tier 3" }, { description: "Hard cases" }],
  ] as const)(
    "%s: created at the end of the list, changed in place, deleted gone",
    async (path, one, row, change) => {
      const before = await walk(path, path);
      const created = await send("POST", `${path}.json`, { [one]: row });
      expect(created.status).toBe(201);
      const id = created.body[one].id as number;
      expect(id).toBeGreaterThan(Math.max(...before.map((r) => r.id as number)));
      const changedId = before[1]!.id as number;
      expect((await send("PUT", `${path}/${changedId}.json`, { [one]: change })).status).toBe(200);
      const after = await walk(path, path);
      expect(after.map((r) => r.id)).toEqual([...before.map((r) => r.id), id]);
      expect(after.at(-1)).toMatchObject(path === "tickets" ? { subject: "Leak" } : row);
      expect(after[1]).toMatchObject(change);
      expect((await send("DELETE", `${path}/${id}.json`)).status).toBe(
        path === "users" ? 200 : 204,
      );
      const gone = await walk(path, path);
      if (path === "users") expect(gone.at(-1)).toMatchObject({ id, active: false });
      else expect(gone.map((r) => r.id)).toEqual(before.map((r) => r.id));
    },
  );

  it.each([
    ["ticket_fields", 12],
    ["user_fields", 3],
    ["organization_fields", 3],
    ["ticket_metrics", 30],
    ["satisfaction_ratings", 10],
    ["organization_memberships", 12],
    ["group_memberships", 8],
    ["brands", 3],
    ["ticket_forms", 4],
    ["views", 6],
    ["macros", 8],
    ["triggers", 7],
    ["automations", 4],
    ["slas/policies", 3],
  ])("%s: %i records across cursor pages, each once", async (path, count) => {
    const key = path === "slas/policies" ? "sla_policies" : path;
    const rows = await walk(path, key, 5);
    expect(rows).toHaveLength(count);
    expect(new Set(rows.map((r) => r.id)).size).toBe(count);
  });

  it("tags count the tags tickets carry, changes included", async () => {
    const tags = async () =>
      Object.fromEntries(
        (await walk("tags", "tags")).map((t) => [t.name as string, t.count as number]),
      );
    const before = await tags();
    expect(Object.values(before).reduce((a, b) => a + b, 0)).toBe(30);
    await send("PUT", "tickets/1.json", { ticket: { tags: ["brand_new"] } });
    expect((await tags()).brand_new).toBe(1);
  });

  it("ticket comments and audits per ticket; a comment through an update adds both", async () => {
    const comments = await walk("tickets/3/comments", "comments");
    // Zendesk's comments do not name their ticket.
    expect(comments).toHaveLength(2);
    expect(comments[0]).not.toHaveProperty("ticket_id");
    const ticket = (await send("GET", "tickets/3.json")).body.ticket;
    expect(comments[0]!.body).toBe(ticket.description);
    const put = await send("PUT", "tickets/3.json", {
      ticket: { comment: { body: "On it", public: false } },
    });
    // The answer's audit names the new comment.
    expect(put.body.audit.events[0]).toMatchObject({ type: "Comment", body: "On it" });
    const after = await walk("tickets/3/comments", "comments");
    expect(after.at(-1)).toMatchObject({ body: "On it", public: false });
    const audits = await walk("tickets/3/audits", "audits");
    expect(audits).toHaveLength(2);
    expect((await send("GET", "tickets/999/comments.json")).status).toBe(404);
    const identities = await walk("users/1002/identities", "identities");
    expect(identities).toEqual([expect.objectContaining({ user_id: 1002, type: "email" })]);
  });

  it("custom fields: values in custom_fields / user_fields, checked and merged on write", async () => {
    const fields = (await send("GET", "ticket_fields.json")).body.ticket_fields as {
      id: number;
      title: string;
    }[];
    const product = fields.find((f) => f.title === "Product line")!;
    const t = (await send("GET", "tickets/2.json")).body.ticket;
    expect(t.custom_fields.map((f: { id: number }) => f.id)).toContain(product.id);
    const ok = await send("PUT", "tickets/2.json", {
      ticket: { custom_fields: [{ id: product.id, value: "product_valves" }] },
    });
    expect(ok.body.ticket.custom_fields).toContainEqual({
      id: product.id,
      value: "product_valves",
    });
    expect(ok.body.ticket.custom_fields).toHaveLength(t.custom_fields.length);
    const bad = await send("PUT", "tickets/2.json", {
      ticket: { custom_fields: [{ id: product.id, value: "nope" }] },
    });
    expect(bad.status).toBe(422);
    const user = await send("PUT", "users/1001.json", {
      user: { user_fields: { loyalty_points: 7 } },
    });
    expect(user.body.user.user_fields).toMatchObject({ loyalty_points: 7 });
    expect(Object.keys(user.body.user.user_fields)).toHaveLength(3);
  });

  it("create_many answers a job status: queued, working, then completed with one result per record", async () => {
    const queued = await send("POST", "users/create_many.json", {
      users: [{ name: "Bulk One" }, { name: " " }],
    });
    expect(queued.body.job_status).toMatchObject({ status: "queued", total: 2, results: null });
    const id = queued.body.job_status.id as string;
    expect((await send("GET", `job_statuses/${id}.json`)).body.job_status.status).toBe("working");
    const done = (await send("GET", `job_statuses/${id}.json`)).body.job_status;
    expect(done.status).toBe("completed");
    expect(done.results).toEqual([
      { index: 0, id: 1012, status: "Created", success: true },
      expect.objectContaining({ index: 1, error: "RecordInvalid", success: false }),
    ]);
    const tooMany = Array.from({ length: 101 }, (_, i) => ({ name: `n${i}` }));
    expect((await send("POST", "users/create_many.json", { users: tooMany })).status).toBe(400);
    expect((await send("GET", "job_statuses/nope.json")).status).toBe(404);
  });

  it("search: exact terms, offset pages with next_page, nothing past 1,000 results (422)", async () => {
    const q = encodeURIComponent("type:ticket status:open");
    const first = await send("GET", `search.json?query=${q}&per_page=2`);
    const open = (await walk("tickets", "tickets")).filter((t) => t.status === "open");
    expect(first.body.count).toBe(open.length);
    expect(first.body.results.map((r: { id: number }) => r.id)).toEqual(
      open.slice(0, 2).map((t) => t.id),
    );
    expect(first.body.results[0].result_type).toBe("ticket");
    expect(first.body.next_page).toContain("page=2");
    expect((await send("GET", `search.json?query=${q}&page=11&per_page=100`)).status).toBe(422);
  });
});
