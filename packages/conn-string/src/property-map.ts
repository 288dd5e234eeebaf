/**
 * Normalize a property name for loose lookups: lower case, all whitespace removed
 * (`Auth Scheme` ≡ `authscheme` ≡ `AuthScheme`).
 */
export function normalizeName(name: string): string {
  return name.replace(/\s+/g, "").toLowerCase();
}

/** What {@link PropertyMap.from} and {@link stringify} accept. */
export type PropertyInput =
  | PropertyMap
  | Iterable<readonly [string, string]>
  | Readonly<Record<string, string | number | boolean | undefined | null>>;

const SECRET_HINT = /(password|pwd|secret|token|verifier|apikey|credential|privatekey|passphrase)/;

/** Whether a name looks like it holds a secret (used when no declaration says). @internal */
export function looksSecret(name: string): boolean {
  return SECRET_HINT.test(normalizeName(name));
}

// Set in PropertyMap's static block: the parser stores each pair with whether its value was quoted,
// which is not public API. Kept on the entry, not in a side table: a WeakMap entry per parsed map
// cost more than the parse itself.
let storeParsed: (
  map: PropertyMap,
  key: string,
  value: string,
  quoted: boolean,
  before: string | undefined,
) => void;
let quotedOf: (map: PropertyMap, key: string) => boolean | undefined;
let beforeOf: (map: PropertyMap, key: string) => string | undefined;

/**
 * Stores a pair read from text, remembering whether its value was quoted and which key stood
 * right before it in the text with an unquoted value (`before`). @internal
 */
export function setParsed(
  map: PropertyMap,
  key: string,
  value: string,
  quoted: boolean,
  before: string | undefined,
): void {
  storeParsed(map, key, value, quoted, before);
}

/**
 * The key written right before `key` in the parsed text, when its value was unquoted: `key` may
 * be the tail of that value even if that pair was later removed or overridden. @internal
 */
export function unquotedBefore(map: PropertyMap, key: string): string | undefined {
  return beforeOf(map, key);
}

/**
 * Whether the value of `key` was quoted in the text it was parsed from; `undefined` for a key
 * added by code (never parsed). @internal
 */
export function wasQuoted(map: PropertyMap, key: string): boolean | undefined {
  return quotedOf(map, key);
}

/**
 * A stored pair: the key as written, its value, whether the value was quoted in parsed text, and
 * the key before it in that text when that key's value was unquoted.
 */
type Entry = [key: string, value: string, quoted: boolean | undefined, before?: string | undefined];

/**
 * An ordered property map: keys keep the spelling the user wrote, lookups ignore case
 * (ASCII and Unicode lower-casing, like .NET's invariant culture), and iteration follows
 * the order of first insertion. Setting an existing key (in any case) replaces its value
 * and spelling but keeps its position; deleting and re-adding moves it to the end.
 */
export class PropertyMap implements Iterable<[string, string]> {
  readonly #entries = new Map<string, Entry>();

  static {
    storeParsed = (map, key, value, quoted, before) => {
      map.#store(key, value, quoted, before);
    };
    quotedOf = (map, key) => map.#entries.get(key.toLowerCase())?.[2];
    beforeOf = (map, key) => map.#entries.get(key.toLowerCase())?.[3];
  }

  /** Create a map, optionally filled from entries or a plain object (`undefined`/`null` values skipped). */
  constructor(input?: PropertyInput) {
    if (input === undefined) return;
    if (input instanceof PropertyMap) {
      // A copy keeps what the parser knew of each pair (redact() of a parsed map copies it).
      for (const [lower, e] of input.#entries) this.#entries.set(lower, [e[0], e[1], e[2]]);
    } else if (Symbol.iterator in Object(input)) {
      for (const [k, v] of input as Iterable<readonly [string, string]>) this.set(k, v);
    } else {
      for (const k of Object.keys(input)) {
        const v = (input as Record<string, unknown>)[k];
        if (v !== undefined && v !== null) this.set(k, String(v));
      }
    }
  }

  /** Build a map from entries, a plain object or another map. */
  static from(input: PropertyInput): PropertyMap {
    return new PropertyMap(input);
  }

  /** Number of properties. */
  get size(): number {
    return this.#entries.size;
  }

  /** The value for `key` (case-insensitive), or `undefined`. */
  get(key: string): string | undefined {
    return this.#entries.get(key.toLowerCase())?.[1];
  }

  /** Whether `key` (case-insensitive) is present. */
  has(key: string): boolean {
    return this.#entries.has(key.toLowerCase());
  }

  /** The stored spelling of `key` (case-insensitive), or `undefined`. */
  getKey(key: string): string | undefined {
    return this.#entries.get(key.toLowerCase())?.[0];
  }

  /** Set `key` to `value`; an existing key (any case) keeps its position and takes the new spelling. */
  set(key: string, value: string): this {
    this.#store(key, value, undefined);
    return this;
  }

  // A value set by code keeps what the parser knew of the pair: the key after it still came from
  // the text (and may be the tail of an unquoted secret).
  #store(
    key: string,
    value: string,
    quoted: boolean | undefined,
    before?: string | undefined,
  ): void {
    const lower = key.toLowerCase();
    const e = this.#entries.get(lower);
    if (e) {
      e[0] = key;
      e[1] = value;
      if (quoted !== undefined) {
        e[2] = quoted;
        e[3] = before;
      }
    } else
      this.#entries.set(
        lower,
        quoted === undefined ? [key, value, quoted] : [key, value, quoted, before],
      );
  }

  /** Remove `key` (case-insensitive). Returns whether it was present. */
  delete(key: string): boolean {
    return this.#entries.delete(key.toLowerCase());
  }

  /** Remove everything. */
  clear(): void {
    this.#entries.clear();
  }

  /**
   * Loose lookup ignoring case *and whitespace* (`Auth Scheme` finds `AuthScheme`).
   * If several keys normalize to the same name, the last in iteration order is returned.
   */
  findNormalized(name: string): [key: string, value: string] | undefined {
    const target = normalizeName(name);
    let found: [string, string] | undefined;
    for (const [k, v] of this.#entries.values()) {
      if (normalizeName(k) === target) found = [k, v];
    }
    return found;
  }

  /** Keys in insertion order, as spelled by the user. */
  *keys(): IterableIterator<string> {
    for (const e of this.#entries.values()) yield e[0];
  }

  /** Values in insertion order. */
  *values(): IterableIterator<string> {
    for (const e of this.#entries.values()) yield e[1];
  }

  /** `[key, value]` pairs in insertion order. */
  *entries(): IterableIterator<[string, string]> {
    for (const e of this.#entries.values()) yield [e[0], e[1]];
  }

  /** Same as {@link PropertyMap.entries}. */
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }

  /** Call `fn` for each property in order. */
  forEach(fn: (value: string, key: string, map: this) => void): void {
    for (const e of this.#entries.values()) fn(e[1], e[0], this);
  }

  /** A plain object `{ Key: value }` in insertion order, with the user's spelling. Contains secrets as-is. */
  toObject(): Record<string, string> {
    const o: Record<string, string> = {};
    for (const e of this.#entries.values()) {
      Object.defineProperty(o, e[0], {
        value: e[1],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return o;
  }

  /** Same as {@link PropertyMap.toObject} (so `JSON.stringify(map)` gives an object). Contains secrets as-is. */
  toJSON(): Record<string, string> {
    return this.toObject();
  }

  /** `util.inspect` shows keys but redacts values whose name looks secret (password, token, secret...). */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    const parts = [...this.#entries.values()].map(
      ([k, v]) => `${JSON.stringify(k)} => ${looksSecret(k) ? "'[redacted]'" : JSON.stringify(v)}`,
    );
    return `PropertyMap(${parts.length}) {${parts.length ? ` ${parts.join(", ")} ` : ""}}`;
  }
}
