import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../src/index.js";

// Highrise writes with XML bodies: 201 + Location, 200 with no body, 422 `<errors>`.

let em: Emulator;
beforeAll(async () => {
  em = await startEmulator({ datasets: { highrise: { people: 5, companies: 3, deals: 3 } } });
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
