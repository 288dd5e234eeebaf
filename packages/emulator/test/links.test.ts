import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, EmulatorError, startEmulator } from "../src/index.js";
import { postForm, REDIRECT, zohoAuthorize, zohoTokens } from "./helpers.js";

const ZD = "emulated.zendesk.com";
const zdToken = `Basic ${Buffer.from("katherine.johnson@emulator.example/token:emulator-zendesk-api-token").toString("base64")}`;
const pdKey = { "x-api-token": "emulator-pipedrive-api-token" };

let real: Emulator;
let self: Emulator;
beforeAll(async () => {
  real = await startEmulator({ autoApprove: true });
  self = await startEmulator({ autoApprove: true, links: "emulator" });
});
afterAll(async () => {
  await real.close();
  await self.close();
});

const json = async (r: Response) => (await r.json()) as Record<string, unknown>;

describe('links: "emulator"', () => {
  it("Zendesk next links name the emulator and walk every page; the default keeps the real host", async () => {
    const first = (em: Emulator) =>
      fetch(`${em.url}/${ZD}/api/v2/tickets.json?page[size]=100`, {
        headers: { authorization: zdToken },
      }).then(json);
    const realNext = ((await first(real)).links as { next: string }).next;
    expect(realNext.startsWith(`https://${ZD}/api/v2/tickets.json?`)).toBe(true);

    let page = await first(self);
    let seen = (page.tickets as unknown[]).length;
    let next = (page.links as { next: string | null }).next;
    expect(next?.startsWith(`${self.url}/${ZD}/api/v2/tickets.json?`)).toBe(true);
    while (next) {
      page = await fetch(next, { headers: { authorization: zdToken } }).then(json);
      seen += (page.tickets as unknown[]).length;
      next = (page.links as { next: string | null }).next;
    }
    expect(seen).toBe(250);
    // Record urls follow too.
    expect((page.tickets as { url: string }[])[0]!.url).toMatch(
      new RegExp(`^${self.url}/${ZD}/api/v2/tickets/\\d+\\.json$`),
    );
  });

  it("Zoho accounts-server (in the redirect) and api_domain name the emulator", async () => {
    const redirect = await zohoAuthorize(self);
    expect(redirect.get("accounts-server")).toBe(`${self.url}/accounts.zoho.eu`);
    const r = await postForm(`${redirect.get("accounts-server")}/oauth/v2/token`, {
      grant_type: "authorization_code",
      client_id: "emulator-zoho-client",
      client_secret: "emulator-zoho-secret",
      redirect_uri: REDIRECT,
      code: redirect.get("code")!,
    });
    const t = await json(r);
    expect(t.api_domain).toBe(`${self.url}/www.zohoapis.eu`);
    const users = await fetch(`${t.api_domain}/crm/v8/users?type=CurrentUser`, {
      headers: { authorization: `Zoho-oauthtoken ${t.access_token}` },
    });
    expect(users.status).toBe(200);
    // Default: the real hosts.
    expect((await zohoTokens(real)).api_domain).toBe("https://www.zohoapis.eu");
  });

  it("uses the origin the client wrote (localhost instead of 127.0.0.1)", async () => {
    const local = self.url.replace("127.0.0.1", "localhost");
    const page = await fetch(`${local}/${ZD}/api/v2/users.json?page[size]=10`, {
      headers: { authorization: zdToken },
    }).then(json);
    expect((page.links as { next: string }).next.startsWith(`${local}/${ZD}/`)).toBe(true);
  });

  it("Pipedrive api_domain and Highrise account hrefs name the emulator; other hosts stay", async () => {
    const q = new URLSearchParams({
      client_id: "emulator-pipedrive-client",
      redirect_uri: REDIRECT,
    });
    const a = await fetch(`${self.url}/oauth.pipedrive.com/oauth/authorize?${q}`, {
      redirect: "manual",
    });
    const code = new URL(a.headers.get("location")!).searchParams.get("code")!;
    const basic = Buffer.from("emulator-pipedrive-client:emulator-pipedrive-secret").toString(
      "base64",
    );
    const t = await json(
      await postForm(
        `${self.url}/oauth.pipedrive.com/oauth/token`,
        { grant_type: "authorization_code", code, redirect_uri: REDIRECT },
        { authorization: `Basic ${basic}` },
      ),
    );
    expect(t.api_domain).toBe(`${self.url}/emulatedcompany.pipedrive.com`);
    // The v1 deprecation Link header points at documentation, not at the API: untouched.
    const v1 = await fetch(`${self.url}/api.pipedrive.com/v1/deals`, { headers: pdKey });
    expect(v1.headers.get("link")).toContain("https://developers.pipedrive.com/");

    const lq = new URLSearchParams({
      response_type: "code",
      client_id: "emulator-highrise-client",
      redirect_uri: REDIRECT,
    });
    const la = await fetch(`${self.url}/launchpad.37signals.com/authorization/new?${lq}`, {
      redirect: "manual",
    });
    const lt = await json(
      await postForm(`${self.url}/launchpad.37signals.com/authorization/token`, {
        grant_type: "authorization_code",
        client_id: "emulator-highrise-client",
        client_secret: "emulator-highrise-secret",
        redirect_uri: REDIRECT,
        code: new URL(la.headers.get("location")!).searchParams.get("code")!,
      }),
    );
    const auth = await fetch(`${self.url}/launchpad.37signals.com/authorization.json`, {
      headers: { authorization: `Bearer ${lt.access_token}` },
    }).then(json);
    const accounts = auth.accounts as { product: string; href: string }[];
    expect(accounts.find((x) => x.product === "highrise")?.href).toBe(
      `${self.url}/emulated.highrisehq.com`,
    );
    // Basecamp is not served by the emulator: its href stays real.
    expect(accounts.find((x) => x.product === "bc3")?.href).toMatch(/^https:\/\/3\.basecampapi/);
  });

  it("a Location header names the emulator too", async () => {
    const r = await fetch(`${self.url}/${ZD}/api/v2/tickets.json`, {
      method: "POST",
      headers: { authorization: zdToken, "content-type": "application/json" },
      body: JSON.stringify({ ticket: { comment: { body: "Hello" } } }),
    });
    expect(r.status).toBe(201);
    const { ticket } = (await r.json()) as { ticket: { id: number; url: string } };
    const location = r.headers.get("location");
    expect(location).toBe(`${self.url}/${ZD}/api/v2/tickets/${ticket.id}.json`);
    expect(ticket.url).toBe(location);
    const again = await fetch(location as string, { headers: { authorization: zdToken } });
    expect(again.status).toBe(200);
  });

  it("rejects an unknown mode with a typed error", async () => {
    const err = await startEmulator({ links: "fake" as "real" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EmulatorError);
    expect((err as EmulatorError).code).toBe("EMULATOR_INVALID_OPTION");
    expect((err as EmulatorError).message).toContain("links");
  });
});
