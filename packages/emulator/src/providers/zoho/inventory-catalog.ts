import { fakePerson, words } from "../../core/data.js";
import {
  CUSTOM_FIELDS,
  custom,
  type InvTable,
  num,
  resource,
  stamps,
  times,
} from "./inventory-model.js";

// Items, item groups, contacts and their contact persons.

/** Items, item groups, contacts and contact persons, by table name. */
export const CATALOG_TABLES = {
  items: resource("items", {
    one: "item",
    key: "item_id",
    prefix: "46",
    fallback: 250,
    label: "Item",
    fields: {
      name: { type: "string", required: true },
      rate: { type: "decimal", required: true },
      sku: { type: "string", nullable: true },
      description: { type: "string", nullable: true },
      purchase_rate: { type: "decimal", nullable: true },
      unit: { type: "string", nullable: true },
      item_type: { type: "string" },
      product_type: { type: "enum", values: ["goods", "service"] },
      custom_fields: { type: "json" },
      status: { type: "string", readOnly: true },
      stock_on_hand: { type: "decimal", readOnly: true },
      available_stock: { type: "decimal", readOnly: true },
      ...stamps,
    },
    defaults: () => ({
      status: "active",
      item_type: "inventory",
      product_type: "goods",
      stock_on_hand: 0,
      available_stock: 0,
    }),
    bulkDelete: "item_ids",
    filters: [
      { param: "status", field: "status", test: "eq" },
      { param: "filter_by", field: "status", test: "status" },
      { param: "name_startswith", field: "name", test: "startswith" },
      { param: "name_contains", field: "name", test: "contains" },
      { param: "rate_less_than", field: "rate", test: "lt", kind: "number" },
      { param: "rate_less_equals", field: "rate", test: "lte", kind: "number" },
      { param: "rate_greater_than", field: "rate", test: "gt", kind: "number" },
      { param: "rate_greater_equals", field: "rate", test: "gte", kind: "number" },
      // "Modified after the given time": strictly after.
      { param: "last_modified_time", field: "last_modified_time", test: "gt", kind: "time" },
    ],
    sorts: [
      "name",
      "sku",
      "rate",
      "purchase_rate",
      "created_time",
      "last_modified_time",
      "stock_on_hand",
    ],
    custom: CUSTOM_FIELDS.items,
    generate(g, i) {
      const rng = g.rng("items", i);
      const t = times(rng, i);
      const name = `${rng.pick(words.adjectives)} ${rng.pick(words.products)} ${String.fromCharCode(65 + (i % 26))}${i}`;
      const stock = rng.int(0, 900);
      const rate = rng.int(100, 90_000) / 100;
      return {
        name,
        sku: `SKU-${num(i + 1, 6)}`,
        status: rng.chance(0.9) ? "active" : "inactive",
        description: `${name} for ${rng.pick(words.industries).toLowerCase()}`,
        rate,
        purchase_rate: Math.round(rate * 60) / 100,
        unit: rng.pick(["pcs", "box", "kg", "m"]),
        item_type: "inventory",
        product_type: "goods",
        stock_on_hand: stock,
        available_stock: Math.max(0, stock - rng.int(0, 20)),
        custom_fields: custom(rng, CUSTOM_FIELDS.items),
        created_time: t.created_time,
        last_modified_time: t.last_modified_time,
      };
    },
  }),
  itemgroups: resource("itemgroups", {
    one: "item_group",
    key: "group_id",
    prefix: "49",
    scope: "items",
    fallback: 40,
    label: "Item group",
    fields: {
      group_name: { type: "string", required: true },
      unit: { type: "string", required: true },
      brand: { type: "string", nullable: true },
      manufacturer: { type: "string", nullable: true },
      description: { type: "string", nullable: true },
      status: { type: "string", readOnly: true },
      ...stamps,
    },
    defaults: () => ({ status: "active" }),
    generate(g, i) {
      const rng = g.rng("itemgroups", i);
      const t = times(rng, i, 86_400_000);
      return {
        group_name: `${rng.pick(words.products)} range ${i + 1}`,
        unit: rng.pick(["pcs", "box"]),
        brand: rng.chance(0.6) ? rng.pick(words.companyStems) : null,
        manufacturer: rng.chance(0.5) ? rng.pick(words.companyStems) : null,
        description: null,
        status: rng.chance(0.9) ? "active" : "inactive",
        created_time: t.created_time,
        last_modified_time: t.last_modified_time,
      };
    },
  }),
  contacts: resource("contacts", {
    one: "contact",
    key: "contact_id",
    prefix: "48",
    dataset: "inventoryContacts",
    fallback: 120,
    label: "Contact",
    fields: {
      contact_name: { type: "string", required: true },
      company_name: { type: "string", nullable: true },
      contact_type: { type: "enum", values: ["customer", "vendor"] },
      email: { type: "string", nullable: true },
      phone: { type: "string", nullable: true },
      currency_code: { type: "string", nullable: true },
      custom_fields: { type: "json" },
      status: { type: "string", readOnly: true },
      outstanding_receivable_amount: { type: "decimal", readOnly: true },
      ...stamps,
    },
    defaults: () => ({
      contact_type: "customer",
      status: "active",
      outstanding_receivable_amount: 0,
    }),
    filters: [
      { param: "filter_by", field: "status", test: "status" },
      { param: "contact_name_startswith", field: "contact_name", test: "startswith" },
      { param: "contact_name_contains", field: "contact_name", test: "contains" },
    ],
    custom: CUSTOM_FIELDS.contacts,
    generate(g, i) {
      const rng = g.rng("contacts", i);
      const t = times(rng, i);
      const p = fakePerson(rng, i);
      return {
        contact_name: p.fullName,
        company_name: p.company,
        contact_type: rng.chance(0.8) ? "customer" : "vendor",
        status: rng.chance(0.95) ? "active" : "inactive",
        email: p.email,
        phone: p.phone,
        currency_code: rng.pick(["EUR", "USD", "GBP"]),
        outstanding_receivable_amount: rng.int(0, 500_000) / 100,
        custom_fields: custom(rng, CUSTOM_FIELDS.contacts),
        created_time: t.created_time,
        last_modified_time: t.last_modified_time,
      };
    },
  }),
  contactpersons: resource("contactpersons", {
    path: "contacts/contactpersons",
    list: "contact_persons",
    one: "contact_person",
    key: "contact_person_id",
    prefix: "50",
    scope: "contacts",
    dataset: "contactPersons",
    fallback: 200,
    label: "Contact person",
    fields: {
      contact_id: { type: "string", required: true },
      first_name: { type: "string", nullable: true },
      last_name: { type: "string", required: true },
      email: { type: "string", nullable: true },
      phone: { type: "string", nullable: true },
      is_primary_contact: { type: "boolean", readOnly: true },
    },
    defaults: () => ({ is_primary_contact: false }),
    refs: { contact_id: "contacts" },
    parent: { table: "contacts", field: "contact_id" },
    generate(g, i) {
      const rng = g.rng("contactpersons", i);
      const p = fakePerson(rng, i);
      const contacts = g.size("contacts");
      return {
        contact_id: contacts > 0 ? g.ref("contacts", i % contacts) : null,
        first_name: p.firstName,
        last_name: p.lastName,
        email: p.email,
        phone: p.phone,
        is_primary_contact: contacts > 0 && i < contacts,
      };
    },
  }),
} satisfies Record<string, InvTable>;
