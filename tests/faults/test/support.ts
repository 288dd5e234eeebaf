import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { expect } from "vitest";

/** A fresh directory for settings files. */
export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `x-faults-${prefix}-`));
}

/** Waits for a promise that must reject; fails the test when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof Error)) throw new Error(`a non-Error was thrown: ${inspect(error)}`);
    return error;
  }
  throw new Error("expected a rejection, but the promise resolved");
}

/** Every text form of an error a user or a log could see: message, stack, inspect, JSON, causes. */
export function renderings(error: unknown): Record<string, string> {
  const out: Record<string, string> = {
    inspect: inspect(error, { depth: 10, showHidden: true }),
    json: JSON.stringify(error) ?? "",
    string: String(error),
  };
  let e: unknown = error;
  for (let depth = 0; e instanceof Error && depth < 10; depth++) {
    out[`message${depth}`] = e.message;
    out[`stack${depth}`] = e.stack ?? "";
    e = e.cause;
  }
  return out;
}

/** Asserts that none of `secrets` appears in any rendering of `error` (or of `value`). */
export function expectNoSecrets(error: unknown, secrets: readonly string[]): void {
  const real = secrets.filter((s) => s.length >= 6);
  expect(real.length, "a secrets check needs secrets").toBeGreaterThan(0);
  for (const [form, text] of Object.entries(renderings(error))) {
    for (const secret of real) {
      expect(text.includes(secret), `${form} contains a secret (${secret.slice(0, 3)}…)`).toBe(
        false,
      );
    }
  }
}
