import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../src/index.js";

let em: Emulator;
beforeAll(async () => {
  em = await startEmulator();
});
afterAll(() => em.close());

// Node's fetch reuses a connection only when the server's advertised keep-alive exceeds 2 s; with
// less, every request pays a new TCP connection and benchmarks against the emulator mislead.
it("keeps connections alive for Node's fetch: sequential requests share one TCP connection", async () => {
  const port = String(em.port);
  let accepted = 0;
  const onSocket = (message: unknown) => {
    const socket = (message as { socket: { localPort?: number } }).socket;
    if (String(socket.localPort) === port) accepted += 1;
  };
  subscribe("net.server.socket", onSocket);
  try {
    for (let i = 0; i < 20; i++) {
      const response = await fetch(`${em.url}/_emulator/info`);
      expect(response.status).toBe(200);
      await response.arrayBuffer();
    }
  } finally {
    unsubscribe("net.server.socket", onSocket);
  }
  expect(accepted).toBeGreaterThanOrEqual(1);
  expect(accepted).toBeLessThanOrEqual(2);
});
