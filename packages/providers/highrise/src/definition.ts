import { prop } from "@x/conn-string";
import {
  ApiError,
  basicAuth,
  type ConfigOf,
  type ConnectorContext,
  ConnectorError,
  ConnectorErrorCode,
  defineConnector,
  packageUserAgent,
} from "@x/connector-kit";
import { oauthProvider } from "./oauth.js";
import { highriseResources } from "./resources.js";
import { createTables } from "./tables.js";
import { parseXmlBody } from "./xml.js";

interface LaunchpadAccount {
  product: string;
  id: number;
  name: string;
  href: string;
}

const highriseOrigin = /^https:\/\/([a-z0-9][a-z0-9-]*)\.highrisehq\.com\/?$/i;

/** The API origin an AccountId names: a subdomain (`acme`) or `https://acme.highrisehq.com`. */
function originFromAccountId(accountId: string): string | undefined {
  const url = highriseOrigin.exec(accountId.trim());
  if (url) return `https://${url[1]!.toLowerCase()}.highrisehq.com`;
  return /^[a-z0-9][a-z0-9-]*$/i.test(accountId) && !/^\d+$/.test(accountId)
    ? `https://${accountId.toLowerCase()}.highrisehq.com`
    : undefined;
}

/** Picks the Highrise account of a Launchpad identity; AccountId chooses among several. */
function chooseAccount(
  accounts: LaunchpadAccount[],
  accountId: string | undefined,
): LaunchpadAccount {
  const highrise = accounts.filter((a) => a.product === "highrise" && highriseOrigin.test(a.href));
  const list = highrise
    .map((a) => `${a.id} (${new URL(a.href).hostname.split(".")[0]}, ${a.name})`)
    .join("; ");
  if (accountId) {
    const origin = originFromAccountId(accountId);
    const found = highrise.find(
      (a) => String(a.id) === accountId.trim() || (origin && a.href.replace(/\/$/, "") === origin),
    );
    if (found) return found;
    throw new ConnectorError(
      ConnectorErrorCode.Configuration,
      `No Highrise account matches AccountId=${accountId}.`,
      {
        hint: highrise.length
          ? `This identity has: ${list}.`
          : "This identity has no Highrise account.",
      },
    );
  }
  if (highrise.length === 1) return highrise[0]!;
  throw new ConnectorError(
    ConnectorErrorCode.Configuration,
    highrise.length === 0
      ? "This 37signals identity has no Highrise account."
      : `This 37signals identity has ${highrise.length} Highrise accounts; say which one.`,
    {
      hint: highrise.length
        ? `Set AccountId to one of: ${list}.`
        : "Sign in to Highrise with the identity you authorized, or authorize another one.",
    },
  );
}

async function discoverAccount(
  ctx: ConnectorContext<ConfigOf<typeof connector>>,
  send: (path: string) => Promise<Response>,
) {
  let body: { accounts?: LaunchpadAccount[] };
  try {
    body = (await (
      await send("https://launchpad.37signals.com/authorization.json")
    ).json()) as typeof body;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      throw new ConnectorError(
        ConnectorErrorCode.NotAuthenticated,
        "Launchpad does not recognise this identity (Unknown Basecamp ID: it has no active accounts).",
        {
          hint: "Reconnect with an identity that has a Highrise account (InitiateOAuth=GETANDREFRESH).",
          cause: error,
        },
      );
    }
    throw error;
  }
  ctx.state.origin = chooseAccount(body.accounts ?? [], ctx.config.AccountId).href.replace(
    /\/$/,
    "",
  );
}

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
    const origin = originFromAccountId(config.AccountId!);
    if (!origin) {
      throw new ConnectorError(
        ConnectorErrorCode.Configuration,
        `AuthScheme=APIToken needs AccountId as the account's subdomain (acme) or address, not ${config.AccountId}.`,
        { hint: "For https://acme.highrisehq.com: AuthScheme=APIToken;AccountId=acme;APIToken=…" },
      );
    }
    state.origin = origin;
    return basicAuth(config.APIToken!, "X", "Basic (API token)");
  },
  api: (ctx) => ({
    baseUrl: () => ctx.state.origin ?? "https://launchpad.37signals.com",
    allowedHosts: ["*.highrisehq.com", "launchpad.37signals.com"],
  }),
  async prepare(ctx, api) {
    if (ctx.scheme === "OAuth") await discoverAccount(ctx, (path) => api.send({ path }));
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
  resources: () => highriseResources,
  // Per connection: the custom fields one connection found are what its writes map back.
  tables: () => createTables(),
  summary: (ctx) => ({ account: ctx.state.origin }),
});

/** Typed properties of a Highrise connection. */
export type Config = ConfigOf<typeof connector>;

export const { connect, getAuthorizationUrl, getAccessToken, refreshAccessToken, properties } =
  connector;
