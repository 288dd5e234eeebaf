import { SettingsAbortedError } from "../errors.js";

/** Resolves after `ms`, or rejects with `SETTINGS_ABORTED` when `signal` fires. */
export function sleep(ms: number, signal: AbortSignal | undefined, target: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new SettingsAbortedError(target, { cause: signal.reason }));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new SettingsAbortedError(target, { cause: signal?.reason }));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Throws `SETTINGS_ABORTED` when `signal` has fired. */
export function throwIfAborted(signal: AbortSignal | undefined, target: string): void {
  if (signal?.aborted) throw new SettingsAbortedError(target, { cause: signal.reason });
}

/** Polling delay for cross-process locks: short at first, growing, with jitter so waiters spread out. */
export function backoff(attempt: number): number {
  const base = Math.min(2 + attempt * 2, 50);
  return base / 2 + Math.random() * base;
}
