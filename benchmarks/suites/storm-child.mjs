// One process of the multi-process refresh storm: connect to the shared settings, fire N requests.
import { connect } from "@x/zendesk";

const [cs, n] = process.argv.slice(2);
const conn = await connect(cs, { onWarning: () => {} });
const results = await Promise.allSettled(
  Array.from({ length: Number(n) }, () => conn.getJson("api/v2/tickets.json", { "page[size]": 1 })),
);
await conn.close();
const failed = results.filter((r) => r.status === "rejected");
console.log(
  JSON.stringify({
    ok: results.length - failed.length,
    failed: failed.length,
    error: failed[0]?.reason?.code,
  }),
);
