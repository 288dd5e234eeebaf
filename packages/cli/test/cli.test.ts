import { mkdtemp } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Emulator, followConsent, startEmulator } from "@x/emulator";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { run } from "./support.js";

let emulator: Emulator;
let zendesk: string;
let dir: string;

beforeAll(async () => {
  emulator = await startEmulator({ autoApprove: true, datasets: { zendesk: { tickets: 7 } } });
  const { clientId, clientSecret } = emulator.defaultClient("zendesk");
  zendesk = `URL=https://emulated.zendesk.com;EmulatorURL=${emulator.url};OAuthClientId=${clientId};OAuthClientSecret=${clientSecret};CallbackURL=http://127.0.0.1:0/callback`;
  dir = await mkdtemp(join(tmpdir(), "xconn-test-"));
});
afterAll(() => emulator.close());

const desktop = { openBrowser: followConsent };

describe("commands", () => {
  test("providers lists the five, all installed here", async () => {
    const r = await run(["--json", "providers"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).map((p: { installed: boolean }) => p.installed)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
  });

  test("connect runs the desktop flow, then reuses the stored tokens", async () => {
    const cs = `${zendesk};InitiateOAuth=GETANDREFRESH;OAuthSettingsLocation=${join(dir, "a.txt")}`;
    const first = await run(["connect", "zendesk", cs], desktop);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Connected to Zendesk as .+ <.+@.+>/);
    expect(first.stderr).toContain("Waiting for the browser");
    const second = await run(["--json", "connect", "zendesk", cs], {
      openBrowser: async () => false,
    });
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ provider: "zendesk" });
    expect(second.stderr).not.toContain("Waiting for the browser");
  });

  test("settings show is redacted; export and import move a connection to another location", async () => {
    const a = join(dir, "a.txt");
    const shown = await run([
      "--json",
      "settings",
      "show",
      "zendesk",
      `${zendesk};OAuthSettingsLocation=${a}`,
    ]);
    expect(shown.code).toBe(0);
    const settings = JSON.parse(shown.stdout).settings;
    expect(settings.refreshToken).toBe("[redacted]");
    expect(settings.accessToken).toBe("[redacted]");
    expect(typeof settings.expiresAt).toBe("number");
    const exported = join(dir, "portable.txt");
    expect(
      (
        await run([
          "settings",
          "export",
          "zendesk",
          `${zendesk};OAuthSettingsLocation=${a}`,
          "--file",
          exported,
        ])
      ).code,
    ).toBe(0);
    const b = join(dir, "b.txt");
    expect(
      (
        await run([
          "settings",
          "import",
          "zendesk",
          `${zendesk};OAuthSettingsLocation=${b}`,
          "--file",
          exported,
        ])
      ).code,
    ).toBe(0);
    const there = await run([
      "connect",
      "zendesk",
      `${zendesk};InitiateOAuth=REFRESH;OAuthSettingsLocation=${b}`,
    ]);
    expect(there.code).toBe(0);
    const empty = await run([
      "settings",
      "export",
      "zendesk",
      `${zendesk};OAuthSettingsLocation=${join(dir, "none.txt")}`,
      "--file",
      join(dir, "x.txt"),
    ]);
    expect(empty.code).toBe(5);
  });

  test("--settings-key names the record; settings clear removes only that record", async () => {
    const cs = `${zendesk};InitiateOAuth=GETANDREFRESH;OAuthSettingsLocation=${join(dir, "keys.txt")}`;
    for (const user of ["user-1", "user-2"]) {
      expect((await run(["--settings-key", user, "connect", "zendesk", cs], desktop)).code).toBe(0);
    }
    const cleared = await run([
      "--json",
      "--settings-key",
      "user-1",
      "settings",
      "clear",
      "zendesk",
      cs,
    ]);
    expect(cleared.code).toBe(0);
    expect(JSON.parse(cleared.stdout)).toMatchObject({ cleared: true });
    const again = await run([
      "--json",
      "--settings-key",
      "user-1",
      "settings",
      "clear",
      "zendesk",
      cs,
    ]);
    expect(JSON.parse(again.stdout)).toMatchObject({ cleared: false });
    // user-2 still connects without consent; user-1 needs consent again.
    const noBrowser = { openBrowser: async () => false };
    const refresh = cs.replace("GETANDREFRESH", "REFRESH");
    expect(
      (await run(["--settings-key", "user-2", "connect", "zendesk", refresh], noBrowser)).code,
    ).toBe(0);
    const gone = await run(["--settings-key", "user-1", "connect", "zendesk", refresh], noBrowser);
    expect(gone.code).not.toBe(0);
    expect(gone.stderr).toContain("No OAuth tokens are stored");
  });

  test("list as JSON lines and as a table; request", async () => {
    const cs = `${zendesk};InitiateOAuth=REFRESH;OAuthSettingsLocation=${join(dir, "a.txt")}`;
    const lines = await run(["list", "zendesk", cs, "tickets", "--param", "pageSize=3"]);
    expect(lines.code).toBe(0);
    expect(
      lines.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l).id),
    ).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const limited = await run([
      "list",
      "zendesk",
      cs,
      "tickets",
      "--limit",
      "2",
      "--format",
      "table",
    ]);
    expect(limited.stdout.trim().split("\n")).toHaveLength(4);
    const req = await run(["--json", "request", "zendesk", cs, "GET", "api/v2/users/me.json"]);
    expect(JSON.parse(req.stdout)).toMatchObject({
      status: 200,
      body: { user: { role: "admin" } },
    });
  });

  test("the procedures: auth-url, exchange, refresh", async () => {
    const cs = `${zendesk};InitiateOAuth=OFF`;
    const url = await run([
      "--json",
      "auth-url",
      "zendesk",
      cs,
      "--callback-url",
      "http://127.0.0.1:9/cb",
    ]);
    expect(url.code).toBe(0);
    const { url: authUrl } = JSON.parse(url.stdout);
    const consent = await fetch(authUrl, { redirect: "manual" });
    const code = new URL(consent.headers.get("location")!).searchParams.get("code")!;
    const ex = await run([
      "--json",
      "exchange",
      "zendesk",
      cs,
      "--verifier",
      code,
      "--callback-url",
      "http://127.0.0.1:9/cb",
    ]);
    expect(ex.code).toBe(0);
    const tokens = JSON.parse(ex.stdout);
    expect(tokens.OAuthRefreshToken).toBeTruthy();
    const human = await run([
      "refresh",
      "zendesk",
      cs,
      "--refresh-token",
      tokens.OAuthRefreshToken,
    ]);
    expect(human.code).toBe(0);
    expect(human.stdout).not.toContain(tokens.OAuthRefreshToken);
    // The rotated-away refresh token is now invalid: authorization needed, exit 3.
    const again = await run([
      "refresh",
      "zendesk",
      cs,
      "--refresh-token",
      tokens.OAuthRefreshToken,
    ]);
    expect(again.code).toBe(3);
    expect(again.stderr).toMatch(/^error: .+\[OAUTH_INVALID_GRANT\]\nhint: /);
  });

  test("exchange with the redirect URL needs the state auth-url printed", async () => {
    const cs = `${zendesk};InitiateOAuth=OFF`;
    const started = await run([
      "--json",
      "auth-url",
      "zendesk",
      cs,
      "--auth-mode",
      "WEB",
      "--callback-url",
      "http://127.0.0.1:9/cb",
    ]);
    const { url, state, codeVerifier } = JSON.parse(started.stdout);
    const consent = await fetch(url, { redirect: "manual" });
    const redirect = consent.headers.get("location")!;
    const common = [
      "exchange",
      "zendesk",
      cs,
      "--verifier",
      redirect,
      "--callback-url",
      "http://127.0.0.1:9/cb",
    ];
    const pkce = codeVerifier ? ["--code-verifier", codeVerifier] : [];
    const missing = await run([...common, ...pkce]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("[OAUTH_CONFIGURATION]");
    const forged = await run([...common, ...pkce, "--state", "not-the-state"]);
    expect(forged.code).toBe(3);
    expect(forged.stderr).toContain("[OAUTH_STATE_MISMATCH]");
    const ok = await run(["--json", ...common, ...pkce, "--state", state]);
    expect(ok.code).toBe(0);
  });

  test("--help for the program and every command", async () => {
    const top = await run(["--help"]);
    expect(top.code).toBe(0);
    for (const cmd of [
      "connect",
      "auth-url",
      "exchange",
      "refresh",
      "settings",
      "request",
      "list",
      "emulator",
      "demo",
      "providers",
    ]) {
      expect(top.stdout).toContain(cmd);
      const r = await run([cmd, "--help"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`xconn ${cmd}`);
    }
  });
});

describe("bad input", () => {
  test("unknown provider: exit 2 with the known ones", async () => {
    const r = await run(["connect", "salesforce", "A=1"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Unknown provider "salesforce"');
    expect(r.stderr).toContain("zoho-crm");
  });

  test("malformed connection string: exit 2, where it broke, no secret echoed", async () => {
    const r = await run([
      "connect",
      "zendesk",
      "URL=https://a.zendesk.com;OAuthClientSecret='hunter2-secret",
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("CONN_STRING_SYNTAX");
    expect(r.stderr).toContain("^");
    expect(r.stderr).not.toContain("hunter2-secret");
  });

  test("invalid property value and unknown command: exit 2", async () => {
    const bad = await run([
      "connect",
      "zendesk",
      "URL=https://a.zendesk.com;InitiateOAuth=SOMETIMES",
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("GETANDREFRESH");
    expect((await run(["conect"])).code).toBe(2);
    expect((await run(["connect", "zendesk"])).code).toBe(2); // no connection string anywhere
  });

  test("denied consent: exit 3 with a clear line", async () => {
    const deny = async (url: string) => {
      const consent = await fetch(url, { redirect: "manual" });
      const callback = new URL(consent.headers.get("location")!);
      callback.searchParams.delete("code");
      callback.searchParams.set("error", "access_denied");
      await fetch(callback);
      return true;
    };
    const r = await run(
      [
        "connect",
        "zendesk",
        `${zendesk};InitiateOAuth=GETANDREFRESH;OAuthSettingsLocation=memory://denied`,
      ],
      { openBrowser: deny },
    );
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("OAUTH_ACCESS_DENIED");
  });

  test("callback port in use: exit 2 naming the port", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = await run(
        [
          "connect",
          "zendesk",
          `${zendesk};InitiateOAuth=GETANDREFRESH;OAuthSettingsLocation=memory://port;CallbackURL=http://127.0.0.1:${port}/callback`,
        ],
        desktop,
      );
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(String(port));
      expect(r.stderr).toContain("OAUTH_CALLBACK_PORT_IN_USE");
    } finally {
      blocker.close();
    }
  });
});
