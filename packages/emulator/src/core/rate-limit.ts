/** Result of {@link SlidingWindow.take}. */
export type WindowResult =
  | { ok: true; limit: number; remaining: number }
  | { ok: false; limit: number; retryAfterSeconds: number };

/** Options of {@link SlidingWindow}. */
export interface SlidingWindowOptions {
  /** Requests allowed per window. */
  limit: number;
  /** Window length, ms. */
  windowMs: number;
  /**
   * Count refused requests too, so a client that keeps trying stays throttled (Zoho's refresh
   * cap). Default false: only admitted requests use the window.
   */
  countRefused?: boolean;
}

/**
 * A sliding-window request limit on the emulator clock: at most `limit` requests in any
 * `windowMs`. Providers use it for their own documented limits (Zendesk's 700 per minute,
 * Highrise's 150 per 5 s); installed rules (`emulator.rateLimit`) are separate.
 */
export class SlidingWindow {
  readonly limit: number;
  readonly windowMs: number;
  readonly #countRefused: boolean;
  #hits: number[] = [];

  constructor(options: SlidingWindowOptions) {
    this.limit = options.limit;
    this.windowMs = options.windowMs;
    this.#countRefused = options.countRefused ?? false;
  }

  /** Records a request at `now` (epoch ms); refused when the window is full. */
  take(now: number): WindowResult {
    this.#hits = this.#hits.filter((t) => t > now - this.windowMs);
    if (this.#hits.length >= this.limit) {
      const oldest = this.#hits[0] ?? now;
      if (this.#countRefused) this.#hits.push(now);
      const retryAfterSeconds = Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000));
      return { ok: false, limit: this.limit, retryAfterSeconds };
    }
    this.#hits.push(now);
    return { ok: true, limit: this.limit, remaining: this.limit - this.#hits.length };
  }

  /** Forgets every request. */
  reset(): void {
    this.#hits = [];
  }
}

/** One {@link SlidingWindow} per key (per refresh token, per account...), created on first use. */
export class SlidingWindows {
  readonly #options: SlidingWindowOptions;
  readonly #windows = new Map<string, SlidingWindow>();

  constructor(options: SlidingWindowOptions) {
    this.#options = options;
  }

  /** Records a request for `key` at `now`. */
  take(key: string, now: number): WindowResult {
    let w = this.#windows.get(key);
    if (!w) {
      w = new SlidingWindow(this.#options);
      this.#windows.set(key, w);
    }
    return w.take(now);
  }

  /** Forgets every key. */
  reset(): void {
    this.#windows.clear();
  }
}
