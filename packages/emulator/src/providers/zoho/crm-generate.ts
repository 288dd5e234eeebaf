import {
  type FakePerson,
  fakePerson,
  isoOffset,
  type Rng,
  recordTimes,
  skipPerson,
  words,
} from "../../core/data.js";
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

/** Each module's fields as `[name, field]` pairs, listed once rather than per record. */
const fieldLists = new Map<string, [string, CrmField][]>();

function fieldsOf(module: string): [string, CrmField][] {
  let list = fieldLists.get(module);
  if (!list) {
    list = Object.entries(spec(module).fields);
    fieldLists.set(module, list);
  }
  return list;
}

/**
 * What the custom fields of Leads, Contacts and Deals get: their creation time is read from the
 * record only when a field asks (a class, as per-record getter literals were slow), and they
 * have no person of their own.
 */
class KnownGen implements Gen {
  constructor(
    readonly module: string,
    readonly i: number,
    readonly rng: Rng,
    readonly record: Record<string, unknown>,
  ) {}
  get created(): number {
    return Date.parse(String(this.record.Created_Time));
  }
  get person(): FakePerson {
    throw new Error(`${this.module} fields take their person from crmRecord`);
  }
}

/** Record `i` of a module; `rng` is `core.rng("crm", module, i)`. */
export function generate(
  module: string,
  i: number,
  rng: Rng,
  owner: ZohoUserRef,
): Record<string, unknown> {
  const s = spec(module);
  // Leads, Contacts and Deals keep their long-standing data; custom fields are added to them.
  const known = module === "Leads" || module === "Contacts" || module === "Deals";
  let record: Record<string, unknown>;
  let g: Gen;
  if (known) {
    // Their data has always drawn a person first that `crmRecord` does not use: skip its numbers.
    skipPerson(rng);
    record = crmRecord(module, i, rng, owner);
    g = new KnownGen(module, i, rng, record);
  } else {
    const person = fakePerson(rng, i);
    const times = recordTimes(rng, i, CRM_STEP_MS);
    record = {
      id: recordId(module, i),
      Owner: { id: owner.id, name: owner.name, email: owner.email },
      Created_Time: isoOffset(times.created),
      Modified_Time: isoOffset(times.modified),
    };
    g = { rng, i, person, created: times.created };
  }
  for (const [name, field] of fieldsOf(module)) {
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
