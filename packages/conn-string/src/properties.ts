import type { StandardSchemaV1 } from "@standard-schema/spec";
import { ConnStringError, type PropertyIssue } from "./errors.js";
import * as v from "./internal/valibot.js";
import { parseConnectionString } from "./jdbc.js";
import { followsUnquotedSecret, type ParseOptions } from "./parse.js";
import { looksSecret, normalizeName, PropertyMap } from "./property-map.js";
import { stringify } from "./stringify.js";
import { closest } from "./suggest.js";

/** Whether a declared property must be given, has a default, or may be absent. */
export type Presence = "optional" | "required" | "default";

/** The kind of a declared property. */
export type PropertyKind = "string" | "boolean" | "integer" | "enum" | "url" | "custom";

/**
 * A declared connection property, backed by a schema. Create with {@link prop}.
 *
 * A schema is any [Standard Schema](https://standardschema.dev) (valibot, zod, arktype, ...)
 * with synchronous validation.
 */
export interface Property<T, P extends Presence = Presence> {
  /** The kind of value. */
  readonly kind: PropertyKind;
  /** Schema from the raw value (string, or number/boolean from an object input) to `T`. */
  readonly schema: StandardSchemaV1<unknown, T>;
  /** Whether it is required, defaulted or optional. */
  readonly presence: P;
  /** The default value, if any. */
  readonly default: T | undefined;
  /** A secret is never echoed in errors, `toJSON`, `util.inspect`, `toString` or `redact()`. */
  readonly secret: boolean;
  /** Documentation for users. */
  readonly description: string | undefined;
  /** Allowed values (enums, booleans). */
  readonly allowed: readonly string[] | undefined;
  /** Other accepted names (matched ignoring case and spaces). */
  readonly aliases: readonly string[];
  /** What a valid value looks like, for error messages. */
  readonly expected: string;
}

/** Options shared by every {@link prop} constructor. */
export interface PropertyOptions<T> {
  /** Value used when the property is absent. */
  readonly default?: T;
  /** The property must be given. */
  readonly required?: boolean;
  /** Never echo the value. */
  readonly secret?: boolean;
  /** Documentation. */
  readonly description?: string;
  /** Other accepted names. */
  readonly aliases?: readonly string[];
}

/** Options of {@link prop.integer}. */
export interface IntegerOptions extends PropertyOptions<number> {
  /** Smallest accepted value. */
  readonly min?: number;
  /** Largest accepted value. */
  readonly max?: number;
}

/** Infers presence from options: `required: true` → required, a `default` → default, else optional. */
export type PresenceOf<O> = O extends { required: true }
  ? "required"
  : O extends { default: unknown }
    ? "default"
    : "optional";

type NoOptions = Record<never, never>;

function make<T, P extends Presence>(
  kind: PropertyKind,
  schema: StandardSchemaV1<unknown, T>,
  o: PropertyOptions<T> | undefined,
  expected: string,
  allowed?: readonly string[],
): Property<T, P> {
  const presence = (
    o?.required ? "required" : o?.default !== undefined ? "default" : "optional"
  ) as P;
  return Object.freeze({
    kind,
    schema,
    presence,
    default: o?.default,
    secret: o?.secret === true,
    description: o?.description,
    allowed: allowed ? Object.freeze([...allowed]) : undefined,
    aliases: Object.freeze([...(o?.aliases ?? [])]),
    expected,
  });
}

const scalar = v.union([v.string(), v.number(), v.boolean()]);

/** A string property (numbers and booleans from object input are converted with `String`). */
function string<const O extends PropertyOptions<string> = NoOptions>(
  options?: O,
): Property<string, PresenceOf<O>> {
  return make("string", v.pipe(scalar, v.transform(String)), options, "a string");
}

const BOOL_WORDS = ["true", "false", "yes", "no"] as const;
/** A boolean: `true`/`false`/`yes`/`no` in any case (trimmed), or a JS boolean. `1`/`0` are rejected, as in .NET. */
function boolean<const O extends PropertyOptions<boolean> = NoOptions>(
  options?: O,
): Property<boolean, PresenceOf<O>> {
  const schema = v.union([
    v.boolean(),
    v.pipe(
      v.string(),
      v.trim(),
      v.toLowerCase(),
      v.picklist(BOOL_WORDS),
      v.transform((s) => s === "true" || s === "yes"),
    ),
  ]);
  return make("boolean", schema, options, "true, false, yes or no", BOOL_WORDS);
}

/** An integer (decimal digits with optional sign, or a JS integer), optionally bounded by `min`/`max`. */
function integer<const O extends IntegerOptions = NoOptions>(
  options?: O,
): Property<number, PresenceOf<O>> {
  const checks: v.PipeItem<number, number, v.BaseIssue<unknown>>[] = [v.safeInteger()];
  if (options?.min !== undefined) checks.push(v.minValue(options.min));
  if (options?.max !== undefined) checks.push(v.maxValue(options.max));
  const schema = v.pipe(
    v.union([v.number(), v.pipe(v.string(), v.trim(), v.regex(/^[+-]?\d+$/), v.transform(Number))]),
    ...(checks as [v.PipeItem<number, number, v.BaseIssue<unknown>>]),
  );
  const range =
    options?.min !== undefined && options?.max !== undefined
      ? ` between ${options.min} and ${options.max}`
      : options?.min !== undefined
        ? ` >= ${options.min}`
        : options?.max !== undefined
          ? ` <= ${options.max}`
          : "";
  return make("integer", schema, options, `an integer${range}`);
}

/** One of `values`, matched case-insensitively; the output is the declared spelling. */
function enumeration<
  const V extends readonly [string, ...string[]],
  const O extends PropertyOptions<V[number]> = NoOptions,
>(values: V, options?: O): Property<V[number], PresenceOf<O>> {
  const canon = new Map(values.map((x) => [x.toLowerCase(), x]));
  const schema = v.pipe(
    v.string(),
    v.trim(),
    v.transform((s) => canon.get(s.toLowerCase()) ?? s),
    v.picklist(values),
  );
  return make("enum", schema, options, `one of ${values.join(", ")}`, values);
}

/** An absolute URL (anything `new URL()` accepts, e.g. `http://localhost:33333`, `memory://name`); output is the trimmed string. */
function url<const O extends PropertyOptions<string> = NoOptions>(
  options?: O,
): Property<string, PresenceOf<O>> {
  const schema = v.pipe(
    v.string(),
    v.trim(),
    v.check((s) => URL.canParse(s)),
  );
  return make("url", schema, options, "an absolute URL");
}

/**
 * Any Standard Schema with synchronous validation (a valibot, zod or arktype schema); its input is
 * the raw string, or a number/boolean from object input.
 */
function custom<T, const O extends PropertyOptions<T> = NoOptions>(
  schema: StandardSchemaV1<unknown, T>,
  options?: O & { expected?: string; allowed?: readonly string[] },
): Property<T, PresenceOf<O>> {
  return make("custom", schema, options, options?.expected ?? "a valid value", options?.allowed);
}

/**
 * Property constructors: `prop.string`, `prop.boolean`, `prop.integer`, `prop.enum`, `prop.url`,
 * `prop.custom`. Each accepts `{ default, required, secret, description, aliases }`.
 */
export const prop = { string, boolean, integer, enum: enumeration, url, custom } as const;

/** A set of property declarations keyed by canonical name. */
export type PropertyDeclarations = Readonly<Record<string, Property<unknown, Presence>>>;

/** The typed config produced by {@link validateProperties} for declarations `D`. */
export type InferConfig<D extends PropertyDeclarations> = {
  readonly [K in keyof D]: D[K] extends Property<infer T, infer P>
    ? P extends "optional"
      ? T | undefined
      : T
    : never;
};

/** The output of {@link validateProperties}: the typed values plus redacting `toJSON`/`toString`/inspect. */
export type ValidatedConfig<D extends PropertyDeclarations> = InferConfig<D>;

interface Index {
  byName: Map<string, string>;
  candidates: [string, string][];
}
const indexes = new WeakMap<PropertyDeclarations, Index>();

function indexOf(decl: PropertyDeclarations): Index {
  let idx = indexes.get(decl);
  if (idx) return idx;
  idx = { byName: new Map(), candidates: [] };
  for (const [name, p] of Object.entries(decl)) {
    for (const n of [name, ...p.aliases]) {
      const key = normalizeName(n);
      const other = idx.byName.get(key);
      if (other !== undefined && other !== name) {
        throw new Error(
          `Property names "${other}" and "${n}" collide (case and spaces are ignored)`,
        );
      }
      idx.byName.set(key, name);
      idx.candidates.push([key, name]);
    }
  }
  indexes.set(decl, idx);
  return idx;
}

/**
 * Declare a provider's properties. Returns the declarations unchanged (typed), after checking
 * that no two names collide once case and spaces are ignored.
 *
 * @example
 * const props = defineProperties({
 *   InitiateOAuth: prop.enum(["OFF", "GETANDREFRESH", "REFRESH"], { default: "OFF" }),
 *   OAuthClientSecret: prop.string({ secret: true }),
 *   Timeout: prop.integer({ default: 60, min: 0 }),
 * });
 */
export function defineProperties<const D extends PropertyDeclarations>(declarations: D): D {
  indexOf(declarations);
  return declarations;
}

/** Look up the canonical declared name for `name` (case and spaces ignored, aliases included). */
export function resolvePropertyName(decl: PropertyDeclarations, name: string): string | undefined {
  return indexOf(decl).byName.get(normalizeName(name));
}

/** Options of {@link validateProperties}. */
export interface ValidateOptions {
  /** What to do with undeclared names: `"error"` (default) or `"ignore"`. */
  unknown?: "error" | "ignore";
  /** Parse options when the input is a string. */
  parse?: ParseOptions;
}

/** What {@link validateProperties} accepts. */
export type ValidateInput =
  | string
  | PropertyMap
  | Readonly<Record<string, string | number | boolean | undefined | null>>;

const MASK = "[redacted]";

/** Longest unknown name that gets a did-you-mean search and is shown in full. */
const MAX_SHOWN_NAME = 64;

/**
 * The issue for an undeclared name. The name is not shown when it may hold part of a secret: it
 * follows a secret property (`Password=hunter;2TAIL;User=me` makes `2TAIL;User` a "name"), or it
 * contains `=` or `;` (`Password==x` is the name `Password=x...`). Long names get no suggestion,
 * so the edit-distance work stays bounded.
 */
function unknownPropertyIssue(
  name: string,
  /** The declared name of the property before it, if that one is declared. */
  after: string | undefined,
  secretBefore: boolean,
  candidates: Iterable<[string, string]>,
): PropertyIssue {
  if (secretBefore || /[=;]/.test(name)) {
    const plain = after !== undefined;
    const where = plain ? ` after ${JSON.stringify(after)}` : "";
    return {
      code: "CONN_STRING_UNKNOWN_PROPERTY",
      property: `(unknown property${where})`,
      message: `Unknown property${where} (its name is not shown: it may be part of a secret value).`,
      hint:
        secretBefore && plain
          ? `If the value of ${after} contains ';' or '=', quote it: ${after}='a;b'.`
          : "A ';' or '=' inside a value needs quotes: Name='a;b'.",
    };
  }
  const normalized = normalizeName(name);
  const suggestion =
    normalized.length <= MAX_SHOWN_NAME ? closest(normalized, candidates) : undefined;
  const shown =
    name.length > MAX_SHOWN_NAME
      ? `${JSON.stringify(name.slice(0, MAX_SHOWN_NAME))}... (${name.length} characters)`
      : JSON.stringify(name);
  return {
    code: "CONN_STRING_UNKNOWN_PROPERTY",
    property: name.length > MAX_SHOWN_NAME ? `${name.slice(0, MAX_SHOWN_NAME)}...` : name,
    message: `Unknown property ${shown}.${suggestion ? ` Did you mean ${JSON.stringify(suggestion)}?` : ""}`,
    ...(suggestion ? { suggestion } : {}),
    hint: suggestion
      ? `Rename it to ${suggestion}.`
      : "Check the spelling against the provider's list of connection properties.",
  };
}

function show(value: unknown): string {
  const s = String(value);
  return JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}...` : s);
}

/**
 * Validate properties against declarations and return a frozen, fully typed config whose keys are
 * the canonical declared names. Input may be a connection string (plain or JDBC, auto-detected),
 * a {@link PropertyMap} or a plain object. Names match ignoring case and spaces; the last
 * occurrence wins. An empty value (`""`, `undefined` or `null`) counts as absent.
 *
 * All problems are reported together in one {@link ConnStringError} (`issues`), whose `code` and
 * `property` are those of the first issue. Secret values never appear in errors, and the returned
 * config's `toJSON`, `toString` and `util.inspect` redact them (spreading the object or reading a
 * field gives the real value, by design).
 */
export function validateProperties<const D extends PropertyDeclarations>(
  declarations: D,
  input: ValidateInput,
  options?: ValidateOptions,
): ValidatedConfig<D> {
  const idx = indexOf(declarations);
  const map =
    typeof input === "string"
      ? parseConnectionString(input, options?.parse).properties
      : input instanceof PropertyMap
        ? input
        : undefined;
  const entries: Iterable<[string, unknown]> = map ? map.entries() : Object.entries(input);
  const raw = new Map<string, unknown>();
  const issues: PropertyIssue[] = [];
  const isSecretName = (name: string) => {
    const canonical = idx.byName.get(normalizeName(name));
    return canonical !== undefined ? declarations[canonical]!.secret : looksSecret(name);
  };
  // Declared properties written right after an unquoted secret: their value may be its tail.
  const spilled = new Set<string>();
  let previous: string | undefined;
  for (const [name, value] of entries) {
    const canonical = idx.byName.get(normalizeName(name));
    const after = previous;
    previous = name;
    const spill = map
      ? followsUnquotedSecret(map, after, isSecretName, name)
      : after !== undefined && isSecretName(after);
    if (canonical === undefined) {
      if (options?.unknown === "ignore") continue;
      // Only a declared name is shown as "after": an undeclared one may itself be a secret's tail.
      const declaredAfter = after === undefined ? undefined : idx.byName.get(normalizeName(after));
      issues.push(unknownPropertyIssue(name, declaredAfter, spill, idx.candidates));
      continue;
    }
    if (spill) spilled.add(canonical);
    else spilled.delete(canonical);
    if (value === undefined || value === null || value === "") raw.delete(canonical);
    else raw.set(canonical, value);
  }
  const config: Record<string, unknown> = {};
  for (const [name, p] of Object.entries(declarations)) {
    if (!raw.has(name)) {
      if (p.presence === "required") {
        issues.push({
          code: "CONN_STRING_MISSING_PROPERTY",
          property: name,
          message: `Missing required property ${JSON.stringify(name)}${p.description ? ` (${p.description})` : ""}.`,
          hint: `Add ${name}=<${p.expected}> to the connection string.`,
        });
      }
      config[name] = p.default;
      continue;
    }
    const value = raw.get(name);
    const r = p.schema["~standard"].validate(value);
    if (r instanceof Promise) {
      throw new TypeError(
        `The schema of property ${JSON.stringify(name)} validates asynchronously; connection properties need a synchronous schema.`,
      );
    }
    if (r.issues === undefined) {
      config[name] = r.value;
      continue;
    }
    const hidden = p.secret || spilled.has(name);
    const shown = p.secret
      ? "(value hidden: secret)"
      : hidden
        ? "(value hidden: it follows an unquoted secret and may be part of it)"
        : show(value);
    issues.push({
      code: "CONN_STRING_INVALID_VALUE",
      property: name,
      message: `Invalid value for ${JSON.stringify(name)}: ${shown}. Expected ${p.expected}${p.allowed ? ` (allowed: ${p.allowed.join(", ")})` : ""}.`,
      ...(p.allowed ? { allowed: p.allowed } : {}),
      ...(hidden ? {} : { received: String(value) }),
      hint: p.allowed ? `Use one of: ${p.allowed.join(", ")}.` : `Use ${p.expected}.`,
    });
  }
  if (issues.length > 0) {
    const first = issues[0]!;
    throw new ConnStringError({
      code: first.code,
      property: first.property,
      ...(first.allowed ? { allowed: first.allowed } : {}),
      ...(first.hint ? { hint: first.hint } : {}),
      ...(first.suggestion ? { suggestion: first.suggestion } : {}),
      issues,
      message:
        issues.length === 1
          ? first.message
          : `${issues.length} problems with connection properties:\n${issues.map((i) => `  - ${i.message}`).join("\n")}`,
    });
  }
  return seal(declarations, config) as ValidatedConfig<D>;
}

function redactedCopy(
  decl: PropertyDeclarations,
  config: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(config)) {
    const val = config[k];
    out[k] = decl[k]?.secret && val !== undefined ? MASK : val;
  }
  return out;
}

function seal(
  decl: PropertyDeclarations,
  config: Record<string, unknown>,
): Record<string, unknown> {
  const hidden = (value: unknown) => ({
    value,
    enumerable: false,
    writable: false,
    configurable: false,
  });
  Object.defineProperties(config, {
    toJSON: hidden(() => redactedCopy(decl, config)),
    toString: hidden(() =>
      configToString(decl, config as InferConfig<PropertyDeclarations>, { redact: true }),
    ),
    [Symbol.for("nodejs.util.inspect.custom")]: hidden(() => redactedCopy(decl, config)),
  });
  return Object.freeze(config);
}

/**
 * Write a config (or any subset) back as a connection string with the canonical names, skipping
 * `undefined`. Booleans are written `true`/`false`. With `redact: true`, secrets become `***`.
 */
export function configToString<D extends PropertyDeclarations>(
  declarations: D,
  config: Partial<InferConfig<D>>,
  options?: { redact?: boolean },
): string {
  const m = new PropertyMap();
  for (const [k, val] of Object.entries(config as Record<string, unknown>)) {
    if (val === undefined || val === null) continue;
    m.set(k, options?.redact && declarations[k]?.secret ? "***" : String(val));
  }
  return stringify(m);
}
