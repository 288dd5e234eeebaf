import { prop } from "@x/conn-string";
import {
  ApiError,
  accountHost,
  basicAuth,
  type ConfigOf,
  ConnectorError,
  ConnectorErrorCode,
  defineConnector,
  listingResource,
  type PaginateParams,
  packageUserAgent,
  withSearchParams,
} from "@x/connector-kit";
import { oauthProvider } from "./oauth.js";
import { tables, zendeskTables } from "./tables.js";

/** The account of `URL`: only `https://<subdomain>.zendesk.com` is accepted. */
const account = accountHost({
  domain: "zendesk.com",
  forms: "url",
  invalid: () => "URL must be your Zendesk address, https://<subdomain>.zendesk.com.",
  hint: "Copy it from the browser's address bar when signed in to Zendesk, e.g. URL=https://acme.zendesk.com",
});

/** `startTime` (a Date or Unix seconds; default 0) as an export's `start_time`. */
const startTime = (p: PaginateParams) =>
  p.startTime instanceof Date
    ? Math.floor(p.startTime.getTime() / 1000)
    : typeof p.startTime === "number"
      ? Math.floor(p.startTime)
      : 0;

/**
 * paginate() with UseIncrementalAPI: tickets, users and organizations keep the cursor lists
 * (their tables read the exports then), and ticket_metrics reads the export from `startTime`.
 */
function incrementalResources() {
  const metrics = zendeskTables({ incremental: true }).ticket_metrics.list;
  return {
    tickets: listingResource(tables.tickets.list),
    users: listingResource(tables.users.list),
    organizations: listingResource(tables.organizations.list),
    ticket_metrics: listingResource(metrics, {
      params: (request, p) => withSearchParams(request, { start_time: startTime(p) }),
    }),
  };
}

export const connector = defineConnector({
  id: "zendesk",
  name: "Zendesk",
  userAgent: packageUserAgent(import.meta.url),
  properties: {
    URL: prop.url({
      required: true,
      description: "Your Zendesk address, https://<subdomain>.zendesk.com.",
    }),
    User: prop.string({ description: "Email of the user (AuthScheme=Basic)." }),
    Password: prop.string({
      secret: true,
      description: "Password (Basic; turned off by Zendesk since 2026-01-12).",
    }),
    APIToken: prop.string({
      secret: true,
      description: "API token (Basic; being retired by Zendesk, 2027-04-30).",
    }),
    UseIncrementalAPI: prop.boolean({
      default: false,
      description:
        "Read tickets, users, organizations and ticket metrics through the incremental export API (archived tickets included; admin only).",
    }),
  },
  // OAuth first: Zendesk has turned password access off and is retiring API tokens.
  authSchemes: ["OAuth", "Basic"],
  // Without AuthScheme, a User with a Password or an APIToken means Basic.
  inferAuthScheme: (config) =>
    config.User && (config.Password || config.APIToken) ? "Basic" : undefined,
  oauth: {
    definition: oauthProvider,
    values: (config) => ({ subdomain: account.subdomain(config.URL) }),
    registerAppUrl:
      "https://<subdomain>.zendesk.com/admin/apps-integrations/apis/zendesk-api/oauth_clients (Admin Center > Apps and integrations > APIs > OAuth clients)",
  },
  requires: {
    Basic: {
      properties: [
        ["User", "APIToken"],
        ["User", "Password"],
      ],
      hint: "Set User=<email>;APIToken=<token>, or better AuthScheme=OAuth: Zendesk is retiring both.",
    },
  },
  credentials: ({ config }) =>
    config.APIToken
      ? basicAuth(`${config.User}/token`, config.APIToken, "Basic (API token)")
      : basicAuth(config.User!, config.Password!, "Basic (password)"),
  // Zendesk refuses passwords now: say so at connect, with the way out, rather than a bare 401.
  async prepare(ctx, api) {
    if (ctx.scheme !== "Basic" || ctx.config.APIToken || !ctx.config.Password) return;
    const refused = (cause?: unknown) =>
      new ConnectorError(
        ConnectorErrorCode.NotAuthenticated,
        `Zendesk refused the password of User=${ctx.config.User}: it turned off password access to its API on 2026-01-12.`,
        {
          hint: "Use an API token instead: create one in Admin Center > Apps and integrations > APIs > Zendesk API, then connect with User=<email>;APIToken=<token> (or better, AuthScheme=OAuth).",
          ...(cause ? { cause } : {}),
        },
      );
    let body: { user?: { id?: unknown } };
    try {
      body = (await (await api.send({ path: "api/v2/users/me.json" })).json()) as typeof body;
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || error.status === 403))
        throw refused(error);
      throw error;
    }
    if (body.user?.id === null || body.user?.id === undefined) throw refused();
  },
  api: ({ config }) => {
    const host = `${account.subdomain(config.URL)}.zendesk.com`;
    return { baseUrl: `https://${host}`, allowedHosts: [host] };
  },
  whoAmI: {
    path: "api/v2/users/me.json",
    map: (body: { user: { id: number; name: string; email: string | null } }) => ({
      id: String(body.user.id),
      name: body.user.name,
      email: body.user.email ?? undefined,
    }),
  },
  // Only users/me answers an expired or unknown token with 200 and the anonymous user: a 401 too.
  anonymous: {
    path: /\/api\/v2\/users\/me(\.json)?$/,
    test: (body) => (body as { user?: { id?: unknown } } | undefined)?.user?.id === null,
    message: "Zendesk answered as the anonymous user: the credentials were not accepted.",
    hint: "Check User/APIToken, or authorize again with InitiateOAuth=GETANDREFRESH.",
  },
  tables: ({ config }) => zendeskTables({ incremental: config.UseIncrementalAPI }),
  resources: ({ config }) => (config.UseIncrementalAPI ? incrementalResources() : {}),
  // `{ error, description }`, or `{ error: { title, message } }`.
  errors: { code: ["error", "error.title"], message: ["error.message", "description"] },
  warnings(config, scheme) {
    if (scheme !== "Basic") return [];
    if (config.APIToken)
      return [
        "Zendesk is retiring API tokens: none can be created from 2026-10-27 and all stop working on 2027-04-30. Move to AuthScheme=OAuth.",
      ];
    if (config.Password)
      return [
        "Zendesk turned off password access to its API from 2026-01-12. Use AuthScheme=OAuth.",
      ];
    return [];
  },
  summary: ({ config }) => ({ subdomain: account.subdomain(config.URL) }),
});

/** Typed properties of a Zendesk connection. */
export type Config = ConfigOf<typeof connector>;

export const { connect, getAuthorizationUrl, getAccessToken, refreshAccessToken, properties } =
  connector;
export { oauthProvider };
