// One measured table operation in a fresh process: time, CPU and peak RSS growth.
//   list <emulatorUrl> pushed|local   every won deal of stage 2 among the data set
//   insert <emulatorUrl> single|batch 1,000 Zoho CRM leads, one call each or through insertMany
import { connect as pipedrive } from "@x/pipedrive";
import { connect as zohoCrm } from "@x/zoho-crm";

const [what, emulatorUrl, mode, token] = process.argv.slice(2);
const conn =
  what === "list"
    ? await pipedrive(
        `AuthScheme=Basic;APIToken=emulator-pipedrive-api-token;CompanyDomain=emulatedcompany;EmulatorURL=${emulatorUrl}`,
      )
    : await zohoCrm(`EmulatorURL=${emulatorUrl};Region=EU;OAuthAccessToken=${token}`);
const startRss = process.memoryUsage().rss;
let peak = startRss;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 20);
const started = process.hrtime.bigint();
const startCpu = process.cpuUsage();
let rows = 0;
if (what === "list") {
  const deals = conn.table("deals");
  const where = { status: "won", stage_id: 2 };
  for await (const _ of deals.list({ where, pushdown: mode === "pushed" })) {
    rows += 1;
  }
} else {
  const leads = conn.table("Leads");
  const input = Array.from({ length: 1_000 }, (_, i) => ({
    Last_Name: `Bench ${i}`,
    Company: "Bench Ltd",
  }));
  if (mode === "batch") {
    rows = (await leads.insertMany(input)).filter((r) => r.ok).length;
  } else {
    for (const row of input) {
      await leads.insert(row);
      rows += 1;
    }
  }
}
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const cpu = process.cpuUsage(startCpu);
await conn.close();
console.log(
  JSON.stringify({
    rows,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    rssGrowthMb: (peak - startRss) / 2 ** 20,
  }),
);
