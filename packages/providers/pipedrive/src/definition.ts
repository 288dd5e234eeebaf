import { prop } from "@x/conn-string";
import {
  accountHost,
  type ConfigOf,
  ConnectorError,
  ConnectorErrorCode,
  defineConnector,
  headerAuth,
  listingResource,
  packageUserAgent,
} from "@x/connector-kit";
import { isPipedriveOrigin, oauthProvider } from "./oauth.js";
import { tables } from "./tables.js";
import { v1Table } from "./wiring.js";

/** CompanyDomain: `acme`, `acme.pipedrive.com` or `https://acme.pipedrive.com`. */
const company = accountHost({
  domain: "pipedrive.com",
  invalid: (v) =>
    `CompanyDomain "${v}" is not a Pipedrive company domain; expected acme, acme.pipedrive.com or https://acme.pipedrive.com.`,
  hint: "Set CompanyDomain to your company's subdomain: acme for https://acme.pipedrive.com.",
});

/** Where API tokens go without a CompanyDomain (Pipedrive accepts them there). */
const GENERIC_API_ORIGIN = "https://api.pipedrive.com";

export const connector = defineConnector({
  id: "pipedrive",
  name: "Pipedrive",
  userAgent: packageUserAgent(import.meta.url),
  properties: {
    APIToken: prop.string({
      secret: true,
      description: "Personal API token (AuthScheme=APIToken).",
    }),
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
  // APIToken sends the personal token in an x-api-token header; `Basic` is its documented name.
  authSchemes: ["OAuth", "APIToken"],
  authSchemeAliases: { Basic: "APIToken" },
  requires: {
    APIToken: {
      properties: ["APIToken"],
      hint: "Copy your personal API token from Pipedrive (Personal preferences > API) into APIToken, or use AuthScheme=OAuth.",
    },
  },
  oauth: {
    definition: oauthProvider,
    // One record per company, however CompanyDomain is written (acme, acme.pipedrive.com, https://…).
    account: (config) => ({ CompanyDomain: company.key(config.CompanyDomain) }),
    registerAppUrl: "https://developers.pipedrive.com/ (Developer Hub: create an app)",
  },
  credentials: ({ config }) => headerAuth("x-api-token", config.APIToken!),
  api(ctx) {
    const origin =
      ctx.config.CompanyDomain === undefined ? undefined : company.origin(ctx.config.CompanyDomain);
    return {
      // An OAuth token goes to the company's own host: the api_domain of the latest token response
      // (it can change), else CompanyDomain; never the generic api.pipedrive.com.
      baseUrl:
        ctx.scheme === "OAuth"
          ? async () => {
              const captured = (await ctx.metadata()).api_domain;
              if (captured && isPipedriveOrigin(captured)) return captured.replace(/\/+$/, "");
              if (origin) return origin;
              throw new ConnectorError(
                ConnectorErrorCode.Configuration,
                "Pipedrive OAuth needs the company's API host, and neither the token set (api_domain) nor CompanyDomain names it.",
                {
                  hint: "Set CompanyDomain (acme for https://acme.pipedrive.com), or connect with the OAuthSettingsLocation where GetOAuthAccessToken stored the tokens.",
                },
              );
            }
          : (origin ?? GENERIC_API_ORIGIN),
      allowedHosts: ["*.pipedrive.com"],
    };
  },
  whoAmI: {
    path: "api/v1/users/me",
    map: (body: { data: { id: number; name: string; email: string } }) => ({
      id: String(body.data.id),
      name: body.data.name,
      email: body.data.email,
    }),
  },
  // paginate() lists the tables (v2); APIVersion=v1 lists these three from the v1 endpoints.
  resources: ({ config }) =>
    config.APIVersion === "v1"
      ? Object.fromEntries(
          ["deals", "persons", "organizations"].map((r) => [r, listingResource(v1Table(r).list)]),
        )
      : {},
  errors: { code: "code", message: "error" },
  tables: () => tables,
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

/** Typed properties of a Pipedrive connection. */
export type Config = ConfigOf<typeof connector>;

export const { connect, getAuthorizationUrl, getAccessToken, refreshAccessToken, properties } =
  connector;
export { oauthProvider };
