import type { ApiClient, ColumnsDeclaration } from "@x/connector-kit";
import { listItems, parseXmlBody } from "./xml.js";

/** Names a custom field cannot take as a column: those of the declared columns. */
const RESERVED = new Set([
  "id",
  "background",
  "visible-to",
  "owner-id",
  "group-id",
  "author-id",
  "created-at",
  "updated-at",
  "first-name",
  "last-name",
  "title",
  "company-id",
  "company-name",
  "contact-data",
  "tags",
  "name",
  "subject_datas",
]);

interface SubjectData {
  value?: unknown;
  subject_field_id?: number;
  subject_field_label?: unknown;
}

/**
 * Custom fields ("subject fields") as columns named by their labels: `discover` reads
 * `/subject_fields.xml`, `row` turns a record's `subject_datas` into those columns, `body` turns
 * them back into `subject_datas` by field id (a null clears the value).
 */
export function customFields() {
  let ids = new Map<string, number>();
  return {
    async discover(api: ApiClient, signal?: AbortSignal): Promise<ColumnsDeclaration> {
      const response = await api.send({
        path: "subject_fields.xml",
        ...(signal ? { signal } : {}),
      });
      const fields = listItems(await parseXmlBody(response));
      const found = new Map<string, number>();
      const columns: Record<string, ColumnsDeclaration[string]> = {};
      for (const field of fields) {
        const label = String(field.label ?? "");
        if (!label || RESERVED.has(label) || typeof field.id !== "number") continue;
        found.set(label, field.id);
        columns[label] = {
          type: "string",
          nullable: true,
          description: `Custom field ${field.id}`,
        };
      }
      ids = found;
      return columns;
    },
    row(record: unknown): Record<string, unknown> {
      const { subject_datas: datas, ...row } = record as Record<string, unknown>;
      // Every known custom field is a column: null where the record has no value for it.
      for (const label of ids.keys()) row[label] = null;
      for (const d of (Array.isArray(datas) ? datas : []) as SubjectData[]) {
        const label = String(d.subject_field_label ?? "");
        if (label && !RESERVED.has(label)) row[label] = d.value ?? null;
      }
      return row;
    },
    body(row: Record<string, unknown>): Record<string, unknown> {
      const out: Record<string, unknown> = {};
      const datas: { subject_field_id: number; value: unknown }[] = [];
      for (const [name, value] of Object.entries(row)) {
        const id = ids.get(name);
        if (id === undefined) out[name] = value;
        else datas.push({ subject_field_id: id, value: value ?? "" });
      }
      if (datas.length > 0) out.subject_datas = datas;
      return out;
    },
  };
}
