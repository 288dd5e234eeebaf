import {
  checkKey,
  checkUpdateResult,
  checkValue,
  resolveUpdateOptions,
  type SettingsDriver,
  type UpdateOptions,
  type Updater,
} from "../driver.js";
import { SettingsClosedError } from "../errors.js";
import { KeyedMutex } from "../internal/mutex.js";
import { throwIfAborted } from "../internal/time.js";

/** Options of {@link memoryDriver}. */
export interface MemoryDriverOptions {
  /**
   * Drivers with the same name share their records and locks within the process
   * (`memory://NAME`). Without a name the driver is private.
   */
  name?: string;
}

interface Space {
  records: Map<string, string>;
  locks: KeyedMutex;
}

const spaces = new Map<string, Space>();

/** Records kept in process memory: `memory://NAME`. Lost when the process exits. */
export function memoryDriver(options: MemoryDriverOptions = {}): SettingsDriver {
  const space = options.name === undefined ? newSpace() : sharedSpace(options.name);
  let closed = false;
  const ensureOpen = () => {
    if (closed) throw new SettingsClosedError("memory");
  };
  return {
    name: "memory",
    async get(key) {
      ensureOpen();
      checkKey(key);
      return space.records.get(key);
    },
    async set(key, value) {
      ensureOpen();
      checkKey(key);
      checkValue(key, value);
      space.records.set(key, value);
    },
    async delete(key) {
      ensureOpen();
      checkKey(key);
      space.records.delete(key);
    },
    async update(key: string, fn: Updater, options?: UpdateOptions) {
      ensureOpen();
      checkKey(key);
      const { waitMs, signal } = resolveUpdateOptions(options);
      const target = `memory record "${key}"`;
      const release = await space.locks.acquire(key, waitMs, signal, target);
      try {
        const next = await fn(space.records.get(key));
        checkUpdateResult(key, next);
        throwIfAborted(signal, target);
        if (next === null) space.records.delete(key);
        else if (next !== undefined) space.records.set(key, next);
        return space.records.get(key);
      } finally {
        release();
      }
    },
    async close() {
      closed = true;
    },
  };
}

function newSpace(): Space {
  return { records: new Map(), locks: new KeyedMutex() };
}

function sharedSpace(name: string): Space {
  let space = spaces.get(name);
  if (!space) {
    space = newSpace();
    spaces.set(name, space);
  }
  return space;
}
