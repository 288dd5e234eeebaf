// Shared vitest settings. Packages call `defineProjectConfig()` from their own vitest.config.ts.
import { defineConfig, mergeConfig } from "vitest/config";

/** @param {import('vitest/config').UserConfig} [overrides] */
export function defineProjectConfig(overrides = {}) {
  return mergeConfig(
    defineConfig({
      test: {
        include: ["test/**/*.test.ts", "src/**/*.test.ts"],
        pool: "forks",
        // Sized for a loaded two-core CI box, four or more times slower than a quiet laptop:
        // a timeout is a hang detector here, never a speed check (benchmarks measure speed).
        testTimeout: 60_000,
        hookTimeout: 120_000,
        // CI shows every failure; locally too.
        bail: 0,
        reporters: process.env.CI ? ["default"] : ["default"],
      },
    }),
    overrides,
  );
}
