// Declarative pieces of a connector definition that several providers share: a host named by a
// property, answers that mean "not authenticated" with HTTP 200, and account discovery. Each was
// written out by hand in two or three provider packages.
import type { ConnectorConfig } from "./config.js";
import type { Identity } from "./connection.js";
import type { ConnectorContext, ReadRequest } from "./definition.js";
import { ApiError, ConnectorError, ConnectorErrorCode } from "./errors.js";
import type { ApiClient } from "./http.js";

/** How a property names an account's host under a provider's domain (see {@link accountHost}). */
export interface HostTemplate {
  /** The provider's domain: each account has `https://<subdomain>.<domain>`. */
  domain: string;
  /**
   * The accepted forms: `any` (default) takes `acme`, `acme.<domain>` and `https://acme.<domain>`;
   * `url` takes only the https address. A trailing slash is fine in each.
   */
  forms?: "any" | "url";
  /** The message when a value is none of them (it names the property and the forms). */
  invalid(value: string): string;
  /** How to fix it. */
  hint: string;
}

/** An account's host read from a property, in any of its accepted forms. */
export interface AccountHost {
  /** The subdomain (lowercase), or `undefined` when the value is not an accepted form. */
  parse(value: string): string | undefined;
  /** The subdomain, or a `CONNECTOR_CONFIGURATION` error saying which forms are accepted. */
  subdomain(value: string): string;
  /** `https://<subdomain>.<domain>` (the same error for a value of no accepted form). */
  origin(value: string): string;
  /** One record key however the value is written: the subdomain, else the value as written. */
  key(value: string | undefined): string | undefined;
}

/**
 * A host template: company-domain normalisation for properties such as Pipedrive's
 * `CompanyDomain` or Zendesk's `URL`, with one error for every value of no accepted form.
 */
export function accountHost(template: HostTemplate): AccountHost {
  const domain = template.domain.replace(/\./g, "\\.");
  const pattern =
    template.forms === "url"
      ? new RegExp(`^https://([a-z0-9][a-z0-9-]*)\\.${domain}/?$`, "i")
      : new RegExp(`^(?:https://)?([a-z0-9][a-z0-9-]*)(?:\\.${domain})?/?$`, "i");
  const parse = (value: string) => pattern.exec(value.trim())?.[1]?.toLowerCase();
  const subdomain = (value: string) => {
    const found = parse(value);
    if (found !== undefined) return found;
    throw new ConnectorError(ConnectorErrorCode.Configuration, template.invalid(value), {
      hint: template.hint,
    });
  };
  return {
    parse,
    subdomain,
    origin: (value) => `https://${subdomain(value)}.${template.domain}`,
    key: (value) => (value === undefined ? undefined : (parse(value) ?? value)),
  };
}

/**
 * A 2xx answer that means "not authenticated" (Zendesk answers an expired or unknown token with
 * 200 and the anonymous user). Under OAuth it triggers the refresh a 401 would; who-am-I refuses
 * it as no identity.
 */
export interface AnonymousAnswer {
  /** The request paths where it can come; only those answers are cloned and read. */
  path: RegExp;
  /** True for the anonymous answer (the JSON body). */
  test(body: unknown): boolean;
  /** What who-am-I says when it still gets one: the credentials were not accepted. */
  message: string;
  /** How to fix it (check the credentials, authorize again). */
  hint: string;
}

/** The `isUnauthorized` / `unauthorizedIn` pair of an {@link AnonymousAnswer}. */
export function anonymousChecks(answer: AnonymousAnswer) {
  return {
    unauthorizedIn: (url: URL) => answer.path.test(url.pathname),
    async isUnauthorized(request: Request, response: Response): Promise<boolean> {
      if (!answer.path.test(new URL(request.url).pathname)) return false;
      return answer.test(await response.json().catch(() => undefined));
    },
  };
}

/** Refuses an anonymous answer read by who-am-I. */
export function refuseAnonymous(answer: AnonymousAnswer | undefined, path: string, body: unknown) {
  if (answer?.path.test(`/${path.replace(/^\/+/, "")}`) && answer.test(body)) {
    throw new ConnectorError(ConnectorErrorCode.NotAuthenticated, answer.message, {
      hint: answer.hint,
    });
  }
}

/** One account the credentials reach, as {@link DiscoverySpec.items} lists it. */
export interface DiscoveredAccount {
  /** Its id, as the choosing property may name it. */
  id: string;
  /** Its name (who-am-I's `name` when who-am-I is the account). */
  name: string;
  /** What `ctx.state` keeps of the chosen one (an id, an API origin). */
  value: string;
  /** How error hints list it: `111 (North)`. Default: `<id> (<name>)`. */
  label?: string;
  /** The provider's own record of it (who-am-I's `raw`). */
  raw?: unknown;
}

/**
 * Account discovery as data: a GET listing the accounts the credentials reach, one chosen by a
 * property or as the only one, its value kept in `ctx.state`. Several without a choice, none, or
 * a choice that matches none are `CONNECTOR_CONFIGURATION` errors whose hint lists them.
 */
export interface DiscoverySpec<C extends ConnectorConfig = ConnectorConfig> extends ReadRequest {
  /** The schemes it runs for; default every one. */
  schemes?: readonly string[];
  /** The property that chooses among several (`AccountId`, `OrganizationId`). */
  property: keyof C & string;
  /** Keep the property's value as it is, without listing (the API checks it on every call). */
  trustProperty?: boolean;
  /** The `ctx.state` key of the chosen account's value. */
  state: string;
  /** The accounts in the answer. */
  items(body: unknown): DiscoveredAccount[];
  /** The value a choice names when it is not an id (a subdomain naming an origin). */
  valueFor?(choice: string): string | undefined;
  /** Who holds the accounts, as messages start: `This Zoho account`. */
  owner: string;
  /** What the accounts are, singular and plural: `["Inventory organization", "Inventory organizations"]`. */
  noun: readonly [string, string];
  /** How to fix having none. */
  noneHint: string;
  /** What a 401 of the listing means (the identity has no accounts at all). */
  unauthorized?: { message: string; hint: string };
}

const labelOf = (a: DiscoveredAccount) => a.label ?? `${a.id} (${a.name})`;

async function listAccounts<C extends ConnectorConfig>(
  spec: DiscoverySpec<C>,
  ctx: ConnectorContext<C>,
  api: ApiClient,
): Promise<DiscoveredAccount[]> {
  try {
    return spec.items(await ctx.readJson(api, spec));
  } catch (error) {
    if (spec.unauthorized && error instanceof ApiError && error.status === 401) {
      throw new ConnectorError(ConnectorErrorCode.NotAuthenticated, spec.unauthorized.message, {
        hint: spec.unauthorized.hint,
        cause: error,
      });
    }
    throw error;
  }
}

/** Runs the discovery: the chosen account's value goes to `ctx.state[spec.state]`. */
export async function discoverAccount<C extends ConnectorConfig>(
  spec: DiscoverySpec<C>,
  ctx: ConnectorContext<C>,
  api: ApiClient,
): Promise<void> {
  if (spec.schemes && !spec.schemes.includes(ctx.scheme)) return;
  const choice = ctx.config[spec.property] as string | undefined;
  if (choice && spec.trustProperty) {
    ctx.state[spec.state] = choice;
    return;
  }
  const accounts = await listAccounts(spec, ctx, api);
  const list = accounts.map(labelOf).join(", ");
  const [one, many] = spec.noun;
  if (choice) {
    const value = spec.valueFor?.(choice);
    const found = accounts.find(
      (a) => a.id === choice.trim() || (value !== undefined && a.value === value),
    );
    if (found) {
      ctx.state[spec.state] = found.value;
      return;
    }
    throw new ConnectorError(
      ConnectorErrorCode.Configuration,
      `No ${one} matches ${spec.property}=${choice}.`,
      { hint: accounts.length ? `${spec.owner} has: ${list}.` : `${spec.owner} has no ${one}.` },
    );
  }
  if (accounts.length === 1) {
    ctx.state[spec.state] = accounts[0]!.value;
    return;
  }
  throw new ConnectorError(
    ConnectorErrorCode.Configuration,
    accounts.length === 0
      ? `${spec.owner} has no ${one}.`
      : `${spec.owner} has ${accounts.length} ${many}; ${spec.property} must say which.`,
    { hint: accounts.length ? `Set ${spec.property} to one of: ${list}.` : spec.noneHint },
  );
}

/** Who-am-I as the discovered account: listed again, the chosen one returned. */
export async function discoveredIdentity<C extends ConnectorConfig>(
  spec: DiscoverySpec<C>,
  ctx: ConnectorContext<C>,
  api: ApiClient,
): Promise<Identity> {
  const accounts = await listAccounts(spec, ctx, api);
  const chosen = ctx.state[spec.state];
  const found = accounts.find((a) => a.value === chosen);
  if (!found) {
    throw new ConnectorError(
      ConnectorErrorCode.Configuration,
      `${spec.property}=${chosen} is not one of the ${spec.noun[1]} of ${spec.owner.replace(/^This /, "this ")}.`,
      { hint: `Use one of: ${accounts.map(labelOf).join(", ")}.` },
    );
  }
  return { id: found.id, name: found.name, raw: found.raw };
}
