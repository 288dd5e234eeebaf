import { describe, expect, test } from "vitest";
import { planServices } from "../../../tooling/scripts/services.mjs";

type Need = "chromium" | "redis" | "postgres";
type Plan = { install: string[]; start: string[]; error?: string; commands: string[][] };
const plan = (probe: {
  needs?: Need[];
  installed?: Partial<Record<Need, boolean>>;
  running?: Partial<Record<Need, boolean>>;
  privilege: "root" | "sudo" | "none";
}): Plan =>
  planServices({
    needs: probe.needs ?? ["chromium", "redis", "postgres"],
    installed: { chromium: true, redis: true, postgres: true, ...probe.installed },
    running: { redis: true, postgres: true, ...probe.running },
    privilege: probe.privilege,
  });

describe("npm test prepares the machine (tooling/scripts/services.mjs)", () => {
  test("everything installed and running: nothing to do, even without privileges", () => {
    expect(plan({ privilege: "none" })).toEqual({ install: [], start: [], commands: [] });
  });

  test("installed but down: start Redis and PostgreSQL, install nothing", () => {
    const p = plan({ privilege: "none", running: { redis: false, postgres: false } });
    expect(p.start).toEqual(["redis", "postgres"]);
    expect(p.install).toEqual([]);
    expect(p.error).toBeUndefined();
  });

  test("missing as root: apt-get update, then install the Debian packages without prompts", () => {
    const p = plan({
      privilege: "root",
      installed: { chromium: false, redis: false },
      running: { redis: false },
    });
    expect(p.install).toEqual(["chromium", "redis-server"]);
    expect(p.commands[0]).toEqual(["apt-get", "update", "-qq"]);
    expect(p.commands[1]).toEqual(
      expect.arrayContaining(["apt-get", "install", "-y", "chromium", "redis-server"]),
    );
    expect(p.commands[1]).toContain("DEBIAN_FRONTEND=noninteractive");
    expect(p.start).toEqual(["redis"]);
  });

  test("missing with passwordless sudo: the same commands through sudo -n", () => {
    const p = plan({
      privilege: "sudo",
      installed: { postgres: false },
      running: { postgres: false },
    });
    expect(p.commands.map((c) => c.slice(0, 2))).toEqual([
      ["sudo", "-n"],
      ["sudo", "-n"],
    ]);
    expect(p.commands[1]).toContain("postgresql");
  });

  test("missing without privileges: one message naming each missing piece and the exact command", () => {
    const p = plan({
      privilege: "none",
      installed: { chromium: false, postgres: false },
      running: { postgres: false },
    });
    expect(p.error).toContain("Chromium (chromium)");
    expect(p.error).toContain("PostgreSQL (postgresql)");
    expect(p.error).not.toContain("Redis");
    expect(p.error).toContain("sudo apt-get update && sudo apt-get install -y chromium postgresql");
  });

  test("a server answering on its port is used even when its package is not installed here", () => {
    const p = plan({ privilege: "none", installed: { redis: false, postgres: false } });
    expect(p).toEqual({ install: [], start: [], commands: [] });
  });

  test("only what the task needs: the bench needs no browser", () => {
    const p = plan({
      privilege: "none",
      needs: ["redis", "postgres"],
      installed: { chromium: false },
    });
    expect(p.error).toBeUndefined();
    expect(p.install).toEqual([]);
  });
});
