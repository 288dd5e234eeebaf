import { prop } from "@x/conn-string";
import {
  type ConfigOf,
  cursorPagination,
  defineConnector,
  headerAuth,
  packageUserAgent,
  pageSize,
} from "@x/connector-kit";
import { oauthProvider } from "./oauth.js";

/** The API host: requests go here, and credentials are sent to no other host. */
const API_HOST = "{{host}}";

/** A list answer of the {{name}} API: `{ data: [...], next_cursor: "..." | null }`. */
type Page = { data?: unknown[] | null; next_cursor?: string | null };

export const connector = defineConnector({
  id: "{{id}}",
  name: "{{name}}",
  userAgent: packageUserAgent(import.meta.url),
  // Provider-specific properties (the common OAuth ones are added by the kit).
  properties: {
    APIToken: prop.string({ secret: true, description: "API token (AuthScheme=APIToken)." }),
  },
  // Named by what they send; the first scheme is the default.
  authSchemes: ["OAuth", "APIToken"],
  requires: {
    APIToken: {
      properties: ["APIToken"],
      hint: "Copy an API token from the account's settings into APIToken, or use AuthScheme=OAuth.",
    },
  },
  oauth: {
    definition: oauthProvider,
    // Default client credentials: X_{{CONSTANT}}_CLIENT_ID and X_{{CONSTANT}}_CLIENT_SECRET.
    // TODO: the page where a developer registers an OAuth application.
    registerAppUrl: `https://${API_HOST}/developers`,
  },
  credentials: ({ config }) => headerAuth("x-api-key", config.APIToken!),
  api: () => ({ baseUrl: `https://${API_HOST}`, allowedHosts: [API_HOST] }),
  whoAmI: {
    path: "v1/me",
    map: (me: { id: string | number; name?: string; email?: string }) => ({
      id: String(me.id),
      name: me.name,
      email: me.email,
    }),
  },
  // What paginate() lists: a first request and its paging (here `limit` ≤ 100, then `cursor`).
  // paginate() also lists each table (`tables`, `defineTable`): keep here what no table lists.
  resources: () => ({
    contacts: {
      firstRequest: (p) => ({ path: "v1/contacts", searchParams: { limit: pageSize(p, 100) } }),
      pagination: cursorPagination({
        cursorParam: "cursor",
        items: (body) => (body as Page).data ?? [],
        nextCursor: (body) => (body as Page).next_cursor,
      }),
    },
  }),
  errors: { code: "error.code", message: "error.message" },
  // Quirks as data when the provider has them (CONTRIBUTING.md): a host named by a property
  // (`accountHost`), a 200 meaning "not authenticated" (`anonymous`), account discovery (`discover`).
});

/** Typed properties of a connection to {{name}}. */
export type Config = ConfigOf<typeof connector>;

export const { connect, getAuthorizationUrl, getAccessToken, refreshAccessToken, properties } =
  connector;
export { oauthProvider };
