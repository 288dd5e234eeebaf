// Small helpers shared by the suites: timing, medians, child processes.
import { fork, spawn } from "node:child_process";

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

export const ms = (start) => Number(process.hrtime.bigint() - start) / 1e6;
export const now = () => process.hrtime.bigint();

/** Runs `node file args…`, resolves with its last JSON line on stdout. */
export function runChild(file, args = [], options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file, ...args], {
      stdio: ["ignore", "pipe", "inherit"],
      ...options,
    });
    let out = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.on("exit", (code) => {
      const last = out.trim().split("\n").at(-1) ?? "";
      if (code !== 0) return reject(new Error(`${file} exited ${code}: ${last}`));
      try {
        resolve(JSON.parse(last));
      } catch {
        reject(new Error(`${file} printed no JSON: ${last}`));
      }
    });
  });
}

export const fmt = (n, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : String(n));

/**
 * Starts a benchmark target (server-child.mjs) in its own process. Resolves with its URL,
 * `connections()` (TCP connections it accepted so far) and `close()`.
 */
export async function startTarget(kind, options = {}) {
  const file = new URL("./server-child.mjs", import.meta.url);
  const child = fork(file, [kind, JSON.stringify(options)], { stdio: "inherit" });
  const ask = (message, key) =>
    new Promise((resolve, reject) => {
      const onMessage = (m) => {
        if (m && key in m) {
          child.off("exit", onExit);
          child.off("message", onMessage);
          resolve(m[key]);
        }
      };
      const onExit = (code) => reject(new Error(`${kind} target exited ${code}`));
      child.on("message", onMessage);
      child.once("exit", onExit);
      if (message) child.send(message);
    });
  const url = await ask(undefined, "url");
  return {
    url,
    connections: () => ask("connections", "connections"),
    close: () =>
      new Promise((resolve) => {
        child.once("exit", resolve);
        child.send("close");
      }),
  };
}

/**
 * Times a piece of work in a child: wall seconds, this process's CPU seconds and peak RSS growth
 * (sampled every 20 ms, and on each `sample()`). `stop()` ends it and returns the figures.
 */
export function measureWork() {
  const startRss = process.memoryUsage().rss;
  let peak = startRss;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage().rss);
  };
  const sampler = setInterval(sample, 20);
  const started = process.hrtime.bigint();
  const startCpu = process.cpuUsage();
  return {
    sample,
    stop() {
      clearInterval(sampler);
      sample();
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const cpu = process.cpuUsage(startCpu);
      return {
        seconds,
        cpuSeconds: (cpu.user + cpu.system) / 1e6,
        rssGrowthMb: (peak - startRss) / 2 ** 20,
      };
    },
  };
}

/**
 * What a timeout through an abort signal costs fetch on its own: returns a function giving one
 * signal shared by the calls of a 10 ms slot, its timer 30 s after the slot, as the connection's
 * first attempts share one.
 */
export function slotSignals() {
  let slot;
  let slotEnd = 0;
  return () => {
    const t = Date.now();
    if (t >= slotEnd) {
      slotEnd = t + 10;
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 30_010).unref();
      slot = controller.signal;
    }
    return slot;
  };
}
