import { fakePerson, isoOffset, type Rng, recordTimes, words } from "../../core/data.js";
import { recordId, spec } from "./crm-modules.js";
import type { CrmField, Gen } from "./crm-spec.js";
import { CRM_STEP_MS, crmRecord, type ZohoUserRef } from "./records.js";

/** Line items of record `i` of an inventory module: 1 to 3 products. */
function lineItems(g: Gen, module: string): Record<string, unknown>[] {
  const count = 1 + (g.i % 3);
  return Array.from({ length: count }, (_, n) => {
    const quantity = g.rng.int(1, 20);
    const price = g.rng.int(5, 900);
    const discount = n === 0 ? 0 : g.rng.int(0, 10);
    const total = quantity * price;
    return {
      id: `5725767${spec(module).code}8${String(g.i * 3 + n + 1).padStart(8, "0")}`,
      Product_Name: {
        id: recordId("Products", (g.i + n) % 60),
        name: `Product ${((g.i + n) % 60) + 1}`,
      },
      Product_Description: null,
      Quantity: quantity,
      List_Price: price,
      Discount: discount,
      Tax: 0,
      Total: total,
      Net_Total: total - discount,
      Sequence_Number: n + 1,
    };
  });
}

/** Totals of line items (`Sub_Total`, `Grand_Total`), as Zoho computes them on write. */
export function totals(items: unknown): { Sub_Total: number; Grand_Total: number } {
  const list = Array.isArray(items) ? (items as Record<string, unknown>[]) : [];
  const sum = list.reduce(
    (a, r) => a + (Number(r.Net_Total ?? Number(r.Quantity ?? 0) * Number(r.List_Price ?? 0)) || 0),
    0,
  );
  return { Sub_Total: sum, Grand_Total: sum };
}

/** Record `i` of a module; `rng` is `core.rng("crm", module, i)`. */
export function generate(
  module: string,
  i: number,
  rng: Rng,
  owner: ZohoUserRef,
): Record<string, unknown> {
  const s = spec(module);
  const person = fakePerson(rng, i);
  // Leads, Contacts and Deals keep their long-standing data; custom fields are added to them.
  const known = module === "Leads" || module === "Contacts" || module === "Deals";
  const record: Record<string, unknown> = known ? crmRecord(module, i, rng, owner) : {};
  const t = known ? { created: 0 } : recordTimes(rng, i, CRM_STEP_MS);
  const g: Gen = {
    rng,
    i,
    person,
    created: known ? Date.parse(String(record.Created_Time)) : t.created,
  };
  if (!known) {
    const times = t as { created: number; modified: number };
    record.id = recordId(module, i);
    record.Owner = { id: owner.id, name: owner.name, email: owner.email };
    record.Created_Time = isoOffset(times.created);
    record.Modified_Time = isoOffset(times.modified);
  }
  for (const [name, field] of Object.entries(s.fields)) {
    if (name in record) continue;
    record[name] = field.gen ? field.gen(g) : byType(field, g, module, name);
  }
  if (s.lineItems) {
    record[s.lineItems] = lineItems(g, module);
    Object.assign(record, totals(record[s.lineItems]));
  }
  return record;
}

function byType(field: CrmField, g: Gen, module: string, name: string): unknown {
  const { rng, i } = g;
  switch (field.type) {
    case "picklist":
      return rng.pick(field.values ?? [""]);
    case "boolean":
      return i % 2 === 0;
    case "integer":
      return rng.int(0, 1000);
    case "currency":
    case "double":
      return rng.int(0, 100_000) / 100;
    case "date":
      return new Date(g.created).toISOString().slice(0, 10);
    case "lookup": {
      const target = field.lookup ?? "Accounts";
      const size = spec(target).fallback;
      const k = (i * 7 + name.length) % size;
      // Some lookups are empty, as optional lookups are in real data.
      if (!field.mandatory && i % 5 === 4) return null;
      return { id: recordId(target, k), name: `${spec(target).singular} ${k + 1}` };
    }
    case "subform":
      return [];
    case "textarea":
      return i % 3 === 0
        ? null
        : `${spec(module).singular} ${i + 1}: ${rng.pick(words.adjectives)} notes.`;
    default:
      return `${name.replace(/_/g, " ")} ${i + 1}`;
  }
}
