import { type ColumnsDeclaration, defineTable } from "@x/connector-kit";
import { common, required } from "./columns.js";
import { modifiedSince, searchable } from "./filters.js";
import { discoverFields } from "./metadata.js";
import { PAGE_LIMIT, type Page, PER_PAGE, paging } from "./paging.js";
import { completeRecords, firstFields } from "./wide.js";
import { BATCH, resultsOf, upsertRequest, writeResult } from "./writes.js";

/**
 * One standard module: listing (`page`, then `page_token`), search on `search` fields, get,
 * insert / update / delete / upsert, each batched by 100.
 */
export function moduleTable<const Cols extends ColumnsDeclaration>(
  module: string,
  description: string,
  columns: Cols,
  search: readonly (keyof Cols & string)[],
) {
  const filters = {
    ...Object.fromEntries(
      search.map((field) => [
        field,
        searchable(module, field, (columns[field] as { type: string }).type === "string"),
      ]),
    ),
    Modified_Time: modifiedSince,
  };
  return defineTable({
    name: module,
    description,
    key: "id",
    columns,
    list: {
      // Declared and discovered (custom) fields: the first 50 here, the rest by id per page.
      request: (all: ColumnsDeclaration) => ({
        path: module,
        searchParams: new URLSearchParams({
          fields: firstFields(all),
          per_page: String(PER_PAGE),
          page: "1",
        }),
      }),
      complete: completeRecords(module),
      pagination: paging,
      ...(search.length > 0 ? { filteredCap: PAGE_LIMIT } : {}),
    },
    discover: (api, signal) => discoverFields(api, module, columns, signal),
    filters,
    incremental: "Modified_Time",
    get: {
      request: (id) => ({ path: `${module}/${id}` }),
      // A missing id is 204 (no body).
      record: (body) => (body as Page | null)?.data?.[0],
    },
    insert: {
      request: (row) => ({ method: "POST", path: module, json: { data: [row] } }),
      key: (body) => {
        const [first] = resultsOf(body);
        return first?.ok ? first.key : undefined;
      },
      batch: {
        max: BATCH,
        request: (rows) => ({ method: "POST", path: module, json: { data: rows } }),
        results: resultsOf,
      },
    },
    update: {
      request: (id, changes) => ({
        method: "PUT",
        path: `${module}/${id}`,
        json: { data: [changes] },
      }),
      result: writeResult,
      batch: {
        max: BATCH,
        request: (rows) => ({
          method: "PUT",
          path: module,
          json: { data: rows.map((r) => ({ ...r.changes, id: r.key })) },
        }),
        results: resultsOf,
      },
    },
    delete: {
      request: (id) => ({ method: "DELETE", path: `${module}/${id}` }),
      result: writeResult,
      batch: {
        max: BATCH,
        request: (ids) => ({
          method: "DELETE",
          path: module,
          searchParams: new URLSearchParams({ ids: ids.join(",") }),
        }),
        results: resultsOf,
      },
    },
    upsert: {
      request: (row, match) => upsertRequest(module, [row], match),
      result: (body) => resultsOf(body)[0] ?? { ok: false, message: "Zoho sent no result" },
      batch: {
        max: BATCH,
        request: (rows, match) => upsertRequest(module, rows, match),
        results: resultsOf,
      },
    },
  });
}

/** A custom module: the standard columns and `Name`; its other fields come from the metadata. */
export function customModuleTable(module: string) {
  return moduleTable(
    module,
    `Custom module ${module} (\`/crm/{Schema}/${module}\`); its fields come from the metadata API.`,
    { ...common, Name: required },
    ["Name"],
  );
}
