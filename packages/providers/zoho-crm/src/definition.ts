import { prop } from "@x/conn-string";
import { type ConnectorConfig, defineConnector } from "@x/connector-kit";
import {
  ZOHO_REGISTER_APP_URL,
  type ZohoRegion,
  zohoApiHosts,
  zohoApiOrigin,
  zohoOAuthProvider,
  zohoRegionProperty,
  zohoTemplateValues,
} from "@x/zoho-accounts";
import { crmModule } from "./resources.js";

/** Schema versions: each has its own data model and URL path (`/crm/{Schema}/`). */
export const schemas = ["v2", "v2.1", "v3", "v4", "v5", "v6", "v7", "v8"] as const;

/** Typed properties of a Zoho CRM connection. */
export type Config = ConnectorConfig & {
  Region: ZohoRegion;
  Schema: (typeof schemas)[number];
  UseServerSideFiltering: boolean;
};

/**
 * The Zoho Accounts definition for Zoho CRM, with the scopes listing, search (filters sent as
 * criteria need `ZohoSearch.securesearch.READ` besides the module scope) and who-am-I need.
 */
export const oauthProvider = zohoOAuthProvider({
  id: "zoho-crm",
  scopes: [
    "ZohoCRM.modules.ALL",
    "ZohoCRM.users.READ",
    "ZohoCRM.settings.ALL",
    "ZohoCRM.org.READ",
    "ZohoSearch.securesearch.READ",
  ],
});

export const connector = defineConnector<Config>({
  id: "zoho-crm",
  name: "Zoho CRM",
  userAgent: "@x/zoho-crm/0.1.0",
  properties: {
    Region: zohoRegionProperty,
    // v8 is what Zoho's current SDK and docs use; older schemas stay selectable.
    Schema: prop.enum(schemas, {
      default: "v8",
      description: `API version: ${schemas.join(", ")}.`,
    }),
    UseServerSideFiltering: prop.boolean({
      default: true,
      description:
        "Send filters to Zoho as search criteria (faster); false fetches all records and filters locally.",
    }),
  },
  authSchemes: ["OAuth"],
  oauth: {
    definition: oauthProvider,
    values: (config) => zohoTemplateValues(config.Region),
    header: { scheme: "Zoho-oauthtoken" },
    env: { clientId: "X_ZOHO_CRM_CLIENT_ID", clientSecret: "X_ZOHO_CRM_CLIENT_SECRET" },
    registerAppUrl: ZOHO_REGISTER_APP_URL,
  },
  api: (ctx) => ({
    baseUrl: async () =>
      `${zohoApiOrigin(await ctx.metadata(), ctx.config.Region)}/crm/${ctx.config.Schema}/`,
    allowedHosts: zohoApiHosts,
  }),
  async whoAmI(api) {
    const body = (await (
      await api.send({ path: "users", searchParams: { type: "CurrentUser" } })
    ).json()) as {
      users: { id: string; full_name: string; email: string }[];
    };
    const me = body.users[0]!;
    return { id: String(me.id), name: me.full_name, email: me.email, raw: body };
  },
  resources: ({ config }) =>
    Object.fromEntries(
      ["Leads", "Contacts", "Deals"].map((m) => [m, crmModule(m, config.UseServerSideFiltering)]),
    ),
  parseError(body) {
    const e = JSON.parse(body) as { code?: string; message?: string };
    return { code: e.code, message: e.message };
  },
  summary: ({ config }) => ({ region: config.Region, schema: config.Schema }),
});
