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

  it("waits for a crashed holder's lease to expire, then takes the lock", async () => {
    const driver = postgresDriver({ url, table });
    await driver.set("orphan", "old");
    const pool = new pg.Pool({ connectionString: url });
    // What a holder that crashed mid-update leaves behind: a lease row nobody renews.
    await pool.query(
      `INSERT INTO "${table}_locks" (key, token, expires_at) VALUES ('orphan', 'crashed', clock_timestamp() + interval '600 milliseconds')`,
    );
    await expect(driver.update("orphan", () => "early", { waitMs: 100 })).rejects.toMatchObject({
      code: "SETTINGS_LOCK_TIMEOUT",
    });
    expect(await driver.update("orphan", (cur) => `${cur}->new`, { waitMs: 5_000 })).toBe(
      "old->new",
    );
    expect(
      (await pool.query(`SELECT key FROM "${table}_locks" WHERE key = 'orphan'`)).rows,
    ).toEqual([]);
    await pool.end();
    await driver.close();
  });

  it("refuses to commit once its lease was taken over (fencing)", async () => {
    const driver = postgresDriver({ url, table });
    await driver.set("fenced", "before");
    const pool = new pg.Pool({ connectionString: url });
    const result = driver.update("fenced", async () => {
      // Simulates a lease that ran out and another holder taking it.
      await pool.query(`UPDATE "${table}_locks" SET token = 'someone-else' WHERE key = 'fenced'`);
      return "stale write";
    });
    await expect(result).rejects.toMatchObject({ code: "SETTINGS_LOCK_LOST" });
    expect(await driver.get("fenced")).toBe("before");
    expect(
      (await pool.query(`SELECT token FROM "${table}_locks" WHERE key = 'fenced'`)).rows,
    ).toEqual([{ token: "someone-else" }]);
    await pool.end();
    await driver.close();
  });

  it("holds no pooled connection while waiting for a lock or while fn runs", async () => {
    // One connection for both drivers: a connection pinned by the holder would deadlock this test.
    const single = new pg.Pool({ connectionString: url, max: 1 });
    const a = postgresDriver({ pool: single, table });
    const b = postgresDriver({ pool: single, table });
    let finish!: () => void;
    const started = new Promise<void>((resolve) => {
      const holding = a.update("pinned", async () => {
        resolve();
        await new Promise<void>((done) => {
          finish = done;
        });
        return "first";
      });
      void holding.then(() => undefined);
    });
    await started;
    // A waiter on the same record and work on other records proceed with the single connection.
    const waiter = b.update("pinned", (cur) => `${cur}+second`, { waitMs: 10_000 });
    await b.set("other", "v");
    expect(await b.get("other")).toBe("v");
    finish();
    expect(await waiter).toBe("first+second");
    await a.close();
    await b.close();
    await single.end();
  });

  it("drivers on one URL share one bounded pool; closing one leaves the others working", async () => {
    // A unique application_name in the URL tells this test's connections from everyone else's.
    const name = `x_share_${runId()}`;
    const named = `${url}${url.includes("?") ? "&" : "?"}application_name=${name}`;
    const drivers = Array.from({ length: 20 }, () => postgresDriver({ url: named, table }));
    await Promise.all(drivers.map((d, i) => d.set(`shared-${i}`, String(i))));
    const pool = new pg.Pool({ connectionString: url });
    const count = async () =>
      Number(
        (
          await pool.query(
            "SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1",
            [name],
          )
        ).rows[0].n,
      );
    const used = await count();
    expect(used).toBeGreaterThanOrEqual(1);
    expect(used).toBeLessThanOrEqual(4);
    await drivers[0]!.close();
    expect(await drivers[1]!.get("shared-1")).toBe("1");
    await expect(drivers[0]!.get("shared-0")).rejects.toMatchObject({ code: "SETTINGS_CLOSED" });
    await Promise.all(drivers.slice(1).map((d) => d.close()));
    // The last close ends the pool.
    // Polls until the server has noticed (up to 30 s on a loaded machine).
    for (let i = 0; i < 300 && (await count()) > 0; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(await count()).toBe(0);
    await pool.end();
  });

  it("reports an unreachable server as SETTINGS_BACKEND", async () => {
    const driver = postgresDriver({ url: "postgres://nobody@127.0.0.1:1/none", table });
    await expect(driver.get("k")).rejects.toMatchObject({ code: "SETTINGS_BACKEND" });
    await driver.close();
  });
});
