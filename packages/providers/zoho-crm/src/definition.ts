import { prop } from "@x/conn-string";
import { type ConfigOf, defineConnector, packageUserAgent } from "@x/connector-kit";
import {
  zohoConnectorApi,
  zohoConnectorOAuth,
  zohoOAuthProvider,
  zohoRegionProperty,
} from "@x/zoho-accounts";
import { withCoql, withCoqlCustom } from "./coql.js";
import { moduleResources } from "./resources.js";
import { customTables, tables } from "./tables.js";

/** Schema versions: each has its own data model and URL path (`/crm/{Schema}/`). */
export const schemas = ["v2", "v2.1", "v3", "v4", "v5", "v6", "v7", "v8"] as const;

/**
 * The Zoho Accounts definition for Zoho CRM, with the scopes listing, search (filters sent as
 * criteria need `ZohoSearch.securesearch.READ` besides the module scope), COQL (filters sent as
 * a query need `ZohoCRM.coql.READ`) and who-am-I need.
 */
export const oauthProvider = zohoOAuthProvider({
  id: "zoho-crm",
  scopes: [
    "ZohoCRM.modules.ALL",
    "ZohoCRM.users.READ",
    "ZohoCRM.settings.ALL",
    "ZohoCRM.org.READ",
    "ZohoSearch.securesearch.READ",
    "ZohoCRM.coql.READ",
  ],
});

export const connector = defineConnector({
  id: "zoho-crm",
  name: "Zoho CRM",
  userAgent: packageUserAgent(import.meta.url),
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
        "Send table filters to Zoho as COQL queries or search criteria (faster); false sends no COQL and paginate() fetches all records and filters locally.",
    }),
  },
  authSchemes: ["OAuth"],
  oauth: zohoConnectorOAuth(oauthProvider),
  api: (ctx) => zohoConnectorApi(ctx, `crm/${ctx.config.Schema}/`),
  whoAmI: {
    path: "users",
    searchParams: { type: "CurrentUser" },
    map(body: { users: { id: string; full_name: string; email: string }[] }) {
      const me = body.users[0]!;
      return { id: String(me.id), name: me.full_name, email: me.email };
    },
  },
  tables: ({ config }) => withCoql(tables, config),
  customTables: ({ config }) => withCoqlCustom(customTables, config),
  // paginate(): modules take `fields` and `filter`; the other tables list from their listings.
  resources: ({ config }) => moduleResources(tables, config.UseServerSideFiltering),
  // A write whose every record failed is a 400 with the per-record entries only: the first
  // record's code and message then name the error.
  errors: { code: ["code", "data.0.code"], message: ["message", "data.0.message"] },
  summary: ({ config }) => ({ region: config.Region, schema: config.Schema }),
});

/** Typed properties of a Zoho CRM connection. */
export type Config = ConfigOf<typeof connector>;

export const { connect, getAuthorizationUrl, getAccessToken, refreshAccessToken, properties } =
  connector;
