// The only door to valibot: the build bundles this module (tooling/scripts/inline-valibot.mjs),
// so the package ships the functions below and does not depend on valibot at run time.

export type { BaseIssue, PipeItem } from "valibot";
export {
  boolean,
  check,
  maxValue,
  minValue,
  number,
  picklist,
  pipe,
  regex,
  safeInteger,
  string,
  toLowerCase,
  transform,
  trim,
  union,
} from "valibot";
