/**
 * Keeps a cross-process lease alive while an update function runs: calls `renew` every
 * `leaseMs / 3`. If `renew` reports the lock is gone (or fails until the lease would have run
 * out), `lost` becomes true and the caller must not write.
 */
export interface LeaseKeeper {
  /** True once the lease could not be renewed in time: the lock may belong to someone else. */
  readonly lost: boolean;
  /** When the lease runs out unless renewed again (epoch ms). */
  readonly validUntil: number;
  /** Stops renewing; returns when no renewal is in flight. */
  stop(): Promise<void>;
}

/**
 * Starts renewing a lease; see {@link LeaseKeeper}. `validUntil` is when the lease runs out now
 * (default: a lease just taken or renewed).
 */
export function keepLease(
  leaseMs: number,
  renew: () => Promise<boolean>,
  validUntil = Date.now() + leaseMs,
): LeaseKeeper {
  let lost = false;
  let stopped = false;
  let inFlight: Promise<void> = Promise.resolve();
  const interval = Math.max(Math.floor(leaseMs / 3), 20);
  const timer = setInterval(() => {
    if (stopped || lost) return;
    const startedAt = Date.now();
    inFlight = renew().then(
      (ok) => {
        if (ok) validUntil = startedAt + leaseMs;
        else lost = true;
      },
      () => {
        // A transient failure is tolerated while the last renewal still covers us.
        if (Date.now() >= validUntil) lost = true;
      },
    );
  }, interval);
  timer.unref?.();
  return {
    get lost() {
      return lost || Date.now() >= validUntil;
    },
    get validUntil() {
      return validUntil;
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await inFlight;
    },
  };
}
