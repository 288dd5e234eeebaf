import { EmulatorError } from "../../core/errors.js";
import { createOAuthServer } from "../../core/oauth/index.js";
import { SlidingWindows } from "../../core/rate-limit.js";
import type { ProviderModule } from "../../core/types.js";
import { accessDenied, serverInfoRoute, zohoOAuth } from "./accounts.js";
import { crmRoutes } from "./crm.js";
import { ZOHO_DATA_CENTRES, zohoDc } from "./dc.js";
import { inventoryRoutes } from "./inventory.js";
import type { ZohoOptions, ZohoShared, ZohoUser } from "./state.js";

export type { ZohoOptions, ZohoOrganization } from "./state.js";

declare module "../../core/types.js" {
  interface ProviderOptionsMap {
    zoho: ZohoOptions;
  }
}

/**
 * Zoho Accounts (every data centre) + Zoho CRM + Zoho Inventory. Default client
 * `emulator-zoho-client` / `emulator-zoho-secret`; the user lives in `options.dc` (default `eu`).
 */
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
    const o = core.options;
    const dc = zohoDc(o.dc ?? "eu");
    if (!dc) {
      throw new EmulatorError(
        "EMULATOR_INVALID_OPTION",
        `zoho.dc: unknown data centre "${o.dc}"`,
        `Use one of: ${ZOHO_DATA_CENTRES.map((d) => d.location).join(", ")}.`,
      );
    }
    const firstName = o.user?.firstName ?? "Ada";
    const lastName = o.user?.lastName ?? "Lovelace";
    const user: ZohoUser = {
      id: "5725767000000412001",
      zuid: "20071234567",
      firstName,
      lastName,
      fullName: `${firstName} ${lastName}`,
      email: o.user?.email ?? "ada.lovelace@emulator.example",
    };
    const limit = o.refreshLimit ?? { max: 10, windowMs: 600_000 };
    const s = {
      core,
      dc,
      user,
      organizations: (
        o.organizations ?? [
          {
            organization_id: "10234695",
            name: "Emulated Trading Ltd",
            contact_name: user.fullName,
            email: user.email,
            country: "Germany",
            country_code: "DE",
            currency_code: "EUR",
            is_default_org: true,
          },
        ]
      ).map((x) => ({ ...x })),
      accessTtl: o.accessTokenTtlSeconds ?? 3600,
      consented: new Set(),
      crm: new Map(),
      inventoryStores: new Map(),
      refreshLimit: new SlidingWindows({
        limit: limit.max,
        windowMs: limit.windowMs,
        countRefused: true,
      }),
    } as Omit<ZohoShared, "oauth"> as ZohoShared;
    s.oauth = createOAuthServer(core, zohoOAuth(s));
    return {
      routes: [...s.oauth.routes, serverInfoRoute(s), ...crmRoutes(s), ...inventoryRoutes(s)],
      throttled(ctx) {
        if (ctx.hostMatch.kind === "accounts") return accessDenied(s);
        if (ctx.path.startsWith("/inventory/")) {
          return core.respond.json(429, {
            code: 44,
            message:
              "You have exceeded the maximum number of API requests. Please try again later.",
          });
        }
        return core.respond.json(429, {
          code: "TOO_MANY_REQUESTS",
          details: {},
          message: "You have made too many requests. Please try again after some time.",
          status: "error",
        });
      },
      notFound(ctx) {
        if (ctx.hostMatch.kind === "accounts")
          return core.respond.json(404, { error: "invalid_request" });
        if (ctx.path.startsWith("/inventory/"))
          return core.respond.json(404, { code: 5, message: "Invalid URL Passed" });
        return core.respond.json(404, {
          code: "INVALID_URL_PATTERN",
          details: {},
          message: "Please check if the URL trying to access is a correct one",
          status: "error",
        });
      },
      reset() {
        s.consented.clear();
        s.refreshLimit.reset();
        s.crm.clear();
        s.inventoryStores.clear();
      },
      info: () => ({
        location: dc.location,
        accountsServer: `https://${dc.accountsHost}`,
        apiDomain: `https://${dc.apiHost}`,
        authorizeUrl: `https://${dc.location === "cn" ? "accounts.zoho.com.cn" : "accounts.zoho.com"}/oauth/v2/auth`,
        user: { id: user.id, email: user.email, name: user.fullName },
        organizations: s.organizations.map((x) => x.organization_id),
      }),
    };
  },
};
