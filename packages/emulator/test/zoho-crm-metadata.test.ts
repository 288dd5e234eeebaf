import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../src/index.js";
import { zohoTokens } from "./helpers.js";

// Zoho CRM's users, records by id (more than 50 fields) and the per-version metadata.

let em: Emulator;
let auth: { authorization: string };
const crm = (path: string) => fetch(`${em.url}/www.zohoapis.eu/crm/${path}`, { headers: auth });
const json = async (path: string) => (await crm(path)).json() as Promise<Record<string, unknown>>;

beforeAll(async () => {
  em = await startEmulator({ autoApprove: true, datasets: { zoho: { users: 230 } } });
  const t = await zohoTokens(em, {
    scope: "ZohoCRM.modules.ALL,ZohoCRM.users.READ,ZohoCRM.settings.ALL",
  });
  auth = { authorization: `Zoho-oauthtoken ${t.access_token}` };
});
afterAll(() => em.close());

type Users = { users: { id: string; status: string; confirm: boolean }[]; info: unknown };

describe("users", () => {
  it("AllUsers pages through the users data set, 200 a page", async () => {
    const first = (await json("v8/users?type=AllUsers")) as Users;
    expect(first.users).toHaveLength(200);
    expect(first.info).toMatchObject({ page: 1, per_page: 200, more_records: true });
    const second = (await json("v8/users?type=AllUsers&page=2")) as Users;
    expect(second.users).toHaveLength(30);
    expect(second.info).toMatchObject({ page: 2, more_records: false });
    expect((await crm("v8/users?type=AllUsers&page=3")).status).toBe(204);
    const small = (await json("v8/users?type=AllUsers&per_page=7&page=2")) as Users;
    expect(small.users).toHaveLength(7);
  });

  it("each type keeps its users; an unknown type is INVALID_DATA", async () => {
    const all = (await json("v8/users?type=AllUsers&per_page=200")) as Users;
    const active = (await json("v8/users?type=ActiveUsers")) as Users;
    expect(active.users.every((u) => u.status === "active")).toBe(true);
    const off = (await json("v8/users?type=DeactiveUsers")) as Users;
    expect(off.users.length).toBeGreaterThan(0);
    expect(off.users.every((u) => u.status === "disabled")).toBe(true);
    const both = (await json("v8/users?type=ActiveConfirmedUsers")) as Users;
    expect(both.users.every((u) => u.status === "active" && u.confirm)).toBe(true);
    expect(both.users.length).toBeLessThan(active.users.length);
    expect(all.users.length).toBe(200);
    expect(await json("v8/users?type=Everyone")).toMatchObject({ code: "INVALID_DATA" });
    const one = all.users[150] as { id: string };
    expect(await json(`v8/users/${one.id}`)).toMatchObject({ users: [{ id: one.id }] });
  });
});

describe("records by id", () => {
  it("ids gives those records with the fields asked, unknown ids left out", async () => {
    const page = (await json("v8/Projects?fields=Name&per_page=3")) as {
      data: { id: string }[];
    };
    const ids = page.data.map((r) => r.id);
    const body = (await json(
      `v8/Projects?ids=${[ids[2], ids[0], "5725767090999999999"].join(",")}&fields=Milestone_12_Done`,
    )) as { data: Record<string, unknown>[]; info: unknown };
    expect(body.data.map((r) => r.id)).toEqual([ids[2], ids[0]]);
    expect(Object.keys(body.data[0] ?? {}).sort()).toEqual(["Milestone_12_Done", "id"]);
    expect(body.info).toMatchObject({ more_records: false });
    expect((await crm("v8/Projects?ids=5725767090999999999&fields=Name")).status).toBe(204);
    expect(await json("v8/Projects?ids=abc&fields=Name")).toMatchObject({ code: "INVALID_DATA" });
  });

  it("the custom module has more fields than one request may name", async () => {
    const { fields } = (await json("v8/settings/fields?module=Projects")) as {
      fields: { api_name: string }[];
    };
    const names = fields.map((f) => f.api_name).filter((n) => n !== "id");
    expect(names.length).toBeGreaterThan(50);
    const r = await crm(`v8/Projects?fields=${names.join(",")}`);
    expect(r.status).toBe(400);
    expect(await r.json()).toMatchObject({ code: "LIMIT_EXCEEDED", details: { limit: 50 } });
  });
});
