/** A Zoho data centre. */
export interface ZohoDataCentre {
  location: ZohoLocation;
  /** Accounts host, e.g. `accounts.zoho.eu`. */
  accountsHost: string;
  /** API host, e.g. `www.zohoapis.eu`. */
  apiHost: string;
  /** Domain suffix shared by `zohoapis.{suffix}`, e.g. `eu`, `com.au`, `ca`. */
  suffix: string;
}

/** Zoho data-centre locations. */
export type ZohoLocation = "us" | "eu" | "in" | "au" | "jp" | "ca" | "sa" | "uk" | "cn";

const dc = (location: ZohoLocation, accountsHost: string, suffix: string): ZohoDataCentre => ({
  location,
  accountsHost,
  apiHost: `www.zohoapis.${suffix}`,
  suffix,
});

/** Every data centre of docs/providers/zoho-crm.md (`ca` mixes `zohocloud.ca` with `zohoapis.ca`). */
export const ZOHO_DATA_CENTRES: readonly ZohoDataCentre[] = [
  dc("us", "accounts.zoho.com", "com"),
  dc("eu", "accounts.zoho.eu", "eu"),
  dc("in", "accounts.zoho.in", "in"),
  dc("au", "accounts.zoho.com.au", "com.au"),
  dc("jp", "accounts.zoho.jp", "jp"),
  dc("ca", "accounts.zohocloud.ca", "ca"),
  dc("sa", "accounts.zoho.sa", "sa"),
  dc("uk", "accounts.zoho.uk", "uk"),
  dc("cn", "accounts.zoho.com.cn", "com.cn"),
];

/** Looks a data centre up by location. */
export function zohoDc(location: string): ZohoDataCentre | undefined {
  return ZOHO_DATA_CENTRES.find((d) => d.location === location);
}
