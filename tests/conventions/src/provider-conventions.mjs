// The shape every provider package shares. Used by the conventions test on each provider and on
// the generator's output, so a new provider cannot drift from the others unnoticed.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** The error API every provider exports, so that a user needs no other package to handle errors. */
export const ERROR_EXPORTS = ["XConnError", "isXConnError", "ApiError", "ConnectorError"];

/** Names every provider's src/index.ts exports (types aside). */
export const REQUIRED_EXPORTS = [
  "connector",
  "connect",
  "getAuthorizationUrl",
  "getAccessToken",
  "refreshAccessToken",
  "properties",
  "oauthProvider",
  ...ERROR_EXPORTS,
];

/** README sections, in this order. */
export const README_SECTIONS = [
  "## Install",
  "## Connect",
  "## Authentication",
  "## Properties",
  "## Resources",
  "## Errors",
  "## Testing offline",
];

const REQUIRED_SCRIPTS = ["build", "typecheck", "lint", "test", "check:package"];

/**
 * Static checks of one provider package directory. Returns the problems found (empty when it
 * follows the conventions).
 */
export function checkProviderPackage(dir) {
  const problems = [];
  const id = basename(dir);
  const read = (file) =>
    existsSync(join(dir, file)) ? readFileSync(join(dir, file), "utf8") : undefined;

  const pkgText = read("package.json");
  if (!pkgText) return [`${id}: package.json is missing`];
  const pkg = JSON.parse(pkgText);
  if (pkg.name !== `@x/${id}`)
    problems.push(`${id}: package name is ${pkg.name}, expected @x/${id}`);
  if (pkg.type !== "module") problems.push(`${id}: "type" must be "module"`);
  if (pkg.sideEffects !== false) problems.push(`${id}: "sideEffects" must be false`);
  if (!pkg.exports?.["."]?.types || !pkg.exports?.["."]?.default)
    problems.push(`${id}: exports["."] needs "types" and "default"`);
  if (pkg.engines?.node !== ">=20.19") problems.push(`${id}: engines.node must be ">=20.19"`);
  if (!pkg.files?.includes("dist")) problems.push(`${id}: "files" must include dist`);
  for (const s of REQUIRED_SCRIPTS)
    if (!pkg.scripts?.[s]) problems.push(`${id}: script "${s}" is missing`);
  if (pkg.dependencies?.["@x/connector-kit"] !== "workspace:^")
    problems.push(`${id}: depends on @x/connector-kit as "workspace:^"`);
  for (const [dep, range] of Object.entries(pkg.dependencies ?? {})) {
    if (dep.startsWith("@x/") && range !== "workspace:^")
      problems.push(
        `${id}: internal dependency ${dep} must be "workspace:^" (changesets: no forced majors)`,
      );
  }

  const readme = read("README.md");
  if (!readme) problems.push(`${id}: README.md is missing`);
  else {
    let at = -1;
    for (const section of README_SECTIONS) {
      const i = readme.split("\n").findIndex((line) => line.trim() === section);
      if (i < 0) problems.push(`${id}: README lacks "${section}"`);
      else if (i < at) problems.push(`${id}: README section "${section}" is out of order`);
      else at = i;
    }
    if (!/```(ts|js|typescript)/.test(readme)) problems.push(`${id}: README has no code example`);
  }

  if (!read("src/definition.ts")) problems.push(`${id}: src/definition.ts is missing`);
  const index = read("src/index.ts");
  if (!index) problems.push(`${id}: src/index.ts is missing`);
  else {
    // The public surface: what index.ts exports, following its `export * from "./…"` lines.
    const surface = exportedText(read, "src/index.ts");
    // The error API comes whole from the kit's subpath, or name by name.
    const errorApi = /export\s*\*\s*from\s*["']@x\/connector-kit\/errors["']/.test(surface);
    for (const name of REQUIRED_EXPORTS) {
      if (errorApi && ERROR_EXPORTS.includes(name)) continue;
      const exported = new RegExp(
        `export\\s+(const|function|let)\\s+${name}\\b|export\\s+const\\s*\\{[^}]*\\b${name}\\b[^}]*\\}\\s*=|export\\s*\\{[^}]*\\b${name}\\b[^}]*\\}`,
      );
      if (!exported.test(surface)) problems.push(`${id}: src/index.ts does not export ${name}`);
    }
    if (
      !/export\s+type\s+\{?[^;]*\bConfig\b/.test(surface) &&
      !/export\s*\{[^}]*\btype\s+Config\b/.test(surface)
    )
      problems.push(`${id}: src/index.ts does not export type Config`);
  }

  const testDir = join(dir, "test");
  const tests = existsSync(testDir)
    ? readdirSync(testDir).filter((f) => f.endsWith(".test.ts"))
    : [];
  if (tests.length === 0) problems.push(`${id}: no test/*.test.ts`);
  return problems;
}

/**
 * The text of a module and of the local modules it re-exports whole (`export * from "./x.js"`,
 * read as `src/x.ts`), so that names exported there count as exported by the module.
 */
function exportedText(read, file, seen = new Set()) {
  if (seen.has(file)) return "";
  seen.add(file);
  const text = read(file) ?? "";
  const parts = [text];
  for (const m of text.matchAll(/export\s*\*\s*from\s*["']\.\/([\w./-]+)\.js["']/g)) {
    parts.push(exportedText(read, join(dirname(file), `${m[1]}.ts`), seen));
  }
  return parts.join("\n");
}

/** Runtime checks of a built provider module (what `import("@x/<id>")` gives). */
export function checkProviderModule(id, mod) {
  const problems = [];
  const c = mod.connector;
  if (!c || typeof c.connect !== "function") return [`${id}: "connector" is not a connector`];
  for (const name of ["connect", "getAuthorizationUrl", "getAccessToken", "refreshAccessToken"]) {
    if (typeof mod[name] !== "function") problems.push(`${id}: ${name} is not a function`);
  }
  if (mod.properties !== c.properties)
    problems.push(`${id}: properties must be connector.properties`);
  for (const common of [
    "InitiateOAuth",
    "OAuthClientId",
    "OAuthSettingsLocation",
    "AuthScheme",
    "EmulatorURL",
  ]) {
    if (!mod.properties?.[common]) problems.push(`${id}: property ${common} is missing`);
  }
  if (typeof mod.oauthProvider?.tokenEndpoint !== "string")
    problems.push(`${id}: oauthProvider is not an OAuth definition`);
  if (c.id !== id) problems.push(`${id}: connector.id is ${c.id}`);
  return problems;
}
