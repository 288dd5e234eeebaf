// Column shapes, shared by the module descriptions. Picklists are text: each organization
// edits its own values (the metadata API tells them; see `discover`).
export const text = { type: "string", nullable: true } as const;
export const required = { type: "string", required: true } as const;
export const decimal = { type: "decimal", nullable: true } as const;
export const integer = { type: "integer", nullable: true } as const;
export const flag = { type: "boolean", nullable: true } as const;
export const date = { type: "date", nullable: true } as const;
export const datetime = { type: "datetime", nullable: true } as const;
export const readOnlyDecimal = { type: "decimal", nullable: true, readOnly: true } as const;
export const lookup = {
  type: "json",
  nullable: true,
  description: "Lookup `{ id, name }`",
} as const;
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
  id: { type: "string", readOnly: true, description: "Record id (19 digits)" },
  Owner: { ...lookup, readOnly: true, description: "Owner `{ id, name, email }`" },
  Created_Time: { type: "datetime", readOnly: true },
  Modified_Time: { type: "datetime", readOnly: true },
} as const;

/** Fields a listing cannot ask for (subforms and line items come with the single record). */
export const NOT_LISTED = new Set(["id", "Quoted_Items", "Ordered_Items", "Invoiced_Items"]);
