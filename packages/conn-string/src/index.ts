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
export { normalizeName, type PropertyInput, PropertyMap } from "./property-map.js";
export { type StringifyOptions, stringify } from "./stringify.js";
