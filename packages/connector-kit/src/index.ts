/**
 * What every connector shares: properties -> auth -> tokens -> HTTP. A provider package is a
 * {@link defineConnector} definition; this is the API such a package and its users need.
 * @module
 */

// The errors of the layers below, so that a provider package can re-export the whole error API.
export { ConnStringError, type ConnStringErrorCode } from "@x/conn-string";
export { type ErrorKind, isXConnError, XConnError, type XConnErrorOptions } from "@x/errors";
export { isOAuthError, OAuthError, type OAuthErrorCode } from "@x/oauth-core";
export { type SettingsErrorCode, SettingsStoreError } from "@x/settings-store";
export {
  type AccessTokenSource,
  type AuthStrategy,
  basicAuth,
  headerAuth,
  oauthTokenAuth,
} from "./auth.js";
export { DEFAULT_MAX_BODY_BYTES } from "./body.js";
export {
  type ConnectorConfig,
  type ConnectorProperties,
  type ConnectorPropertiesOf,
  commonProperties,
} from "./config.js";
export {
  type ColumnsOf,
  Connection,
  type ConnectionParts,
  type CustomTables,
  type Identity,
  type ListingParams,
  listingResource,
  type Paginated,
  type PaginateParams,
  pageSize,
  type ResourceDefinition,
  type TableMap,
  tableResources,
} from "./connection.js";
export {
  type AccessTokenRequest,
  type AuthorizationUrlRequest,
  type ConfigOf,
  type ConnectInput,
  type ConnectOptions,
  type Connector,
  defineConnector,
} from "./connector.js";
export type {
  ConnectorContext,
  ConnectorDefinition,
  ConnectorOAuth,
  ReadRequest,
  SchemeRequirement,
  WhoAmISpec,
} from "./definition.js";
export type { EnvelopePath, ErrorEnvelope } from "./envelope.js";
export { ApiError, type ApiErrorDetails, ConnectorError, ConnectorErrorCode } from "./errors.js";
export {
  type AccountHost,
  type AnonymousAnswer,
  accountHost,
  type DiscoveredAccount,
  type DiscoverySpec,
  type HostTemplate,
} from "./features.js";
export type {
  ApiClient,
  ApiRequest,
  CallRetryOptions,
  ProviderErrorInfo,
  RetryOptions,
} from "./http.js";
export {
  DEBUG_NAMESPACE,
  type DebugLogger,
  debugFromEnv,
  type HttpHooks,
  type RateLimitState,
  type RefreshEvent,
  type RequestEvent,
  type RequestEventBase,
  type ResponseEvent,
  type RetryEvent,
  readRateLimit,
  redactUrl,
} from "./observe.js";
export { packageUserAgent } from "./package-info.js";
export {
  type BodyParser,
  cursorPagination,
  nextLinkPagination,
  offsetPagination,
  type PagedIterator,
  type PaginateOptions,
  type PaginationSpec,
  pageNumberPagination,
  paginate,
  parseJsonBody,
  withSearchParams,
} from "./paginate.js";
export {
  type BatchRecordResult,
  type ColumnDeclaration,
  type ColumnDescription,
  type ColumnFilter,
  type ColumnFlag,
  type ColumnFlags,
  type ColumnsDeclaration,
  type ColumnType,
  type ColumnValue,
  type CompleteContext,
  type Condition,
  type CustomColumns,
  col,
  defineTable,
  describeTable,
  type Explanation,
  type FilterNode,
  formatFilter,
  type InsertManyResult,
  type InsertOf,
  Listing,
  type ListOptions,
  type ListPlan,
  MATCH_ALL,
  matches,
  OPERATORS,
  type Operator,
  type OrderTerm,
  operatorsFor,
  type PushdownMapping,
  parseWhere,
  planList,
  type QueryListing,
  type RowOf,
  renderTablesMarkdown,
  replaceTablesSection,
  sortCompare,
  TABLES_END,
  TABLES_START,
  Table,
  type TableDeclaration,
  type TableDescription,
  type TableQuery,
  type TableRow,
  type UpdateOf,
  validateRecord,
  type Where,
  type WriteOptions,
  type WriteResult,
} from "./tables/index.js";
export type { HostPattern } from "./url-guard.js";
