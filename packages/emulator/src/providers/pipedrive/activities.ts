import { isoZ, recordTimes, words } from "../../core/data.js";
import { pdTime } from "./records.js";
import { FALLBACK, type PipedriveShared } from "./state.js";

const TYPES = ["call", "meeting", "task", "deadline", "email", "lunch"] as const;

/** Activity i (id i + 1): v2 shape, or v1 with its owner/person/org names and space-separated times. */
export function activity(s: PipedriveShared, i: number, v1: boolean): Record<string, unknown> {
  const rng = s.core.rng("activities", i);
  const t = recordTimes(rng, i);
  const type = rng.pick(TYPES);
  const deals = s.core.datasetSize("deals", FALLBACK.deals);
  const persons = s.core.datasetSize("persons", FALLBACK.persons);
  const orgs = s.core.datasetSize("organizations", FALLBACK.organizations);
  const dealId = deals > 0 ? rng.int(1, deals) : null;
  const personId = persons > 0 ? rng.int(1, persons) : null;
  const orgId = orgs > 0 ? rng.int(1, orgs) : null;
  const done = rng.int(0, 2) === 0;
  const due = new Date(t.created + 3 * 86_400_000);
  const common = {
    id: i + 1,
    subject: `${type[0]!.toUpperCase()}${type.slice(1)} about the ${rng.pick(words.products)}`,
    type,
    done,
    due_date: due.toISOString().slice(0, 10),
    due_time: `${String(rng.int(8, 17)).padStart(2, "0")}:00`,
    duration: "00:30",
    deal_id: dealId,
    person_id: personId,
    org_id: orgId,
    lead_id: null,
    note: null,
    location: null,
    public_description: null,
    busy_flag: false,
  };
  if (v1) {
    return {
      ...common,
      company_id: s.companyId,
      user_id: s.user.id,
      owner_name: s.user.name,
      add_time: pdTime(t.created),
      update_time: pdTime(t.modified),
      marked_as_done_time: done ? pdTime(t.modified) : "",
      active_flag: true,
    };
  }
  return {
    ...common,
    owner_id: s.user.id,
    creator_user_id: s.user.id,
    is_deleted: false,
    add_time: isoZ(t.created),
    update_time: isoZ(t.modified),
    marked_as_done_time: done ? isoZ(t.modified) : null,
    participants: personId === null ? [] : [{ person_id: personId, primary: true }],
    attendees: [],
    priority: null,
  };
}
