// Shared vitest settings. Packages call `defineProjectConfig()` from their own vitest.config.ts.
import { defineConfig, mergeConfig } from "vitest/config";

/** @param {import('vitest/config').UserConfig} [overrides] */
export function defineProjectConfig(overrides = {}) {
  return mergeConfig(
    defineConfig({
      test: {
        include: ["test/**/*.test.ts", "src/**/*.test.ts"],
        pool: "forks",
        testTimeout: 20_000,
        hookTimeout: 30_000,
        // CI shows every failure; locally too.
        bail: 0,
        reporters: process.env.CI ? ["default"] : ["default"],
      },
    }),
    overrides,
  );
}
