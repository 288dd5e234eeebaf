import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as Z from "@zohocrm/nodejs-sdk-8.0";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../src/index.js";
import { REDIRECT } from "../helpers.js";
import { offlineEmulator } from "./offline.js";

// Zoho's official Node SDK for CRM API v8. It takes a custom environment (API URL and accounts
// URL), exchanges a grant token itself, and reads /settings/fields before its first call on a
// module. Its files (token store, field cache, log) go to a temporary folder.

const offline = offlineEmulator({ autoApprove: true, datasets: { zoho: { leads: 450 } } });
let em: Emulator;
let dir: string;
beforeAll(async () => {
  em = offline.em;
  dir = mkdtempSync(join(tmpdir(), "zoho-sdk-"));
  const q = new URLSearchParams({
    response_type: "code",
    client_id: "emulator-zoho-client",
    redirect_uri: REDIRECT,
    scope: "ZohoCRM.modules.ALL,ZohoCRM.settings.fields.READ",
    access_type: "offline",
  });
  const consent = await fetch(`${em.url}/accounts.zoho.com/oauth/v2/auth?${q}`, {
    redirect: "manual",
  });
  const back = new URL(consent.headers.get("location") as string).searchParams;
  // The redirect's accounts-server names the emulator: the SDK exchanges the code there.
  const accounts = back.get("accounts-server") as string;
  const environment = Z.DataCenter.setEnvironment(
    `${em.url}/www.zohoapis.eu`,
    `${accounts}/oauth/v2/token`,
    `${em.url}/content.zohoapis.eu`,
  );
  const token = new Z.OAuthBuilder()
    .clientId("emulator-zoho-client")
    .clientSecret("emulator-zoho-secret")
    .grantToken(back.get("code") as string)
    .redirectURL(REDIRECT)
    .findUser(false)
    .build();
  await (await new Z.InitializeBuilder())
    .environment(environment)
    .token(token)
    .store(new Z.FileStore(join(dir, "tokens.txt")))
    .resourcePath(dir)
    .logger(new Z.LogBuilder().level(Z.Levels.OFF).filePath(join(dir, "sdk.log")).build())
    .initialize();
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const leads = () => new Z.Record.RecordOperations("Leads");

describe("@zohocrm/nodejs-sdk-8.0 against the emulator", () => {
  it("lists every lead page by page until more_records is false", async () => {
    const ids: string[] = [];
    let more = true;
    for (let page = 1; more; page++) {
      const params = new Z.ParameterMap();
      await params.add(Z.Record.GetRecordsParam.FIELDS, "Last_Name,Email");
      await params.add(Z.Record.GetRecordsParam.PER_PAGE, 200);
      await params.add(Z.Record.GetRecordsParam.PAGE, page);
      const response = await leads().getRecords(params, new Z.HeaderMap());
      expect(response.getStatusCode()).toBe(200);
      const wrapper = response.getObject();
      for (const r of wrapper.getData()) ids.push(String(r.getId()));
      more = wrapper.getInfo().getMoreRecords();
    }
    expect(ids).toHaveLength(450);
    expect(new Set(ids).size).toBe(450);
    expect(em.count("zoho", "crm.fields")).toBe(1);
  });

  it("gets one lead by id", async () => {
    const response = await leads().getRecord(
      5725767001000000007n,
      new Z.ParameterMap(),
      new Z.HeaderMap(),
    );
    expect(response.getStatusCode()).toBe(200);
    const record = response.getObject().getData()[0];
    expect(String(record.getId())).toBe("5725767001000000007");
    expect(typeof record.getKeyValue("Last_Name")).toBe("string");
  });

  it("creates a lead that can then be read", async () => {
    const lead = new Z.Record.Record();
    lead.addKeyValue("Last_Name", "Turing");
    lead.addKeyValue("Email", "alan.turing@example.com");
    const body = new Z.Record.BodyWrapper();
    body.setData([lead]);
    const created = await leads().createRecords(body, new Z.HeaderMap());
    expect(created.getStatusCode()).toBe(201);
    const result = created.getObject().getData()[0];
    expect(result.getCode().getValue()).toBe("SUCCESS");
    const id = result.getDetails().get("id") as string;
    const back = await leads().getRecord(BigInt(id), new Z.ParameterMap(), new Z.HeaderMap());
    expect(back.getObject().getData()[0].getKeyValue("Last_Name")).toBe("Turing");
  });

  it("answers an unknown id with 204 and an unknown field with INVALID_DATA", async () => {
    const missing = await leads().getRecord(
      5725767001999999999n,
      new Z.ParameterMap(),
      new Z.HeaderMap(),
    );
    expect(missing.getStatusCode()).toBe(204);
    expect(missing.getObject()).toBeNull();
    const params = new Z.ParameterMap();
    await params.add(Z.Record.GetRecordsParam.FIELDS, "No_Such_Field");
    const bad = await leads().getRecords(params, new Z.HeaderMap());
    expect(bad.getStatusCode()).toBe(400);
    expect(bad.getObject()).toBeInstanceOf(Z.Record.APIException);
    expect(bad.getObject().getCode().getValue()).toBe("INVALID_DATA");
  });
});
