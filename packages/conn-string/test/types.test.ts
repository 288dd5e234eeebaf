import * as v from "valibot";
import { describe, expect, expectTypeOf, test } from "vitest";
import { defineProperties, type InferConfig, prop, validateProperties } from "../src/index.js";

describe("type inference", () => {
  const d = defineProperties({
    Req: prop.string({ required: true }),
    Opt: prop.string(),
    Def: prop.string({ default: "x" }),
    Mode: prop.enum(["A", "B"], { default: "A" }),
    ModeOpt: prop.enum(["A", "B"]),
    N: prop.integer({ required: true }),
    Flag: prop.boolean(),
    Link: prop.url({ default: "http://localhost" }),
    Port: prop.custom(v.pipe(v.string(), v.transform(Number), v.number()), { expected: "a port" }),
  });
  type C = InferConfig<typeof d>;
  test("outputs", () => {
    expectTypeOf<C["Req"]>().toEqualTypeOf<string>();
    expectTypeOf<C["Opt"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<C["Def"]>().toEqualTypeOf<string>();
    expectTypeOf<C["Mode"]>().toEqualTypeOf<"A" | "B">();
    expectTypeOf<C["ModeOpt"]>().toEqualTypeOf<"A" | "B" | undefined>();
    expectTypeOf<C["N"]>().toEqualTypeOf<number>();
    expectTypeOf<C["Flag"]>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<C["Link"]>().toEqualTypeOf<string>();
    expectTypeOf<C["Port"]>().toEqualTypeOf<number | undefined>();
    const c = validateProperties(d, "Req=r;N=1;Port=8080;mode=b");
    expect(c).toMatchObject({
      Req: "r",
      N: 1,
      Port: 8080,
      Mode: "B",
      Def: "x",
      Link: "http://localhost",
    });
  });
  test("bad defaults are type errors", () => {
    // @ts-expect-error: default must be one of the enum values
    prop.enum(["A", "B"], { default: "C" });
    // @ts-expect-error: integer default must be a number
    prop.integer({ default: "60" });
    // @ts-expect-error: boolean default must be a boolean
    prop.boolean({ default: "true" });
    expect(true).toBe(true);
  });
});
