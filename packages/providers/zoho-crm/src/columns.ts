import { col } from "@x/connector-kit";

// Column shapes, shared by the module descriptions. Picklists are text: each organization
// edits its own values (the metadata API tells them; see `discover`).
export const text = col.string("null");
export const required = col.string("req");
export const decimal = col.decimal("null");
export const integer = col.integer("null");
export const flag = col.boolean("null");
export const date = col.date("null");
export const datetime = col.datetime("null");
export const readOnlyDecimal = col.decimal("ro", "null");
export const lookup = col.about(col.json("null"), "Lookup `{ id, name }`");
/** A lookup to another module's record: `{ id, name }`, the id a key of `module`. */
export const lookupOf = <const M extends string>(module: M) =>
  ({ ...lookup, references: module }) as const;
/** Line items: written with the record, listed per record in the `…_Line_Items` table. */
export const lineItems = (table: string) =>
  ({
    type: "json",
    required: true,
    // Absent from listings: a listing cannot ask for line items.
    nullable: true,
    description: `Line items \`[{ Product_Name: { id }, Quantity, … }]\`; read them in \`${table}\` (not in listings)`,
  }) as const;

export const common = {
  id: col.about(col.string("ro"), "Record id (19 digits)"),
  Owner: { ...lookup, readOnly: true, description: "Owner `{ id, name, email }`" },
  Created_Time: col.datetime("ro"),
  Modified_Time: col.datetime("ro"),
} as const;

/** Fields a listing cannot ask for (subforms and line items come with the single record). */
export const NOT_LISTED = new Set(["id", "Quoted_Items", "Ordered_Items", "Invoiced_Items"]);
