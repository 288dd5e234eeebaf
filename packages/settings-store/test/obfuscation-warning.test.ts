// Its own file: the warning is once per process (per test worker), so no other test may store
// tokens before it.
import { describe, expect, it } from "vitest";
import { memoryDriver } from "../src/drivers/memory.js";
import { createSettingsStore } from "../src/settings.js";

describe("tokens stored with an obfuscation-only key", () => {
  it("warn once per process, naming OAuthSettingsSecret; a real secret never warns", async () => {
    const warnings: Error[] = [];
    const listen = (w: Error) => warnings.push(w);
    process.on("warning", listen);
    try {
      const secret = createSettingsStore(memoryDriver(), {
        key: "k",
        encryption: { secret: "a-real-secret", env: {} },
      });
      await secret.set({ refreshToken: "rt" });
      const publicClient = createSettingsStore(memoryDriver(), {
        key: "k",
        encryption: { clientId: "public-client-id", env: {} },
      });
      await publicClient.set({ accessToken: "a" });
      await publicClient.set({ refreshToken: "rt2" });
      await publicClient.update(() => ({ refreshToken: "rt3" }));
      // Warnings are emitted on the next tick.
      await new Promise((r) => setImmediate(r));
      const ours = warnings.filter(
        (w) => (w as Error & { code?: string }).code === "X_SETTINGS_OBFUSCATION_ONLY",
      );
      expect(ours).toHaveLength(1);
      expect(ours[0]?.message).toContain("OAuthSettingsSecret");
    } finally {
      process.off("warning", listen);
    }
  });
});
