import { Socket } from "node:net";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { type Emulator, type EmulatorOptions, startEmulator } from "../../src/index.js";

/**
 * Records the host of every TCP connection the process opens, so a test can show that an SDK
 * configured with the emulator's base URL reached nothing else. Call the returned function to stop.
 */
export function recordConnections(): { hosts: string[]; stop: () => void } {
  const hosts: string[] = [];
  const original = Socket.prototype.connect;
  Socket.prototype.connect = function (this: Socket, ...args: unknown[]) {
    const first = args[0];
    const opts = Array.isArray(first) ? first[0] : first;
    if (opts && typeof opts === "object" && "port" in (opts as object)) {
      hosts.push(String((opts as { host?: string }).host ?? "localhost"));
    }
    return (original as (...a: unknown[]) => Socket).apply(this, args);
  } as typeof original;
  return {
    hosts,
    stop: () => {
      Socket.prototype.connect = original;
    },
  };
}

/** True when every recorded host is the loopback interface. */
export const onlyLoopback = (hosts: string[]) =>
  hosts.every((h) => h === "127.0.0.1" || h === "localhost" || h === "::1");

/**
 * The emulator of an SDK test file, started before its tests with `links: "emulator"` (SDKs
 * follow links as given) and `options`, while every TCP connection is recorded: after each
 * test, the SDK, configured with the emulator's base URL only, reached nothing else. Read `em`
 * once the file's tests run.
 */
export function offlineEmulator(options: EmulatorOptions): { readonly em: Emulator } {
  let em: Emulator | undefined;
  let net: ReturnType<typeof recordConnections> | undefined;
  beforeAll(async () => {
    net = recordConnections();
    em = await startEmulator({ links: "emulator", ...options });
  });
  afterAll(async () => {
    await em?.close();
    net?.stop();
  });
  afterEach(() => {
    expect(net?.hosts.length).toBeGreaterThan(0);
    expect(onlyLoopback(net?.hosts ?? [])).toBe(true);
  });
  return {
    get em() {
      if (!em) throw new Error("offlineEmulator: the emulator starts in beforeAll");
      return em;
    },
  };
}
