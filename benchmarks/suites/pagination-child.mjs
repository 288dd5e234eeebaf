// Two walks over every Zoho CRM lead in one fresh process: the first from a cold start (its peak
// RSS growth is the memory figure), the second warm (the code already compiled), each timed.
import { connect } from "@x/zoho-crm";
import { measureWork } from "./util.mjs";

const [mode, emulatorUrl, accessToken] = process.argv.slice(2);
const fields = "Last_Name,Email,Company";
// Connecting (properties, settings store, key derivation) happens once, before the walks; it is
// timed apart so the figures compare the walks themselves.
const connectStarted = process.hrtime.bigint();
const crm =
  mode === "connector"
    ? await connect(`EmulatorURL=${emulatorUrl};Region=EU;OAuthAccessToken=${accessToken}`)
    : undefined;
const connectSeconds = Number(process.hrtime.bigint() - connectStarted) / 1e9;

async function walk() {
  const work = measureWork();
  let records = 0;
  if (crm) {
    for await (const _ of crm.paginate("Leads", { fields: fields.split(",") })) {
      records += 1;
      if (records % 2_000 === 0) work.sample();
    }
  } else {
    // The baseline: a hand-written loop over the same pages (page up to 2,000 records, then
    // page_token).
    const base = `${emulatorUrl}/www.zohoapis.eu/crm/v8/Leads`;
    const headers = { authorization: `Zoho-oauthtoken ${accessToken}` };
    let query = `fields=${fields}&per_page=200&page=1`;
    for (let page = 1; ; ) {
      const response = await fetch(`${base}?${query}`, { headers });
      if (response.status === 204) break;
      const body = await response.json();
      // Each record is handed to the same code as in the paginate() walk.
      for (const _ of body.data) records += 1;
      if (!body.info.more_records) break;
      page += 1;
      query =
        page * 200 <= 2_000
          ? `fields=${fields}&per_page=200&page=${page}`
          : `fields=${fields}&per_page=200&page_token=${body.info.next_page_token}`;
      // Sampled as often as the paginate() walk samples (every 2,000 records).
      if (records % 2_000 === 0) work.sample();
    }
  }
  return { records, ...work.stop() };
}

const cold = await walk();
const warm = await walk();
console.log(JSON.stringify({ ...cold, warm, connectSeconds }));
