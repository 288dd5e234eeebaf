import { describe, expect, it } from "vitest";
import { testDriver } from "../src/conformance.js";
import { memoryDriver } from "../src/drivers/memory.js";
import { runId } from "./helpers/servers.js";

const name = `conformance-${runId()}`;
testDriver({ name: "memory", create: () => memoryDriver({ name }) });

describe("memoryDriver", () => {
  it("keeps unnamed drivers private and named drivers shared", async () => {
    const a = memoryDriver();
    const b = memoryDriver();
    await a.set("k", "a");
    expect(await b.get("k")).toBeUndefined();
    const n = `shared-${runId()}`;
    await memoryDriver({ name: n }).set("k", "v");
    expect(await memoryDriver({ name: n }).get("k")).toBe("v");
    expect(await memoryDriver({ name: `${n}-other` }).get("k")).toBeUndefined();
  });
});
