import { SettingsAbortedError, SettingsLockTimeoutError } from "../errors.js";

/** Releases a lock; calling it twice is harmless. */
export type Release = () => void;

/**
 * FIFO in-process locks by key. Cross-process drivers take this first so that callers in one
 * process queue here instead of polling the shared lock.
 */
export class KeyedMutex {
  readonly #queues = new Map<string, Array<(release: Release) => void>>();

  /** Takes the lock on `key`, waiting at most `waitMs`. */
  acquire(
    key: string,
    waitMs: number,
    signal: AbortSignal | undefined,
    target: string,
  ): Promise<Release> {
    if (signal?.aborted) {
      return Promise.reject(new SettingsAbortedError(target, { cause: signal.reason }));
    }
    const queue = this.#queues.get(key);
    if (!queue) {
      this.#queues.set(key, []);
      return Promise.resolve(this.#releaser(key));
    }
    return new Promise<Release>((resolve, reject) => {
      const grant = (release: Release) => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        resolve(release);
      };
      const leave = () => {
        const index = queue.indexOf(grant);
        if (index >= 0) queue.splice(index, 1);
      };
      const onAbort = () => {
        clearTimeout(timer);
        leave();
        reject(new SettingsAbortedError(target, { cause: signal?.reason }));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        leave();
        reject(new SettingsLockTimeoutError(target, waitMs));
      }, waitMs);
      signal?.addEventListener("abort", onAbort, { once: true });
      queue.push(grant);
    });
  }

  /** How many callers wait for `key` (not counting the holder). */
  waiting(key: string): number {
    return this.#queues.get(key)?.length ?? 0;
  }

  #releaser(key: string): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const queue = this.#queues.get(key);
      const next = queue?.shift();
      if (next) next(this.#releaser(key));
      else this.#queues.delete(key);
    };
  }
}
