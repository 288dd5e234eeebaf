/**
 * One client per location per process, reference-counted: every driver opened on a Redis URL or
 * PostgreSQL URL shares one client / pool, and the last `release()` closes it. A client whose
 * creation failed is forgotten, so the next open tries again.
 */
interface Entry {
  value: Promise<unknown>;
  refs: number;
  destroy: (value: never) => Promise<void>;
}

const entries = new Map<string, Entry>();

/** A reference to a shared client. */
export interface SharedRef<T> {
  readonly value: Promise<T>;
  /** Drops this reference (once); the client closes when no reference is left. */
  release(): Promise<void>;
}

/** Takes a reference to the client named `id`, creating it with `create` if there is none. */
export function acquireShared<T>(
  id: string,
  create: () => Promise<T>,
  destroy: (value: T) => Promise<void>,
): SharedRef<T> {
  let entry = entries.get(id);
  if (!entry) {
    const created: Entry = { value: create(), refs: 0, destroy: destroy as Entry["destroy"] };
    created.value.catch(() => {
      if (entries.get(id) === created) entries.delete(id);
    });
    entries.set(id, created);
    entry = created;
  }
  const held = entry;
  held.refs += 1;
  let released = false;
  return {
    value: held.value as Promise<T>,
    async release() {
      if (released) return;
      released = true;
      held.refs -= 1;
      if (held.refs > 0) return;
      if (entries.get(id) === held) entries.delete(id);
      const value = await held.value.catch(() => undefined);
      if (value !== undefined) await held.destroy(value as never).catch(() => undefined);
    },
  };
}

/** How many references the client `id` has (0 when there is none); for tests and diagnostics. */
export function sharedRefs(id: string): number {
  return entries.get(id)?.refs ?? 0;
}
