import { prop } from "@x/conn-string";
import {
  type ConnectorConfig,
  ConnectorError,
  ConnectorErrorCode,
  defineConnector,
  headerAuth,
} from "@x/connector-kit";
import { oauthProvider } from "./oauth.js";
import { pipedriveResources } from "./resources.js";

/** Typed properties of a Pipedrive connection. */
export type Config = ConnectorConfig & {
  APIToken: string | undefined;
  CompanyDomain: string | undefined;
  APIVersion: "v2" | "v1";
};

const companyDomain = /^[a-z0-9][a-z0-9-]*$/i;

function companyOrigin(config: Config): string {
  const domain = config.CompanyDomain;
  if (domain === undefined) return "https://api.pipedrive.com";
  if (!companyDomain.test(domain)) {
    throw new ConnectorError(
      ConnectorErrorCode.Configuration,
      `CompanyDomain must be the company's subdomain (letters, digits, '-'), like "acme" for https://acme.pipedrive.com.`,
      { hint: "Set CompanyDomain to the part before .pipedrive.com." },
    );
  }
  return `https://${domain.toLowerCase()}.pipedrive.com`;
}

export const connector = defineConnector<Config>({
  id: "pipedrive",
  name: "Pipedrive",
  userAgent: "@x/pipedrive/0.1.0",
  properties: {
    APIToken: prop.string({ secret: true, description: "Personal API token (AuthScheme=Basic)." }),
    CompanyDomain: prop.string({
      description:
        "Company subdomain, e.g. acme for https://acme.pipedrive.com: the API host for API tokens, and for OAuth until a token response names its api_domain.",
    }),
    APIVersion: prop.enum(["v2", "v1"], {
      default: "v2",
      description:
        "v2 (cursor paging). v1 lists are deprecated by Pipedrive and out of support since 2026-08-01.",
    }),
  },
  authSchemes: ["OAuth", "Basic"],
  oauth: {
    definition: oauthProvider,
    values: () => ({}),
    account: (config) => ({ CompanyDomain: config.CompanyDomain }),
    env: { clientId: "X_PIPEDRIVE_CLIENT_ID", clientSecret: "X_PIPEDRIVE_CLIENT_SECRET" },
    registerAppUrl: "https://developers.pipedrive.com/ (Developer Hub: create an app)",
  },
  credentials(ctx) {
    if (!ctx.config.APIToken) {
      throw new ConnectorError(
        ConnectorErrorCode.Configuration,
        "AuthScheme=Basic needs APIToken.",
        {
          hint: "Copy your personal API token from Pipedrive (Personal preferences > API) into APIToken, or use AuthScheme=OAuth.",
        },
      );
    }
    return headerAuth("x-api-token", ctx.config.APIToken);
  },
  api(ctx) {
    const company = companyOrigin(ctx.config);
    return {
      // With OAuth the base is the api_domain of the latest token response: it can change.
      baseUrl:
        ctx.scheme === "OAuth" ? async () => (await ctx.metadata()).api_domain ?? company : company,
      allowedHosts: ["*.pipedrive.com"],
    };
  },
  async whoAmI(api) {
    const body = (await (await api.send({ path: "api/v1/users/me" })).json()) as {
      data: { id: number; name: string; email: string };
    };
    return { id: String(body.data.id), name: body.data.name, email: body.data.email, raw: body };
  },
  resources: (ctx) => pipedriveResources(ctx.config.APIVersion),
  parseError(body) {
    const e = JSON.parse(body) as { error?: string; error_info?: string; code?: string };
    return { code: e.code, message: e.error };
  },
  warnings: (config) =>
    config.APIVersion === "v1"
      ? [
          "Pipedrive API v1 list endpoints are deprecated and out of support since 2026-08-01; use APIVersion=v2.",
        ]
      : [],
  summary: (ctx) => ({
    apiVersion: ctx.config.APIVersion,
    companyDomain: ctx.config.CompanyDomain,
  }),
});
