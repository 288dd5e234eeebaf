import { describe, expect, test } from "vitest";
import { columnOfField } from "../src/metadata.js";

// The fields metadata as each version describes a field, mapped to columns.

describe("columnOfField", () => {
  test("a bigint field whose JSON is a string (v2–v3's Layout) is text, not a number", () => {
    expect(
      columnOfField({ api_name: "Layout", data_type: "bigint", json_type: "string" }),
    ).toMatchObject({ type: "string" });
    expect(
      columnOfField({ api_name: "Visits", data_type: "bigint", json_type: "integer" }),
    ).toMatchObject({ type: "integer" });
  });

  test("from v4 the Layout field is data type layout, a JSON object", () => {
    expect(
      columnOfField({ api_name: "Layout", data_type: "layout", json_type: "jsonobject" }),
    ).toMatchObject({ type: "json" });
  });

  test("v4's Converted__s is a read-only flag; labels from display_label, else field_label", () => {
    expect(
      columnOfField({
        api_name: "Converted__s",
        data_type: "boolean",
        json_type: "boolean",
        read_only: true,
        field_label: "Is Converted",
      }),
    ).toEqual({ type: "boolean", nullable: true, readOnly: true, description: "Is Converted" });
    expect(
      columnOfField({
        api_name: "A",
        data_type: "text",
        display_label: "Shown",
        field_label: "Old",
      }),
    ).toMatchObject({ description: "Shown" });
  });
});
