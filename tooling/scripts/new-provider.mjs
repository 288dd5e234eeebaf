#!/usr/bin/env node
// `pnpm new-provider <id> --name "Display Name" [--host api.example.com] [--dry-run] [--root <dir>]`
//
// Scaffolds a provider from tooling/templates/provider/: the package in packages/providers/<id>/,
// an emulator module in packages/emulator/src/providers/<id>/ and an initial changeset, then
// brings the provider lists derived from the workspace up to date (registries.mjs): nothing to
// register by hand. Templates are `*.tpl` files with `{{placeholder}}`s; `__id__` in a file or
// folder name becomes the id. Nothing is written until every check has passed.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import {
  camelCase,
  EMULATOR_PROVIDERS,
  emulatorProviderIds,
  syncRegistries,
} from "./registries.mjs";

const scriptDir = dirname(fileURLToPath(import.meta.url));
const templatesDir = join(scriptDir, "..", "templates", "provider");

/** Template folder → destination folder (relative to the root; `<id>` is filled in). */
const DESTINATIONS = {
  package: "packages/providers/<id>",
  emulator: EMULATOR_PROVIDERS,
  changeset: ".changeset",
};

const USAGE = `usage: pnpm new-provider <id> --name "Display Name" [--host api.example.com] [--dry-run] [--root <dir>]

  <id>          package id, lowercase kebab-case: the package is @x/<id>
  --name        display name, e.g. "Acme CRM"
  --host        the provider's API host (default api.<id>.example, a placeholder)
  --dry-run     print the files that would be written, write nothing
  --root        write relative to this directory instead of the repository root`;

/** A usage problem: printed with a hint, exit code 2. */
class UsageError extends Error {
  constructor(message, hint) {
    super(message);
    this.hint = hint;
  }
}

const ID = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const HOST = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;
// Display names go into TypeScript strings and Markdown as they are.
const UNSAFE_NAME = /["'`\\$<>{}\p{Cc}]/u;

// The id's camelCase form names the emulator module's export.
const RESERVED = new Set(
  `await break case catch class const continue debugger default delete do else enum export extends
  false finally for function if implements import in instanceof interface let new null package
  private protected public return static super switch this throw true try typeof var void while
  with yield`.split(/\s+/),
);

/** Checks the id's form; returns the problem, or undefined. */
export function idProblem(id) {
  if (!ID.test(id)) return "it must be lowercase kebab-case (a-z, 0-9, single '-' between words)";
  if (id.length > 32) return "it must be at most 32 characters long";
  if (RESERVED.has(id)) return "it is a reserved word in JavaScript";
  return undefined;
}

/**
 * The repository of every package: the root package.json's `repository.url` is the one place it is
 * written; homepage and bug tracker are its web address plus a path.
 */
function repositoryUrls(rootPackageJson) {
  const url = JSON.parse(rootPackageJson).repository.url;
  return { repositoryUrl: url, repositoryWeb: url.replace(/^git\+/, "").replace(/\.git$/, "") };
}

/** The placeholder values for an id, name and host. */
export function placeholders(id, name, host) {
  const words = id.split("-");
  const Pascal = words.map((w) => w[0].toUpperCase() + w.slice(1)).join("");
  return {
    ...repositoryUrls(readFileSync(join(scriptDir, "..", "..", "package.json"), "utf8")),
    id,
    name,
    host,
    camel: camelCase(id),
    Pascal,
    CONSTANT: words.join("_").toUpperCase(),
  };
}

/** Replaces `{{key}}`; an unknown key is a template bug. */
export function render(text, values, file = "template") {
  const out = text.replace(/\{\{\s*([A-Za-z]+)\s*\}\}/g, (whole, key) => {
    if (!Object.hasOwn(values, key)) throw new Error(`${file}: unknown placeholder ${whole}`);
    return values[key];
  });
  if (out.includes("{{")) throw new Error(`${file}: a "{{" is left after substitution`);
  return out;
}

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? walk(path) : [path];
  });
}

/** Every file to write: `{ path (relative to the root, with /), content }`. */
function plan(values) {
  const files = [];
  for (const [folder, destination] of Object.entries(DESTINATIONS)) {
    const from = join(templatesDir, folder);
    for (const template of walk(from)
      .filter((f) => f.endsWith(".tpl"))
      .sort()) {
      const name = relative(from, template)
        .split(sep)
        .join("/")
        .replace(/\.tpl$/, "")
        .replaceAll("__id__", values.id);
      const target = `${destination.replace("<id>", values.id)}/${name}`;
      files.push({
        path: target,
        content: render(readFileSync(template, "utf8"), values, template),
      });
    }
  }
  return files;
}

/** Names of the workspace packages under `root` (packages/*, packages/providers/*, tooling/*, tests/*). */
function workspacePackageNames(root) {
  const names = new Set();
  for (const parent of ["packages", "packages/providers", "tooling", "tests"]) {
    const dir = join(root, parent);
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const pkg = join(dir, entry.name, "package.json");
      if (!entry.isDirectory() || !existsSync(pkg)) continue;
      try {
        names.add(JSON.parse(readFileSync(pkg, "utf8")).name);
      } catch {
        // not ours to judge
      }
    }
  }
  return names;
}

/** What already uses the id: a package, an emulator module, a changeset. */
function collisions(root, values) {
  const { id, camel } = values;
  const found = [];
  const taken = (path) => existsSync(join(root, path)) && found.push(path);
  taken(`packages/providers/${id}`);
  taken(`packages/emulator/src/providers/${id}.ts`);
  taken(`packages/emulator/src/providers/${id}`);
  taken(`.changeset/${id}-initial.md`);
  if (workspacePackageNames(root).has(`@x/${id}`)) found.push(`a workspace package named @x/${id}`);
  if (emulatorProviderIds(root).some((other) => camelCase(other) === camel)) {
    found.push(`an emulator module named ${camel}`);
  }
  return found;
}

function main(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        name: { type: "string" },
        host: { type: "string" },
        "dry-run": { type: "boolean", default: false },
        root: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    throw new UsageError(error.message, "Run with --help for the options.");
  }
  const { values: opts, positionals } = parsed;
  if (opts.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0
        ? "No provider id given."
        : `Expected one id, got ${positionals.length}: ${positionals.join(" ")}.`,
      'Example: pnpm new-provider acme-crm --name "Acme CRM"',
    );
  }
  const id = positionals[0];
  const problem = idProblem(id);
  if (problem) {
    const suggestion = id
      .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^[^a-z]+|-+$/g, "");
    throw new UsageError(
      `Invalid provider id "${id}": ${problem}.`,
      `Use lowercase letters, digits and single dashes, starting with a letter${suggestion && !idProblem(suggestion) ? `, e.g. "${suggestion}"` : ""}.`,
    );
  }
  const name = opts.name?.trim();
  if (!name) {
    throw new UsageError(
      `No display name given for "${id}".`,
      `Pass --name, e.g. --name "${placeholders(id, "", "").Pascal}".`,
    );
  }
  if (name.length > 60) {
    throw new UsageError(
      `Display name "${name}" is ${name.length} characters long; the limit is 60.`,
      "Use the provider's short product name.",
    );
  }
  if (UNSAFE_NAME.test(name)) {
    throw new UsageError(
      `Invalid display name "${name}": it contains a quote, backslash, $, <, >, brace or control character.`,
      'Use plain words, e.g. --name "Acme CRM".',
    );
  }
  const host = (opts.host ?? `api.${id}.example`).toLowerCase();
  if (!HOST.test(host) || host.length > 70) {
    throw new UsageError(
      `Invalid host "${opts.host}": expected a host name (at most 70 characters) such as api.example.com.`,
      "Pass the API host only: no scheme, port or path.",
    );
  }

  const root = resolve(opts.root ?? join(scriptDir, "..", ".."));
  if (!existsSync(join(root, EMULATOR_PROVIDERS))) {
    throw new Error(
      `${EMULATOR_PROVIDERS} is missing under ${root}; run from the repository or pass --root <repository>.`,
    );
  }
  const values = placeholders(id, name, host);
  const taken = collisions(root, values);
  if (taken.length > 0) {
    throw new UsageError(
      `Provider "${id}" already exists: ${taken.join(", ")}.`,
      "Choose another id, or remove the existing files first.",
    );
  }

  const files = plan(values);
  const dry = opts["dry-run"];
  console.log(`${dry ? "Would create" : "Creating"} provider ${id} (${name}, API host ${host}):`);
  for (const f of files) {
    console.log(`  create  ${f.path}`);
    if (!dry) {
      mkdirSync(dirname(join(root, f.path)), { recursive: true });
      writeFileSync(join(root, f.path), f.content, { flag: "wx" });
    }
  }
  if (dry) {
    console.log("  update  the provider lists derived from the workspace (pnpm registries)");
    console.log("\nDry run: nothing was written.");
    return 0;
  }
  for (const path of syncRegistries(root)) console.log(`  update  ${path}`);
  console.log(`
Next steps (see CONTRIBUTING.md):
  1. pnpm install                        link the new package into the workspace
  2. Fill in packages/providers/${id}/src/definition.ts and oauth.ts from ${name}'s
     API documentation${opts.host ? "" : `, and replace the placeholder host ${host}`}.
  3. Make packages/emulator/src/providers/${id}/ behave like ${name}, quirks included.
  4. pnpm --filter @x/${id}... run build, then
     pnpm --filter @x/${id} run typecheck && pnpm --filter @x/${id} run lint && pnpm --filter @x/${id} test
  5. Edit packages/providers/${id}/README.md and .changeset/${id}-initial.md, then npm test.`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`new-provider: ${error.message}\nHint: ${error.hint}`);
      process.exitCode = 2;
    } else {
      console.error(`new-provider: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    }
  }
}
