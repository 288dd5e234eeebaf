import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../src/index.js";

const ZD = {
  authorization: `Basic ${Buffer.from("katherine.johnson@emulator.example/token:emulator-zendesk-api-token").toString("base64")}`,
};

let em: Emulator;
beforeAll(async () => {
  em = await startEmulator({ datasets: { zendesk: { tickets: 2300 } } });
});
afterAll(() => em.close());

interface Page {
  tickets: { id: number; updated_at: string }[];
  next_page: string;
  count: number;
  end_of_stream: boolean;
  end_time: number;
}

describe("Zendesk time-based incremental ticket export", () => {
  it("pages of 1000 from end_time; the boundary ticket comes again; the stream ends", async () => {
    const ids: number[] = [];
    let url = `${em.url}/emulated.zendesk.com/api/v2/incremental/tickets.json?start_time=0`;
    const pages: Page[] = [];
    for (;;) {
      const page = (await (await fetch(url, { headers: ZD })).json()) as Page;
      pages.push(page);
      ids.push(...page.tickets.map((t) => t.id));
      if (page.end_of_stream) break;
      url = em.urlFor(page.next_page);
    }
    expect(pages.map((p) => p.count)).toEqual([1000, 1000, 302]);
    const last = pages[0]!.tickets.at(-1)!;
    expect(pages[0]!.end_time).toBe(Math.floor(Date.parse(last.updated_at) / 1000));
    expect(pages[1]!.tickets[0]!.id).toBe(last.id);
    expect(new Set(ids).size).toBe(2300);
  });

  it("needs start_time", async () => {
    const r = await fetch(`${em.url}/emulated.zendesk.com/api/v2/incremental/tickets.json`, {
      headers: ZD,
    });
    expect(r.status).toBe(400);
  });
});
