/**
 * At most `limit` tasks at a time, the rest queued in order, without a timeout. The PostgreSQL
 * driver queues its queries here rather than in pg's pool, whose queue shares the connect
 * timeout: under load a query waiting for a free connection would fail as if the server were
 * unreachable.
 */
export class Semaphore {
  readonly #limit: number;
  #active = 0;
  readonly #waiting: Array<() => void> = [];
  readonly #urgent: Array<() => void> = [];

  constructor(limit: number) {
    this.#limit = Math.max(1, limit);
  }

  /** Runs `task` when a slot is free; `urgent` tasks go before every waiting normal one. */
  async run<T>(task: () => Promise<T>, urgent = false): Promise<T> {
    if (this.#active >= this.#limit) {
      await new Promise<void>((resolve) => (urgent ? this.#urgent : this.#waiting).push(resolve));
    } else {
      this.#active += 1;
    }
    try {
      return await task();
    } finally {
      const next = this.#urgent.shift() ?? this.#waiting.shift();
      if (next) next();
      else this.#active -= 1;
    }
  }
}
