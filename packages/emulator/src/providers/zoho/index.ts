import type { CommonProviderOptions, ProviderModule } from "../../core/types.js";
import { ZOHO_DATA_CENTRES, type ZohoLocation } from "./dc.js";

/** Options of the Zoho provider (`startEmulator({ zoho: { … } })`). */
export interface ZohoOptions extends CommonProviderOptions {
  /** Data centre the emulated user lives in (default `eu`). */
  dc?: ZohoLocation;
}

declare module "../../core/types.js" {
  interface ProviderOptionsMap {
    zoho: ZohoOptions;
  }
}

/** Zoho Accounts + Zoho CRM + Zoho Inventory. */
export const zoho: ProviderModule<ZohoOptions> = {
  id: "zoho",
  name: "Zoho",
  defaultClient: { clientId: "emulator-zoho-client", clientSecret: "emulator-zoho-secret" },
  matchHost(host) {
    for (const d of ZOHO_DATA_CENTRES) {
      if (host === d.accountsHost) return { kind: "accounts", params: { dc: d.location } };
      if (host === d.apiHost) return { kind: "api", params: { dc: d.location } };
    }
    return undefined;
  },
  create(core) {
    return {
      routes: [],
      throttled: () =>
        core.respond.json(429, {
          code: "TOO_MANY_REQUESTS",
          details: {},
          message: "too many requests",
          status: "error",
        }),
    };
  },
};
