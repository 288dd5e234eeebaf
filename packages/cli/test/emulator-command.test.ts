import { spawn } from "node:child_process";
import { once } from "node:events";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

// The command as installed: bin/xconn.js, which loads the build.
const bin = join(dirname(fileURLToPath(import.meta.url)), "..", "bin", "xconn.js");

test("xconn emulator serves until SIGTERM, then exits 0", async () => {
  const child = spawn(process.execPath, [bin, "emulator", "--port", "0"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.setEncoding("utf8");
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (chunk: string) => {
      out += chunk;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once("exit", () => reject(new Error(`exited early: ${out}`)));
  });
  const info = (await (await fetch(`${url}/_emulator/info`)).json()) as Record<string, unknown>;
  expect(JSON.stringify(info)).toContain("zendesk");
  child.kill("SIGTERM");
  const [code] = await once(child, "exit");
  expect(code).toBe(0);
});
