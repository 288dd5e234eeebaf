import { fakePerson, isoZ, recordTimes, words } from "../../core/data.js";
import type { StoredRecord } from "../../core/records/store.js";
import { TABLES } from "./declarations.js";
import { FALLBACK, type HighriseShared, type Resource } from "./state.js";

// Generated records of each data set: record i of a table is the same on every run (seeded by
// table and index). The tables themselves are declared in declarations.ts.

const size = (s: HighriseShared, r: Resource) => s.core.datasetSize(r, FALLBACK[r]);
/** The id of record i of a data set, or null when the data set is empty. */
const idOf = (s: HighriseShared, r: Resource, i: number) =>
  size(s, r) > 0 ? TABLES[r].base + (i % size(s, r)) : null;

function companyName(s: HighriseShared, i: number): string {
  const rng = s.core.rng("companies", i);
  return `${rng.pick(words.companyStems)} ${rng.pick(words.companySuffixes)} ${i + 1}`;
}

const TAG_NAMES = ["Partner", "Lead", "VIP", "Prospect", "Supplier", "Press", "Investor", "Former"];
const FIELD_LABELS = ["Sales Region", "Account Manager", "Tier", "Source", "Renewal"];
const REGIONS = ["North", "South", "East", "West", "Chicago"];

/** The custom field values of party i (about half of them are set). */
function subjectDatas(s: HighriseShared, r: Resource, i: number): StoredRecord[] {
  const rng = s.core.rng(r, i, "subject_datas");
  const fields = size(s, "subject_fields");
  const out: StoredRecord[] = [];
  for (let f = 0; f < fields; f++) {
    if (!rng.chance(0.5)) continue;
    out.push({
      id: (r === "people" ? 10_000_000 : 20_000_000) + i * 10 + f,
      value:
        f === 0 ? rng.pick(REGIONS) : `${FIELD_LABELS[f % FIELD_LABELS.length]} ${rng.int(1, 9)}`,
      subject_field_id: TABLES.subject_fields.base + f,
      subject_field_label: fieldLabel(f),
    });
  }
  return out;
}

const fieldLabel = (f: number) =>
  f < FIELD_LABELS.length ? (FIELD_LABELS[f] as string) : `Custom ${f + 1}`;

function tagsOf(s: HighriseShared, r: Resource, i: number): StoredRecord[] {
  const rng = s.core.rng(r, i, "tags");
  const n = size(s, "tags");
  if (n === 0 || !rng.chance(0.3)) return [];
  const t = rng.int(0, n - 1);
  return [{ id: TABLES.tags.base + t, name: tagName(t) }];
}
const tagName = (t: number) => (t < TAG_NAMES.length ? (TAG_NAMES[t] as string) : `Tag ${t + 1}`);

/** The subject of recording i: a person, a company, a deal or a case, in turn. */
function subjectOf(s: HighriseShared, kind: string, i: number) {
  const rng = s.core.rng(kind, i, "subject");
  const order: Resource[] = ["people", "companies", "deals", "kases"];
  const r = order[i % 4] as Resource;
  const n = size(s, r);
  if (n === 0) return { id: null, type: null, name: null };
  const j = rng.int(0, n - 1);
  const type = r === "deals" ? "Deal" : r === "kases" ? "Kase" : "Party";
  const name =
    r === "people"
      ? fakePerson(s.core.rng("people", j), j).fullName
      : r === "companies"
        ? companyName(s, j)
        : `${r === "deals" ? "Deal" : "Case"} ${j + 1}`;
  return { id: TABLES[r].base + j, type, name };
}

/** Record i of a data set, as clients see it. */
export function generate(s: HighriseShared, r: Resource, i: number): StoredRecord {
  const rng = s.core.rng(r, i);
  const t = recordTimes(rng, i);
  const id = TABLES[r].base + i;
  const stamps = { "created-at": isoZ(t.created), "updated-at": isoZ(t.modified) };
  const vis = { "visible-to": "Everyone", "owner-id": null, "group-id": null };
  switch (r) {
    case "people": {
      const p = fakePerson(rng, i);
      const companies = size(s, "companies");
      const ci = companies > 0 && rng.chance(0.8) ? rng.int(0, companies - 1) : -1;
      return {
        id,
        "first-name": p.firstName,
        "last-name": p.lastName,
        title: rng.pick(["CEO", "CTO", "Buyer", "Sales Manager", "Engineer", ""]),
        background: null,
        "company-id": ci >= 0 ? TABLES.companies.base + ci : null,
        "company-name": ci >= 0 ? companyName(s, ci) : null,
        ...stamps,
        ...vis,
        "author-id": s.userId,
        "contact-data": {
          "email-addresses": [{ id: 7000 + i, address: p.email, location: "Work" }],
          "phone-numbers": [{ id: 8000 + i, number: p.phone, location: "Work" }],
          addresses: [
            { id: 9000 + i, city: p.city, country: p.country, street: p.street, location: "Work" },
          ],
        },
        subject_datas: subjectDatas(s, r, i),
        tags: tagsOf(s, r, i),
      };
    }
    case "companies": {
      const [city, country] = rng.pick(words.cities);
      return {
        id,
        name: companyName(s, i),
        background: `${rng.pick(words.industries)} company`,
        ...stamps,
        ...vis,
        "author-id": s.userId,
        "contact-data": { addresses: [{ id: 600_000 + i, city, country, location: "Work" }] },
        subject_datas: subjectDatas(s, r, i),
        tags: tagsOf(s, r, i),
      };
    }
    case "deals": {
      const status = rng.pick(["pending", "pending", "won", "lost"]);
      const categories = size(s, "deal_categories");
      return {
        id,
        name: `${rng.pick(words.adjectives)} ${rng.pick(words.products)} deal #${i + 1}`,
        background: null,
        status,
        "status-changed-on": status === "pending" ? null : isoZ(t.modified).slice(0, 10),
        currency: rng.pick(["USD", "EUR"]),
        price: rng.int(5, 500) * 100,
        "price-type": "fixed",
        duration: null,
        "party-id": idOf(s, "people", rng.int(0, 1_000_000)),
        "category-id":
          categories > 0 && rng.chance(0.5)
            ? TABLES.deal_categories.base + rng.int(0, categories - 1)
            : null,
        "responsible-party-id": s.userId,
        "author-id": s.userId,
        ...vis,
        ...stamps,
        "account-id": s.accountId,
      };
    }
    case "kases":
      return {
        id,
        name: `${rng.pick(words.adjectives)} matter #${i + 1}`,
        background: null,
        "closed-at": rng.chance(0.3) ? stamps["updated-at"] : null,
        "author-id": s.userId,
        ...vis,
        ...stamps,
      };
    case "notes":
    case "emails": {
      const subject = subjectOf(s, r, i);
      return {
        id,
        ...(r === "emails" ? { title: `Re: ${rng.pick(words.products)} #${i + 1}` } : {}),
        body: `${r === "emails" ? "Email" : "Note"} ${i + 1} about ${rng.pick(words.products)}`,
        "author-id": s.userId,
        "subject-id": subject.id,
        "subject-type": subject.type,
        "subject-name": subject.name,
        "collection-id": subject.type === "Party" ? null : subject.id,
        "collection-type": subject.type === "Party" ? null : subject.type,
        ...vis,
        ...stamps,
      };
    }
    case "comments": {
      // Comments alternate between notes and emails.
      const parent: Resource = i % 2 === 0 ? "notes" : "emails";
      return {
        id,
        "parent-id": idOf(s, parent, rng.int(0, 1_000_000)),
        "author-id": s.userId,
        "created-at": stamps["created-at"],
        body: `Comment ${i + 1}`,
      };
    }
    case "tasks": {
      const subject = rng.chance(0.7) ? subjectOf(s, r, i) : { id: null, type: null, name: null };
      const categories = size(s, "task_categories");
      return {
        id,
        "author-id": s.userId,
        "owner-id": s.userId,
        "recording-id": null,
        "subject-id": subject.id,
        "subject-type": subject.type,
        "subject-name": subject.name,
        body: `Follow up ${i + 1}`,
        frame: rng.pick(["today", "tomorrow", "this_week", "next_week", "later"]),
        "due-at": null,
        "alert-at": null,
        "done-at": rng.chance(0.25) ? stamps["updated-at"] : null,
        "category-id":
          categories > 0 && rng.chance(0.5)
            ? TABLES.task_categories.base + rng.int(0, categories - 1)
            : null,
        public: rng.chance(0.5),
        ...stamps,
      };
    }
    case "tags":
      return { id, name: tagName(i) };
    case "users": {
      if (i === 0) {
        return {
          id,
          name: `${s.identity.first_name} ${s.identity.last_name}`,
          "email-address": s.identity.email_address,
          admin: true,
          ...stamps,
        };
      }
      const p = fakePerson(rng, i);
      return { id, name: p.fullName, "email-address": p.email, admin: false, ...stamps };
    }
    case "groups":
      return { id, name: rng.pick(["Partners", "Sales", "Support", "Management"]) + ` ${i + 1}` };
    case "deal_categories":
    case "task_categories":
      return {
        id,
        name: `${r === "deal_categories" ? "Deal" : "Task"} category ${i + 1}`,
        color: rng.hex(6),
        "account-id": s.accountId,
        ...stamps,
        "elements-count": 0,
      };
    case "subject_fields":
      return { id, label: fieldLabel(i) };
  }
}
