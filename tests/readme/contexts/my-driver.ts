// @file my-driver.ts
import type { SettingsDriver } from "@x/settings-store";

// The driver under test.
export declare function myDriver(options: { url: string }): SettingsDriver;
