export {
  type ErrorKind,
  isXConnError,
  XConnError,
  type XConnErrorOptions,
} from "@x/errors";
export {
  ConnStringError,
  type ConnStringErrorCode,
  type ConnStringErrorInit,
  type PropertyIssue,
  type SyntaxReason,
} from "./errors.js";
export {
  isJdbc,
  JDBC_PREFIX,
  type JdbcConnectionString,
  type JdbcInput,
  type ParsedConnectionString,
  parseConnectionString,
  parseJdbc,
  stringifyJdbc,
} from "./jdbc.js";
export { type ParseOptions, parse, parseNested } from "./parse.js";
export {
  configToString,
  defineProperties,
  type InferConfig,
  type IntegerOptions,
  type Presence,
  type PresenceOf,
  type Property,
  type PropertyDeclarations,
  type PropertyKind,
  type PropertyOptions,
  prop,
  resolvePropertyName,
  type ValidatedConfig,
  type ValidateInput,
  type ValidateOptions,
  validateProperties,
} from "./properties.js";
export { normalizeName, type PropertyInput, PropertyMap } from "./property-map.js";
export { type RedactOptions, redact } from "./redact.js";
export { type StringifyOptions, stringify } from "./stringify.js";
