// Tries one file-driver operation and prints the outcome as JSON. The permission tests run it as
// an unprivileged user, because root ignores permission bits.
// argv: get|set path
import { fileDriver } from "../../dist/index.js";

const [operation, path] = process.argv.slice(2);
const driver = fileDriver({ path });
try {
  if (operation === "get") await driver.get("k");
  else await driver.set("k", "v");
  process.stdout.write(JSON.stringify({ ok: true }));
} catch (error) {
  process.stdout.write(
    JSON.stringify({
      code: error.code,
      ioCode: error.ioCode,
      message: error.message,
      hint: error.hint,
    }),
  );
}
