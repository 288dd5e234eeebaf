/**
 * API faults: throttling answered after the server's Retry-After, dropped connections retried for
 * idempotent requests only, and retries that stop.
 */
import { ApiError, type Connection, ConnectorError } from "@x/connector-kit";
import { type Emulator, startEmulator } from "@x/emulator";
import { connect as highrise } from "@x/highrise";
import { connect as pipedrive } from "@x/pipedrive";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { expectNoSecrets, rejection } from "./support.js";

let emulator: Emulator;
let pd: Connection;
let hr: Connection;
const PD_TOKEN = "emulator-pipedrive-api-token";
const HR_TOKEN = "emulator-highrise-api-token";
const quiet = { onWarning: () => {} };

beforeAll(async () => {
  emulator = await startEmulator({
    datasets: { pipedrive: { deals: 40 }, highrise: { people: 30 } },
    highrise: { throttle: false },
  });
  pd = await pipedrive(
    `AuthScheme=Basic;APIToken=${PD_TOKEN};CompanyDomain=emulatedcompany;EmulatorURL=${emulator.url}`,
    quiet,
  );
  hr = await highrise(
    `AuthScheme=APIToken;AccountId=emulated;APIToken=${HR_TOKEN};EmulatorURL=${emulator.url}`,
    quiet,
  );
});
afterAll(() => emulator.close());
beforeEach(() => {
  emulator.faults.clear();
  emulator.rateLimits.clear();
  emulator.resetCounts();
});

const deals = () => pd.getJson<{ data: unknown[] }>("api/v2/deals", { limit: 5 });
const addPerson = () =>
  pd.request({ method: "POST", path: "api/v2/persons", json: { name: "Ada Lovelace" } });

describe("throttling", () => {
  test("Pipedrive 429 + Retry-After: the GET is sent again after the wait, and succeeds", async () => {
    emulator.rateLimit({
      provider: "pipedrive",
      endpoint: "deals.list",
      times: 1,
      retryAfterSeconds: 1,
    });
    const started = performance.now();
    expect((await deals()).data).toHaveLength(5);
    // Lower bound only: the retry did not go out before the server said it could.
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(emulator.count("pipedrive", "deals.list")).toBe(2);
  });

  test("Highrise 503 + Retry-After: the same", async () => {
    emulator.rateLimit({
      provider: "highrise",
      endpoint: "people.list",
      times: 1,
      retryAfterSeconds: 1,
    });
    const started = performance.now();
    const people = [];
    for await (const p of hr.paginate("people")) people.push(p);
    expect(people).toHaveLength(30);
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(emulator.count("highrise", "people.list")).toBe(2);
  });

  test("throttling that does not stop: the retries stop, with a typed error that says how long to wait", async () => {
    emulator.rateLimit({
      provider: "pipedrive",
      endpoint: "deals.list",
      times: 100,
      retryAfterSeconds: 1,
    });
    const error = await rejection(deals());
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe("CONNECTOR_RATE_LIMITED");
    expect((error as ApiError).details.retryAfter).toBe(1);
    expect(emulator.count("pipedrive", "deals.list")).toBe(4); // 1 + 3 retries
    expectNoSecrets(error, [PD_TOKEN]);
  });
});

describe("idempotent requests", () => {
  test("a dropped connection on a GET is retried", async () => {
    emulator.faults.add({ provider: "pipedrive", endpoint: "deals.list", kind: "drop" });
    expect((await deals()).data).toHaveLength(5);
    expect(emulator.count("pipedrive", "deals.list")).toBe(2);
  });

  test("5xx on a GET is retried with backoff, a bounded number of times", async () => {
    emulator.faults.add({
      provider: "pipedrive",
      endpoint: "deals.list",
      kind: "5xx",
      status: 502,
      times: "always",
    });
    const error = await rejection(deals());
    expect((error as ApiError).code).toBe("CONNECTOR_API_ERROR");
    expect((error as ApiError).details.status).toBe(502);
    expect(emulator.count("pipedrive", "deals.list")).toBe(4);
    expectNoSecrets(error, [PD_TOKEN]);
  });

  test("an HTML error page on a GET is retried, then the answer is used", async () => {
    emulator.faults.add({
      provider: "pipedrive",
      endpoint: "deals.list",
      kind: "html",
      status: 504,
    });
    expect((await deals()).data).toHaveLength(5);
    expect(emulator.count("pipedrive", "deals.list")).toBe(2);
  });
});

describe("non-idempotent requests are never retried blindly", () => {
  test("the POST works when nothing fails", async () => {
    const response = await addPerson();
    expect(response.status).toBe(200);
    expect(emulator.count("pipedrive", "persons.create")).toBe(1);
  });

  test.each([
    ["a dropped connection", { kind: "drop" as const }, "CONNECTOR_NETWORK"],
    ["HTTP 503", { kind: "5xx" as const, status: 503 }, "CONNECTOR_API_ERROR"],
    ["HTTP 500", { kind: "5xx" as const, status: 500 }, "CONNECTOR_API_ERROR"],
    ["a timeout", { kind: "slow" as const, delayMs: 1_500 }, "CONNECTOR_TIMEOUT"],
  ])("%s on a POST: one attempt, a typed error", async (_name, fault, code) => {
    const conn =
      fault.kind === "slow"
        ? await pipedrive(
            `AuthScheme=Basic;APIToken=${PD_TOKEN};CompanyDomain=emulatedcompany;Timeout=1;EmulatorURL=${emulator.url}`,
            quiet,
          )
        : pd;
    emulator.faults.add({ provider: "pipedrive", endpoint: "persons.create", ...fault });
    const error = await rejection(
      conn.request({ method: "POST", path: "api/v2/persons", json: { name: "Ada Lovelace" } }),
    );
    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as ConnectorError).code).toBe(code);
    expect(emulator.count("pipedrive", "persons.create")).toBe(1);
    expectNoSecrets(error, [PD_TOKEN]);
  });

  test("429 on a POST: not sent again either", async () => {
    emulator.rateLimit({
      provider: "pipedrive",
      endpoint: "persons.create",
      times: 1,
      retryAfterSeconds: 1,
    });
    const error = await rejection(addPerson());
    expect((error as ApiError).code).toBe("CONNECTOR_RATE_LIMITED");
    expect(emulator.count("pipedrive", "persons.create")).toBe(1);
  });
});
