import { type ChildProcess, execFile, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";

// The command as users run it (bin → dist, built before the tests).
const bin = fileURLToPath(new URL("../bin/x-emulator.js", import.meta.url));
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill("SIGTERM");
});

/** Starts the CLI and resolves with its URL once it prints it. */
function start(args: string[]): Promise<string> {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (\S+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.once("exit", (code) => reject(new Error(`x-emulator exited (${code}): ${out}`)));
  });
}

const ZD = `Basic ${Buffer.from("katherine.johnson@emulator.example/token:emulator-zendesk-api-token").toString("base64")}`;

describe("x-emulator --links", () => {
  it("--links emulator: next links name the emulator", { timeout: 30_000 }, async () => {
    const url = await start(["--port", "0", "--links", "emulator"]);
    const info = (await (await fetch(`${url}/_emulator/info`)).json()) as { links: string };
    expect(info.links).toBe("emulator");
    const page = (await (
      await fetch(`${url}/emulated.zendesk.com/api/v2/tickets.json?page[size]=10`, {
        headers: { authorization: ZD },
      })
    ).json()) as { links: { next: string } };
    expect(page.links.next.startsWith(`${url}/emulated.zendesk.com/api/v2/tickets.json?`)).toBe(
      true,
    );
  });

  it("an unknown mode exits with status 2 and says why", { timeout: 30_000 }, async () => {
    const err = (await promisify(execFile)(process.execPath, [
      bin,
      "--port",
      "0",
      "--links",
      "fake",
    ]).catch((e: unknown) => e)) as { code: number; stderr: string };
    expect(err.code).toBe(2);
    expect(err.stderr).toContain('links: "fake"');
  });
});
