import { fakePerson, isoZ, recordTimes, words } from "../../core/data.js";
import { activity } from "./activities.js";
import { customValues, customValuesV1 } from "./custom.js";
import { FALLBACK, type PipedriveShared, type Resource } from "./state.js";

const STAGES = [1, 2, 3, 4, 5];

export const pdTime = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace("T", " ");

function orgName(s: PipedriveShared, i: number): string {
  const rng = s.core.rng("organizations", i);
  return `${rng.pick(words.companyStems)} ${rng.pick(words.companySuffixes)} ${i + 1}`;
}

function personBasics(s: PipedriveShared, i: number) {
  const rng = s.core.rng("persons", i);
  const p = fakePerson(rng, i);
  const orgs = s.core.datasetSize("organizations", FALLBACK.organizations);
  const orgIndex = orgs > 0 ? rng.int(0, orgs - 1) : -1;
  return { p, orgIndex, times: recordTimes(rng, i), rng };
}

function dealBasics(s: PipedriveShared, i: number) {
  const rng = s.core.rng("deals", i);
  const persons = s.core.datasetSize("persons", FALLBACK.persons);
  const orgs = s.core.datasetSize("organizations", FALLBACK.organizations);
  return {
    title: `${rng.pick(words.adjectives)} ${rng.pick(words.products)} deal #${i + 1}`,
    value: rng.int(5, 500) * 100,
    currency: rng.pick(["EUR", "USD", "GBP"]),
    status: rng.pick(["open", "open", "open", "won", "lost"]),
    stageId: rng.pick(STAGES),
    probability: rng.pick([null, 10, 25, 50, 75, 90]),
    personIndex: persons > 0 ? rng.int(0, persons - 1) : -1,
    orgIndex: orgs > 0 ? rng.int(0, orgs - 1) : -1,
    times: recordTimes(rng, i),
  };
}

const ENTITY = { deals: "deal", persons: "person", organizations: "organization" } as const;

/**
 * Record `i` of a resource, in v2's shape (custom fields added by the store) or in v1's, with
 * the custom fields at the top level.
 */
export function record(
  s: PipedriveShared,
  r: Resource,
  i: number,
  v1: boolean,
): Record<string, unknown> {
  const base = shape(s, r, i, v1);
  if (!v1 || r === "activities") return base;
  return { ...base, ...customValuesV1(customValues(s, ENTITY[r], i)) };
}

function shape(s: PipedriveShared, r: Resource, i: number, v1: boolean): Record<string, unknown> {
  const id = i + 1;
  const owner = s.user.id;
  if (r === "activities") return activity(s, i, v1);
  if (r === "organizations") {
    const rng = s.core.rng("organizations", i);
    const t = recordTimes(rng, i);
    const [city, country] = rng.pick(words.cities);
    const base = {
      id,
      name: orgName(s, i),
      address: `${rng.int(1, 250)} ${rng.pick(words.streets)}, ${city}, ${country}`,
      visible_to: 3,
    };
    return v1
      ? {
          ...base,
          owner_id: { id: owner, name: s.user.name, email: s.user.email, value: owner },
          add_time: pdTime(t.created),
          update_time: pdTime(t.modified),
          active_flag: true,
        }
      : {
          ...base,
          owner_id: owner,
          add_time: isoZ(t.created),
          update_time: isoZ(t.modified),
          is_deleted: false,
        };
  }
  if (r === "persons") {
    const { p, orgIndex, times } = personBasics(s, i);
    const orgId = orgIndex >= 0 ? orgIndex + 1 : null;
    if (v1) {
      return {
        id,
        name: p.fullName,
        first_name: p.firstName,
        last_name: p.lastName,
        email: [{ label: "work", value: p.email, primary: true }],
        phone: [{ label: "work", value: p.phone, primary: true }],
        owner_id: { id: owner, name: s.user.name, email: s.user.email, value: owner },
        org_id: orgId === null ? null : { name: orgName(s, orgIndex), value: orgId },
        add_time: pdTime(times.created),
        update_time: pdTime(times.modified),
        active_flag: true,
        visible_to: "3",
      };
    }
    return {
      id,
      name: p.fullName,
      first_name: p.firstName,
      last_name: p.lastName,
      emails: [{ label: "work", value: p.email, primary: true }],
      phones: [{ label: "work", value: p.phone, primary: true }],
      owner_id: owner,
      org_id: orgId,
      add_time: isoZ(times.created),
      update_time: isoZ(times.modified),
      is_deleted: false,
      visible_to: 3,
    };
  }
  const d = dealBasics(s, i);
  const personId = d.personIndex >= 0 ? d.personIndex + 1 : null;
  const orgId = d.orgIndex >= 0 ? d.orgIndex + 1 : null;
  if (v1) {
    return {
      id,
      title: d.title,
      value: d.value,
      currency: d.currency,
      status: d.status,
      stage_id: d.stageId,
      pipeline_id: 1,
      probability: d.probability,
      user_id: { id: owner, name: s.user.name, email: s.user.email, value: owner },
      person_id:
        personId === null
          ? null
          : { name: personBasics(s, d.personIndex).p.fullName, value: personId },
      org_id: orgId === null ? null : { name: orgName(s, d.orgIndex), value: orgId },
      add_time: pdTime(d.times.created),
      update_time: pdTime(d.times.modified),
      active: d.status === "open",
      deleted: false,
    };
  }
  return {
    id,
    title: d.title,
    value: d.value,
    currency: d.currency,
    status: d.status,
    stage_id: d.stageId,
    pipeline_id: 1,
    probability: d.probability,
    owner_id: owner,
    creator_user_id: owner,
    person_id: personId,
    org_id: orgId,
    add_time: isoZ(d.times.created),
    update_time: isoZ(d.times.modified),
    is_deleted: false,
    is_archived: false,
    visible_to: 3,
  };
}
