import type { UserConfig } from "vitest/config";

/** The shared vitest settings, merged with a package's own overrides. */
export function defineProjectConfig(overrides?: UserConfig): UserConfig;
