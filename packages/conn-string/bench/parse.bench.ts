import { parse as tedious } from "@tediousjs/connection-string";
import { bench, describe } from "vitest";
import { parse } from "../src/index.js";
import { inputs } from "./inputs.mjs";

for (const [name, text] of Object.entries(inputs)) {
  describe(`parse ${name} (${text.length} chars)`, () => {
    bench("@x/conn-string", () => {
      parse(text);
    });
    bench("@tediousjs/connection-string", () => {
      tedious(text);
    });
  });
}
