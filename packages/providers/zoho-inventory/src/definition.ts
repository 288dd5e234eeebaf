import { prop } from "@x/conn-string";
import { type ConfigOf, defineConnector, packageUserAgent } from "@x/connector-kit";
import {
  zohoConnectorApi,
  zohoConnectorOAuth,
  zohoOAuthProvider,
  zohoRegionProperty,
} from "@x/zoho-accounts";
import { inventoryTables } from "./tables.js";

/** The Zoho Accounts definition for Zoho Inventory. */
export const oauthProvider = zohoOAuthProvider({
  id: "zoho-inventory",
  scopes: ["ZohoInventory.FullAccess.all"],
});

export const connector = defineConnector({
  id: "zoho-inventory",
  name: "Zoho Inventory",
  userAgent: packageUserAgent(import.meta.url),
  properties: {
    Region: zohoRegionProperty,
    OrganizationId: prop.string({
      description: "The organization to work in; when absent, the account's only organization.",
    }),
  },
  authSchemes: ["OAuth"],
  oauth: zohoConnectorOAuth(oauthProvider),
  api: (ctx) => zohoConnectorApi(ctx, "inventory/v1/"),
  // OrganizationId, or the account's only organization; who-am-I is that organization.
  discover: {
    path: "organizations",
    property: "OrganizationId",
    trustProperty: true,
    state: "organizationId",
    items: (body) =>
      (body as { organizations: { organization_id: string; name: string }[] }).organizations.map(
        (o) => ({ id: o.organization_id, name: o.name, value: o.organization_id, raw: o }),
      ),
    owner: "This Zoho account",
    noun: ["Inventory organization", "Inventory organizations"],
    noneHint: "Create an organization in Zoho Inventory, or connect with another account.",
  },
  whoAmI: "account",
  tables: (ctx) => inventoryTables(ctx.state.organizationId!),
  // `{ code, message }`; a non-zero `code` is an error even with HTTP 200.
  errors: { code: "code", message: "message", successCode: 0 },
  summary: (ctx) => ({ region: ctx.config.Region, organization: ctx.state.organizationId }),
});

/** Typed properties of a Zoho Inventory connection. */
export type Config = ConfigOf<typeof connector>;

export const { connect, getAuthorizationUrl, getAccessToken, refreshAccessToken, properties } =
  connector;
