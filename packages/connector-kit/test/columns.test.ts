import { describe, expect, expectTypeOf, test } from "vitest";
import { col, type InsertOf, type RowOf } from "../src/index.js";

describe("col: column shorthand", () => {
  test("each flag sets its property and nothing else", () => {
    expect(col.string()).toEqual({ type: "string" });
    expect(col.integer("ro")).toEqual({ type: "integer", readOnly: true });
    expect(col.decimal("null")).toEqual({ type: "decimal", nullable: true });
    expect(col.boolean("req")).toEqual({ type: "boolean", required: true });
    expect(col.datetime("ro", "null")).toEqual({
      type: "datetime",
      readOnly: true,
      nullable: true,
    });
    expect(col.date()).toEqual({ type: "date" });
    expect(col.json("ro")).toEqual({ type: "json", readOnly: true });
    expect(col.reference("users", "null")).toEqual({
      type: "reference",
      references: "users",
      nullable: true,
    });
    expect(col.enum(["a", "b"], "req")).toEqual({
      type: "enum",
      values: ["a", "b"],
      required: true,
    });
    expect(col.about(col.string("null"), "Said")).toEqual({
      type: "string",
      nullable: true,
      description: "Said",
    });
  });

  test("rows and inserts stay typed", () => {
    const columns = {
      id: col.integer("ro"),
      title: col.string("req"),
      status: col.enum(["open", "won"]),
      owner: col.about(col.reference("users", "null"), "Who owns it"),
    } as const;
    type Row = RowOf<typeof columns>;
    expectTypeOf<Row["id"]>().toEqualTypeOf<number>();
    expectTypeOf<Row["title"]>().toEqualTypeOf<string>();
    expectTypeOf<Row["status"]>().toEqualTypeOf<"open" | "won">();
    expectTypeOf<Row["owner"]>().toEqualTypeOf<string | number | null>();
    // `id` is read-only and `title` required: an insert needs `title` and refuses `id`.
    expectTypeOf<{ title: string }>().toExtend<InsertOf<typeof columns>>();
    expectTypeOf<{ status: "open" }>().not.toExtend<InsertOf<typeof columns>>();
    expectTypeOf<keyof InsertOf<typeof columns>>().toEqualTypeOf<"title" | "status" | "owner">();
  });
});
