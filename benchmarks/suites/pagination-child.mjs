// Two walks over every Zoho CRM lead in one fresh process: the first from a cold start (its peak
// RSS growth is the memory figure), the second warm (the code already compiled), each timed.
// Modes: `fetch` (the hand-written loop), `fetch-signal` (the same with a timeout through an abort
// signal, as the connection bounds each request), `fetch-records` (the loop behind the smallest
// async iterator of records), `connector` (paginate(), record by record), `pages`
// (paginate().pages()).
import { connect } from "@x/zoho-crm";
import { measureWork, slotSignals } from "./util.mjs";

const [mode, emulatorUrl, accessToken] = process.argv.slice(2);
const fields = "Last_Name,Email,Company";
// Connecting (properties, settings store, key derivation) happens once, before the walks; it is
// timed apart so the figures compare the walks themselves.
const connectStarted = process.hrtime.bigint();
const crm =
  mode === "connector" || mode === "pages"
    ? await connect(`EmulatorURL=${emulatorUrl};Region=EU;OAuthAccessToken=${accessToken}`)
    : undefined;
const connectSeconds = Number(process.hrtime.bigint() - connectStarted) / 1e9;

const base = `${emulatorUrl}/www.zohoapis.eu/crm/v8/Leads`;
const headers = { authorization: `Zoho-oauthtoken ${accessToken}` };

// `fetch-signal`: the signal the connection's first attempts share, one per 10 ms slot.
const signal = slotSignals();
const init = () => (mode === "fetch-signal" ? { headers, signal: signal() } : { headers });

/**
 * One page of the hand-written loop: page numbers up to 2,000 records, then page_token. Returns
 * the records and the next page's query (undefined at the end).
 */
async function handPage(page, query) {
  const response = await fetch(`${base}?${query}`, init());
  if (response.status === 204) return { data: [], next: undefined };
  const body = await response.json();
  if (!body.info.more_records) return { data: body.data, next: undefined };
  const n = page + 1;
  const next =
    n * 200 <= 2_000
      ? `fields=${fields}&per_page=200&page=${n}`
      : `fields=${fields}&per_page=200&page_token=${body.info.next_page_token}`;
  return { data: body.data, next };
}
const firstQuery = `fields=${fields}&per_page=200&page=1`;

/** The hand-written loop as the smallest async iterator of records: a settled promise each. */
function handRecords() {
  let items = [];
  let index = 0;
  let page = 0;
  let query = firstQuery;
  const iterator = {
    [Symbol.asyncIterator]: () => iterator,
    next() {
      if (index < items.length) return Promise.resolve({ value: items[index++], done: false });
      if (query === undefined) return Promise.resolve({ value: undefined, done: true });
      page += 1;
      return handPage(page, query).then(({ data, next }) => {
        items = data;
        index = 0;
        query = next;
        return iterator.next();
      });
    },
  };
  return iterator;
}

async function walk() {
  const work = measureWork();
  let records = 0;
  // Every walker hands each record to the same code, and samples every 2,000 records.
  const take = () => {
    records += 1;
    if (records % 2_000 === 0) work.sample();
  };
  if (mode === "connector") {
    for await (const _ of crm.paginate("Leads", { fields: fields.split(",") })) take();
  } else if (mode === "pages") {
    for await (const page of crm.paginate("Leads", { fields: fields.split(",") }).pages()) {
      for (const _ of page) take();
    }
  } else if (mode === "fetch-records") {
    for await (const _ of handRecords()) take();
  } else {
    let query = firstQuery;
    for (let page = 1; query !== undefined; page++) {
      const { data, next } = await handPage(page, query);
      for (const _ of data) take();
      query = next;
    }
  }
  return { records, ...work.stop() };
}

const cold = await walk();
const warm = await walk();
console.log(JSON.stringify({ ...cold, warm, connectSeconds }));
