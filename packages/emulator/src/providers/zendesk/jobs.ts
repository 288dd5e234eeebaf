import type { EmulatorResponse } from "../../core/http.js";
import type { StoredRecord } from "../../core/records/store.js";
import type { RequestContext } from "../../core/types.js";
import { guard } from "./auth.js";
import { TABLE, type ZTable } from "./catalog.js";
import { base, err, type JobStatus, type ZendeskShared } from "./state.js";
import { createOne, updateOne } from "./writes.js";

// Bulk writes: `POST /api/v2/{tickets,users,organizations}/create_many.json` and
// `PUT …/update_many.json` take up to 100 records and answer with a job status; the job is
// queued, then working, then completed with one result per record (`job_statuses/{id}`).

const MAX = 100;

function jobJson(s: ZendeskShared, job: JobStatus) {
  return {
    job_status: {
      id: job.id,
      url: `${base(s)}/api/v2/job_statuses/${job.id}.json`,
      status: job.status,
      total: job.total,
      progress: job.status === "completed" ? job.total : job.status === "working" ? 0 : null,
      message: job.status === "completed" ? `Completed at ${new Date().toISOString()}` : null,
      results: job.status === "completed" ? job.results : null,
    },
  };
}

function queue(s: ZendeskShared, results: StoredRecord[], headers: Record<string, string>) {
  const id = `${(s.jobs.size + 1).toString(16).padStart(8, "0")}${"0".repeat(24)}`;
  const job: JobStatus = { id, pending: 2, total: results.length, results, status: "queued" };
  s.jobs.set(id, job);
  return s.core.respond.json(200, jobJson(s, job), headers);
}

function items(
  s: ZendeskShared,
  ctx: RequestContext,
  t: ZTable,
): StoredRecord[] | EmulatorResponse {
  const body = ctx.body.kind === "json" ? (ctx.body.value as Record<string, unknown>) : undefined;
  const list = body?.[t.name];
  if (!Array.isArray(list) || list.some((x) => x === null || typeof x !== "object")) {
    return err(s, 400, "InvalidValue", `${t.name}: expected an array of objects`);
  }
  if (list.length > MAX) {
    return err(s, 400, "TooManyRecords", `${t.name}: at most ${MAX} records per request`);
  }
  return list as StoredRecord[];
}

/** `POST /api/v2/{path}/create_many.json`. */
export function createMany(s: ZendeskShared, ctx: RequestContext, t: ZTable): EmulatorResponse {
  const g = guard(s, ctx);
  if ("status" in g) return g;
  const list = items(s, ctx, t);
  if (!Array.isArray(list)) return list;
  const results = list.map((input, index) => {
    const done = createOne(s, t, input, ctx.now());
    return "problem" in done
      ? { index, error: "RecordInvalid", details: done.problem.description, success: false }
      : { index, id: done.record.id, status: "Created", success: true };
  });
  return queue(s, results, g.headers);
}

/** `PUT /api/v2/{path}/update_many.json` with each record's `id`. */
export function updateMany(s: ZendeskShared, ctx: RequestContext, t: ZTable): EmulatorResponse {
  const g = guard(s, ctx);
  if ("status" in g) return g;
  const list = items(s, ctx, t);
  if (!Array.isArray(list)) return list;
  const results = list.map((input) => {
    const { id, ...changes } = input;
    const done = typeof id === "number" ? updateOne(s, t, id, changes, ctx.now()) : undefined;
    if (!done) return { id, error: "RecordNotFound", details: "Not found", success: false };
    return "problem" in done
      ? { id, error: "RecordInvalid", details: done.problem.description, success: false }
      : { id, action: "update", status: "Updated", success: true };
  });
  return queue(s, results, g.headers);
}

/** `GET /api/v2/job_statuses/{id}.json`: queued, then working, then completed with results. */
export function jobStatus(s: ZendeskShared, ctx: RequestContext): EmulatorResponse {
  const g = guard(s, ctx);
  if ("status" in g) return g;
  const job = s.jobs.get(ctx.params.id ?? "");
  if (!job) return err(s, 404, "RecordNotFound", "Not found");
  if (job.pending > 0) {
    job.pending -= 1;
    job.status = job.pending > 0 ? "working" : "completed";
  }
  return s.core.respond.json(200, jobJson(s, job), g.headers);
}

export const BULK = ["tickets", "users", "organizations"].map((n) => TABLE[n]!);
