// The emulator's own description of Zoho CRM's modules (fields in `crm-specs-*.ts`), looked up
// by API name; record ids encode the module's code.
import { type CrmModuleSpec, idOf } from "./crm-spec.js";
import { INVENTORY_MODULES } from "./crm-specs-inventory.js";
import { OTHER_MODULES } from "./crm-specs-other.js";
import { SALES_MODULES } from "./crm-specs-sales.js";

export type { CrmField, CrmModuleSpec, Gen, ZohoDataType } from "./crm-spec.js";

/** Every module the emulator serves, by API name. */
export const MODULES: Readonly<Record<string, CrmModuleSpec>> = {
  ...SALES_MODULES,
  ...INVENTORY_MODULES,
  ...OTHER_MODULES,
};

/** Module names as Zoho matches them: case-insensitively. */
export function moduleOf(name: string | undefined): string | undefined {
  const n = (name ?? "").toLowerCase();
  return Object.keys(MODULES).find((m) => m.toLowerCase() === n);
}

/** The spec of a known module. */
export const spec = (module: string): CrmModuleSpec => MODULES[module] as CrmModuleSpec;

/** Record ids: 19 digits, `5725767` + module code + the record's 1-based key. */
export function recordId(module: string, i: number): string {
  return idOf(spec(module).code, i);
}

/** The store key of an id of `module`, or undefined when the id is not one of its ids. */
export function keyOf(module: string, id: string): number | undefined {
  const prefix = `5725767${spec(module).code}`;
  if (!id.startsWith(prefix) || !/^\d{9}$/.test(id.slice(prefix.length))) return undefined;
  const k = Number(id.slice(prefix.length));
  return k >= 1 ? k : undefined;
}
