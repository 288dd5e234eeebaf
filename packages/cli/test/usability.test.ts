import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { PassThrough } from "node:stream";
import { fileURLToPath } from "node:url";
import { consentedRedirectUrl, type Emulator, startEmulator } from "@x/emulator";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { launchConsentBrowser } from "../src/commands/browser.js";
import { run } from "./support.js";

let emulator: Emulator;
let pipedrive: string;

beforeAll(async () => {
  emulator = await startEmulator({ autoApprove: true });
  pipedrive = `AuthScheme=Basic;APIToken=emulator-pipedrive-api-token;CompanyDomain=emulatedcompany;EmulatorURL=${emulator.url}`;
});
afterAll(() => emulator.close());

/** The commands the program lists in its own --help. */
async function commands(): Promise<string[]> {
  const top = await run(["--help"]);
  const section = top.stdout.slice(top.stdout.indexOf("Commands:"));
  return [...section.matchAll(/^ {2}([a-z][a-z-]*)/gm)]
    .map((m) => m[1]!)
    .filter((c) => c !== "help");
}

describe("help and version", () => {
  test("--version prints the package's version", async () => {
    const { version } = JSON.parse(
      readFileSync(new URL("../package.json", import.meta.url), "utf8"),
    ) as { version: string };
    for (const flag of ["--version"]) {
      const r = await run([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout.trim()).toBe(version);
    }
  });

  test("every command's --help has examples of that command and lists the global options", async () => {
    const all = await commands();
    expect(all).toEqual(expect.arrayContaining(["connect", "request", "list", "emulator", "demo"]));
    for (const cmd of all) {
      const r = await run([cmd, "--help"]);
      expect(r.code).toBe(0);
      const examples = r.stdout.slice(r.stdout.indexOf("Examples:"));
      expect(r.stdout).toContain("Examples:");
      expect(examples).toContain(`xconn `);
      expect(examples).toMatch(new RegExp(`xconn (--[a-z-]+ (\\S+ )?)*${cmd}\\b`));
      expect(r.stdout).toContain("Global Options:");
      for (const global of ["--json", "--emulator <url>", "--no-browser", "--settings-key"]) {
        expect(r.stdout).toContain(global);
      }
    }
  });
});

describe("XCONN_CONNECTION_STRING", () => {
  test("list and request take the connection string from the environment when it is left out", async () => {
    const env = { ...process.env, XCONN_CONNECTION_STRING: pipedrive };
    const listed = await run(["list", "pipedrive", "deals", "--limit", "2"], { env });
    expect(listed.code).toBe(0);
    expect(listed.stdout.trim().split("\n")).toHaveLength(2);
    const requested = await run(["--json", "request", "pipedrive", "GET", "api/v1/users/me"], {
      env,
    });
    expect(requested.code).toBe(0);
    expect(JSON.parse(requested.stdout)).toMatchObject({ status: 200 });
    // Given as an argument, it still wins.
    const given = await run([
      "--json",
      "request",
      "pipedrive",
      pipedrive,
      "GET",
      "api/v1/users/me",
    ]);
    expect(given.code).toBe(0);
  });

  test("without the argument nor the variable: exit 2 saying how to pass it", async () => {
    const r = await run(["request", "pipedrive", "GET", "api/v1/users/me"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("XCONN_CONNECTION_STRING");
    const extra = await run(["list", "pipedrive", "a", "b", "c"]);
    expect(extra.code).toBe(2);
  });
});

describe("--json errors", () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    // Stands in for the provider: Pipedrive's error envelope with its own code.
    server = createServer((_req, res) => {
      res.statusCode = 403;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ success: false, error: "Scope missing", code: "FORBIDDEN_SCOPE" }));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  test("carry the HTTP status and the provider's own error code and message", async () => {
    const cs = `AuthScheme=Basic;APIToken=tok-not-shown;CompanyDomain=emulatedcompany;EmulatorURL=${url}`;
    const r = await run(["--json", "request", "pipedrive", cs, "GET", "api/v2/deals"]);
    expect(r.code).not.toBe(0);
    const { error } = JSON.parse(r.stdout) as { error: Record<string, unknown> };
    expect(error).toMatchObject({
      status: 403,
      providerCode: "FORBIDDEN_SCOPE",
      providerMessage: "Scope missing",
    });
    expect(r.stdout).not.toContain("tok-not-shown");
  });
});

describe("settings show", () => {
  test("says where the record lives: the file and the record key", async () => {
    const dir = await mkdtemp(join(tmpdir(), "xconn-where-"));
    const file = join(dir, "where.txt");
    const { clientId, clientSecret } = emulator.defaultClient("zendesk");
    const cs = `URL=https://emulated.zendesk.com;OAuthClientId=${clientId};OAuthClientSecret=${clientSecret};OAuthSettingsLocation=${file}`;
    const json = await run(["--json", "settings", "show", "zendesk", cs]);
    expect(json.code).toBe(0);
    const shown = JSON.parse(json.stdout) as { location: string; key: string; driver: string };
    expect(shown.location).toBe(file);
    expect(shown.driver).toBe("file");
    expect(shown.key).toMatch(/^zendesk/);
    const text = await run(["settings", "show", "zendesk", cs]);
    expect(text.stdout).toContain(file);
    expect(text.stdout).toContain(shown.key);
  });

  test("a server location is shown without its password", async () => {
    const cs = "URL=https://emulated.zendesk.com;OAuthSettingsLocation=memory://where-test";
    const r = await run(["--json", "settings", "show", "zendesk", cs]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).location).toBe("memory://where-test");
  });
});

describe("--no-browser", () => {
  test("reads the redirect URL from piped stdin, with the prompt on stderr", async () => {
    const { clientId, clientSecret } = emulator.defaultClient("zendesk");
    const dir = await mkdtemp(join(tmpdir(), "xconn-pipe-"));
    const cs = `URL=https://emulated.zendesk.com;EmulatorURL=${emulator.url};OAuthClientId=${clientId};OAuthClientSecret=${clientSecret};CallbackURL=http://127.0.0.1:0/callback;InitiateOAuth=GETANDREFRESH;OAuthSettingsLocation=${join(dir, "s.txt")}`;
    const stdin = new PassThrough();
    let stderr = "";
    let piped = false;
    const done = run(["--no-browser", "connect", "zendesk", cs], {
      stdin,
      stderr: {
        write: (s: string) => {
          stderr += s;
          // Once the URL is printed, "the user" approves and pipes the redirect in.
          const m = /https?:\/\/\S+authorizations\/new\S*/.exec(stderr);
          if (m && !piped) {
            piped = true;
            // The redirect goes to the pipe, not to the listening callback.
            void consentedRedirectUrl(m[0]).then((redirect) => stdin.end(`${redirect.href}\n`));
          }
          return true;
        },
      },
    });
    const r = await done;
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Connected to Zendesk as/);
    expect(stderr).toContain("Paste the URL your browser was redirected to");
  });
});

describe("xconn emulator", () => {
  test("prints the default client ids of every emulated provider", async () => {
    // The command as installed (bin/xconn.js over the build); it serves until SIGTERM.
    const bin = join(dirname(fileURLToPath(import.meta.url)), "..", "bin", "xconn.js");
    const child = spawn(process.execPath, [bin, "emulator", "--port", "0"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.setEncoding("utf8");
    const ids = ["zendesk", "pipedrive", "highrise"].map(
      (id) => emulator.defaultClient(id).clientId,
    );
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (chunk: string) => {
        out += chunk;
        if (ids.every((id) => out.includes(id))) resolve();
      });
      child.once("exit", () => reject(new Error(`exited without the client ids: ${out}`)));
    });
    expect(out).toContain("Default OAuth clients");
    child.kill("SIGTERM");
    await once(child, "exit");
  });
});

describe("playwright-core is optional", () => {
  test("it is an optional peer dependency, not installed with the CLI", () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
      peerDependencies?: Record<string, string>;
      peerDependenciesMeta?: Record<string, { optional?: boolean }>;
    };
    expect(pkg.dependencies?.["playwright-core"]).toBeUndefined();
    expect(pkg.optionalDependencies?.["playwright-core"]).toBeUndefined();
    expect(pkg.peerDependencies?.["playwright-core"]).toBeDefined();
    expect(pkg.peerDependenciesMeta?.["playwright-core"]?.optional).toBe(true);
  });

  test("without it, no consent browser is launched (the demo's emulator then approves by itself)", async () => {
    // A Chromium "is there" (any existing file), but the package cannot be imported.
    const env = { CHROMIUM_PATH: process.execPath };
    const browser = await launchConsentBrowser(env, () =>
      Promise.reject(
        Object.assign(new Error("Cannot find package 'playwright-core'"), {
          code: "ERR_MODULE_NOT_FOUND",
        }),
      ),
    );
    expect(browser).toBeUndefined();
  });

  test("the demo completes with the emulator approving consent when no browser is launched", async () => {
    const r = await run(["--no-browser", "demo"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("approves consent by itself");
  }, 120_000);
});

describe("--param", () => {
  test("a parameter the resource does not take is an error naming it; known ones work", async () => {
    const bad = await run(["list", "pipedrive", pipedrive, "deals", "--param", "bogusFilter=1"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("bogusFilter");
    expect(bad.stdout).toBe("");
    const good = await run([
      "list",
      "pipedrive",
      pipedrive,
      "deals",
      "--param",
      "pageSize=2",
      "--limit",
      "3",
    ]);
    expect(good.code).toBe(0);
    expect(good.stdout.trim().split("\n")).toHaveLength(3);
  });
});
