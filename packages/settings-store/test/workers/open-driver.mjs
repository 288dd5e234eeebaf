// Shared by the worker scripts: opens a driver from the built package (dist), as a user would.
import { fileDriver } from "../../dist/index.js";

export async function openDriver(kind, target, extra) {
  if (kind === "file") return fileDriver({ path: target });
  if (kind === "redis") {
    const { redisDriver } = await import("../../dist/drivers/redis.js");
    return redisDriver({ url: target, prefix: extra });
  }
  if (kind === "postgres") {
    const { postgresDriver } = await import("../../dist/drivers/postgres.js");
    return postgresDriver({ url: target, table: extra });
  }
  throw new Error(`unknown driver kind ${kind}`);
}
