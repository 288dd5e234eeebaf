import { fakePerson, words } from "../../core/data.js";
import { type InvTable, resource } from "./inventory-model.js";

// The organization's settings resources: locations, warehouses, price lists, taxes, users.

/** The settings resources, by table name. */
export const SETTINGS_TABLES: Readonly<Record<string, InvTable>> = {
  locations: resource("locations", {
    one: "location",
    key: "location_id",
    prefix: "59",
    scope: "settings",
    fallback: 4,
    label: "Location",
    fields: {
      location_name: { type: "string", required: true },
      type: { type: "enum", values: ["general", "line_item_only"] },
      email: { type: "string", nullable: true },
      phone: { type: "string", nullable: true },
      is_primary: { type: "boolean", readOnly: true },
      status: { type: "string", readOnly: true },
    },
    defaults: () => ({ type: "general", is_primary: false, status: "active" }),
    generate(g, i) {
      const rng = g.rng("locations", i);
      const [city] = rng.pick(words.cities);
      return {
        location_name: `${city} warehouse`,
        type: "general",
        email: null,
        phone: null,
        is_primary: i === 0,
        status: "active",
      };
    },
  }),
  warehouses: resource("warehouses", {
    path: "settings/warehouses",
    one: "warehouse",
    key: "warehouse_id",
    prefix: "64",
    scope: "settings",
    fallback: 3,
    label: "Warehouse",
    fields: {
      warehouse_name: { type: "string", required: true },
      attention: { type: "string", nullable: true },
      address: { type: "string", nullable: true },
      city: { type: "string", nullable: true },
      country: { type: "string", nullable: true },
      zip: { type: "string", nullable: true },
      phone: { type: "string", nullable: true },
      email: { type: "string", nullable: true },
      is_primary: { type: "boolean", readOnly: true },
      status: { type: "string", readOnly: true },
    },
    defaults: () => ({ is_primary: false, status: "active" }),
    generate(g, i) {
      const rng = g.rng("warehouses", i);
      const [city, country] = rng.pick(words.cities);
      return {
        warehouse_name: `${city} ${i + 1}`,
        attention: null,
        address: `${rng.int(1, 250)} ${rng.pick(words.streets)}`,
        city,
        country,
        zip: String(rng.int(10000, 99999)),
        phone: null,
        email: null,
        is_primary: i === 0,
        status: "active",
      };
    },
  }),
  pricebooks: resource("pricebooks", {
    one: "pricebook",
    key: "pricebook_id",
    prefix: "61",
    scope: "settings",
    fallback: 6,
    label: "Price list",
    fields: {
      name: { type: "string", required: true },
      pricebook_type: { type: "enum", values: ["fixed_percentage", "per_item"], required: true },
      is_increase: { type: "boolean" },
      percentage: { type: "decimal", nullable: true },
      currency_id: { type: "string", nullable: true },
      description: { type: "string", nullable: true },
      status: { type: "string", readOnly: true },
    },
    defaults: () => ({ status: "active", is_increase: true }),
    generate(g, i) {
      const rng = g.rng("pricebooks", i);
      return {
        name: `${rng.pick(["Retail", "Wholesale", "Partner", "Export"])} ${i + 1}`,
        pricebook_type: "fixed_percentage",
        is_increase: rng.chance(0.5),
        percentage: rng.int(1, 30),
        currency_id: null,
        description: null,
        status: "active",
      };
    },
  }),
  taxes: resource("taxes", {
    path: "settings/taxes",
    one: "tax",
    key: "tax_id",
    prefix: "62",
    scope: "settings",
    fallback: 5,
    label: "Tax",
    fields: {
      tax_name: { type: "string", required: true },
      tax_percentage: { type: "decimal", required: true },
      tax_type: { type: "enum", values: ["tax", "compound_tax"] },
      is_default_tax: { type: "boolean", readOnly: true },
    },
    defaults: () => ({ tax_type: "tax", is_default_tax: false }),
    generate(_g, i) {
      const rates = [19, 7, 0, 20, 5];
      return {
        tax_name: `VAT ${rates[i % rates.length]}% (${i + 1})`,
        tax_percentage: rates[i % rates.length],
        tax_type: "tax",
        is_default_tax: i === 0,
      };
    },
  }),
  users: resource("users", {
    one: "user",
    key: "user_id",
    prefix: "63",
    fallback: 8,
    label: "User",
    fields: {
      name: { type: "string", required: true },
      email: { type: "string", required: true },
      user_role: { type: "enum", values: ["admin", "staff", "timesheetstaff"] },
      status: { type: "string", readOnly: true },
    },
    defaults: () => ({ user_role: "staff", status: "invited" }),
    generate(g, i) {
      const rng = g.rng("users", i);
      const p = fakePerson(rng, i);
      return {
        name: p.fullName,
        email: p.email,
        user_role: i === 0 ? "admin" : "staff",
        status: rng.chance(0.9) ? "active" : "inactive",
      };
    },
  }),
};
