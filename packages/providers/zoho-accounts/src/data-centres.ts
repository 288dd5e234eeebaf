/** A Zoho data centre: where an account's users sign in and where its API lives. */
export interface ZohoDataCentre {
  /** The `location` Zoho reports on the redirect (`us`, `eu`, …). */
  location: string;
  /** Accounts server origin: authorization, token and revocation endpoints. */
  accounts: string;
  /** API origin (`api_domain`). */
  api: string;
}

/**
 * Zoho's data centres, keyed by the `Region` property's values. Canada is irregular: its accounts
 * host is `zohocloud.ca` while its API host is `zohoapis.ca`, so hosts are listed, never templated.
 */
export const zohoDataCentres = {
  US: { location: "us", accounts: "https://accounts.zoho.com", api: "https://www.zohoapis.com" },
  EU: { location: "eu", accounts: "https://accounts.zoho.eu", api: "https://www.zohoapis.eu" },
  IN: { location: "in", accounts: "https://accounts.zoho.in", api: "https://www.zohoapis.in" },
  AU: {
    location: "au",
    accounts: "https://accounts.zoho.com.au",
    api: "https://www.zohoapis.com.au",
  },
  JP: { location: "jp", accounts: "https://accounts.zoho.jp", api: "https://www.zohoapis.jp" },
  CA: { location: "ca", accounts: "https://accounts.zohocloud.ca", api: "https://www.zohoapis.ca" },
  SA: { location: "sa", accounts: "https://accounts.zoho.sa", api: "https://www.zohoapis.sa" },
  UK: { location: "uk", accounts: "https://accounts.zoho.uk", api: "https://www.zohoapis.uk" },
  CN: {
    location: "cn",
    accounts: "https://accounts.zoho.com.cn",
    api: "https://www.zohoapis.com.cn",
  },
} as const satisfies Record<string, ZohoDataCentre>;

/** A value of the `Region` property. */
export type ZohoRegion = keyof typeof zohoDataCentres;

/** The `Region` values, in the order the docs list them. */
export const zohoRegions = Object.keys(zohoDataCentres) as ZohoRegion[];

const accountsOrigins = new Set<string>(Object.values(zohoDataCentres).map((dc) => dc.accounts));
const apiOrigins = new Set<string>(Object.values(zohoDataCentres).map((dc) => dc.api));

/** Hosts that may receive a Zoho access token (the API hosts of every data centre). */
export const zohoApiHosts: readonly string[] = [...apiOrigins].map((o) => new URL(o).host);

/** True for the origin of one of Zoho's accounts servers (exactly; no path, no port). */
export function isZohoAccountsServer(value: string): boolean {
  return accountsOrigins.has(value.replace(/\/+$/, ""));
}

/** True for the origin of one of Zoho's API hosts (`api_domain`). */
export function isZohoApiDomain(value: string): boolean {
  return apiOrigins.has(value.replace(/\/+$/, ""));
}

/** The data centre of an accounts server or API origin, if it is one of Zoho's. */
export function zohoDataCentreOf(origin: string): ZohoDataCentre | undefined {
  const o = origin.replace(/\/+$/, "");
  return Object.values(zohoDataCentres).find((dc) => dc.accounts === o || dc.api === o);
}
