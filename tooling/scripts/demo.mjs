#!/usr/bin/env node
// The README's demo. It grows with the project: today it shows @x/conn-string; the CLI's full demo
// (emulator, OAuth flows, encrypted settings, records) replaces it when @x/cli lands.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const cli = join(root, "packages", "cli", "dist", "main.js");
if (existsSync(cli)) {
  const { main } = await import(cli);
  process.exitCode = await main(["demo", ...process.argv.slice(2)]);
} else {
  const { parse, stringify } = await import(
    join(root, "packages", "conn-string", "dist", "index.js")
  );
  const text = "InitiateOAuth=GETANDREFRESH;Region=EU;Schema=v2.1;OAuthClientSecret='s3;cr=t';";
  const props = parse(text);
  console.log("parsed:", Object.fromEntries(props.entries?.() ?? Object.entries(props)));
  console.log("written back:", stringify(props));
}
