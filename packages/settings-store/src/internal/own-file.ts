import { constants } from "node:fs";
import { lstat, open } from "node:fs/promises";
import { SettingsIoError, SettingsUnsafeFileError } from "../errors.js";

const currentUid = typeof process.getuid === "function" ? process.getuid() : undefined;

function checkOwner(path: string, uid: number, what: string): void {
  if (currentUid !== undefined && uid !== currentUid) {
    throw new SettingsUnsafeFileError(
      path,
      "not-owned",
      `${what} is owned by user ${uid}, not by the current user (${currentUid})`,
    );
  }
}

/**
 * Reads a settings or lock file that must be a regular file of the current user, at most
 * `maxBytes` long; `undefined` when it does not exist. A FIFO is opened without blocking and
 * refused, a device (`/dev/zero`) is refused before any byte is read, and a file or symlink that
 * another user owns is refused (it may have been planted in a shared directory).
 *
 * @throws SettingsUnsafeFileError, SettingsIoError.
 */
export async function readOwnFile(
  path: string,
  maxBytes: number,
  what: string,
  operation = "read",
): Promise<string | undefined> {
  try {
    const link = await lstat(path);
    if (link.isSymbolicLink()) checkOwner(path, link.uid, `the symbolic link (${what})`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    if (error instanceof SettingsUnsafeFileError) throw error;
    throw new SettingsIoError(operation, path, error);
  }
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new SettingsIoError(operation, path, error);
  }
  try {
    const stats = await handle.stat();
    if (stats.isDirectory()) {
      // As before: SETTINGS_IO with EISDIR, whose hint says to name a file inside it.
      const eisdir = Object.assign(new Error("EISDIR: illegal operation on a directory"), {
        code: "EISDIR",
      });
      throw new SettingsIoError(operation, path, eisdir);
    }
    if (!stats.isFile()) {
      const kind = stats.isFIFO()
        ? "a named pipe"
        : stats.isCharacterDevice() || stats.isBlockDevice()
          ? "a device"
          : "not a regular file";
      throw new SettingsUnsafeFileError(path, "not-a-file", `${what} is ${kind}`);
    }
    checkOwner(path, stats.uid, what);
    if (stats.size > maxBytes) {
      throw new SettingsUnsafeFileError(
        path,
        "too-large",
        `${what} has ${stats.size} bytes, more than the ${maxBytes} a settings file can need`,
      );
    }
    // Sized by the file, grown if it grows while read, never past one byte over the cap.
    let buffer = Buffer.allocUnsafe(stats.size + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        const grown = Buffer.allocUnsafe(Math.min(maxBytes + 1, buffer.length * 2));
        buffer.copy(grown, 0, 0, length);
        buffer = grown;
      }
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > maxBytes) {
        throw new SettingsUnsafeFileError(path, "too-large", `${what} grew past ${maxBytes} bytes`);
      }
    }
    return buffer.toString("utf8", 0, length);
  } catch (error) {
    if (error instanceof SettingsUnsafeFileError || error instanceof SettingsIoError) throw error;
    throw new SettingsIoError(operation, path, error);
  } finally {
    await handle.close().catch(() => undefined);
  }
}
