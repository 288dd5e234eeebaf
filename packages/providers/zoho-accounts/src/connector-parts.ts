// What both Zoho connectors declare the same way: the Region property, the OAuth block and the API
// block of their connector definitions.
import { prop } from "@x/conn-string";
import type { OAuthProviderDefinition } from "@x/oauth-core";
import {
  isZohoApiDomain,
  type ZohoRegion,
  zohoApiHosts,
  zohoDataCentres,
  zohoRegions,
} from "./data-centres.js";
import { zohoTemplateValues } from "./oauth.js";

/** The `Region` property both Zoho connectors declare: the data centre of the account. */
export const zohoRegionProperty = prop.enum(zohoRegions as [ZohoRegion, ...ZohoRegion[]], {
  default: "US",
  description: `Data centre of the Zoho account: ${zohoRegions.join(", ")}. The redirect's accounts-server and the token's api_domain win when Zoho names them.`,
});

/** Where API calls go: the `api_domain` Zoho returned with the token, else the region's. */
export function zohoApiOrigin(
  metadata: Readonly<Record<string, string>>,
  region: ZohoRegion,
): string {
  const captured = metadata.api_domain;
  return captured && isZohoApiDomain(captured)
    ? captured.replace(/\/+$/, "")
    : zohoDataCentres[region].api;
}

/** Where to register a Zoho OAuth client (Server-based Applications). */
export const ZOHO_REGISTER_APP_URL = "https://api-console.zoho.com/";

/**
 * The `oauth` block of a Zoho connector: the region's endpoints, the `Zoho-oauthtoken` header, and
 * where to register a client.
 */
export function zohoConnectorOAuth(definition: OAuthProviderDefinition) {
  return {
    definition,
    values: (config: { Region: ZohoRegion }) => zohoTemplateValues(config.Region),
    header: { scheme: "Zoho-oauthtoken" },
    registerAppUrl: ZOHO_REGISTER_APP_URL,
  };
}

/**
 * The `api` block of a Zoho connector: `path` (`crm/v8/`) on the API host of the token's data
 * centre, and only Zoho's API hosts may receive the token.
 */
export function zohoConnectorApi(
  ctx: { config: { Region: ZohoRegion }; metadata(): Promise<Readonly<Record<string, string>>> },
  path: string,
) {
  return {
    baseUrl: async () => `${zohoApiOrigin(await ctx.metadata(), ctx.config.Region)}/${path}`,
    allowedHosts: zohoApiHosts,
  };
}
