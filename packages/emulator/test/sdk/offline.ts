import { Socket } from "node:net";

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
