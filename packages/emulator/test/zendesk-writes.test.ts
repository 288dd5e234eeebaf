import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../src/index.js";

// Zendesk writes: the `{"<singular>": {…}}` envelope, 422 RecordInvalid naming the field.

let em: Emulator;
beforeAll(async () => {
  em = await startEmulator({ datasets: { zendesk: { tickets: 10, users: 5, organizations: 3 } } });
});
afterAll(() => em.close());
beforeEach(() => em.reset());

const ZD = {
  authorization: `Basic ${Buffer.from("katherine.johnson@emulator.example/token:emulator-zendesk-api-token").toString("base64")}`,
  "content-type": "application/json",
};
const url = (path: string) => `${em.url}/emulated.zendesk.com/api/v2/${path}`;
const send = (method: string, path: string, body?: unknown) =>
  fetch(url(path), {
    method,
    headers: ZD,
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe("Zendesk writes", () => {
  it("PUT a ticket: 200 with the ticket; an invalid status is 422 naming it; unknown id 404", async () => {
    const ok = await send("PUT", "tickets/2.json", { ticket: { status: "solved", foo: 1 } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ ticket: { id: 2, status: "solved" } });
    const bad = await send("PUT", "tickets/2.json", { ticket: { status: "done" } });
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({
      error: "RecordInvalid",
      details: { status: [{ error: "InvalidValue" }] },
    });
    expect((await send("PUT", "tickets/999.json", { ticket: {} })).status).toBe(404);
    expect((await send("PUT", "tickets/2.json", { status: "open" })).status).toBe(400);
  });

  it("DELETE: a ticket leaves get and list (204); a user is deactivated (200, active false)", async () => {
    expect((await send("DELETE", "tickets/1.json")).status).toBe(204);
    expect((await send("GET", "tickets/1.json")).status).toBe(404);
    const list = (await (await send("GET", "tickets.json?page[size]=2")).json()) as {
      tickets: { id: number }[];
    };
    expect(list.tickets.map((t) => t.id)).toEqual([2, 3]);
    const user = await send("DELETE", "users/1000.json");
    expect(user.status).toBe(200);
    expect(await user.json()).toMatchObject({ user: { id: 1000, active: false } });
  });

  it("POST users/organizations: 201 with a Location; a blank name is 422", async () => {
    const org = await send("POST", "organizations.json", { organization: { name: "New Org" } });
    expect(org.status).toBe(201);
    const { organization } = (await org.json()) as { organization: { id: number } };
    expect(organization.id).toBe(503);
    expect(org.headers.get("location")).toMatch(/\/api\/v2\/organizations\/503\.json$/);
    const blank = await send("POST", "users.json", { user: { name: " " } });
    expect(blank.status).toBe(422);
    expect(await blank.json()).toMatchObject({ details: { name: [{ error: "BlankValue" }] } });
  });
});
