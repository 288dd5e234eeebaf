import { setTimeout as sleep } from "node:timers/promises";
import {
  type ApiClient,
  type ApiRequest,
  type BatchRecordResult,
  ConnectorError,
  ConnectorErrorCode,
  type WriteResult,
} from "@x/connector-kit";

// Zendesk's bulk writes (`create_many`, `update_many`: up to 100 records) run as background
// jobs: the answer is a job status, followed at `job_statuses/{id}` until it is completed, whose
// `results` say per record what happened.

interface JobStatus {
  id?: string;
  status?: "queued" | "working" | "completed" | "failed" | "killed";
  message?: string | null;
  results?:
    | {
        index?: number;
        id?: unknown;
        success?: boolean;
        error?: string;
        details?: string;
      }[]
    | null;
}

const jobOf = (body: unknown) => (body as { job_status?: JobStatus } | null)?.job_status ?? {};

/** Polls the job until it ends (first after 100 ms, then doubling up to 2 s). */
export async function followJob(
  body: unknown,
  api: ApiClient,
  signal?: AbortSignal,
): Promise<unknown> {
  let current = body;
  let wait = 100;
  for (;;) {
    const job = jobOf(current);
    if (job.status === "completed" || job.status === "failed" || job.status === "killed") {
      return current;
    }
    if (!job.id) {
      throw new ConnectorError(
        ConnectorErrorCode.MalformedResponse,
        "Zendesk answered a bulk write without a job status id.",
        { hint: "Check the records with get() or list() before sending them again." },
      );
    }
    await sleep(wait, undefined, signal ? { signal } : undefined);
    wait = Math.min(wait * 2, 2000);
    current = await (
      await api.send({ path: `api/v2/job_statuses/${encodeURIComponent(job.id)}.json`, signal })
    ).json();
  }
}

function ended(job: JobStatus): string | undefined {
  return job.status === "completed"
    ? undefined
    : `the job ended ${job.status}: ${job.message ?? "no message"}`;
}

/** The bulk endpoints of tickets, users or organizations, for `insertMany` and `updateMany`. */
export function bulk(
  path: string,
  toApi: (values: Record<string, unknown>) => Record<string, unknown>,
) {
  return {
    insert: {
      max: 100,
      request: (rows: Record<string, unknown>[]): ApiRequest => ({
        method: "POST",
        path: `api/v2/${path}/create_many.json`,
        json: { [path]: rows.map(toApi) },
      }),
      settle: followJob,
      results(body: unknown, count: number): BatchRecordResult[] {
        const job = jobOf(body);
        const failed = ended(job);
        return Array.from({ length: count }, (_, i): BatchRecordResult => {
          if (failed) return { ok: false, message: failed };
          const r = (job.results ?? []).find((x) => x.index === i);
          if (!r) return { ok: false, message: "the job reported nothing for this record" };
          return r.success === false || r.error
            ? { ok: false, code: r.error, message: r.details ?? r.error ?? "refused" }
            : { ok: true, key: r.id };
        });
      },
    },
    update: {
      max: 100,
      request: (items: { key: unknown; changes: Record<string, unknown> }[]): ApiRequest => ({
        method: "PUT",
        path: `api/v2/${path}/update_many.json`,
        json: { [path]: items.map(({ key, changes }) => ({ ...toApi(changes), id: key })) },
      }),
      settle: followJob,
      results(body: unknown, count: number): WriteResult[] {
        const job = jobOf(body);
        const failed = ended(job);
        const results = job.results ?? [];
        return Array.from({ length: count }, (_, i): WriteResult => {
          if (failed) return { ok: false, message: failed };
          const r = results[i];
          if (!r) return { ok: false, message: "the job reported nothing for this record" };
          return r.success === false || r.error
            ? {
                ok: false,
                code: r.error,
                message: r.details ?? r.error ?? "refused",
                missing: r.error === "RecordNotFound",
              }
            : { ok: true };
        });
      },
    },
  };
}
