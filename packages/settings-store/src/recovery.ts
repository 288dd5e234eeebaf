/**
 * The recovery file: where a record goes when the store cannot be written right after a provider
 * issued new tokens (a rotated refresh token must never be lost). The record stays in memory and
 * is used, is written to a local encrypted 0600 file (so a crash during the outage loses nothing),
 * and is written to the store again and again until the store takes it. A later process that
 * opens the same record reconciles the file with the store: the newer record (by `updatedAt`,
 * stamped when the token response arrived) wins.
 *
 * @module
 */
import { createHash } from "node:crypto";
import type { SettingsDriver } from "./driver.js";
import { fileDriver } from "./drivers/file.js";

/** What happened to a record the store could not take. */
export interface RecoveryEvent {
  /** `kept`: the write failed, the record is kept; `written`: it reached the store; `unsaved`: the recovery file could not be written either. */
  type: "kept" | "written" | "unsaved";
  /** The record key. */
  key: string;
  /** The recovery file. */
  path: string;
  /** Why the store (or, for `unsaved`, the recovery file) refused the write. */
  error?: unknown;
}

/** Options of the recovery file of a store (see `createSettingsStore`). */
export interface RecoveryOptions {
  /** The recovery file. Records in it are the store's encrypted envelopes; the file is 0600. */
  path: string;
  /** Names the store location inside the file (hashed with the key; never a password). */
  location: string;
  /** Called when a record is kept for later, or written back. */
  onEvent?: ((event: RecoveryEvent) => void) | undefined;
  /** Delay before the n-th retry, ms. Default: 250 ms doubling to 5 s. */
  retryDelayMs?: ((attempt: number) => number) | undefined;
}

/** A record waiting to reach the store. */
export interface PendingRecord {
  /** The encrypted envelope, exactly as the store layer would write it. */
  readonly envelope: string;
  /** When it was produced (the record's `updatedAt`), epoch ms. */
  readonly updatedAt: number;
}

// Records waiting per (location, key), shared by every store of the process.
const pendingRecords = new Map<string, PendingRecord>();

const defaultDelay = (attempt: number) => Math.min(250 * 2 ** Math.min(attempt, 5), 5_000);

/** The recovery side of one store record; created by `createSettingsStore`. */
export class RecoveryJournal {
  readonly #options: RecoveryOptions;
  readonly #key: string;
  readonly #driver: SettingsDriver;
  readonly #updatedAtOf: (envelope: string) => number | undefined;
  readonly #entry: string;
  readonly #file: SettingsDriver;
  #loaded: Promise<void> | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #attempt = 0;
  #closed = false;

  /**
   * @param updatedAtOf the `updatedAt` of a stored envelope; `undefined` when it cannot be read
   * (then the stored record is left alone).
   */
  constructor(
    options: RecoveryOptions,
    key: string,
    driver: SettingsDriver,
    updatedAtOf: (envelope: string) => number | undefined,
  ) {
    this.#options = options;
    this.#key = key;
    this.#driver = driver;
    this.#updatedAtOf = updatedAtOf;
    this.#entry = createHash("sha256").update(`${options.location}\0${key}`).digest("base64url");
    this.#file = fileDriver({ path: options.path });
  }

  /** The record waiting for this key, if any. */
  get pending(): PendingRecord | undefined {
    return pendingRecords.get(this.#entry);
  }

  /** Reads what an earlier process left in the recovery file (once), and starts writing it back. */
  load(): Promise<void> {
    this.#loaded ??= (async () => {
      let text: string | undefined;
      try {
        text = await this.#file.get(this.#entry);
      } catch (error) {
        this.#emit({ type: "unsaved", error });
        return;
      }
      const saved = text === undefined ? undefined : parsePending(text);
      if (saved) {
        this.#remember(saved);
        this.#schedule(0);
      }
    })();
    return this.#loaded;
  }

  /** Keeps a record the store refused: in memory, in the recovery file, and retried. */
  async keep(envelope: string, updatedAt: number, error: unknown): Promise<void> {
    const record: PendingRecord = { envelope, updatedAt };
    this.#remember(record);
    this.#emit({ type: "kept", error });
    try {
      await this.#file.update(this.#entry, (current) => {
        const saved = current === undefined ? undefined : parsePending(current);
        return saved && saved.updatedAt >= updatedAt ? undefined : JSON.stringify(record);
      });
    } catch (fileError) {
      this.#emit({ type: "unsaved", error: fileError });
    }
    this.#schedule();
  }

  /** The store now holds a record produced at `updatedAt`: pending records not newer are done. */
  async settled(updatedAt: number | undefined): Promise<void> {
    const pending = this.pending;
    if (!pending || updatedAt === undefined || pending.updatedAt > updatedAt) return;
    pendingRecords.delete(this.#entry);
    this.#attempt = 0;
    await this.#forget(pending.updatedAt);
    this.#emit({ type: "written" });
  }

  /** Drops the pending record (the record was deleted on purpose). */
  async discard(): Promise<void> {
    pendingRecords.delete(this.#entry);
    await this.#forget(Number.POSITIVE_INFINITY);
  }

  /**
   * Stops retrying after one last attempt (the store may be back); what is still pending stays
   * in the file for the next process that opens the record.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.pending) await this.#writeBack(2_000);
    await this.#file.close();
  }

  /** Schedules writing the pending record back (no-op when one is scheduled or nothing waits). */
  retry(): void {
    this.#schedule();
  }

  #remember(record: PendingRecord): void {
    const known = pendingRecords.get(this.#entry);
    if (!known || known.updatedAt < record.updatedAt) pendingRecords.set(this.#entry, record);
  }

  async #forget(upTo: number): Promise<void> {
    await this.#file
      .update(this.#entry, (current) => {
        const saved = current === undefined ? undefined : parsePending(current);
        return current !== undefined && (!saved || saved.updatedAt <= upTo) ? null : undefined;
      })
      .catch((error: unknown) => this.#emit({ type: "unsaved", error }));
  }

  #schedule(delayMs?: number): void {
    if (this.#closed || this.#timer || !this.pending) return;
    const delay = delayMs ?? (this.#options.retryDelayMs ?? defaultDelay)(this.#attempt++);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#flush();
    }, delay);
    this.#timer.unref?.();
  }

  async #flush(): Promise<void> {
    if (this.#closed) return;
    if (!(await this.#writeBack(10_000))) this.#schedule();
  }

  /** One attempt to write the pending record to the store; true when nothing is left pending. */
  async #writeBack(waitMs: number): Promise<boolean> {
    const pending = this.pending;
    if (!pending) return true;
    try {
      await this.#driver.update(
        this.#key,
        (stored) => {
          if (stored === undefined) return pending.envelope;
          const storedAt = this.#updatedAtOf(stored);
          // Newer wins; a record this secret cannot read is not overwritten.
          return storedAt !== undefined && storedAt < pending.updatedAt
            ? pending.envelope
            : undefined;
        },
        { waitMs },
      );
      await this.settled(pending.updatedAt);
      return true;
    } catch {
      return false;
    }
  }

  #emit(event: Omit<RecoveryEvent, "key" | "path">): void {
    try {
      this.#options.onEvent?.({ ...event, key: this.#key, path: this.#options.path });
    } catch {
      // A listener's failure must not affect the record.
    }
  }
}

function parsePending(text: string): PendingRecord | undefined {
  try {
    const value = JSON.parse(text) as Partial<PendingRecord>;
    if (typeof value.envelope === "string" && typeof value.updatedAt === "number")
      return { envelope: value.envelope, updatedAt: value.updatedAt };
  } catch {
    // Not ours: ignored.
  }
  return undefined;
}
