import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDriver } from "../src/conformance.js";
import { postgresDriver } from "../src/drivers/postgres.js";
import { dropTable, requirePostgres, runId } from "./helpers/servers.js";

const table = `x_settings_test_${runId()}`;
let url = "";
const ready = requirePostgres().then((u) => {
  url = u;
  return u;
});

beforeAll(async () => {
  await ready;
});
afterAll(async () => {
  await dropTable(await ready, table);
});

testDriver({
  name: "postgres (url)",
  create: async () => postgresDriver({ url: await ready, table }),
});

describe("postgresDriver", () => {
  it("creates its table on first use, and works with a pool passed in", async () => {
    const own = `${table}_pool`;
    const pool = new pg.Pool({ connectionString: url });
    try {
      const driver = postgresDriver({ pool, table: own });
      await driver.set("k", "v");
      const rows = await pool.query(`SELECT key, value FROM "${own}"`);
      expect(rows.rows).toEqual([{ key: "k", value: "v" }]);
      await driver.close();
      // The pool is the caller's: still usable after close.
      expect((await pool.query("SELECT 1 AS one")).rows[0].one).toBe(1);
    } finally {
      await pool.query(`DROP TABLE IF EXISTS "${own}"`);
      await pool.end();
    }
  });

  it("rejects a table name that is not an identifier", () => {
    expect(() => postgresDriver({ url, table: 'x"; DROP TABLE y; --' })).toThrow(
      expect.objectContaining({ code: "SETTINGS_INVALID_ARGUMENT" }),
    );
  });

  it("leaves no placeholder row when update keeps or fails", async () => {
    const driver = postgresDriver({ url, table });
    await driver.update("kept-missing", () => undefined);
    await expect(
      driver.update("thrown-missing", () => Promise.reject(new Error("boom"))),
    ).rejects.toThrow("boom");
    const pool = new pg.Pool({ connectionString: url });
    const rows = await pool.query(
      `SELECT key FROM "${table}" WHERE key IN ('kept-missing', 'thrown-missing')`,
    );
    expect(rows.rows).toEqual([]);
    await pool.end();
    await driver.close();
  });

  it("releases the lock of a holder whose connection dies", async () => {
    const driver = postgresDriver({ url, table });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query("BEGIN");
    await client.query(
      `INSERT INTO "${table}" (key, value) VALUES ('orphan', 'old') ON CONFLICT (key) DO NOTHING`,
    );
    await client.query(`SELECT value FROM "${table}" WHERE key = 'orphan' FOR UPDATE`);
    await expect(driver.update("orphan", () => "new", { waitMs: 150 })).rejects.toMatchObject({
      code: "SETTINGS_LOCK_TIMEOUT",
    });
    // The holder "crashes": its connection goes away without commit.
    const waiting = driver.update("orphan", (cur) => `${cur ?? "none"}->new`, { waitMs: 5_000 });
    setTimeout(() => void client.end(), 100);
    expect(await waiting).toBe("none->new");
    await driver.close();
  });

  it("reports an unreachable server as SETTINGS_BACKEND", async () => {
    const driver = postgresDriver({ url: "postgres://nobody@127.0.0.1:1/none", table });
    await expect(driver.get("k")).rejects.toMatchObject({ code: "SETTINGS_BACKEND" });
    await driver.close();
  });
});
