// A benchmark target in its own process, so its CPU is not the client's: either the emulator or a
// trivial node:http server that answers every request with one canned body. It counts the TCP
// connections it accepts (the proof that keep-alive works) and answers over IPC:
// "connections" -> { connections }, "close" -> exits.
//   node server-child.mjs emulator '<EmulatorOptions JSON>'
//   node server-child.mjs plain '<{ "body": "...", "contentType": "..." }>'
import { subscribe } from "node:diagnostics_channel";
import { createServer } from "node:http";

const [kind, json = "{}"] = process.argv.slice(2);
const options = JSON.parse(json);
let connections = 0;
subscribe("net.server.socket", () => {
  connections += 1;
});

let url;
let close;
if (kind === "emulator") {
  const { startEmulator } = await import("@x/emulator");
  const emulator = await startEmulator(options);
  url = emulator.url;
  close = () => emulator.close();
} else {
  const body = Buffer.from(options.body ?? "{}");
  const headers = {
    "content-type": options.contentType ?? "application/json",
    "content-length": String(body.length),
  };
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, headers);
    res.end(body);
  });
  // The same keep-alive the emulator advertises: undici reuses a connection only above 2 s.
  server.keepAliveTimeout = 5000;
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${server.address().port}`;
  close = () =>
    new Promise((resolve) => {
      server.close(resolve);
      server.closeAllConnections();
    });
}

process.on("message", async (message) => {
  if (message === "connections") process.send({ connections });
  else if (message === "close") {
    await close();
    process.disconnect();
  }
});
process.send({ url });
