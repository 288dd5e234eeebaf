// `pnpm new-provider` (tooling/scripts/new-provider.mjs), run as a child process against a temporary
// root holding only what it reads and updates: the emulator's provider folders and list, the CLI's
// and this package's package.json. No install, no network.
import { spawnSync } from "node:child_process";
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { checkProviderPackage } from "../src/provider-conventions.mjs";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const script = join(repo, "tooling", "scripts", "new-provider.mjs");
const INDEX = "packages/emulator/src/providers/index.ts";
const CLI = "packages/cli/package.json";
const CONVENTIONS = "tests/conventions/package.json";
const EXISTING = ["highrise", "pipedrive", "zendesk", "zoho"];
const originalIndex = readFileSync(join(repo, INDEX), "utf8");
const roots: string[] = [];

/** The emulator's list and one index.ts per existing provider folder (enough to be found). */
function freshRoot(): string {
  const root = mkdtempSync(join(tmpdir(), "x-new-provider-"));
  roots.push(root);
  mkdirSync(join(root, dirname(INDEX)), { recursive: true });
  cpSync(join(repo, INDEX), join(root, INDEX));
  for (const id of EXISTING) {
    const module = `${dirname(INDEX)}/${id}/index.ts`;
    mkdirSync(join(root, dirname(module)), { recursive: true });
    cpSync(join(repo, module), join(root, module));
  }
  for (const pkg of [CLI, CONVENTIONS]) {
    mkdirSync(join(root, dirname(pkg)), { recursive: true });
    cpSync(join(repo, pkg), join(root, pkg));
  }
  return root;
}

const untouched = [
  INDEX,
  CLI,
  CONVENTIONS,
  ...EXISTING.map((id) => `${dirname(INDEX)}/${id}/index.ts`),
];

function generate(root: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [script, ...args, "--root", root], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every file under `dir`, relative, with `/`. */
function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join("/"))
    .sort();
}

const read = (root: string, path: string) => readFileSync(join(root, path), "utf8");

afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

describe("new-provider acme-crm", () => {
  let root: string;
  let out: ReturnType<typeof generate>;
  const pkgDir = "packages/providers/acme-crm";

  beforeAll(() => {
    root = freshRoot();
    out = generate(root, "acme-crm", "--name", "Acme CRM", "--host", "api.acme.example");
  });

  test("exits 0 and writes the package, the emulator module and the changeset", () => {
    expect(out.stderr).toBe("");
    expect(out.status).toBe(0);
    expect(files(root)).toEqual(
      [
        ...untouched,
        ".changeset/acme-crm-initial.md",
        "packages/emulator/src/providers/acme-crm/index.ts",
        `${pkgDir}/LICENSE`,
        `${pkgDir}/README.md`,
        `${pkgDir}/package.json`,
        `${pkgDir}/src/definition.ts`,
        `${pkgDir}/src/index.ts`,
        `${pkgDir}/src/oauth.ts`,
        `${pkgDir}/test/acme-crm.test.ts`,
        `${pkgDir}/tsconfig.build.json`,
        `${pkgDir}/tsconfig.json`,
        `${pkgDir}/vitest.config.ts`,
      ].sort(),
    );
    expect(out.stdout).toContain("Next steps");
    expect(out.stdout).toContain("pnpm install");
  });

  test("every placeholder is substituted", () => {
    for (const file of files(root)) expect(read(root, file), file).not.toMatch(/\{\{|\}\}|__id__/);
    const definition = read(root, `${pkgDir}/src/definition.ts`);
    expect(definition).toContain('id: "acme-crm"');
    expect(definition).toContain('name: "Acme CRM"');
    expect(definition).toContain('"api.acme.example"');
    expect(definition).toContain("X_ACME_CRM_CLIENT_ID");
    const emulator = read(root, "packages/emulator/src/providers/acme-crm/index.ts");
    expect(emulator).toContain("export const acmeCrm: ProviderModule<");
    expect(emulator).toContain("export interface AcmeCrmOptions");
    expect(emulator).toContain('const HOST = "api.acme.example"');
  });

  test("the emulator module declares an OAuth spec for the core instead of copying a server", () => {
    const emulator = read(root, "packages/emulator/src/providers/acme-crm/index.ts");
    expect(emulator).toContain("createOAuthServer(core, {");
    expect(emulator).not.toMatch(/redeemCode|lookupRefresh|createHash|base64url/);
    expect(emulator.split("\n").length).toBeLessThan(200);
  });

  test("package.json: name, exports, sideEffects, files, engines, and pipedrive's shape", () => {
    const pkg = JSON.parse(read(root, `${pkgDir}/package.json`));
    const pipedrive = JSON.parse(read(repo, "packages/providers/pipedrive/package.json"));
    expect(pkg.name).toBe("@x/acme-crm");
    expect(pkg.version).toBe("0.0.0");
    expect(pkg.type).toBe("module");
    expect(pkg.sideEffects).toBe(false);
    expect(pkg.exports).toEqual({
      ".": { types: "./dist/index.d.ts", default: "./dist/index.js" },
      "./package.json": "./package.json",
    });
    expect(pkg.files).toEqual(["dist", "!dist/**/*.test.*", "README.md"]);
    expect(pkg.engines).toEqual({ node: ">=20.19" });
    expect(Object.keys(pkg)).toEqual(Object.keys(pipedrive));
    expect(pkg.scripts).toEqual(pipedrive.scripts);
    expect(pkg.dependencies).toEqual(pipedrive.dependencies);
    expect(pkg.devDependencies).toEqual(pipedrive.devDependencies);
    expect(pkg.publishConfig).toEqual(pipedrive.publishConfig);
    expect(pkg.repository).toEqual({
      ...pipedrive.repository,
      directory: "packages/providers/acme-crm",
    });
    expect(pkg.homepage).toBe(pipedrive.homepage.replace("pipedrive", "acme-crm"));
    expect(pkg.bugs).toEqual(pipedrive.bugs);
  });

  test("the package passes the provider conventions checks", () => {
    expect(checkProviderPackage(join(root, pkgDir))).toEqual([]);
  });

  test("index.ts re-exports the definition module, which holds the public surface", () => {
    const index = read(root, `${pkgDir}/src/index.ts`);
    expect(index.split("\n").filter((l) => l.startsWith("export"))).toEqual([
      'export * from "@x/connector-kit/errors";',
      'export * from "./definition.js";',
    ]);
    const src = ["definition", "index", "oauth"].map((f) => read(root, `${pkgDir}/src/${f}.ts`));
    expect(src.join("").split("\n").length).toBeLessThan(110);
    // The checks follow `export *`: a surface the definition lacks is named.
    const copy = mkdtempSync(join(tmpdir(), "x-new-provider-copy-"));
    roots.push(copy);
    cpSync(join(root, pkgDir), copy, { recursive: true });
    const definition = join(copy, "src", "definition.ts");
    writeFileSync(
      definition,
      readFileSync(definition, "utf8").replace("export { oauthProvider };", ""),
    );
    expect(checkProviderPackage(copy).join("\n")).toContain("does not export oauthProvider");
  });

  test("the emulator index gets exactly one import and one entry, nothing else", () => {
    const index = read(root, INDEX);
    const importLine = 'import { acmeCrm } from "./acme-crm/index.js";';
    const entryLine = "  acmeCrm as ProviderModule<never>,";
    const lines = index.split("\n");
    expect(lines.filter((l) => l.includes("acme-crm") || l.includes("acmeCrm"))).toEqual([
      importLine,
      entryLine,
    ]);
    expect(lines.filter((l) => l !== importLine && l !== entryLine).join("\n")).toBe(originalIndex);
    // The import sits among the others in order; the entry among the others in the same order.
    const imports = lines.filter((l) => l.startsWith("import "));
    expect(imports.indexOf(importLine)).toBe(1);
    expect(lines[lines.indexOf(entryLine) + 1]).toBe("  highrise as ProviderModule<never>,");
  });

  test("the CLI and the conventions test list the new connector: no manual registration", () => {
    const cli = JSON.parse(read(root, CLI));
    expect(cli.peerDependencies["@x/acme-crm"]).toBe("workspace:^");
    expect(cli.peerDependenciesMeta["@x/acme-crm"]).toEqual({ optional: true });
    const before = JSON.parse(read(repo, CLI));
    expect(Object.keys(cli.peerDependencies).sort()).toEqual(
      [...Object.keys(before.peerDependencies), "@x/acme-crm"].sort(),
    );
    const conventions = JSON.parse(read(root, CONVENTIONS));
    expect(conventions.devDependencies["@x/acme-crm"]).toBe("workspace:*");
    expect(out.stdout).not.toMatch(/tests\/conventions\/test|providers\.test\.ts/);
  });

  test("a minor changeset for the new package", () => {
    expect(read(root, ".changeset/acme-crm-initial.md")).toMatch(
      /^---\n"@x\/acme-crm": minor\n---\n\n\S/,
    );
  });

  test("running it again with the same id fails with exit code 2 and writes nothing", () => {
    const before = Object.fromEntries(files(root).map((f) => [f, read(root, f)]));
    const again = generate(root, "acme-crm", "--name", "Acme CRM");
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('"acme-crm"');
    expect(again.stderr).toContain("already exists");
    expect(again.stderr).toContain("Hint:");
    expect(Object.fromEntries(files(root).map((f) => [f, read(root, f)]))).toEqual(before);
  });
});

describe("new-provider refuses", () => {
  test("an invalid id, with exit code 2 and a hint", () => {
    const root = freshRoot();
    const r = generate(root, "Bad_Name", "--name", "Bad");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('"Bad_Name"');
    expect(r.stderr).toContain("kebab-case");
    expect(r.stderr).toMatch(/Hint: .*"bad-name"/);
    expect(files(root)).toEqual([...untouched].sort());
  });

  test("an id the emulator already serves", () => {
    const root = freshRoot();
    const r = generate(root, "zoho", "--name", "Zoho");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('"zoho" already exists');
    expect(files(root)).toEqual([...untouched].sort());
  });

  test("a missing display name, and a host with a scheme", () => {
    const root = freshRoot();
    const noName = generate(root, "acme");
    expect(noName.status).toBe(2);
    expect(noName.stderr).toContain("--name");
    const badHost = generate(root, "acme", "--name", "Acme", "--host", "https://api.acme.com");
    expect(badHost.status).toBe(2);
    expect(badHost.stderr).toContain("https://api.acme.com");
    expect(files(root)).toEqual([...untouched].sort());
  });
});

test("--dry-run lists the files and writes nothing", () => {
  const root = freshRoot();
  const r = generate(root, "acme-crm", "--name", "Acme CRM", "--dry-run");
  expect(r.status).toBe(0);
  expect(r.stdout).toContain("packages/providers/acme-crm/src/definition.ts");
  expect(r.stdout).toContain("packages/emulator/src/providers/acme-crm/index.ts");
  expect(r.stdout).toContain(".changeset/acme-crm-initial.md");
  expect(r.stdout).toContain("nothing was written");
  expect(files(root)).toEqual([...untouched].sort());
  expect(read(root, INDEX)).toBe(originalIndex);
});
