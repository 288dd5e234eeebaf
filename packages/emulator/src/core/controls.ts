import type { Clock } from "./clock.js";

/** What a fault does to a matching request. */
export type FaultKind = "5xx" | "slow" | "malformed" | "drop" | "html";

/** Which requests a fault or rate limit applies to; omitted fields match everything. */
export interface RequestMatch {
  /** Provider id, e.g. `"zoho"`. */
  provider?: string;
  /** Endpoint name as counted, e.g. `"token.refresh"`, `"crm.list"`. */
  endpoint?: string;
  /** Substring of the emulated path (`/www.zohoapis.eu/crm/v8/Leads`), or a RegExp. */
  path?: string | RegExp;
  /** HTTP method. */
  method?: string;
}

/** A fault to inject. */
export interface FaultSpec extends RequestMatch {
  kind: FaultKind;
  /** How many matching requests it affects (default 1); `"always"` until removed. */
  times?: number | "always";
  /** Status for `5xx` (default 500) and `html` (default 502). */
  status?: number;
  /** Delay for `slow` (default 1000 ms); the request is then served normally. */
  delayMs?: number;
}

/** An installed fault. */
export interface Fault extends FaultSpec {
  id: string;
  remaining: number;
  hits: number;
}

/** A rate-limit rule: `limit` requests per `windowMs`, or throttle the next `times` requests. */
export interface RateLimitSpec extends RequestMatch {
  /** Requests allowed per window (sliding, on the emulator clock). */
  limit?: number;
  /** Window length (default 60 000 ms). */
  windowMs?: number;
  /** Throttle the next N matching requests regardless of volume. */
  times?: number;
  /** Seconds the provider's throttle response asks the client to wait (default 1). */
  retryAfterSeconds?: number;
}

/** An installed rate-limit rule. */
export interface RateLimitRule extends RateLimitSpec {
  id: string;
  hits: number[];
  throttled: number;
}

/** The request attributes matching uses. */
export interface MatchTarget {
  provider: string;
  endpoint: string;
  path: string;
  method: string;
}

/** True when `m` matches the request. */
export function requestMatches(m: RequestMatch, t: MatchTarget): boolean {
  if (m.provider !== undefined && m.provider !== t.provider) return false;
  if (m.endpoint !== undefined && m.endpoint !== t.endpoint) return false;
  if (m.method !== undefined && m.method.toUpperCase() !== t.method) return false;
  if (m.path !== undefined) {
    if (typeof m.path === "string" ? !t.path.includes(m.path) : !m.path.test(t.path)) return false;
  }
  return true;
}

let seq = 0;
const nextId = (p: string) => `${p}_${++seq}`;

/** Per-endpoint request counters. */
export class Counters {
  readonly #counts = new Map<string, number>();
  /** Adds one to `provider:endpoint`. */
  hit(provider: string, endpoint: string): void {
    const k = `${provider}:${endpoint}`;
    this.#counts.set(k, (this.#counts.get(k) ?? 0) + 1);
  }
  /** Count for one endpoint, or for every endpoint of a provider when `endpoint` is omitted. */
  count(provider: string, endpoint?: string): number {
    if (endpoint !== undefined) return this.#counts.get(`${provider}:${endpoint}`) ?? 0;
    let n = 0;
    for (const [k, v] of this.#counts) if (k.startsWith(`${provider}:`)) n += v;
    return n;
  }
  /** Every counter as `{ "provider:endpoint": n }`. */
  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.#counts].sort(([a], [b]) => a.localeCompare(b)));
  }
  /** Sets every counter to zero. */
  reset(): void {
    this.#counts.clear();
  }
}

/** Installed faults. */
export class Faults {
  readonly #faults: Fault[] = [];
  /** Installs a fault; returns its id. */
  add(spec: FaultSpec): string {
    const times = spec.times ?? 1;
    const fault: Fault = {
      ...spec,
      id: nextId("fault"),
      remaining: times === "always" ? Number.POSITIVE_INFINITY : times,
      hits: 0,
    };
    this.#faults.push(fault);
    return fault.id;
  }
  /** Removes one fault by id. */
  remove(id: string): boolean {
    const i = this.#faults.findIndex((f) => f.id === id);
    if (i === -1) return false;
    this.#faults.splice(i, 1);
    return true;
  }
  /** Removes every fault. */
  clear(): void {
    this.#faults.length = 0;
  }
  /** Installed faults (including spent ones, with their hit counts). */
  list(): Fault[] {
    return this.#faults.map((f) => ({ ...f }));
  }
  /** Takes the first live fault matching the request (consuming one use). @internal */
  take(t: MatchTarget): Fault | undefined {
    const f = this.#faults.find((x) => x.remaining > 0 && requestMatches(x, t));
    if (!f) return undefined;
    f.remaining--;
    f.hits++;
    return f;
  }
}

/** Rate-limit rules. */
export class RateLimits {
  readonly #rules: RateLimitRule[] = [];
  readonly #clock: Clock;
  constructor(clock: Clock) {
    this.#clock = clock;
  }
  /** Installs a rule; returns its id. */
  add(spec: RateLimitSpec): string {
    const rule: RateLimitRule = { ...spec, id: nextId("ratelimit"), hits: [], throttled: 0 };
    this.#rules.push(rule);
    return rule.id;
  }
  /** Removes one rule. */
  remove(id: string): boolean {
    const i = this.#rules.findIndex((f) => f.id === id);
    if (i === -1) return false;
    this.#rules.splice(i, 1);
    return true;
  }
  /** Removes every rule. */
  clear(): void {
    this.#rules.length = 0;
  }
  /** Installed rules. */
  list(): RateLimitRule[] {
    return this.#rules.map((r) => ({ ...r, hits: [...r.hits] }));
  }
  /** Records the request; returns the rule that throttles it, if any. @internal */
  check(t: MatchTarget): RateLimitRule | undefined {
    const now = this.#clock.now();
    let hit: RateLimitRule | undefined;
    for (const r of this.#rules) {
      if (!requestMatches(r, t)) continue;
      if (r.times !== undefined && r.times > 0) {
        r.times--;
        r.throttled++;
        hit ??= r;
        continue;
      }
      if (r.limit !== undefined) {
        const windowMs = r.windowMs ?? 60_000;
        r.hits = r.hits.filter((h) => h > now - windowMs);
        if (r.hits.length >= r.limit) {
          r.throttled++;
          hit ??= r;
        } else {
          r.hits.push(now);
        }
      }
    }
    return hit;
  }
}
