import { PassThrough } from "node:stream";
import { type MainOptions, main } from "../src/main.js";

/** Runs xconn in-process; returns exit code and captured output. */
export async function run(argv: string[], options: MainOptions = {}) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    stdin: new PassThrough(),
    env: { ...process.env, XCONN_CONNECTION_STRING: undefined },
    ...options,
  });
  return { code, stdout, stderr };
}
