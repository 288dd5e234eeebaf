import { prop } from "@x/conn-string";
import {
  accountHost,
  basicAuth,
  type ConfigOf,
  ConnectorError,
  ConnectorErrorCode,
  defineConnector,
  type ListingParams,
  listingResource,
  packageUserAgent,
  withSearchParams,
} from "@x/connector-kit";
import { oauthProvider } from "./oauth.js";
import { sincePagination } from "./paging.js";
import { createTables, tables } from "./tables.js";
import { parseXmlBody, xmlErrorInfo } from "./xml.js";

interface LaunchpadAccount {
  product: string;
  id: number;
  name: string;
  href: string;
}

/** An AccountId naming the host: a subdomain (`acme`) or `https://acme.highrisehq.com`. */
const account = accountHost({
  domain: "highrisehq.com",
  invalid: (v) =>
    `AuthScheme=APIToken needs AccountId as the account's subdomain (acme) or address, not ${v}.`,
  hint: "For https://acme.highrisehq.com: AuthScheme=APIToken;AccountId=acme;APIToken=…",
});
/** The API origin an AccountId names; a numeric Launchpad id names none. */
const originOf = (id: string) =>
  /^\d+$/.test(id.trim()) || !account.parse(id) ? undefined : account.origin(id);

/** `since` (`yyyymmddhhmmss`), which the people and companies lists take. */
const since: ListingParams = (request, p) =>
  p.since === undefined ? request : withSearchParams(request, { since: String(p.since) });

export const connector = defineConnector({
  id: "highrise",
  name: "Highrise",
  // Highrise asks every client to identify itself with a name and a contact.
  userAgent: packageUserAgent(import.meta.url, "+https://www.npmjs.com/package/@x/highrise"),
  properties: {
    APIToken: prop.string({
      secret: true,
      description: "Your API token (My Info > API token), for AuthScheme=APIToken.",
    }),
    AccountId: prop.string({
      description:
        "The Highrise account: its subdomain (acme), https://acme.highrisehq.com, or its Launchpad id.",
    }),
    Permissions: prop.string({
      description:
        "Extra authorization request, passed to Launchpad's authorization URL as `permissions`.",
    }),
  },
  authSchemes: ["OAuth", "APIToken"],
  oauth: {
    definition: oauthProvider,
    account: (config) => ({ AccountId: config.AccountId }),
    registerAppUrl: "https://launchpad.37signals.com/integrations",
    authorizationParams: (config): Record<string, string> =>
      config.Permissions ? { permissions: config.Permissions } : {},
  },
  // APIToken sends the token as the user of HTTP Basic (password "X"), at the account's own host.
  requires: {
    APIToken: {
      properties: ["APIToken", "AccountId"],
      hint: "For https://acme.highrisehq.com: AuthScheme=APIToken;AccountId=acme;APIToken=…",
    },
  },
  credentials({ config, state }) {
    if (/^\d+$/.test(config.AccountId!.trim())) {
      // Only Launchpad (OAuth) maps an account's numeric id to its host; an API token cannot ask.
      throw new ConnectorError(
        ConnectorErrorCode.Configuration,
        `AccountId=${config.AccountId} is a numeric Launchpad id, which names the account only with OAuth; AuthScheme=APIToken needs the account's subdomain.`,
        { hint: "For https://acme.highrisehq.com: AuthScheme=APIToken;AccountId=acme;APIToken=…" },
      );
    }
    state.origin = account.origin(config.AccountId!);
    return basicAuth(config.APIToken!, "X", "Basic (API token)");
  },
  api: (ctx) => ({
    baseUrl: () => ctx.state.origin ?? "https://launchpad.37signals.com",
    allowedHosts: ["*.highrisehq.com", "launchpad.37signals.com"],
  }),
  // OAuth: Launchpad lists the identity's accounts; AccountId (id, subdomain or URL) picks one.
  discover: {
    schemes: ["OAuth"],
    path: "https://launchpad.37signals.com/authorization.json",
    property: "AccountId",
    state: "origin",
    items: (body) =>
      ((body as { accounts?: LaunchpadAccount[] }).accounts ?? [])
        .filter((a) => a.product === "highrise" && originOf(a.href) === a.href.replace(/\/$/, ""))
        .map((a) => ({
          id: String(a.id),
          name: a.name,
          value: a.href.replace(/\/$/, ""),
          label: `${a.id} (${new URL(a.href).hostname.split(".")[0]}, ${a.name})`,
        })),
    valueFor: originOf,
    owner: "This 37signals identity",
    noun: ["Highrise account", "Highrise accounts"],
    noneHint: "Sign in to Highrise with the identity you authorized, or authorize another one.",
    unauthorized: {
      message:
        "Launchpad does not recognise this identity (Unknown Basecamp ID: it has no active accounts).",
      hint: "Reconnect with an identity that has a Highrise account (InitiateOAuth=GETANDREFRESH).",
    },
  },
  whoAmI: {
    path: "me.xml",
    parse: parseXmlBody,
    map: (doc: { user: { id: number; name: string; "email-address": string } }) => ({
      id: String(doc.user.id),
      name: doc.user.name,
      email: doc.user["email-address"],
    }),
  },
  // A refused write is 422 with `<errors><error>…</error></errors>`: its messages name the fields.
  errors: { parse: xmlErrorInfo },
  // paginate() lists the tables; people and companies take `since`, and search has no table.
  resources: () => ({
    people: listingResource(tables.people.list, { params: since }),
    companies: listingResource(tables.companies.list, { params: since }),
    people_search: listingResource(
      {
        request: { path: "people/search.xml" },
        pagination: sincePagination(25),
        parse: parseXmlBody,
      },
      { params: (request, p) => withSearchParams(request, { term: String(p.term ?? "") }) },
    ),
  }),
  // Per connection: the custom fields one connection found are what its writes map back.
  tables: () => createTables(),
  summary: (ctx) => ({ account: ctx.state.origin }),
});

/** Typed properties of a Highrise connection. */
export type Config = ConfigOf<typeof connector>;

export const { connect, getAuthorizationUrl, getAccessToken, refreshAccessToken, properties } =
  connector;
export { oauthProvider };
