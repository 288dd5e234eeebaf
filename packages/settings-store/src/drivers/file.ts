import { randomBytes } from "node:crypto";
import { mkdir, open, readdir, rename, stat, unlink } from "node:fs/promises";
import { basename, dirname, resolve } from "node:path";
import {
  checkKey,
  checkUpdateResult,
  checkValue,
  DEFAULT_LEASE_MS,
  DEFAULT_WAIT_MS,
  resolveUpdateOptions,
  type SettingsDriver,
  type UpdateOptions,
  type UpdateResult,
  type Updater,
} from "../driver.js";
import {
  SettingsClosedError,
  SettingsCorruptError,
  SettingsIoError,
  SettingsLockLostError,
  SettingsVersionError,
} from "../errors.js";
import { keepLease } from "../internal/lease.js";
import { KeyedMutex } from "../internal/mutex.js";
import { readOwnFile } from "../internal/own-file.js";
import { throwIfAborted } from "../internal/time.js";
import { acquireFileLock, type FileLock, processAlive } from "./file-lock.js";

/** `format` field of a settings file. */
export const SETTINGS_FILE_FORMAT = "x-oauth-settings";
/** The file format version this package writes. */
export const SETTINGS_FILE_VERSION = 1;

/** Options of {@link fileDriver}. */
export interface FileDriverOptions {
  /** The settings file. Missing parent directories are created with mode 0700. */
  path: string;
}

// One in-process queue per file, shared by every driver on that path.
const fileLocks = new KeyedMutex();

/** A file's cross-process lock, handed by one caller to the next one queued in this process. */
interface HandedLock {
  lock: FileLock;
  /** When its lease runs out unless renewed (epoch ms). */
  validUntil: number;
  /** When this process took it from the file system. */
  since: number;
}
const handedLocks = new Map<string, HandedLock>();
/**
 * How long a process keeps a file's lock for its own queued callers before letting other
 * processes take it. Handing it over skips the lock file's create, check and removal per caller,
 * which is most of the work when many callers of many processes queue on one file.
 */
const HANDOFF_MS = 500;

/**
 * Records in one JSON document on disk (`{"format":"x-oauth-settings","version":1,"records":{...}}`).
 * Writes are atomic (temp file, fsync, rename, fsync directory) with mode 0600; `<path>.lock`
 * coordinates processes. A damaged file is reported (`SETTINGS_CORRUPT`) and never overwritten.
 */
export function fileDriver(options: FileDriverOptions): SettingsDriver {
  const path = resolve(options.path);
  const lockPath = `${path}.lock`;
  let closed = false;

  const ensureDir = async () => {
    try {
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    } catch (error) {
      throw new SettingsIoError("create the directory of", path, error);
    }
  };

  const locked = async <T>(
    options: UpdateOptions | undefined,
    body: (stillOwned: () => Promise<void>) => Promise<T>,
  ): Promise<T> => {
    if (closed) throw new SettingsClosedError("file");
    const { leaseMs, waitMs, signal } = resolveUpdateOptions(options);
    const target = `settings file ${path}`;
    const deadline = Date.now() + waitMs;
    const release = await fileLocks.acquire(path, waitMs, signal, target);
    try {
      const { lock, validUntil, since } = await takeFileLock(
        leaseMs,
        deadline,
        waitMs,
        signal,
        target,
      );
      const keeper = keepLease(leaseMs, () => lock.renew(leaseMs), validUntil);
      try {
        return await body(async () => {
          throwIfAborted(signal, target);
          if (keeper.lost || !(await lock.owned())) throw new SettingsLockLostError(target);
        });
      } finally {
        await keeper.stop();
        // Kept for the next caller queued here, if any, for a while; else removed.
        if (!keeper.lost && fileLocks.waiting(path) > 0 && Date.now() - since < HANDOFF_MS) {
          handedLocks.set(path, { lock, validUntil: keeper.validUntil, since });
        } else await lock.release();
      }
    } finally {
      release();
    }
  };

  /** The lock handed over by the previous caller in this process, else a new one. */
  const takeFileLock = async (
    leaseMs: number,
    deadline: number,
    waitMs: number,
    signal: AbortSignal | undefined,
    target: string,
  ): Promise<HandedLock> => {
    const handed = handedLocks.get(path);
    handedLocks.delete(path);
    if (handed) {
      // Half a lease left is enough to start with (the keeper renews every third); with less,
      // it is renewed first, which also checks it is still ours.
      if (handed.validUntil - Date.now() >= leaseMs / 2) return handed;
      const renewedAt = Date.now();
      const renewed = await handed.lock.renew(leaseMs).catch(() => false);
      if (renewed) return { ...handed, validUntil: renewedAt + leaseMs };
      await handed.lock.release().catch(() => undefined);
    }
    const lock = await acquireFileLock(
      lockPath,
      leaseMs,
      deadline,
      waitMs,
      signal,
      target,
      ensureDir,
    );
    const since = Date.now();
    // Temp files of writers that died mid-write; cheap (one readdir) and safe under the lock.
    await removeOrphanTemps(path);
    return { lock, validUntil: since + leaseMs, since };
  };

  const modify = (key: string, fn: Updater, options?: UpdateOptions) =>
    locked(options, async (stillOwned) => {
      const records = await readRecords(path);
      const current = records.get(key);
      const next: UpdateResult = await fn(current);
      checkUpdateResult(key, next);
      if (next === undefined || next === current) return current;
      if (next === null) {
        if (current === undefined) return undefined;
        records.delete(key);
      } else {
        records.set(key, next);
      }
      await stillOwned();
      await writeRecords(path, records, ensureDir);
      return next ?? undefined;
    });

  return {
    name: "file",
    async get(key) {
      if (closed) throw new SettingsClosedError("file");
      checkKey(key);
      return (await readRecords(path, true)).get(key);
    },
    async set(key, value) {
      checkKey(key);
      checkValue(key, value);
      await modify(key, () => value, { leaseMs: DEFAULT_LEASE_MS, waitMs: DEFAULT_WAIT_MS });
    },
    async delete(key) {
      checkKey(key);
      await modify(key, () => null);
    },
    async update(key, fn, options) {
      checkKey(key);
      return modify(key, fn, options);
    },
    async close() {
      closed = true;
    },
  };
}

/** The largest settings file read: thousands of records; anything bigger is not a settings file. */
export const MAX_SETTINGS_FILE_BYTES = 8 * 1024 * 1024;

/**
 * The last document read per file, under the file's identity (device, inode, size, change and
 * modification times in nanoseconds). Every write replaces the file by a rename (a new inode), and
 * an edit in place changes its times, so a file whose identity is unchanged has the same content.
 * Many callers of one process read one file at once.
 */
const documents = new Map<string, { id: string; records: Map<string, string> }>();
const REMEMBERED_FILES = 16;

async function identity(path: string): Promise<string | undefined> {
  try {
    const s = await stat(path, { bigint: true });
    if (!s.isFile() || s.ino === 0n) return undefined;
    return `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
  } catch {
    // The read below reports what is wrong.
    return undefined;
  }
}

/**
 * Reads the records of a settings file; a missing file has none. Only a regular file of the
 * current user, at most `MAX_SETTINGS_FILE_BYTES`, is read (`SETTINGS_UNSAFE_FILE`). With
 * `reuse`, a file whose identity is that of the last read is not read again: for reads outside
 * the lock only. Under the lock a read always goes to the disk, because what it returns is written
 * back, and a file replaced twice within one tick of the file system's clock could reuse an inode
 * with the same size and times.
 */
export async function readRecords(path: string, reuse = false): Promise<Map<string, string>> {
  const id = await identity(path);
  const known = id === undefined || !reuse ? undefined : documents.get(path);
  if (known && known.id === id) return new Map(known.records);
  const text = await readOwnFile(path, MAX_SETTINGS_FILE_BYTES, "the settings file");
  if (text === undefined) return new Map();
  const records = parseDocument(path, text);
  if (id !== undefined) {
    documents.delete(path);
    if (documents.size >= REMEMBERED_FILES)
      documents.delete(documents.keys().next().value as string);
    // A copy: callers change the map they get.
    documents.set(path, { id, records: new Map(records) });
  }
  return records;
}

function parseDocument(path: string, text: string): Map<string, string> {
  if (text.length === 0) throw new SettingsCorruptError(path, "the file is empty");
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new SettingsCorruptError(
      path,
      `not JSON (${text.length} characters, truncated or edited)`,
      { cause: error },
    );
  }
  if (
    typeof doc !== "object" ||
    doc === null ||
    (doc as { format?: unknown }).format !== SETTINGS_FILE_FORMAT
  ) {
    throw new SettingsCorruptError(path, `the "format" field is not "${SETTINGS_FILE_FORMAT}"`);
  }
  const { version, records } = doc as { version?: unknown; records?: unknown };
  if (typeof version === "number" && Number.isInteger(version) && version > SETTINGS_FILE_VERSION) {
    throw new SettingsVersionError(path, version);
  }
  if (version !== SETTINGS_FILE_VERSION) {
    throw new SettingsCorruptError(
      path,
      `the "version" field is ${JSON.stringify(version)}, expected ${SETTINGS_FILE_VERSION}`,
    );
  }
  if (typeof records !== "object" || records === null || Array.isArray(records)) {
    throw new SettingsCorruptError(path, `the "records" field is not an object`);
  }
  const map = new Map<string, string>();
  for (const [key, value] of Object.entries(records)) {
    if (typeof value !== "string")
      throw new SettingsCorruptError(path, `record "${key}" is not a string`);
    map.set(key, value);
  }
  return map;
}

async function writeRecords(
  path: string,
  records: Map<string, string>,
  ensureDir: () => Promise<void>,
): Promise<void> {
  const text = `${JSON.stringify({ format: SETTINGS_FILE_FORMAT, version: SETTINGS_FILE_VERSION, records: Object.fromEntries(records) }, null, 2)}\n`;
  const temp = `${path}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(temp, "wx", 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT")
      throw new SettingsIoError("write", path, error);
    await ensureDir();
    try {
      handle = await open(temp, "wx", 0o600);
    } catch (again) {
      throw new SettingsIoError("write", path, again);
    }
  }
  try {
    try {
      await handle.writeFile(text, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw new SettingsIoError("write", path, error);
  }
  await syncDirectory(dirname(path));
}

// Makes the rename itself durable; not supported on every platform (Windows), where it is skipped.
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // best effort
  }
}

// Temp files of writers that crashed between open and rename; only removed for dead pids.
async function removeOrphanTemps(path: string): Promise<void> {
  const dir = dirname(path);
  const prefix = `${basename(path)}.`;
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith(".tmp")) continue;
    const pid = Number(name.slice(prefix.length).split(".")[0]);
    if (Number.isInteger(pid) && !processAlive(pid))
      await unlink(`${dir}/${name}`).catch(() => undefined);
  }
}
