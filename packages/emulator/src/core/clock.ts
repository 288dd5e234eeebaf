/**
 * The emulator's clock. Every expiry (codes, tokens, rate windows, page tokens) is measured
 * against it, so tests can move time forward instead of sleeping.
 */
export interface Clock {
  /** Current emulated time, epoch milliseconds. */
  now(): number;
  /** Move the clock forward by `ms` milliseconds. */
  advance(ms: number): void;
  /** Set the clock to an absolute epoch-millisecond time (follows real time from there). */
  set(epochMs: number): void;
  /** Return to real time. */
  reset(): void;
}

/** Creates a clock that follows real time plus an offset tests can change. */
export function createClock(startAt?: number): Clock {
  let offset = startAt === undefined ? 0 : startAt - Date.now();
  const initial = offset;
  return {
    now: () => Date.now() + offset,
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`advance(${ms}): ms must be >= 0`);
      offset += ms;
    },
    set(epochMs) {
      offset = epochMs - Date.now();
    },
    reset() {
      offset = initial;
    },
  };
}
