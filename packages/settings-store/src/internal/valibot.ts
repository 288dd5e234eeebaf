// The only door to valibot: the build bundles this module (tooling/scripts/inline-valibot.mjs),
// so the package ships the functions below and does not depend on valibot at run time.

export type { InferOutput } from "valibot";
export {
  getDotPath,
  integer,
  minValue,
  number,
  object,
  optional,
  pipe,
  record,
  safeParse,
  string,
} from "valibot";
