import { prop } from "@x/conn-string";
import { isZohoApiDomain, type ZohoRegion, zohoDataCentres, zohoRegions } from "./data-centres.js";

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
