export { type ClientCheck, type ClientRegistration, ClientRegistry } from "./core/clients.js";
export type { Clock } from "./core/clock.js";
export { renderConsentPage, renderErrorPage } from "./core/consent.js";
export {
  Counters,
  type Fault,
  type FaultKind,
  type FaultSpec,
  Faults,
  type RateLimitRule,
  type RateLimitSpec,
  RateLimits,
  type RequestMatch,
} from "./core/controls.js";
export {
  createRng,
  DATA_EPOCH,
  type FakePerson,
  fakePerson,
  isoOffset,
  isoZ,
  type Rng,
  recordTimes,
  words,
} from "./core/data.js";
export { EmulatorError, type EmulatorErrorCode } from "./core/errors.js";
export { type EmulatorResponse, escapeHtml, escapeXml, type ParsedBody } from "./core/http.js";
export type { LinkMode } from "./core/links.js";
export {
  type BearerLookup,
  type ConsentDecision,
  createOAuthServer,
  describeOAuthFailure,
  type IssuedTokens,
  type IssueRequest,
  type Lifetimes,
  lookupBearer,
  type OAuthFailure,
  type OAuthServer,
  type OAuthServerSpec,
  type PkceMethod,
  type PkceSpec,
  pkceMatches,
  standardOAuthError,
} from "./core/oauth/index.js";
export {
  decodeCursor,
  encodeCursor,
  firstIndexWhere,
  intParam,
  isOffset,
  jsonOffsetCursor,
  type OffsetCursor,
  type PageWindow,
  pageAt,
  sliceItems,
  textOffsetCursor,
} from "./core/paging.js";
export {
  SlidingWindow,
  type SlidingWindowOptions,
  SlidingWindows,
  type WindowResult,
} from "./core/rate-limit.js";
export { respond } from "./core/respond.js";
export {
  type Emulator,
  type EmulatorBaseOptions,
  type EmulatorOptions,
  startEmulator,
} from "./core/server.js";
export {
  type AccessTokenRecord,
  type CodeRecord,
  type Grant,
  type Lookup,
  type RefreshTokenRecord,
  type TokenFilter,
  TokenStore,
} from "./core/tokens.js";
export type {
  AuthorizeRequest,
  CommonProviderOptions,
  Handler,
  HostMatch,
  ProviderCore,
  ProviderInstance,
  ProviderModule,
  ProviderOptionsMap,
  RequestContext,
  Responses,
  Route,
} from "./core/types.js";
export { emulatorUrlFor, isLoopbackHttpUrl, realUrlFor } from "./core/urls.js";
export {
  HIGHRISE_PAGE_SIZE,
  HIGHRISE_SEARCH_PAGE_SIZE,
  type HighriseOptions,
  highrise,
  type LaunchpadAccount,
} from "./providers/highrise/index.js";
export { builtinProviders } from "./providers/index.js";
export {
  PIPEDRIVE_V1_DEPRECATION,
  PIPEDRIVE_V1_SUNSET,
  type PipedriveOptions,
  pipedrive,
} from "./providers/pipedrive/index.js";
export { type ZendeskOptions, zendesk } from "./providers/zendesk/index.js";
export {
  ZOHO_DATA_CENTRES,
  type ZohoDataCentre,
  type ZohoLocation,
  zohoDc,
} from "./providers/zoho/dc.js";
export { type ZohoOptions, type ZohoOrganization, zoho } from "./providers/zoho/index.js";
export {
  collect,
  consentedRedirectUrl,
  followConsent,
  type HarnessConnect,
  type HarnessConnection,
  type HarnessConnectOptions,
  oauthProperties,
  type ProviderTestHarness,
  providerTestHarness,
} from "./testing.js";
