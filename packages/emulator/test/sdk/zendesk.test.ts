import zendesk from "node-zendesk";
import { beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../src/index.js";
import { offlineEmulator } from "./offline.js";

// node-zendesk, the client most Node users have, pointed at the emulator: it follows
// `links.next` as given, so the emulator runs with links: "emulator".

const offline = offlineEmulator({ datasets: { zendesk: { tickets: 230, users: 150 } } });
let em: Emulator;
beforeAll(() => {
  em = offline.em;
});

const client = () =>
  zendesk.createClient({
    username: "katherine.johnson@emulator.example",
    token: "emulator-zendesk-api-token",
    endpointUri: `${em.url}/emulated.zendesk.com/api/v2`,
  });

describe("node-zendesk against the emulator", () => {
  it("lists every ticket, user and ticket metric, page after page", async () => {
    const tickets = (await client().tickets.list()) as { id: number }[];
    expect(tickets.map((t) => t.id)).toEqual(Array.from({ length: 230 }, (_, i) => i + 1));
    expect(em.count("zendesk", "tickets.list")).toBeGreaterThanOrEqual(3);
    expect(await client().users.list()).toHaveLength(150);
    const metrics = (await client().ticketmetrics.listAll()) as { ticket_id: number }[];
    expect(metrics).toHaveLength(230);
  });

  it("exports tickets changed since a time (incremental, time based)", async () => {
    const exported = (await client().tickets.incremental("0")) as { id: number }[];
    expect(exported).toHaveLength(230);
    expect(em.count("zendesk", "incremental.tickets_time")).toBe(1);
  });

  it("shows one ticket, one user and a ticket's metrics", async () => {
    const { result: ticket } = (await client().tickets.show(5)) as { result: { id: number } };
    expect(ticket.id).toBe(5);
    const { result: user } = (await client().users.show(1003)) as { result: { id: number } };
    expect(user.id).toBe(1003);
    const { result: metric } = (await client().ticketmetrics.list(5)) as {
      result: { ticket_id: number };
    };
    expect(metric.ticket_id).toBe(5);
  });

  it("creates a ticket that can then be read", async () => {
    const { result: created } = (await client().tickets.create({
      ticket: { subject: "Printer on fire", comment: { body: "Smoke everywhere." } },
    })) as { result: { id: number; subject: string; description: string } };
    expect(created.id).toBeGreaterThan(230);
    expect(created.description).toBe("Smoke everywhere.");
    const { result: again } = (await client().tickets.show(created.id)) as {
      result: { subject: string };
    };
    expect(again.subject).toBe("Printer on fire");
  });

  it("rejects an unknown ticket (404) and a ticket without a comment (422)", async () => {
    await expect(client().tickets.show(99_999)).rejects.toThrow(/404/);
    await expect(client().tickets.create({ ticket: { subject: "No body" } })).rejects.toThrow(
      /422/,
    );
  });
});
