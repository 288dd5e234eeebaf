// Increments the record in a settings file forever, printing each value after update() resolved
// (that is, after it was committed). The parent kills it with SIGKILL at random moments.
// argv: path
import { createSettingsStore, deriveSettingsKey, fileDriver } from "../../dist/index.js";

const store = createSettingsStore(fileDriver({ path: process.argv[2] }), {
  key: "crash",
  encryption: await deriveSettingsKey({ secret: "crash-test-secret", env: {} }),
});
process.stdout.write("ready\n");
for (;;) {
  const after = await store.update((current) => ({
    ...current,
    refreshToken: String(Number(current?.refreshToken ?? "0") + 1),
  }));
  process.stdout.write(`${after.refreshToken}\n`);
}
