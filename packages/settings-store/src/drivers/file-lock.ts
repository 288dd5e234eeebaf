import { randomBytes } from "node:crypto";
import { link, rename, stat, unlink, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { SettingsIoError, SettingsLockTimeoutError } from "../errors.js";
import { readOwnFile } from "../internal/own-file.js";
import { backoff, sleep } from "../internal/time.js";

/** What a lock file holds. */
interface LockInfo {
  pid: number;
  host: string;
  token: string;
  expiresAt: number;
}

/** A held cross-process lock on a settings file. */
export interface FileLock {
  /** Extends the lease; false when the lock is no longer ours. */
  renew(leaseMs: number): Promise<boolean>;
  /** True while the lock file still carries our token. */
  owned(): Promise<boolean>;
  /** Removes the lock file if it is still ours. */
  release(): Promise<void>;
}

/** Grace for a lock file that cannot be parsed (never happens with link-based creation, but be safe). */
const UNREADABLE_GRACE_MS = 2_000;

/**
 * Takes `<path>.lock`. The lock file is written complete to a private temp name and hard-linked
 * into place, so creation is atomic (`link` fails with EEXIST) and no reader sees a half-written
 * lock. A lock is stale when its lease expired or its pid is gone on this host; stale locks are
 * broken by renaming them aside and checking it was the same lock that was judged stale.
 */
export async function acquireFileLock(
  lockPath: string,
  leaseMs: number,
  deadline: number,
  waitMs: number,
  signal: AbortSignal | undefined,
  target: string,
  ensureDir: () => Promise<void>,
): Promise<FileLock> {
  const token = randomBytes(12).toString("hex");
  const info = (): LockInfo => ({
    pid: process.pid,
    host: hostname(),
    token,
    expiresAt: Date.now() + leaseMs,
  });
  for (let attempt = 0; ; attempt++) {
    if (await tryCreate(lockPath, info(), ensureDir)) break;
    const current = await readLock(lockPath);
    if (current !== "missing" && (await isStale(lockPath, current))) {
      await breakStale(lockPath, current, token);
      continue;
    }
    const now = Date.now();
    if (now >= deadline) throw new SettingsLockTimeoutError(target, waitMs);
    await sleep(Math.min(backoff(attempt), deadline - now), signal, target);
  }

  const owned = async () => {
    const current = await readLock(lockPath);
    return current !== "missing" && current !== "unreadable" && current.token === token;
  };
  return {
    owned,
    async renew(lease) {
      if (!(await owned())) return false;
      const temp = `${lockPath}.${token}.renew`;
      await writeFile(temp, JSON.stringify({ ...info(), expiresAt: Date.now() + lease }), {
        mode: 0o600,
      });
      await rename(temp, lockPath);
      return true;
    },
    async release() {
      if (await owned()) await unlink(lockPath).catch(() => undefined);
    },
  };
}

async function tryCreate(
  lockPath: string,
  info: LockInfo,
  ensureDir: () => Promise<void>,
): Promise<boolean> {
  const temp = `${lockPath}.${info.token}.new`;
  try {
    await writeFile(temp, JSON.stringify(info), { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT")
      throw new SettingsIoError("create the lock file", lockPath, error);
    await ensureDir();
    try {
      await writeFile(temp, JSON.stringify(info), { mode: 0o600, flag: "wx" });
    } catch (again) {
      throw new SettingsIoError("create the lock file", lockPath, again);
    }
  }
  try {
    await link(temp, lockPath);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw new SettingsIoError("create the lock file", lockPath, error);
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

async function readLock(lockPath: string): Promise<LockInfo | "missing" | "unreadable"> {
  // A lock another user planted (a far-future expiry in a shared directory) is refused, not
  // waited on: the error names the lock file.
  const text = await readOwnFile(lockPath, 64 * 1024, "the lock file", "read the lock file");
  if (text === undefined) return "missing";
  try {
    const parsed = JSON.parse(text) as Partial<LockInfo>;
    if (
      typeof parsed.token === "string" &&
      typeof parsed.expiresAt === "number" &&
      typeof parsed.pid === "number" &&
      typeof parsed.host === "string"
    ) {
      return parsed as LockInfo;
    }
  } catch {
    // fall through
  }
  return "unreadable";
}

async function isStale(lockPath: string, info: LockInfo | "unreadable"): Promise<boolean> {
  if (info === "unreadable") {
    const stats = await stat(lockPath).catch(() => undefined);
    return stats !== undefined && Date.now() - stats.mtimeMs > UNREADABLE_GRACE_MS;
  }
  if (info.expiresAt <= Date.now()) return true;
  return info.host === hostname() && !processAlive(info.pid);
}

/** Whether a process with this pid exists on this host. */
export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

// Moves the stale lock aside; if what was moved is not the lock judged stale (another waiter broke
// it and a new holder took the lock in between), put it back.
async function breakStale(
  lockPath: string,
  stale: LockInfo | "unreadable",
  token: string,
): Promise<void> {
  const aside = `${lockPath}.${token}.stale`;
  try {
    await rename(lockPath, aside);
  } catch {
    return; // someone else broke or released it first
  }
  const moved = await readLock(aside).catch(() => "unreadable" as const);
  const same =
    stale === "unreadable"
      ? moved === "unreadable"
      : moved !== "missing" && moved !== "unreadable" && moved.token === stale.token;
  if (!same) await link(aside, lockPath).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
}
