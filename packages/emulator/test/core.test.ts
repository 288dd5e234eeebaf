import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, emulatorUrlFor, realUrlFor, startEmulator } from "../src/index.js";

let em: Emulator;
beforeAll(async () => {
  em = await startEmulator();
});
afterAll(async () => {
  await em.close();
});

describe("core", () => {
  it("listens on loopback", () => {
    expect(em.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("rewrites URLs both ways", () => {
    const u = emulatorUrlFor(
      "http://127.0.0.1:4010",
      "https://accounts.zoho.eu/oauth/v2/token?x=1",
    );
    expect(u).toBe("http://127.0.0.1:4010/accounts.zoho.eu/oauth/v2/token?x=1");
    expect(realUrlFor("http://127.0.0.1:4010", u)).toBe(
      "https://accounts.zoho.eu/oauth/v2/token?x=1",
    );
    expect(() => realUrlFor("http://127.0.0.1:4010", "http://127.0.0.1:9/x")).toThrow(
      expect.objectContaining({ code: "EMULATOR_NOT_AN_EMULATOR_URL" }),
    );
  });

  it("answers 404 for unknown hosts", async () => {
    const r = await fetch(`${em.url}/example.com/x`);
    expect(r.status).toBe(404);
    expect(await r.json()).toMatchObject({ error: "unknown_host" });
  });
});
