import { prop } from "@x/conn-string";
import {
  type ApiClient,
  type ConfigOf,
  type ConnectorContext,
  ConnectorError,
  ConnectorErrorCode,
  defineConnector,
  packageUserAgent,
} from "@x/connector-kit";
import {
  zohoConnectorApi,
  zohoConnectorOAuth,
  zohoOAuthProvider,
  zohoRegionProperty,
} from "@x/zoho-accounts";
import { inventoryResources } from "./resources.js";
import { inventoryTables } from "./tables.js";

/** The Zoho Accounts definition for Zoho Inventory. */
export const oauthProvider = zohoOAuthProvider({
  id: "zoho-inventory",
  scopes: ["ZohoInventory.FullAccess.all"],
});

interface Organization {
  organization_id: string;
  name: string;
}

/** What the helpers below use of the connection's context. */
type Context = ConnectorContext & { config: { OrganizationId?: string | undefined } };

async function organizations(ctx: Context, api: ApiClient): Promise<Organization[]> {
  const body = (await ctx.readJson(api, { path: "organizations" })) as {
    organizations: Organization[];
  };
  return body.organizations;
}

const listed = (orgs: Organization[]) =>
  orgs.map((o) => `${o.organization_id} (${o.name})`).join(", ");

/** OrganizationId, or the account's only organization; several without a choice is an error. */
async function chooseOrganization(ctx: Context, api: ApiClient): Promise<void> {
  if (ctx.config.OrganizationId) {
    ctx.state.organizationId = ctx.config.OrganizationId;
    return;
  }
  const orgs = await organizations(ctx, api);
  if (orgs.length === 1) {
    ctx.state.organizationId = orgs[0]!.organization_id;
    return;
  }
  throw new ConnectorError(
    ConnectorErrorCode.Configuration,
    orgs.length === 0
      ? "This Zoho account has no Inventory organization."
      : `This Zoho account has ${orgs.length} Inventory organizations; OrganizationId must say which.`,
    {
      hint: orgs.length
        ? `Set OrganizationId to one of: ${listed(orgs)}.`
        : "Create an organization in Zoho Inventory, or connect with another account.",
    },
  );
}

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
  prepare: (ctx, api) => chooseOrganization(ctx, api),
  async whoAmI(api, ctx) {
    const orgs = await organizations(ctx, api);
    const org = orgs.find((o) => o.organization_id === ctx.state.organizationId);
    if (!org) {
      throw new ConnectorError(
        ConnectorErrorCode.Configuration,
        `OrganizationId=${ctx.state.organizationId} is not one of this account's organizations.`,
        { hint: `Use one of: ${listed(orgs)}.` },
      );
    }
    return { id: org.organization_id, name: org.name, raw: org };
  },
  resources: (ctx) => inventoryResources(() => ctx.state.organizationId!),
  tables: (ctx) => inventoryTables(ctx.state.organizationId!),
  // `{ code, message }`; a non-zero `code` is an error even with HTTP 200.
  errors: { code: "code", message: "message", successCode: 0 },
  summary: (ctx) => ({ region: ctx.config.Region, organization: ctx.state.organizationId }),
});

/** Typed properties of a Zoho Inventory connection. */
export type Config = ConfigOf<typeof connector>;

export const { connect, getAuthorizationUrl, getAccessToken, refreshAccessToken, properties } =
  connector;
