import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../src/index.js";

// Highrise writes with XML bodies: 201 + Location, 200 with no body, 422 `<errors>`.

let em: Emulator;
beforeAll(async () => {
  em = await startEmulator({
    datasets: { highrise: { people: 5, companies: 3, deals: 3, notes: 8, subject_fields: 3 } },
  });
});
afterAll(() => em.close());
beforeEach(() => em.reset());

const HR = {
  "user-agent": "Tests (t@example.com)",
  authorization: `Basic ${Buffer.from("emulator-highrise-api-token:X").toString("base64")}`,
  "content-type": "application/xml",
};
const send = (method: string, path: string, body?: string) =>
  fetch(`${em.url}/emulated.highrisehq.com/${path}`, { method, headers: HR, body });

describe("Highrise writes", () => {
  it("POST /people.xml: 201, Location, the person as XML; a blank first name is 422", async () => {
    const r = await send(
      "POST",
      "people.xml",
      '<person><first-name>Ada &amp; Co</first-name><company-id type="integer">500001</company-id></person>',
    );
    expect(r.status).toBe(201);
    expect(r.headers.get("location")).toMatch(/\/people\/1005\.xml$/);
    const xml = await r.text();
    expect(xml).toContain("<first-name>Ada &amp; Co</first-name>");
    expect(xml).toContain('<company-id type="integer">500001</company-id>');
    const blank = await send("POST", "people.xml", "<person><last-name>X</last-name></person>");
    expect(blank.status).toBe(422);
    expect(await blank.text()).toMatch(
      /<errors><error>First name can(&#39;|&apos;)t be blank<\/error><\/errors>/,
    );
    expect((await send("POST", "people.xml", "{}")).status).toBe(400);
  });

  it("PUT and DELETE answer 200 with no body; an unknown id is 404; nil clears a field", async () => {
    const put = await send(
      "PUT",
      "deals/40001.xml",
      '<deal><currency nil="true"></currency></deal>',
    );
    expect(put.status).toBe(200);
    expect(await put.text()).toBe("");
    expect(await (await send("GET", "deals/40001.xml")).text()).toContain('<currency nil="true">');
    const del = await send("DELETE", "companies/500002.xml");
    expect(del.status).toBe(200);
    expect((await send("GET", "companies/500002.xml")).status).toBe(404);
    expect((await send("DELETE", "companies/500002.xml")).status).toBe(404);
    expect(await (await send("GET", "companies.xml")).text()).not.toContain("500002");
  });

  it("created records are in the lists: by id at the end, and by since oldest change first", async () => {
    const made = await send("POST", "companies.xml", "<company><name>Newco</name></company>");
    const id = /\/companies\/(\d+)\.xml$/.exec(made.headers.get("location") ?? "")?.[1];
    expect(id).toBe("500003");
    const ids = (xml: string) =>
      [...xml.matchAll(/<company><id type="integer">(\d+)</g)].map((m) => m[1]);
    expect(ids(await (await send("GET", "companies.xml")).text())).toEqual([
      "500000",
      "500001",
      "500002",
      "500003",
    ]);
    em.clock.advance(2000);
    expect(
      (await send("PUT", "companies/500000.xml", "<company><background>x</background></company>"))
        .status,
    ).toBe(200);
    // since: changed after the time, by ascending updated-at (the change to 500000 is the newest).
    const since = await (await send("GET", "companies.xml?since=20240101000000")).text();
    expect(ids(since)).toEqual(["500001", "500002", "500003", "500000"]);
    expect((await send("GET", "companies.xml?since=2024")).status).toBe(400);
  });
});

const text = async (r: Promise<Response>) => (await r).text();
const count = (xml: string, element: string) =>
  (xml.match(new RegExp(`<${element}>`, "g")) ?? []).length;

describe("Highrise nested data and its documented quirks", () => {
  it("contact data merges by id: no id adds, an id changes, a negative id removes", async () => {
    const person = await text(send("GET", "people/1000.xml"));
    const email = /<email-address><id type="integer">(\d+)</.exec(person)?.[1];
    expect(email).toBeDefined();
    const put = (inner: string) =>
      send(
        "PUT",
        "people/1000.xml?reload=true",
        `<person><contact-data><email-addresses type="array">${inner}</email-addresses></contact-data></person>`,
      );
    const added = await text(
      put(
        "<email-address><address>new@example.com</address><location>Home</location></email-address>",
      ),
    );
    expect(count(added, "email-address")).toBe(2);
    const changed = await text(
      put(
        `<email-address><id type="integer">${email}</id><address>changed@example.com</address></email-address>`,
      ),
    );
    expect(changed).toContain("<address>changed@example.com</address>");
    const removed = await text(
      put(`<email-address><id type="integer">-${email}</id></email-address>`),
    );
    expect(count(removed, "email-address")).toBe(1);
    expect(removed).not.toContain("changed@example.com");
  });

  it.each([
    [
      "by field id: set",
      '<subject_data><subject_field_id type="integer">2</subject_field_id><value>Mia</value></subject_data>',
      200,
      '<value>Mia</value><subject_field_id type="integer">2</subject_field_id><subject_field_label>Account Manager</subject_field_label>',
    ],
    [
      "an unknown field: 422",
      '<subject_data><subject_field_id type="integer">99</subject_field_id><value>x</value></subject_data>',
      422,
      "Subject field 99 does not exist",
    ],
  ] as const)("custom field values %s", async (_, inner, status, expected) => {
    const r = await send(
      "PUT",
      "companies/500000.xml?reload=true",
      `<company><subject_datas type="array">${inner}</subject_datas></company>`,
    );
    expect(r.status).toBe(status);
    expect(await r.text()).toContain(expected);
  });

  it("a blank custom field value clears it", async () => {
    const set =
      '<subject_datas type="array"><subject_data><subject_field_id type="integer">3</subject_field_id><value>Gold</value></subject_data></subject_datas>';
    expect(
      await text(send("PUT", "people/1001.xml?reload=true", `<person>${set}</person>`)),
    ).toContain("<value>Gold</value>");
    const clear = set.replace("<value>Gold</value>", "<value></value>");
    expect(
      await text(send("PUT", "people/1001.xml?reload=true", `<person>${clear}</person>`)),
    ).not.toContain("<value>Gold</value>");
  });

  it("a deal's status: ignored by PUT /deals/{id}.xml, set by /deals/{id}/status.xml", async () => {
    const before = /<status>(\w+)<\/status>/.exec(await text(send("GET", "deals/40000.xml")))?.[1];
    const other = before === "lost" ? "won" : "lost";
    await send("PUT", "deals/40000.xml", `<deal><status>${other}</status></deal>`);
    expect(await text(send("GET", "deals/40000.xml"))).toContain(`<status>${before}</status>`);
    expect(
      (await send("PUT", "deals/40000/status.xml", `<status><name>${other}</name></status>`))
        .status,
    ).toBe(200);
    const after = await text(send("GET", "deals/40000.xml"));
    expect(after).toContain(`<status>${other}</status>`);
    expect(after).toMatch(/<status-changed-on type="date">\d{4}-\d{2}-\d{2}</);
    expect(
      (await send("PUT", "deals/40000/status.xml", "<status><name>open</name></status>")).status,
    ).toBe(422);
  });

  it("notes: created under a subject, listed per subject 25 a page, gone with their deal", async () => {
    for (let i = 0; i < 26; i++) {
      const r = await send("POST", "deals/40001/notes.xml", `<note><body>n${i}</body></note>`);
      expect(r.status).toBe(201);
    }
    const first = await text(send("GET", "deals/40001/notes.xml"));
    expect(count(first, "note")).toBe(25);
    expect(first).toContain("<subject-type>Deal</subject-type>");
    expect(
      count(await text(send("GET", "deals/40001/notes.xml?n=25")), "note"),
    ).toBeGreaterThanOrEqual(1);
    expect((await send("GET", "deals/49999/notes.xml")).status).toBe(404);
    expect((await send("DELETE", "deals/40001.xml")).status).toBe(200);
    expect((await send("GET", "notes/7000008.xml")).status).toBe(404);
  });

  it("comments need a note or email to belong to; tags go on and off a party", async () => {
    const bad = await send(
      "POST",
      "comments.xml",
      '<comment><body>x</body><parent-id type="integer">1</parent-id></comment>',
    );
    expect(bad.status).toBe(422);
    const ok = await send(
      "POST",
      "comments.xml",
      '<comment><body>x</body><parent-id type="integer">7000000</parent-id></comment>',
    );
    expect(ok.status).toBe(201);
    expect(await text(send("GET", "notes/7000000/comments.xml"))).toContain("<body>x</body>");
    const tag = await send("POST", "people/1002/tags.xml", "<name>Met &amp; greeted</name>");
    expect(tag.status).toBe(201);
    const id = /<id type="integer">(\d+)</.exec(await tag.text())?.[1];
    expect(await text(send("GET", "people/1002/tags.xml"))).toContain(
      "<name>Met &amp; greeted</name>",
    );
    expect((await send("DELETE", `people/1002/tags/${id}.xml`)).status).toBe(200);
    expect((await send("DELETE", `people/1002/tags/${id}.xml`)).status).toBe(404);
  });
});
