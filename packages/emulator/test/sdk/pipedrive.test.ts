import {
  ActivitiesApi,
  Configuration,
  DealsApi,
  OAuth2Configuration,
  PersonsApi,
} from "pipedrive/v2";
import { beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../src/index.js";
import { REDIRECT } from "../helpers.js";
import { offlineEmulator } from "./offline.js";

// The official `pipedrive` package (API v2 classes). With an API token the base path is the
// emulator's `api.pipedrive.com`; with OAuth the SDK takes the token's `api_domain`, which
// names the emulator under links: "emulator".

const offline = offlineEmulator({
  autoApprove: true,
  datasets: { pipedrive: { deals: 230, activities: 120 } },
});
let em: Emulator;
beforeAll(() => {
  em = offline.em;
});

const config = () =>
  new Configuration({
    apiKey: "emulator-pipedrive-api-token",
    basePath: `${em.url}/api.pipedrive.com/api/v2`,
  });

/** Follows `additional_data.next_cursor` to the end; returns every id. */
async function walk(
  page: (cursor: string | undefined) => Promise<{
    data?: { id?: number }[];
    additional_data?: { next_cursor?: string | null };
  }>,
): Promise<number[]> {
  const ids: number[] = [];
  let cursor: string | undefined;
  do {
    const r = await page(cursor);
    for (const d of r.data ?? []) ids.push(d.id as number);
    cursor = r.additional_data?.next_cursor ?? undefined;
  } while (cursor);
  return ids;
}

describe("pipedrive (official SDK) against the emulator", () => {
  it("lists deals and activities with cursors to the end", async () => {
    const deals = await walk((cursor) => new DealsApi(config()).getDeals({ limit: 100, cursor }));
    expect(deals).toEqual(Array.from({ length: 230 }, (_, i) => i + 1));
    const acts = await walk((cursor) =>
      new ActivitiesApi(config()).getActivities({ limit: 50, cursor }),
    );
    expect(acts).toHaveLength(120);
  });

  it("gets one deal, person and activity", async () => {
    const deal = await new DealsApi(config()).getDeal({ id: 7 });
    expect(deal.data?.id).toBe(7);
    const person = await new PersonsApi(config()).getPerson({ id: 3 });
    expect(person.data?.id).toBe(3);
    const act = await new ActivitiesApi(config()).getActivity({ id: 12 });
    expect(act.data?.id).toBe(12);
    expect(typeof act.data?.subject).toBe("string");
  });

  it("adds a deal that can then be read", async () => {
    const api = new DealsApi(config());
    const added = await api.addDeal({ AddDealRequest: { title: "SDK deal", value: 1200 } });
    expect(added.data?.id).toBeGreaterThan(230);
    const back = await api.getDeal({ id: added.data?.id as number });
    expect(back.data?.title).toBe("SDK deal");
  });

  it("rejects an unknown deal with Pipedrive's 404 body and a deal without a title", async () => {
    const api = new DealsApi(config());
    await expect(api.getDeal({ id: 99_999 })).rejects.toMatchObject({
      success: false,
      error: "Deal not found",
    });
    await expect(api.addDeal({ AddDealRequest: { value: 1 } as never })).rejects.toMatchObject({
      success: false,
      error: "Validation failed: title: Required",
    });
  });

  it("OAuth: exchanges a code at the emulator and calls the API through api_domain", async () => {
    const oauth = new OAuth2Configuration({
      clientId: "emulator-pipedrive-client",
      clientSecret: "emulator-pipedrive-secret",
      redirectUri: REDIRECT,
      host: `${em.url}/oauth.pipedrive.com`,
    });
    const consent = await fetch(oauth.authorizationUrl, { redirect: "manual" });
    const code = new URL(consent.headers.get("location") as string).searchParams.get("code");
    const token = await oauth.authorize(code as string);
    expect(token.api_domain).toBe(`${em.url}/emulatedcompany.pipedrive.com`);
    // The SDK's README passes an OAuth2Configuration where its types want a Configuration.
    const deals = await new DealsApi(oauth as unknown as Configuration).getDeals({ limit: 5 });
    expect(deals.data).toHaveLength(5);
  });
});
