import { prop } from "@x/conn-string";
import {
  type ConnectorConfig,
  ConnectorError,
  ConnectorErrorCode,
  defineConnector,
  headerAuth,
} from "@x/connector-kit";
import { oauthProvider } from "./oauth.js";
import { providerResources } from "./resources.js";

/** Typed properties of a connection to {{name}}. */
export type Config = ConnectorConfig & {
  APIToken: string | undefined;
};

/** The API host: requests go here, and credentials are sent to no other host. */
const API_HOST = "{{host}}";

export const connector = defineConnector<Config>({
  id: "{{id}}",
  name: "{{name}}",
  // The version the initial changeset releases; keep it in step with package.json.
  userAgent: "@x/{{id}}/0.1.0",
  // Provider-specific properties (the common OAuth ones are added by the kit).
  properties: {
    APIToken: prop.string({ secret: true, description: "API token (AuthScheme=APIToken)." }),
  },
  // The first scheme is the default.
  authSchemes: ["OAuth", "APIToken"],
  oauth: {
    definition: oauthProvider,
    // Values of `{placeholders}` in the OAuth endpoints (a region, a subdomain); none here.
    values: () => ({}),
    env: {
      clientId: "X_{{CONSTANT}}_CLIENT_ID",
      clientSecret: "X_{{CONSTANT}}_CLIENT_SECRET",
    },
    // TODO: the page where a developer registers an OAuth application.
    registerAppUrl: `https://${API_HOST}/developers`,
  },
  credentials(ctx) {
    if (!ctx.config.APIToken) {
      throw new ConnectorError(
        ConnectorErrorCode.Configuration,
        "AuthScheme=APIToken needs APIToken.",
        {
          hint: "Copy an API token from the account's settings into APIToken, or use AuthScheme=OAuth.",
        },
      );
    }
    return headerAuth("x-api-key", ctx.config.APIToken);
  },
  api: () => ({
    baseUrl: `https://${API_HOST}`,
    allowedHosts: [API_HOST],
  }),
  async whoAmI(api) {
    const body = (await (await api.send({ path: "v1/me" })).json()) as {
      id: string | number;
      name?: string;
      email?: string;
    };
    return { id: String(body.id), name: body.name, email: body.email, raw: body };
  },
  resources: () => providerResources(),
  parseError(body) {
    const e = JSON.parse(body) as { error?: { code?: string; message?: string } };
    return { code: e.error?.code, message: e.error?.message };
  },
});
