import { type Emulator, startEmulator } from "@x/emulator";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { run } from "./support.js";

let emulator: Emulator;
let cs: string;

beforeAll(async () => {
  emulator = await startEmulator({ datasets: { pipedrive: { deals: 40 } } });
  cs = `AuthScheme=Basic;APIToken=emulator-pipedrive-api-token;CompanyDomain=emulatedcompany;EmulatorURL=${emulator.url}`;
});
afterAll(() => emulator.close());

const jsonl = (stdout: string) =>
  stdout
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe("table commands", () => {
  test("tables and describe show the catalog", async () => {
    const tables = await run(["--json", "tables", "pipedrive", cs]);
    expect(tables.code).toBe(0);
    expect(JSON.parse(tables.stdout).map((t: { name: string }) => t.name)).toEqual([
      "deals",
      "persons",
      "organizations",
      "activities",
      "products",
      "pipelines",
      "stages",
      "deal_products",
      "deal_participants",
      "leads",
      "notes",
      "users",
      "files",
      "filters",
      "currencies",
      "activity_types",
      "goals",
    ]);
    const described = await run(["describe", "pipedrive", cs, "deals"]);
    expect(described.code).toBe(0);
    expect(described.stdout).toMatch(/status\s+enum\(open\|won\|lost\)\s+eq/);
  });

  test("list with --where, --select, --order-by; --explain shows the split", async () => {
    const all = jsonl((await run(["list", "pipedrive", cs, "deals", "--where", "id>0"])).stdout);
    const expected = all
      .filter((d) => d.status === "won" && (d.value as number) >= 10_000)
      .sort(
        (a, b) => (b.value as number) - (a.value as number) || (a.id as number) - (b.id as number),
      )
      .map((d) => ({ id: d.id, value: d.value }));
    const args = [
      "deals",
      "--where",
      "status=won",
      "--where",
      "value>=10000",
      "--select",
      "id,value",
    ];
    const listed = await run(["list", "pipedrive", cs, ...args, "--order-by", "-value,id"]);
    expect(listed.code).toBe(0);
    expect(jsonl(listed.stdout)).toEqual(expected);
    const explained = await run(["list", "pipedrive", cs, ...args, "--explain"]);
    expect(explained.stdout).toContain("status=won");
    expect(explained.stdout).toContain("local filter: value gte 10000");
  });

  test("insert, update, delete", async () => {
    const inserted = await run([
      "--json",
      "insert",
      "pipedrive",
      cs,
      "deals",
      "--data",
      '{"title":"From the CLI","value":5}',
    ]);
    expect(inserted.code).toBe(0);
    const { key } = JSON.parse(inserted.stdout) as { key: number };
    expect(
      (await run(["update", "pipedrive", cs, "deals", String(key), "--data", '{"value":7}'])).code,
    ).toBe(0);
    const after = jsonl(
      (await run(["list", "pipedrive", cs, "deals", "--where", `id=${key}`])).stdout,
    );
    expect(after).toMatchObject([{ id: key, title: "From the CLI", value: 7 }]);
    expect((await run(["delete", "pipedrive", cs, "deals", String(key)])).code).toBe(0);
    const gone = await run(["delete", "pipedrive", cs, "deals", String(key)]);
    expect(gone.code).toBe(4);
    expect(gone.stderr).toContain("no row with id");
  });

  test("unknown columns and read-only writes are usage errors with a hint", async () => {
    const typo = await run(["list", "pipedrive", cs, "deals", "--where", "stauts=won"]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('Did you mean "status"');
    const readOnly = await run([
      "insert",
      "pipedrive",
      cs,
      "deals",
      "--data",
      '{"title":"x","id":3}',
    ]);
    expect(readOnly.code).toBe(2);
    expect(readOnly.stderr).toContain("read-only");
  });
});
