import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  devDependencies: Record<string, string>;
  files: string[];
};

describe("the published package", () => {
  it("depends only on the XML parser it reads Highrise bodies with; the SDKs its tests drive are dev dependencies", () => {
    expect(Object.keys(pkg.dependencies ?? {})).toEqual(["fast-xml-parser"]);
    expect(pkg.dependencies?.["fast-xml-parser"]).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.peerDependencies ?? {}).toEqual({});
    expect(pkg.optionalDependencies ?? {}).toEqual({});
    for (const sdk of ["node-zendesk", "pipedrive", "@zohocrm/nodejs-sdk-8.0"]) {
      expect(pkg.devDependencies[sdk], sdk).toMatch(/^\d+\.\d+\.\d+$/);
    }
  });

  it("ships no tests", () => {
    expect(pkg.files.some((f) => f.startsWith("test"))).toBe(false);
    expect(pkg.files).toContain("!dist/**/*.test.*");
  });
});
