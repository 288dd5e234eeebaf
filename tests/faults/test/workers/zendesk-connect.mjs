// One process of the store fault tests: connects to Zendesk (the emulator) with stored tokens and
// sends one request. Optionally kills the store's server the moment a refresh response arrives
// (between the token response and the store write), and optionally crashes right after the
// request (no close, no flush), as a process that dies during the outage.
import { connect } from "@x/zendesk";

const { cs, recoveryPath, killPid, killSignal, crash } = JSON.parse(process.argv[2]);
const warnings = [];
const isRefresh = async (request) =>
  request.url.includes("/oauth/tokens") &&
  (await request.clone().text()).includes("grant_type=refresh_token");
const fetchThatKills = async (input, init) => {
  const request = new Request(input, init);
  const refresh = killPid ? await isRefresh(request) : false;
  const response = await fetch(request);
  if (refresh && response.ok) {
    process.kill(killPid, killSignal ?? "SIGKILL");
    // Let the server die before the store write is attempted.
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return response;
};
const out = (value) => process.stdout.write(`${JSON.stringify(value)}\n`);
try {
  const conn = await connect(cs, {
    recoveryPath,
    fetch: fetchThatKills,
    onWarning: (message) => warnings.push(message),
    openBrowser: async () => {
      throw new Error("no consent page expected");
    },
  });
  await conn.getJson("api/v2/tickets.json", { "page[size]": 1 });
  if (crash) {
    out({ ok: true, warnings });
    process.exit(0);
  }
  await conn.close();
  out({ ok: true, warnings });
} catch (error) {
  out({ ok: false, code: error?.code, message: String(error?.message ?? error), warnings });
}
