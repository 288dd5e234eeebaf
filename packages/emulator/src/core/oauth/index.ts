export { lookupBearer, pkceMatches } from "./checks.js";
export { describeOAuthFailure, standardOAuthError } from "./errors.js";
export { createOAuthServer } from "./server.js";
export type {
  BearerLookup,
  ConsentDecision,
  IssuedTokens,
  IssueRequest,
  Lifetimes,
  OAuthFailure,
  OAuthServer,
  OAuthServerSpec,
  PkceMethod,
  PkceSpec,
} from "./spec.js";
