import { type CustomTables, parseJsonBody, type TableDeclaration } from "@x/connector-kit";
import { customModuleTable } from "./module-table.js";
import {
  Invoices,
  Invoices_Line_Items,
  Price_Books,
  Products,
  Purchase_Orders,
  Purchase_Orders_Line_Items,
  Quotes,
  Quotes_Line_Items,
  Sales_Orders,
  Sales_Orders_Line_Items,
  Vendors,
} from "./modules-inventory.js";
import {
  Accounts,
  Calls,
  Campaigns,
  Cases,
  Contacts,
  Deals,
  Events,
  Leads,
  Notes,
  Solutions,
  Tasks,
} from "./modules-sales.js";
import { Attachments, Organization, Profiles, Roles, Users } from "./settings-tables.js";

export { columnOfField } from "./metadata.js";
export { customModuleTable } from "./module-table.js";
export * from "./modules-inventory.js";
export * from "./modules-sales.js";
export * from "./settings-tables.js";

/**
 * Custom modules as tables: named by `settings/modules` (`generated_type: "custom"`), declared
 * on demand by API name.
 */
export const customTables: CustomTables = {
  async names(api, signal) {
    const response = await api.send({ path: "settings/modules", signal });
    const body = (await parseJsonBody(response)) as {
      modules?: { api_name?: string; generated_type?: string; api_supported?: boolean }[];
    } | null;
    return (body?.modules ?? [])
      .filter((m) => m.generated_type === "custom" && m.api_supported !== false && m.api_name)
      .map((m) => m.api_name as string);
  },
  declare(name) {
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) return undefined;
    if (Object.keys(tables).some((t) => t.toLowerCase() === name.toLowerCase())) return undefined;
    return customModuleTable(name) as unknown as TableDeclaration;
  },
};

/** Zoho CRM's tables, by name (modules by their API name). */
export const tables = {
  Leads,
  Contacts,
  Accounts,
  Deals,
  Tasks,
  Events,
  Calls,
  Products,
  Quotes,
  Quotes_Line_Items,
  Sales_Orders,
  Sales_Orders_Line_Items,
  Purchase_Orders,
  Purchase_Orders_Line_Items,
  Invoices,
  Invoices_Line_Items,
  Campaigns,
  Vendors,
  Price_Books,
  Cases,
  Solutions,
  Notes,
  Attachments,
  Users,
  Roles,
  Profiles,
  Organization,
} satisfies Record<string, TableDeclaration>;
