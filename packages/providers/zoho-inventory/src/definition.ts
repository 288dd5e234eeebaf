import { prop } from "@x/conn-string";
import {
  type ApiClient,
  ApiError,
  type ConnectorConfig,
  type ConnectorContext,
  ConnectorError,
  ConnectorErrorCode,
  defineConnector,
} from "@x/connector-kit";
import {
  ZOHO_REGISTER_APP_URL,
  type ZohoRegion,
  zohoApiHosts,
  zohoApiOrigin,
  zohoOAuthProvider,
  zohoRegionProperty,
  zohoTemplateValues,
} from "@x/zoho-accounts";
import { inventoryResources } from "./resources.js";

/** Typed properties of a Zoho Inventory connection. */
export type Config = ConnectorConfig & { Region: ZohoRegion; OrganizationId: string | undefined };

/** The Zoho Accounts definition for Zoho Inventory. */
export const oauthProvider = zohoOAuthProvider({
  id: "zoho-inventory",
  scopes: ["ZohoInventory.FullAccess.all"],
});

interface Organization {
  organization_id: string;
  name: string;
}

/**
 * Inventory answers `{ code, message, … }`; a non-zero `code` is an error even with HTTP 200.
 */
async function readEnvelope<T>(
  response: Response,
  where: string,
): Promise<T & { code: number; message?: string }> {
  const body = (await response.json()) as T & { code: number; message?: string };
  if (body.code !== 0) {
    throw new ApiError(
      {
        provider: "Zoho Inventory",
        method: "GET",
        url: where,
        status: response.status,
        providerCode: String(body.code),
        providerMessage: body.message,
      },
      {
        hint: "Zoho Inventory reported an error in a successful response; see its code and message.",
      },
    );
  }
  return body;
}

async function organizations(api: ApiClient): Promise<Organization[]> {
  const res = await api.send({ path: "organizations" });
  return (await readEnvelope<{ organizations: Organization[] }>(res, "organizations"))
    .organizations;
}

/** OrganizationId, or the account's only organization; several without a choice is an error. */
async function chooseOrganization(ctx: ConnectorContext<Config>, api: ApiClient): Promise<void> {
  if (ctx.config.OrganizationId) {
    ctx.state.organizationId = ctx.config.OrganizationId;
    return;
  }
  const orgs = await organizations(api);
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
        ? `Set OrganizationId to one of: ${orgs.map((o) => `${o.organization_id} (${o.name})`).join(", ")}.`
        : "Create an organization in Zoho Inventory, or connect with another account.",
    },
  );
}

export const connector = defineConnector<Config>({
  id: "zoho-inventory",
  name: "Zoho Inventory",
  userAgent: "@x/zoho-inventory/0.1.0",
  properties: {
    Region: zohoRegionProperty,
    OrganizationId: prop.string({
      description: "The organization to work in; when absent, the account's only organization.",
    }),
  },
  authSchemes: ["OAuth"],
  oauth: {
    definition: oauthProvider,
    values: (config) => zohoTemplateValues(config.Region),
    header: { scheme: "Zoho-oauthtoken" },
    env: { clientId: "X_ZOHO_INVENTORY_CLIENT_ID", clientSecret: "X_ZOHO_INVENTORY_CLIENT_SECRET" },
    registerAppUrl: ZOHO_REGISTER_APP_URL,
  },
  api: (ctx) => ({
    baseUrl: async () => `${zohoApiOrigin(await ctx.metadata(), ctx.config.Region)}/inventory/v1/`,
    allowedHosts: zohoApiHosts,
  }),
  prepare: chooseOrganization,
  async whoAmI(api, ctx) {
    const orgs = await organizations(api);
    const org = orgs.find((o) => o.organization_id === ctx.state.organizationId);
    if (!org) {
      throw new ConnectorError(
        ConnectorErrorCode.Configuration,
        `OrganizationId=${ctx.state.organizationId} is not one of this account's organizations.`,
        { hint: `Use one of: ${orgs.map((o) => `${o.organization_id} (${o.name})`).join(", ")}.` },
      );
    }
    return { id: org.organization_id, name: org.name, raw: org };
  },
  resources: (ctx) => inventoryResources(() => ctx.state.organizationId!),
  parseError(body) {
    const e = JSON.parse(body) as { code?: number | string; message?: string };
    return { code: e.code === undefined ? undefined : String(e.code), message: e.message };
  },
  summary: (ctx) => ({ region: ctx.config.Region, organization: ctx.state.organizationId }),
});
