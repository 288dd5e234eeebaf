// A separate process sharing a settings store: waits for "go" on stdin, then makes `calls`
// concurrent getAccessToken() calls through the BUILT packages, and prints the tokens it got.
import { createInterface } from "node:readline";
import { createOAuthClient, createTokenManager, defineOAuthProvider } from "@x/oauth-core";
import { openSettingsStore } from "@x/settings-store";

const config = JSON.parse(process.argv[2] ?? "{}");
const definition = defineOAuthProvider({
  id: "oidc-test",
  authorizationEndpoint: `${config.issuer}/auth`,
  tokenEndpoint: `${config.issuer}/token`,
  clientAuth: "basic",
});
const client = createOAuthClient(definition, {
  clientId: config.clientId,
  clientSecret: config.clientSecret,
});
const store = await openSettingsStore(config.location, {
  provider: "oidc-test",
  key: config.key,
  secret: config.secret,
  env: {},
});
const manager = createTokenManager({ client, store });
let refreshes = 0;
manager.on("tokens", () => refreshes++);

process.stdout.write("ready\n");
const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (line.trim() !== "go") continue;
  try {
    const tokens = await Promise.all(
      Array.from({ length: config.calls }, () => manager.getAccessToken()),
    );
    process.stdout.write(`${JSON.stringify({ distinct: [...new Set(tokens)], refreshes })}\n`);
  } catch (error) {
    process.stdout.write(
      `${JSON.stringify({ error: `${error?.code ?? ""} ${error?.message ?? error}` })}\n`,
    );
  }
  break;
}
lines.close();
await store.close();
