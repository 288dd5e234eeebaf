import { createOAuthServer } from "../../core/oauth/index.js";
import type { HostMatch, ProviderModule } from "../../core/types.js";
import { apiRoutes } from "./api.js";
import { catalog } from "./catalog.js";
import { type Entity, listFields } from "./custom.js";
import { specRoutes } from "./engine.js";
import { oauthInfo, pipedriveOAuth } from "./oauth.js";
import { createSpecStores } from "./spec.js";
import {
  API_HOST,
  apiError,
  OAUTH_HOST,
  type PipedriveOptions,
  type PipedriveShared,
} from "./state.js";
import { createStores } from "./v2-fields.js";

const ENTITIES: Entity[] = ["deal", "person", "organization", "product", "activity"];

export { PIPEDRIVE_V1_DEPRECATION, PIPEDRIVE_V1_SUNSET } from "./api.js";
export type { PipedriveOptions } from "./state.js";

declare module "../../core/types.js" {
  interface ProviderOptionsMap {
    pipedrive: PipedriveOptions;
  }
}

/**
 * Pipedrive: OAuth at `oauth.pipedrive.com` (HTTP Basic client auth, rotating refresh tokens,
 * `api_domain`), API v1/v2 on `<company>.pipedrive.com` and `api.pipedrive.com`.
 * Default client `emulator-pipedrive-client` / `emulator-pipedrive-secret`.
 */
export const pipedrive: ProviderModule<PipedriveOptions> = {
  id: "pipedrive",
  name: "Pipedrive",
  defaultClient: {
    clientId: "emulator-pipedrive-client",
    clientSecret: "emulator-pipedrive-secret",
  },
  matchHost(host): HostMatch | undefined {
    if (host === OAUTH_HOST) return { kind: "oauth", params: {} };
    if (host === API_HOST) return { kind: "api", params: { company: "" } };
    const m = /^([a-z0-9-]+)\.pipedrive\.com$/.exec(host);
    return m ? { kind: "api", params: { company: m[1]! } } : undefined;
  },
  create(core) {
    const o = core.options;
    const s = {
      core,
      company: (o.companyDomain ?? "emulatedcompany").toLowerCase(),
      apiToken: o.apiToken ?? "emulator-pipedrive-api-token",
      user: {
        id: o.user?.id ?? 12345678,
        name: o.user?.name ?? "Grace Hopper",
        email: o.user?.email ?? "grace.hopper@emulator.example",
      },
      companyId: 7654321,
      companyName: o.companyName ?? "Emulated Company",
    } as PipedriveShared;
    s.stores = createStores(s);
    s.specStores = {};
    const specs = catalog(s);
    s.specStores = createSpecStores(s, specs);
    s.oauth = createOAuthServer(core, pipedriveOAuth(s));
    const fieldRoutes = ENTITIES.map((entity) => ({
      method: "GET",
      hostKind: "api",
      path: new RegExp(`^(?:/api)?/v1/${entity}Fields$`),
      endpoint: `${entity}Fields.list`,
      handler: (ctx: Parameters<typeof listFields>[1]) => listFields(s, ctx, entity),
    }));
    return {
      routes: [
        ...s.oauth.routes,
        ...apiRoutes(s),
        ...fieldRoutes,
        ...specs.flatMap((spec) => specRoutes(s, spec)),
      ],
      throttled(_ctx, { retryAfterSeconds }) {
        const reset = String(Math.max(1, retryAfterSeconds));
        return apiError(
          s,
          429,
          "Request over limit",
          "Please check developers.pipedrive.com/docs/api/v1#rate-limiting",
          {
            "x-ratelimit-limit": "80",
            "x-ratelimit-remaining": "0",
            "x-ratelimit-reset": reset,
            "retry-after": reset,
          },
        );
      },
      reset() {
        s.stores = createStores(s);
        s.specStores = createSpecStores(s, specs);
      },
      notFound(ctx) {
        if (ctx.hostMatch.kind === "oauth") {
          return core.respond.json(404, { error: "not_found", error_description: "Not found" });
        }
        return apiError(s, 404, "Unknown method .", "Please check developers.pipedrive.com");
      },
      info: () => ({
        apiDomain: `https://${s.company}.pipedrive.com`,
        ...oauthInfo(),
        apiToken: s.apiToken,
        user: { ...s.user },
      }),
    };
  },
};
