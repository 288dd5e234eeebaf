// One measured table operation in a fresh process: time, CPU and peak RSS growth.
//   list <emulatorUrl> pushed|local   every won deal of stage 2 among the data set
//   insert <emulatorUrl> single|batch 1,000 Zoho CRM leads, one call each or through insertMany
import { connect as pipedrive } from "@x/pipedrive";
import { connect as zohoCrm } from "@x/zoho-crm";
import { measureWork } from "./util.mjs";

const [what, emulatorUrl, mode, token] = process.argv.slice(2);
const conn =
  what === "list"
    ? await pipedrive(
        `AuthScheme=Basic;APIToken=emulator-pipedrive-api-token;CompanyDomain=emulatedcompany;EmulatorURL=${emulatorUrl}`,
      )
    : await zohoCrm(`EmulatorURL=${emulatorUrl};Region=EU;OAuthAccessToken=${token}`);
const work = measureWork();
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
const figures = work.stop();
await conn.close();
console.log(
  JSON.stringify({
    rows,
    ...figures,
  }),
);
