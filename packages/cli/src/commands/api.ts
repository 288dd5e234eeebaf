import { parseJsonBody } from "@x/connector-kit";
import { CliError, ExitCode } from "../errors.js";
import { emit, table } from "../output.js";
import { loadProvider } from "../providers.js";
import { type CommandContext, connectionString, connectOptions, pairs } from "./context.js";

/** `xconn request`: one API call with the connection's credentials. */
export async function requestCommand(
  ctx: CommandContext,
  provider: string,
  cs: string | undefined,
  method: string,
  path: string,
  opts: { query?: string[]; data?: string },
): Promise<void> {
  const connector = await loadProvider(provider);
  let json: unknown;
  if (opts.data !== undefined) {
    try {
      json = JSON.parse(opts.data);
    } catch {
      throw new CliError("--data is not valid JSON.", ExitCode.Usage);
    }
  }
  const conn = await connector.connect(connectionString(ctx, cs), connectOptions(ctx));
  try {
    const response = await conn.request({
      method: method.toUpperCase(),
      path,
      searchParams: pairs(opts.query),
      ...(json !== undefined ? { json } : {}),
    });
    const type = response.headers.get("content-type") ?? "";
    const body = type.includes("json") ? await parseJsonBody(response) : await response.text();
    emit(ctx.io, !!ctx.global.json, { status: response.status, body }, () =>
      typeof body === "string" ? body : JSON.stringify(body, null, 2),
    );
  } finally {
    await conn.close();
  }
}

/** `xconn list`: every record of a resource across pages, as JSON lines or a table. */
export async function listCommand(
  ctx: CommandContext,
  provider: string,
  cs: string | undefined,
  resource: string,
  opts: { param?: string[]; limit?: string; format?: string; fields?: string },
): Promise<void> {
  const connector = await loadProvider(provider);
  const format = opts.format ?? "jsonl";
  if (format !== "jsonl" && format !== "table")
    throw new CliError(`--format must be jsonl or table, not ${format}.`, ExitCode.Usage);
  const limit = opts.limit === undefined ? Number.POSITIVE_INFINITY : Number(opts.limit);
  if (!(limit > 0))
    throw new CliError(`--limit must be a positive number, not ${opts.limit}.`, ExitCode.Usage);
  const conn = await connector.connect(connectionString(ctx, cs), connectOptions(ctx));
  try {
    const given = pairs(opts.param);
    const values: Record<string, unknown> = { ...given };
    if (opts.fields) values.fields = opts.fields.split(",");
    // Resources declare no parameter list: a --param the resource never read by its first record
    // (or its end) is one it does not take, and an error rather than silently ignored.
    const read = new Set<string>();
    const params = new Proxy(values, {
      get(target, key, receiver) {
        if (typeof key === "string") read.add(key);
        return Reflect.get(target, key, receiver);
      },
      ownKeys(target) {
        for (const key of Object.keys(target)) read.add(key);
        return Reflect.ownKeys(target);
      },
    });
    let checked = false;
    const checkParams = () => {
      if (checked) return;
      checked = true;
      const unknown = Object.keys(given).filter((k) => !read.has(k));
      if (unknown.length > 0)
        throw new CliError(
          `${resource} does not take --param ${unknown.join(", ")}.`,
          ExitCode.Usage,
          "See the provider README's Resources section for its parameters (every resource takes pageSize and maxPages).",
        );
    };
    const rows: Record<string, unknown>[] = [];
    let count = 0;
    for await (const record of conn.paginate<Record<string, unknown>>(resource, params)) {
      checkParams();
      if (count++ >= limit) break;
      if (format === "jsonl") ctx.io.stdout.write(`${JSON.stringify(record)}\n`);
      else rows.push(record);
    }
    checkParams();
    if (format === "table") emit(ctx.io, false, null, () => table(rows));
  } finally {
    await conn.close();
  }
}
