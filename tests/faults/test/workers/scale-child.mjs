// One process of the scale test: one connection per record, all at once, one request each.
import { connect } from "@x/zendesk";

const { cs, keys } = JSON.parse(process.argv[2]);
let failed = 0;
let firstError;
const connections = [];
await Promise.all(
  keys.map(async (key) => {
    try {
      const conn = await connect(`${cs};OAuthSettingsKey=${key}`, { onWarning: () => {} });
      connections.push(conn);
      await conn.getJson("api/v2/tickets.json", { "page[size]": 1 });
    } catch (error) {
      failed += 1;
      firstError ??= `${error?.code ?? ""} ${String(error?.message ?? error)}`.trim();
    }
  }),
);
await Promise.all(connections.map((conn) => conn.close()));
process.stdout.write(`${JSON.stringify({ calls: keys.length, failed, firstError })}\n`);
