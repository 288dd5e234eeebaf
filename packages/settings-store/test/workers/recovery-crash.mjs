// A process whose store dies between the token response and the write, and which then crashes:
// what it obtained must survive in the recovery file.
import { createSettingsStore, memoryDriver, SettingsBackendError } from "../../dist/index.js";
import { flakyDriver } from "../helpers/flaky.mjs";

const [recoveryPath, location, key, secret, refreshToken] = process.argv.slice(2);
const { driver, state } = flakyDriver(memoryDriver(), SettingsBackendError);
const store = createSettingsStore(driver, {
  key,
  encryption: { secret },
  recovery: { path: recoveryPath, location, retryDelayMs: () => 60_000 },
});
state.down = true;
const record = await store.update(() => ({ accessToken: "fresh-access", refreshToken }));
if (record?.refreshToken !== refreshToken) process.exit(3);
// Crash: no close, no flush.
process.exit(0);
