import { startEmulator } from "@x/emulator";
import * as highrise from "@x/highrise";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { checkPushdown } from "./pushdown.js";

// Every Highrise table read, filtered and written through the connection against the emulator.
// Each test sets up what it reads; the emulator's data set is reset before each one.

let em: Awaited<ReturnType<typeof startEmulator>>;
let hr: Awaited<ReturnType<typeof highrise.connect>>;

const SIZES = {
  people: 8,
  companies: 4,
  deals: 12,
  kases: 6,
  notes: 40,
  emails: 24,
  comments: 20,
  tasks: 30,
  tags: 5,
  users: 3,
  groups: 2,
  deal_categories: 3,
  task_categories: 4,
  subject_fields: 3,
};

beforeAll(async () => {
  em = await startEmulator({ datasets: { highrise: SIZES } });
  hr = await highrise.connect(
    `AuthScheme=APIToken;AccountId=emulated;APIToken=emulator-highrise-api-token;EmulatorURL=${em.url}`,
  );
});
afterAll(async () => {
  await hr?.close();
  await em?.close();
});
beforeEach(() => em.reset());

type Row = Record<string, unknown>;
const ids = (rows: readonly Row[]) => rows.map((r) => r.id as number);

describe("every table is readable", () => {
  test.each([
    ["people", SIZES.people],
    ["companies", SIZES.companies],
    ["deals", SIZES.deals],
    ["cases", SIZES.kases],
    ["tags", SIZES.tags],
    ["users", SIZES.users],
    ["groups", SIZES.groups],
    ["deal_categories", SIZES.deal_categories],
    ["task_categories", SIZES.task_categories],
    ["custom_fields", SIZES.subject_fields],
  ] as const)("%s: every record, one by key", async (name, count) => {
    const table = hr.table(name);
    const rows = (await table.list().toArray()) as Row[];
    expect(rows).toHaveLength(count);
    expect(new Set(ids(rows)).size).toBe(count);
    if (table.declaration.get) {
      const last = rows.at(-1) as Row;
      expect(await table.get(last.id as number)).toEqual(last);
    }
  });

  test("cases: open ones, then closed ones (two lists)", async () => {
    em.resetCounts();
    const rows = (await hr.table("cases").list().toArray()) as Row[];
    const open = rows.findIndex((r) => r["closed-at"] !== null);
    expect(rows.slice(open).every((r) => r["closed-at"] !== null)).toBe(true);
    expect(em.count("highrise", "kases.list")).toBe(2);
  });

  test("tasks: upcoming, then completed", async () => {
    const rows = (await hr.table("tasks").list().toArray()) as Row[];
    expect(rows).toHaveLength(SIZES.tasks);
    const done = rows.findIndex((r) => r["done-at"] !== null);
    expect(done).toBeGreaterThan(0);
    expect(rows.slice(done).every((r) => r["done-at"] !== null)).toBe(true);
  });

  // Recordings go round the four kinds of subject: a quarter of them each.
  test.each([
    ["person_notes", "people", SIZES.notes / 4],
    ["company_notes", "companies", SIZES.notes / 4],
    ["deal_notes", "deals", SIZES.notes / 4],
    ["case_notes", "cases", SIZES.notes / 4],
    ["person_emails", "people", SIZES.emails / 4],
    ["company_emails", "companies", SIZES.emails / 4],
    ["deal_emails", "deals", SIZES.emails / 4],
    ["case_emails", "cases", SIZES.emails / 4],
  ] as const)("%s: listed per %s, all of them across the parents", async (name, parent, count) => {
    const parents = (await hr.table(parent).list().toArray()) as Row[];
    const found: Row[] = [];
    for (const p of parents) {
      const rows = (await hr
        .table(name)
        .list({ where: { "subject-id": p.id } } as never)
        .toArray()) as Row[];
      expect(rows.every((r) => r["subject-id"] === p.id)).toBe(true);
      found.push(...rows);
    }
    expect(found).toHaveLength(count);
    const one = found[0] as Row;
    expect(await hr.table(name).get(one.id as number)).toMatchObject({ id: one.id });
    await expect(hr.table(name).list().toArray()).rejects.toMatchObject({
      code: "CONNECTOR_INVALID_FILTER",
    });
  });

  test.each([
    ["note_comments", ["person_notes", "company_notes", "deal_notes", "case_notes"]],
    ["email_comments", ["person_emails", "company_emails", "deal_emails", "case_emails"]],
  ] as const)("%s: listed per parent, all of them across the parents", async (name, kinds) => {
    const subjects = { person: "people", company: "companies", deal: "deals", case: "cases" };
    let total = 0;
    for (const kind of kinds) {
      const parent = subjects[kind.split("_")[0] as keyof typeof subjects];
      for (const p of (await hr.table(parent).list().toArray()) as Row[]) {
        const recordings = (await hr
          .table(kind)
          .list({ where: { "subject-id": p.id } } as never)
          .toArray()) as Row[];
        for (const r of recordings) {
          const rows = (await hr
            .table(name)
            .list({ where: { "parent-id": r.id } } as never)
            .toArray()) as Row[];
          expect(rows.every((c) => c["parent-id"] === r.id)).toBe(true);
          total += rows.length;
        }
      }
    }
    expect(total).toBe(SIZES.comments / 2);
  });

  test("notes of one subject page by 25", async () => {
    const notes = hr.table("person_notes");
    for (let i = 0; i < 27; i++) await notes.insert({ "subject-id": 1000, body: `n${i}` });
    em.resetCounts();
    const rows = (await notes.list({ where: { "subject-id": 1000 } }).toArray()) as Row[];
    expect(rows.filter((r) => String(r.body).startsWith("n"))).toHaveLength(27);
    expect(em.count("highrise", "notes.list")).toBe(2);
  });
});

describe("filters", () => {
  test("deals: status goes to Highrise (status=won); the rows are the locally filtered ones", async () => {
    const all = (await hr.table("deals").list().toArray()) as Row[];
    const plan = await hr.table("deals").explain({ where: { status: "won" } });
    expect(plan.request.query.status).toBe("won");
    expect(plan.localFilter).toBeNull();
    const won = (await hr
      .table("deals")
      .list({ where: { status: "won" } })
      .toArray()) as Row[];
    expect(ids(won)).toEqual(ids(all.filter((d) => d.status === "won")));
  });

  test("people: title goes to Highrise as title= and is checked again locally", async () => {
    const plan = await hr.table("people").explain({ where: { title: "CEO" } });
    expect(plan.request.query.title).toBe("CEO");
    expect(plan.localFilter).toContain("title");
    const all = (await hr.table("people").list().toArray()) as Row[];
    const ceos = (await hr
      .table("people")
      .list({ where: { title: "CEO" } })
      .toArray()) as Row[];
    expect(ids(ceos)).toEqual(ids(all.filter((p) => p.title === "CEO")));
  });

  test.each([
    ["deals", 21],
    ["people", 22],
    ["companies", 23],
  ] as const)(
    "%s: the provider's filters give the rows the local filter gives",
    async (name, seed) => {
      const { checked, pushed } = await checkPushdown(hr.table(name), { runs: 12, seed });
      expect(checked).toBe(12);
      expect(pushed).toBe(12);
    },
  );
});

/** A create-read-update-delete round trip: the written values are read back by get and list. */
describe("writes", () => {
  const cases: [string, Row, Row, Row?][] = [
    ["people", { "first-name": "Ada", "last-name": "Lovelace" }, { title: "CTO" }],
    ["companies", { name: "Newco <Ltd>" }, { background: "Changed" }],
    ["deals", { name: "Big one", price: 1200 }, { price: 900 }],
    ["cases", { name: "A matter" }, { "closed-at": "2025-01-02T03:04:05Z" }],
    ["person_notes", { "subject-id": 1001, body: "Called" }, { body: "Called back" }],
    ["deal_notes", { "subject-id": 40_001, body: "Offer sent" }, { body: "Offer signed" }],
    ["case_emails", { "subject-id": 70_001, title: "Hi", body: "Text" }, { body: "More" }],
    ["tasks", { body: "Call", frame: "today" }, { frame: "later", body: "Call later" }],
    ["groups", { name: "Partners" }, { name: "Senior partners" }],
    ["deal_categories", { name: "Big", color: "ffcc33" }, { name: "Bigger" }],
    ["task_categories", { name: "Calls" }, { name: "Phone calls" }],
  ];
  test.each(cases)("%s: insert, get, update, list, delete", async (name, row, change) => {
    const table = hr.table(name);
    const { key } = await table.insert(row as never);
    expect(typeof key).toBe("number");
    expect(await table.get(key as number)).toMatchObject(row);
    await table.update(key as number, change as never);
    const after = await table.get(key as number);
    expect(after).toMatchObject({ ...row, ...change });
    const parent = table.declaration.parent;
    const where = parent ? { [parent.column]: row[parent.column] } : undefined;
    const listed = (await table.list({ where } as never).toArray()) as Row[];
    expect(listed.find((r) => r.id === key)).toEqual(after);
    await table.delete(key as number);
    expect(await table.get(key as number)).toBeUndefined();
    await expect(table.delete(key as number)).rejects.toMatchObject({
      code: "CONNECTOR_NOT_FOUND",
    });
  });

  test("comments: on a note, changed and deleted", async () => {
    const { key: note } = await hr.table("person_notes").insert({ "subject-id": 1000, body: "x" });
    const comments = hr.table("note_comments");
    const { key } = await comments.insert({ "parent-id": note as number, body: "Agreed" });
    await comments.update(key as number, { body: "Rephrased" });
    const rows = (await comments
      .list({ where: { "parent-id": note as number } })
      .toArray()) as Row[];
    expect(rows.map((r) => r.body)).toEqual(["Rephrased"]);
    await comments.delete(key as number);
    expect(await comments.list({ where: { "parent-id": note as number } }).toArray()).toEqual([]);
  });

  test("tags: put on a person (made once by name), seen on the person, taken off again", async () => {
    const tags = hr.table("tags");
    const before = (await tags.list().toArray()) as Row[];
    const { key } = await tags.insert({
      name: "Met at fair",
      "subject-type": "people",
      "subject-id": 1002,
    });
    const again = await tags.insert({
      name: "Met at fair",
      "subject-type": "companies",
      "subject-id": 500_001,
    });
    expect(again.key).toBe(key);
    expect(await tags.list().toArray()).toHaveLength(before.length + 1);
    const person = (await hr.table("people").get(1002)) as Row;
    expect(person.tags).toContainEqual({ id: key, name: "Met at fair" });
    await tags.delete(`people/1002/${key}`);
    expect(((await hr.table("people").get(1002)) as Row).tags).not.toContainEqual({
      id: key,
      name: "Met at fair",
    });
    await expect(tags.delete(`people/1002/${key}`)).rejects.toMatchObject({
      code: "CONNECTOR_NOT_FOUND",
    });
    // Deals and cases take tags too (their XML does not show them; their tag list does).
    const hot = await tags.insert({ name: "Hot", "subject-type": "deals", "subject-id": 40_001 });
    await tags.delete(`deals/40001/${hot.key}`);
    await expect(tags.delete(`deals/40001/${hot.key}`)).rejects.toMatchObject({
      code: "CONNECTOR_NOT_FOUND",
    });
    await expect(tags.delete(key as number)).rejects.toMatchObject({
      code: "CONNECTOR_INVALID_OPTION",
    });
    await expect(tags.insert({ name: "x" })).rejects.toMatchObject({
      code: "CONNECTOR_INVALID_RECORD",
    });
  });

  test("deals: a status change goes alone to /deals/{id}/status.xml; mixed with others it is refused unsent", async () => {
    const deals = hr.table("deals");
    em.resetCounts();
    await deals.update(40_002, { status: "lost" });
    expect(await deals.get(40_002)).toMatchObject({ status: "lost" });
    expect(em.count("highrise", "deals.status")).toBe(1);
    await expect(deals.update(40_002, { status: "won", price: 5 })).rejects.toMatchObject({
      code: "CONNECTOR_INVALID_RECORD",
      message: expect.stringContaining("price"),
    });
    expect(em.count("highrise", "deals.update") + em.count("highrise", "deals.status")).toBe(1);
  });

  test("a blank required value is refused by Highrise with 422 <errors>: a typed error with its message", async () => {
    await expect(hr.table("cases").insert({ name: "  " })).rejects.toMatchObject({
      code: "CONNECTOR_API_ERROR",
      status: 422,
      message: expect.stringContaining("(Name can't be blank)"),
    });
  });
});

describe("custom fields (subject fields) as columns by their labels", () => {
  const LABELS = ["Sales Region", "Account Manager", "Tier"];

  test.each([
    ["people", { "first-name": "Custom" }],
    ["companies", { name: "Custom Ltd" }],
  ] as const)(
    "%s: discovered columns, values read, written and cleared by label",
    async (name, row) => {
      const table = hr.table(name);
      const described = await table.describe();
      const custom = described.columns.filter((c) => c.origin === "discovered");
      expect(custom.map((c) => c.name)).toEqual(LABELS);
      expect(custom.every((c) => c.type === "string" && c.nullable)).toBe(true);

      // Generated records carry some values: each column shows the record's subject_datas.
      const rows = (await table.list().toArray()) as Row[];
      expect(rows.some((r) => typeof r["Sales Region"] === "string")).toBe(true);
      expect(rows.every((r) => !("subject_datas" in r))).toBe(true);
      const region = rows.find((r) => typeof r["Sales Region"] === "string")?.["Sales Region"];
      const local = (await table
        .list({ where: { "Sales Region": region } } as never)
        .toArray()) as Row[];
      expect(ids(local)).toEqual(ids(rows.filter((r) => r["Sales Region"] === region)));

      const { key } = await table.insert({ ...row, "Sales Region": "West", Tier: "Gold" } as never);
      expect(await table.get(key as number)).toMatchObject({
        "Sales Region": "West",
        Tier: "Gold",
        "Account Manager": null,
      });
      await table.update(key as number, { Tier: "Silver", "Account Manager": "Mia" } as never);
      expect(await table.get(key as number)).toMatchObject({
        "Sales Region": "West",
        Tier: "Silver",
        "Account Manager": "Mia",
      });
      await table.update(key as number, { "Sales Region": null } as never);
      expect((await table.get(key as number))?.["Sales Region"]).toBeNull();
      await expect(table.update(key as number, { Tier: 5 } as never)).rejects.toMatchObject({
        code: "CONNECTOR_INVALID_RECORD",
      });
    },
  );

  test("a write sends custom values as subject_datas by field id", async () => {
    const sent: string[] = [];
    const spy = await highrise.connect(
      `AuthScheme=APIToken;AccountId=emulated;APIToken=emulator-highrise-api-token;EmulatorURL=${em.url}`,
      {
        fetch: async (input, init) => {
          if (init?.method === "PUT") sent.push(String(init.body));
          return fetch(input, init);
        },
      },
    );
    try {
      await spy.table("people").update(1001, { Tier: "Gold", title: "CFO" } as never);
      expect(sent[0]).toContain("<title>CFO</title>");
      expect(sent[0]).toMatch(
        /<subject_datas type="array"><subject_data><subject_field_id type="integer">3<\/subject_field_id><value>Gold<\/value><\/subject_data><\/subject_datas>/,
      );
    } finally {
      await spy.close();
    }
  });
});
