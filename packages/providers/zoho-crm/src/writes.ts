import type { ApiRequest, BatchRecordResult, WriteResult } from "@x/connector-kit";

/** At most this many records per write call (insert, update, upsert, delete). */
export const BATCH = 100;

/**
 * Zoho answers an update or delete with 200/202 and a result per record; an error names the
 * record (`INVALID_DATA` on `id`: no such record) or the field.
 */
function recordResult(r: Record<string, unknown> | undefined): BatchRecordResult {
  if (!r) return { ok: false, message: "Zoho sent no result for the record" };
  const details = (r.details ?? {}) as Record<string, unknown>;
  if (r.status === "success") {
    const action = r.action === "insert" || r.action === "update" ? r.action : undefined;
    return { ok: true, key: details.id, ...(action ? { action } : {}) };
  }
  return {
    ok: false,
    code: String(r.code),
    message: `${r.message}${r.details ? ` ${JSON.stringify(r.details)}` : ""}`,
    missing: r.code === "INVALID_DATA" && ("id" in details || details.api_name === "id"),
  };
}

export const resultsOf = (body: unknown): BatchRecordResult[] =>
  ((body as { data?: Record<string, unknown>[] } | null)?.data ?? []).map(recordResult);

export function writeResult(body: unknown): WriteResult {
  const [first] = resultsOf(body);
  return first ?? { ok: false, message: "Zoho sent no result for the record" };
}

/** `POST {Module}/upsert`: `duplicate_check_fields` names the matching columns (else Zoho's own). */
export function upsertRequest(
  module: string,
  rows: Record<string, unknown>[],
  match: readonly string[] | undefined,
): ApiRequest {
  return {
    method: "POST",
    path: `${module}/upsert`,
    json: { data: rows, ...(match ? { duplicate_check_fields: match } : {}) },
  };
}
