import { ConnStringError } from "./errors.js";
import { type ParseOptions, parseInto } from "./parse.js";
import { type PropertyInput, PropertyMap } from "./property-map.js";
import { type StringifyOptions, stringify } from "./stringify.js";

/** The spec's JDBC prefix regex, exactly: `^jdbc:(cdata:)?([A-Za-z0-9]+):`, case-insensitive. */
export const JDBC_PREFIX: RegExp = /^jdbc:(cdata:)?([A-Za-z0-9]+):/i;

/** A parsed JDBC URL. */
export interface JdbcConnectionString {
  /** Driver name as written (`zohocrm` in `jdbc:cdata:zohocrm:`). */
  driver: string;
  /** Whether the `cdata:` segment was present. */
  cdata: boolean;
  /** The properties after the prefix. */
  properties: PropertyMap;
}

/** Whether `text` starts with a JDBC prefix (`jdbc:[cdata:]driver:`). */
export function isJdbc(text: string): boolean {
  return JDBC_PREFIX.test(text);
}

/**
 * Parse `jdbc:[cdata:]driver:Name=Value;...`. The property part follows {@link parse};
 * error indexes are relative to the whole URL.
 * @throws {ConnStringError} `CONN_STRING_INVALID_JDBC` if the prefix is missing, `CONN_STRING_SYNTAX` otherwise.
 */
export function parseJdbc(text: string, options?: ParseOptions): JdbcConnectionString {
  const m = JDBC_PREFIX.exec(text);
  if (!m) {
    throw new ConnStringError({
      code: "CONN_STRING_INVALID_JDBC",
      index: 0,
      message:
        "Not a JDBC connection URL: expected it to start with jdbc:<driver>: or jdbc:cdata:<driver>:",
    });
  }
  const properties = new PropertyMap();
  parseInto(text, m[0].length, options, properties);
  return { driver: m[2]!, cdata: m[1] !== undefined, properties };
}

/** Input of {@link stringifyJdbc}. */
export interface JdbcInput {
  /** Driver name: letters and digits only. */
  driver: string;
  /** Write `jdbc:cdata:driver:`. Default `false`. */
  cdata?: boolean;
  /** The properties. */
  properties: PropertyInput;
}

/**
 * Write `jdbc:[cdata:]driver:` followed by {@link stringify} of the properties.
 * Pass `trailingSemicolon: true` for CData's sample style.
 */
export function stringifyJdbc(input: JdbcInput, options?: StringifyOptions): string {
  if (!/^[A-Za-z0-9]+$/.test(input.driver)) {
    throw new ConnStringError({
      code: "CONN_STRING_INVALID_JDBC",
      message: "A JDBC driver name must be one or more letters or digits.",
    });
  }
  return `jdbc:${input.cdata ? "cdata:" : ""}${input.driver}:${stringify(input.properties, options)}`;
}

/** Result of {@link parseConnectionString}. */
export interface ParsedConnectionString {
  /** The properties. */
  properties: PropertyMap;
  /** JDBC prefix details, or `null` for the plain form. */
  jdbc: { driver: string; cdata: boolean } | null;
}

/**
 * Parse either form: if `text` matches {@link JDBC_PREFIX} exactly it is read as a JDBC URL,
 * otherwise as a plain connection string.
 */
export function parseConnectionString(
  text: string,
  options?: ParseOptions,
): ParsedConnectionString {
  if (typeof text === "string" && JDBC_PREFIX.test(text)) {
    const j = parseJdbc(text, options);
    return { properties: j.properties, jdbc: { driver: j.driver, cdata: j.cdata } };
  }
  const properties = new PropertyMap();
  parseInto(text, 0, options, properties);
  return { properties, jdbc: null };
}
