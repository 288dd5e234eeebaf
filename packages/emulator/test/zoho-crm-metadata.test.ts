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

type Fields = { fields: { api_name: string; data_type: string; json_type: string }[] };
type Modules = { modules: Record<string, unknown>[] };

describe("the data model per version", () => {
  it("fields metadata: the record id is a field from v4, and so is Leads' Converted__s", async () => {
    for (const v of ["v2", "v2.1", "v3"]) {
      const names = ((await json(`${v}/settings/fields?module=Leads`)) as Fields).fields.map(
        (f) => f.api_name,
      );
      expect(names, v).not.toContain("id");
      expect(names, v).not.toContain("Converted__s");
    }
    for (const v of ["v4", "v8"]) {
      const { fields } = (await json(`${v}/settings/fields?module=Leads`)) as Fields;
      expect(fields[0], v).toMatchObject({ api_name: "id", data_type: "bigint" });
      expect(
        fields.find((f) => f.api_name === "Converted__s"),
        v,
      ).toMatchObject({
        data_type: "boolean",
        json_type: "boolean",
      });
    }
  });

  it("fields metadata takes type=unused|all from v2.1 (v2 has no such parameter)", async () => {
    expect((await crm("v2.1/settings/fields?module=Leads&type=unused")).status).toBe(204);
    const all = (await json("v2.1/settings/fields?module=Leads&type=all")) as Fields;
    expect(all.fields.length).toBeGreaterThan(10);
    expect(await json("v8/settings/fields?module=Leads&type=some")).toMatchObject({
      code: "INVALID_DATA",
      details: { param: "type" },
    });
    const v2 = (await json("v2/settings/fields?module=Leads&type=unused")) as Fields;
    expect(v2.fields.length).toBe(all.fields.length);
  });

  it("modules say visible before v5 and status from v5, where ?status= selects", async () => {
    const v4 = (await json("v4/settings/modules")) as Modules;
    expect(v4.modules[0]).toMatchObject({ visible: true });
    expect(v4.modules[0]).not.toHaveProperty("status");
    const v5 = (await json("v5/settings/modules")) as Modules;
    expect(v5.modules[0]).toMatchObject({ status: "visible" });
    expect(v5.modules[0]).not.toHaveProperty("visible");
    expect((await crm("v8/settings/modules?status=user_hidden")).status).toBe(204);
    const visible = (await json("v8/settings/modules?status=visible,user_hidden")) as Modules;
    expect(visible.modules).toHaveLength(v5.modules.length);
    expect(await json("v8/settings/modules?status=gone")).toMatchObject({ code: "INVALID_DATA" });
  });

  it("a lead's conversion: $converted before v4, the field Converted__s from v4", async () => {
    const [lead] = (
      (await json("v8/Leads?fields=Last_Name&per_page=1")) as {
        data: { id: string }[];
      }
    ).data;
    const old = ((await json(`v3/Leads/${lead?.id}`)) as { data: Record<string, unknown>[] })
      .data[0];
    expect(old).toMatchObject({ $converted: false });
    expect(old).not.toHaveProperty("Converted__s");
    const now = ((await json(`v4/Leads/${lead?.id}`)) as { data: Record<string, unknown>[] })
      .data[0];
    expect(now).toMatchObject({ Converted__s: false });
    expect(now).not.toHaveProperty("$converted");
    expect(await json("v3/Leads?fields=Converted__s")).toMatchObject({ code: "INVALID_DATA" });
    const listed = (await json("v8/Leads?fields=Converted__s&per_page=2")) as {
      data: Record<string, unknown>[];
    };
    expect(listed.data[0]).toMatchObject({ Converted__s: false });
    const v2 = (await json("v2/Leads?per_page=1")) as { data: Record<string, unknown>[] };
    expect(v2.data[0]).toMatchObject({ $converted: false });
    expect(v2.data[0]).not.toHaveProperty("Converted__s");
  });
});
