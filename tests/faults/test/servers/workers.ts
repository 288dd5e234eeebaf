import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const connectWorker = fileURLToPath(new URL("../workers/zendesk-connect.mjs", import.meta.url));

/** What the zendesk-connect worker reports. */
export interface WorkerResult {
  ok: boolean;
  code?: string;
  message?: string;
  warnings: string[];
}

/** Options of the zendesk-connect worker. */
export interface ConnectWorkerOptions {
  cs: string;
  recoveryPath: string;
  /** Kill this process (the store's server) when a refresh response arrives. */
  killPid?: number | undefined;
  killSignal?: NodeJS.Signals;
  /** Exit right after the request: no close, no flush. */
  crash?: boolean;
}

/** Runs one connection in a fresh process. */
export function runConnectWorker(options: ConnectWorkerOptions): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [connectWorker, JSON.stringify(options)], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
    });
    child.stderr.on("data", (chunk) => {
      err += chunk;
    });
    child.on("error", reject);
    // "close", not "exit": all output has been read by then.
    child.on("close", (code) => {
      const line = out.trim().split("\n").pop();
      if (code !== 0 || !line) {
        reject(new Error(`the connect worker exited with ${code}: ${err || out}`));
        return;
      }
      resolve(JSON.parse(line) as WorkerResult);
    });
  });
}
