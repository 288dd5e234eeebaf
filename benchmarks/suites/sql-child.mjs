// One measured SQL query in a fresh process: rows, time, CPU and peak RSS growth.
//   <emulatorUrl> pushed|local|top|all
//     pushed  SELECT … WHERE status = 'won' AND stage_id = 2 LIMIT 100, the filter sent to Pipedrive
//     local   the same query with pushdown off: every row read is filtered here
//     top     SELECT … ORDER BY value DESC LIMIT 10 over every deal (sorted here, top 10 kept)
//     all     SELECT … ORDER BY value DESC over every deal (every row kept, for comparison)
import { connect } from "@x/pipedrive";
import { sql } from "@x/sql";
import { measureWork } from "./util.mjs";

const [emulatorUrl, mode] = process.argv.slice(2);
const conn = await connect(
  `AuthScheme=APIToken;APIToken=emulator-pipedrive-api-token;CompanyDomain=emulatedcompany;EmulatorURL=${emulatorUrl}`,
);
const db = sql(conn);
const text =
  mode === "pushed" || mode === "local"
    ? "SELECT id, title, value FROM deals WHERE status = 'won' AND stage_id = 2 LIMIT 100"
    : `SELECT id, title, value FROM deals ORDER BY value DESC, id${mode === "top" ? " LIMIT 10" : ""}`;
const work = measureWork();
let rows = 0;
let first;
for await (const row of db.query(text, undefined, { pushdown: mode !== "local" })) {
  first ??= row.id;
  rows += 1;
}
const figures = work.stop();
await conn.close();
console.log(
  JSON.stringify({
    rows,
    first,
    ...figures,
  }),
);
