// A process that increments one record `count` times through the encrypted store, the way a
// token refresh rotates a refresh token, and prints the counter values it committed as JSON.
// argv: kind target extra count
import { createSettingsStore, deriveSettingsKey } from "../../dist/index.js";
import { openDriver } from "./open-driver.mjs";

const [kind, target, extra, countText] = process.argv.slice(2);
const store = createSettingsStore(await openDriver(kind, target, extra), {
  key: "counter",
  encryption: await deriveSettingsKey({
    clientId: "worker-client",
    clientSecret: "worker-secret",
    env: {},
  }),
});
const committed = [];
for (let i = 0; i < Number(countText); i++) {
  const after = await store.update(
    (current) => {
      const next = Number(current?.refreshToken ?? "0") + 1;
      return { ...current, refreshToken: String(next), accessToken: `access-${next}` };
    },
    { waitMs: 240_000 },
  );
  committed.push(Number(after.refreshToken));
}
await store.close();
process.stdout.write(JSON.stringify(committed));
