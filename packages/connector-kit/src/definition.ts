// What a provider package declares: data, plus hooks only for what data cannot say.
import type { OAuthProviderDefinition } from "@x/oauth-core";
import type { AuthStrategy } from "./auth.js";
import type { ConnectorConfig, ConnectorProperties } from "./config.js";
import type { CustomTables, Identity, ResourceDefinition } from "./connection.js";
import type { ErrorEnvelope } from "./envelope.js";
import type { AnonymousAnswer, DiscoverySpec } from "./features.js";
import type { ApiClient, ApiRequest } from "./http.js";
import type { TableDeclaration } from "./tables/declaration.js";
import type { HostPattern } from "./url-guard.js";

/** What a provider's hooks receive: the validated properties and what the connection knows. */
export interface ConnectorContext<C extends ConnectorConfig = ConnectorConfig> {
  config: C;
  /** The auth scheme in use (`OAuth`, `Basic`, `APIToken`, …). */
  scheme: string;
  /** Metadata of the current tokens (`api_domain`, `accounts-server`, …); empty without OAuth. */
  metadata(): Promise<Readonly<Record<string, string>>>;
  /** Facts found while connecting (Highrise's account URL, Zoho Inventory's organization). */
  state: Record<string, string>;
  /** Reports a deprecation or other warning (never a secret). */
  warn(message: string): void;
  /** GETs and reads a body as the connector reads its answers (errors sent with HTTP 200 refused). */
  readJson(api: ApiClient, request: ReadRequest): Promise<unknown>;
}

/** A GET whose body is read whole: JSON, unless `parse` reads it another way (Highrise's XML). */
export interface ReadRequest {
  path: string;
  searchParams?: ApiRequest["searchParams"];
  parse?(response: Response): Promise<unknown>;
}

/** The OAuth side of a connector. */
export interface ConnectorOAuth<C extends ConnectorConfig = ConnectorConfig> {
  definition: OAuthProviderDefinition;
  /** Template values of the endpoints (region, subdomain). Default: none. */
  values?(config: C): Record<string, string>;
  /** The auth header: `Authorization: Bearer <t>` unless the provider says otherwise. */
  header?: { name?: string; scheme?: string };
  /**
   * Environment variables holding default client credentials (the "embedded app"). Default from
   * the id: `X_ZOHO_CRM_CLIENT_ID` and `X_ZOHO_CRM_CLIENT_SECRET` for `zoho-crm`.
   */
  env?: { clientId: string; clientSecret: string };
  /** Where a user registers an OAuth application (shown when no client id is set). */
  registerAppUrl: string;
  /** Extra authorization parameters from properties (Highrise's `Permissions`). */
  authorizationParams?(config: C): Record<string, string>;
  /** Scopes from the `Scope` property; default: split on spaces and commas. */
  scopes?(config: C): string[] | undefined;
  /**
   * The property values that select an account or host (Zendesk subdomain, Pipedrive company
   * domain, Highrise account). With the client id they make the default record key, so two
   * accounts in one settings location never share tokens. Default: {@link ConnectorOAuth.values}.
   */
  account?(config: C): Record<string, string | undefined>;
}

/**
 * The properties a non-OAuth scheme needs before anything is sent: one list, or alternatives
 * (`[["User", "APIToken"], ["User", "Password"]]`), and how to fix their absence.
 */
export interface SchemeRequirement<C extends ConnectorConfig = ConnectorConfig> {
  properties: readonly (keyof C & string)[] | readonly (readonly (keyof C & string)[])[];
  hint: string;
}

/** Who-am-I as data: a GET of `path`, its JSON answer mapped to an identity. */
export interface WhoAmISpec<C extends ConnectorConfig = ConnectorConfig> extends ReadRequest {
  /** Maps the answer (annotate `body` with its shape); may throw a `ConnectorError` (an anonymous answer is no identity). */
  map(body: unknown, ctx: ConnectorContext<C>): Omit<Identity, "raw"> & { raw?: unknown };
}

/**
 * A connector, as data plus small hooks: its properties, auth schemes, OAuth definition, API base
 * and hosts, who-am-I, resources, and error envelope. The typed configuration the hooks receive is
 * inferred from `properties` and `authSchemes`.
 */
export interface ConnectorDefinition<
  P extends ConnectorProperties = ConnectorProperties,
  S extends string = string,
  C extends ConnectorConfig = ConnectorConfig<P, S>,
  T extends Readonly<Record<string, TableDeclaration>> = Readonly<Record<string, TableDeclaration>>,
> {
  /** Package-style id: `zoho-crm`. Names the default settings folder and record. */
  id: string;
  /** Display name: `Zoho CRM`. */
  name: string;
  /** `name/version` for the User-Agent: `packageUserAgent(import.meta.url)` reads package.json. */
  userAgent: string;
  /** Provider-specific property declarations (the common ones are added by the kit). */
  properties: P;
  /** Auth schemes in order of preference, named by what they send; the first is the default. */
  authSchemes: readonly [S, ...S[]];
  /** Other `AuthScheme` values accepted for a scheme (documented older names): `{ Basic: "APIToken" }`. */
  authSchemeAliases?: Readonly<Record<string, S>>;
  /**
   * The scheme meant when `AuthScheme` is absent, from the other properties (Zendesk: User with
   * Password or APIToken means Basic). Return `undefined` for the default, the first scheme.
   */
  inferAuthScheme?(config: C): S | undefined;
  /** The properties each non-OAuth scheme needs; checked before `credentials` runs. */
  requires?: { readonly [K in S]?: SchemeRequirement<C> };
  oauth?: ConnectorOAuth<C>;
  /** Credentials for the non-OAuth schemes (after `requires` is met). */
  credentials?(ctx: ConnectorContext<C>): AuthStrategy;
  /** Base URL and the hosts allowed to receive credentials. */
  api(ctx: ConnectorContext<C>): {
    baseUrl: string | (() => string | Promise<string>);
    allowedHosts: readonly HostPattern[];
    headers?: Record<string, string>;
  };
  /** Account discovery: runs once authenticated, before `prepare` (see {@link DiscoverySpec}). */
  discover?: DiscoverySpec<C>;
  /** Runs once authenticated, before the connection is returned (checks no data can declare). */
  prepare?(ctx: ConnectorContext<C>, api: ApiClient): Promise<void>;
  /**
   * Who-am-I: `{ path, map }`; `"account"` for the account {@link ConnectorDefinition.discover}
   * chose; or a function for a walk that is more than one GET.
   */
  whoAmI:
    | WhoAmISpec<C>
    | "account"
    | ((api: ApiClient, ctx: ConnectorContext<C>) => Promise<Identity>);
  /**
   * What `paginate()` lists besides the tables (each table is listed by name from its listing):
   * resources with no table, or with params a table's listing lacks. A resource replaces the
   * table of the same name.
   */
  resources?(ctx: ConnectorContext<C>): Record<string, ResourceDefinition>;
  /** The provider's data as tables (see `defineTable`), by name. */
  tables?(ctx: ConnectorContext<C>): T;
  /** Tables the provider's metadata adds at run time (custom modules). */
  customTables?(ctx: ConnectorContext<C>): CustomTables;
  /** Where the provider's JSON error envelope keeps its code and message. */
  errors?: ErrorEnvelope;
  /** A 2xx answer that means "not authenticated", as data (Zendesk's anonymous user). */
  anonymous?: AnonymousAnswer;
  /** Answers that mean "not authenticated" without a 401 (read the body from the clone given). */
  isUnauthorized?(request: Request, response: Response): Promise<boolean>;
  /**
   * Where `isUnauthorized` can apply (the real request URL); only those answers are cloned and
   * checked, so other requests do not pay for it. Default: every answer.
   */
  unauthorizedIn?(url: URL): boolean;
  /** Deprecation warnings for a configuration (never failures). */
  warnings?(config: C, scheme: string): string[];
  /** Safe facts for `inspect(connection)`. */
  summary?(ctx: ConnectorContext<C>): Record<string, string | undefined>;
}
