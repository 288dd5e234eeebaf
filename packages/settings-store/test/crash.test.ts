import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { deriveSettingsKey } from "../src/crypto.js";
import { fileDriver } from "../src/drivers/file.js";
import { createSettingsStore } from "../src/settings.js";
import { exited, worker } from "./helpers/spawn.js";

const LANES = 4;
const RUNS_PER_LANE = 75; // 300 kills in all
const root = await mkdtemp(join(tmpdir(), "settings-crash-"));
afterAll(() => rm(root, { recursive: true, force: true }));
const encryption = await deriveSettingsKey({ secret: "crash-test-secret", env: {} });

interface Outcome {
  lastPrinted: number | undefined;
}

// Starts a writer, lets it commit for a random while, kills it with SIGKILL, returns the last value
// it reported committed.
async function killWriterAtRandom(path: string): Promise<Outcome> {
  const child: ChildProcess = spawn(process.execPath, [worker("crash-writer.mjs"), path], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (chunk) => {
      out += chunk;
      if (out.startsWith("ready\n")) resolve();
    });
    child.stderr?.on("data", (chunk) => {
      err += chunk;
    });
    child.once("exit", () => reject(new Error(`writer exited before it was killed: ${err}`)));
  });
  await ready;
  await new Promise((r) => setTimeout(r, Math.random() * 40));
  child.kill("SIGKILL");
  await exited(child);
  // Only complete lines: a value is reported after update() resolved, i.e. after rename + fsync.
  const lines = out.split("\n").slice(1, -1);
  const last = lines.at(-1);
  return { lastPrinted: last === undefined ? undefined : Number(last) };
}

describe("crash safety of the file driver", () => {
  it(`survives ${LANES * RUNS_PER_LANE} SIGKILLs at random points: always readable, holding the last committed value`, {
    // Spawns hundreds of processes: minutes on a busy two-core CI machine.
    timeout: 600_000,
  }, async () => {
    let survived = 0;
    let killedMidWrite = 0;
    await Promise.all(
      Array.from({ length: LANES }, async (_, lane) => {
        const path = join(root, `lane-${lane}`, "OAuthSettings.txt");
        const store = createSettingsStore(fileDriver({ path }), { key: "crash", encryption });
        let committed = 0; // the value on disk after the previous run
        for (let run = 0; run < RUNS_PER_LANE; run++) {
          const { lastPrinted } = await killWriterAtRandom(path);
          const stored = Number((await store.get())?.refreshToken ?? "0");
          // The file holds the last value the writer reported, or the one after it when the kill
          // landed between the rename (commit) and the print. Never anything older, never torn.
          const floor = lastPrinted ?? committed;
          expect([floor, floor + 1]).toContain(stored);
          expect(stored).toBeGreaterThanOrEqual(committed);
          if (stored === floor + 1) killedMidWrite++;
          committed = stored;
          survived++;
        }
        // Crashed writers' temp files are gone once a live writer has written.
        await store.update((current) => ({ ...current, refreshToken: String(committed + 1) }));
        const leftovers = (await readdir(join(path, ".."))).filter((name) => name.endsWith(".tmp"));
        expect(leftovers, "temp files left").toEqual([]);
      }),
    );
    expect(survived).toBe(LANES * RUNS_PER_LANE);
    console.log(
      `crash test: ${survived} SIGKILLs survived, ${killedMidWrite} landed between commit and report`,
    );
  });
});
