import { describe, expect, it } from "vitest";
import { SettingsDriverMissingError } from "../src/errors.js";
import { importOptional } from "../src/internal/optional.js";

describe("importOptional", () => {
  it("turns a missing client library into SETTINGS_DRIVER_MISSING with an install hint", async () => {
    const error = await importOptional(
      "not-installed-lib",
      "redis://",
      () => import("not-installed-lib-x1" as string),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SettingsDriverMissingError);
    expect(error).toMatchObject({
      code: "SETTINGS_DRIVER_MISSING",
      hint: "Install it next to @x/settings-store: npm install not-installed-lib",
    });
  });

  it("passes other failures through", async () => {
    await expect(
      importOptional("x", "redis://", () => Promise.reject(new TypeError("boom"))),
    ).rejects.toThrow(TypeError);
  });
});
